"""Which records an operation needs, whether any is broken, and every lazy file's problems.

A load leaves a broken file out and reports it; an operation whose output goes to other
people (an export, an announcement, a schedule, minutes, a release, a tally) must not
silently leave out a topic or an attendee, so it asks :func:`require_intact` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetup.store import table
from meetup.store.errors import BrokenRecordsError, Problem, WorkspaceError

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace


def needed_by(
    ws: Workspace, *, meetup: str | None = None, election: str | None = None
) -> list[str]:
    """The files (exact paths, or folders ending in ``/``) an operation needs.

    A meetup needs its ``meetup.toml``, topics and action items, and the issues its action
    items name; an election its ``election.toml``; both need settings, people, areas and
    projects.
    """
    needed = [table.SETTINGS.path(), table.PEOPLE.path(), table.AREAS.path(), "projects/"]
    if meetup is not None:
        needed += [
            table.MEETUP.path(meetup),
            f"meetups/{meetup}/topics/",
            f"meetups/{meetup}/actions/",
        ]
        data = ws.meetups.get(meetup)
        if data is not None:
            needed += [table.ISSUE.path(a.issue) for a in data.actions.values() if a.issue]
    if election is not None:
        needed.append(table.ELECTION.path(election))
    return needed


def broken_records(
    ws: Workspace, *, meetup: str | None = None, election: str | None = None
) -> list[Problem]:
    """The problems of broken files (not cross-reference findings) an operation needs."""
    needed = needed_by(ws, meetup=meetup, election=election)
    prefixes = tuple(n for n in needed if n.endswith("/"))
    exact = {n for n in needed if not n.endswith("/")}
    return sorted(
        p
        for p in ws.problems
        if p.kind != "reference" and (p.file in exact or p.file.startswith(prefixes))
    )


def require_intact(
    ws: Workspace, *, meetup: str | None = None, election: str | None = None
) -> None:
    """Raise BrokenRecordsError naming every broken file the operation needs."""
    broken = broken_records(ws, meetup=meetup, election=election)
    if broken:
        what = f"meetup {meetup}" if meetup is not None else f"election {election}"
        raise BrokenRecordsError(what, broken)


def lazy_problems(ws: Workspace) -> list[Problem]:
    """Problems of the files a load does not read (polls, releases, calendar state,
    ballots, voted rolls, results): ``meetup check`` reads every one that exists."""
    problems = []
    for kind, rel, ids in table.every_file(ws.store):
        if not kind.lazy:
            continue
        try:
            table.read(ws.store, kind, rel, ids[-1])
        except WorkspaceError as exc:
            problems.append(exc.problem)
    return problems


def note_lazy_problems(ws: Workspace) -> None:
    """Add the lazy files' problems to ``ws.problems``, once each (for the TUI's list)."""
    ws.problems.extend(p for p in lazy_problems(ws) if p not in ws.problems)
