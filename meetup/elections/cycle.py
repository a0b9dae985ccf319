"""The OpenStack cycle: every project's PTL election of a series from openstack/election's files.

``configuration.yaml`` gives the ``release`` and a ``timeline`` of named phases with naive
UTC ``start``/``end`` (``2026-02-04T23:45``; real files also hold unpadded days such as
``2026-2-4T23:45``).  The ``PTL Nominations`` phase is the nomination window and ``PTL
Election`` the voting window.  Candidates are files ``candidates/<series>/<Project>/<email>``
whose text is the nomination statement; ``<Project>`` is Title_Case (``Quality_Assurance``,
``OpenStackSDK``) and is matched to a workspace project by its letters and digits alone
(``quality-assurance``, ``openstacksdk``).  ``TC`` is the technical committee, not a project.

openstack/election's ``exceptions.txt`` (next to ``candidates/``) names candidates whose
name cannot be looked up: lines ``candidates/<series>/<Project>/<file>: <real name>``,
``#`` comments.  A new person created for such a candidate file gets that name (else the
e-mail's local part); people already in the workspace keep theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetup.store.election_records import Candidate, Election, Timeline
from meetup.store.errors import InvalidInput
from meetup.store.records import Person, Project

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

_MOMENT = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?\s*(?:Z|\+00:?00)?\s*$"
)
NOT_PROJECTS = frozenset({"tc"})


def parse_naive_utc(value: object, what: str) -> datetime:
    """``2026-02-04T23:45`` or ``2026-2-4T23:45`` (naive, UTC) as an aware UTC datetime."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value
    match = _MOMENT.match(str(value))
    if match is None:
        raise InvalidInput(what, f"{value!r} is not a date and time like 2026-02-04T23:45")
    y, mo, d, h, mi, sec = (int(p) if p else 0 for p in match.groups())
    try:
        return datetime(y, mo, d, h, mi, sec, tzinfo=timezone.utc)
    except ValueError as exc:
        raise InvalidInput(what, f"{value!r}: {exc}") from None


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def cycle_timeline(config: dict[str, Any]) -> Timeline:
    """The PTL phases of a configuration as a timeline."""
    phases = {str(p.get("name", "")).casefold(): p for p in config.get("timeline") or []}
    nominations = phases.get("ptl nominations")
    voting = phases.get("ptl election")
    if nominations is None or voting is None:
        raise InvalidInput("timeline", "needs the phases 'PTL Nominations' and 'PTL Election'")
    from meetup.elections.phases import make_timeline

    return make_timeline(
        {
            "nominations_open": parse_naive_utc(nominations["start"], "PTL Nominations start"),
            "nominations_close": parse_naive_utc(nominations["end"], "PTL Nominations end"),
            "voting_open": parse_naive_utc(voting["start"], "PTL Election start"),
            "voting_close": parse_naive_utc(voting["end"], "PTL Election end"),
        }
    )


@dataclass
class CyclePlan:
    """What ``election cycle`` creates."""

    series: str
    timeline: Timeline
    elections: list[Election] = field(default_factory=list)
    new_projects: list[Project] = field(default_factory=list)
    new_people: list[Person] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """Elections that exist already (left as they are)."""


def election_id_for(project: str, series: str) -> str:
    return f"{project}-ptl-{re.sub(r'[^a-z0-9]+', '-', series.casefold()).strip('-')}"


def _statements(folder: Path) -> dict[str, tuple[str, str]]:
    """Candidate e-mail -> (file name, statement), for one project folder."""
    found = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and "@" in path.name:
            email = path.name.removesuffix(".txt").strip()
            found[email] = (path.name, path.read_text("utf-8", "replace"))
    return found


def read_exceptions(text: str, source: str = "exceptions.txt") -> dict[str, str]:
    """openstack/election's ``exceptions.txt``: candidate file path -> real name."""
    names = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        path, colon, name = line.partition(": ")
        if not colon or not path.startswith("candidates/") or not name.strip():
            raise InvalidInput(
                "exceptions",
                f"{source}:{lineno}: expected 'candidates/<series>/<Project>/<file>: <name>'",
            )
        names[path.strip()] = name.strip()
    return names


def default_exceptions(candidates_dir: Path) -> Path | None:
    """The ``exceptions.txt`` beside ``candidates/`` (given as it or as ``candidates/<series>``)."""
    for folder in (candidates_dir.parent, candidates_dir.parent.parent):
        path = folder / "exceptions.txt"
        if (folder / "candidates").is_dir() and path.is_file():
            return path
    return None


def plan_cycle(
    ws: Workspace,
    config: dict[str, Any],
    candidates_dir: Path | None,
    series: str,
    exceptions: dict[str, str] | None = None,
) -> CyclePlan:
    """The elections of a cycle (nothing is saved); ``exceptions``: :func:`read_exceptions`."""
    from meetup.store.ids import slugify

    release = str(config.get("release") or series)
    if release != series:
        raise InvalidInput("series", f"the configuration is for {release}, not {series}")
    plan = CyclePlan(series=series, timeline=cycle_timeline(config))
    projects = {_key(p.id): p.id for p in ws.projects.values()}
    projects.update({_key(p.name): p.id for p in ws.projects.values()})
    folders: dict[str, Path] = {}
    root = None
    if candidates_dir is not None:
        root = candidates_dir / series if (candidates_dir / series).is_dir() else candidates_dir
        if not root.is_dir():
            raise InvalidInput("candidates", f"{candidates_dir} is not a folder")
    for folder in sorted(root.iterdir()) if root else []:
        if not folder.is_dir() or _key(folder.name) in NOT_PROJECTS:
            continue
        project = projects.get(_key(folder.name))
        if project is None:
            name = folder.name.replace("_", " ")
            project = slugify(name, {*ws.projects, *(p.id for p in plan.new_projects)})
            plan.new_projects.append(Project(id=project, name=name))
            projects[_key(folder.name)] = project
        folders[project] = folder
    people = {p.email.casefold(): p.id for p in ws.people.values() if p.email}
    taken = set(ws.people)
    for project in sorted({*ws.projects, *(p.id for p in plan.new_projects)}):
        ident = election_id_for(project, series)
        if ident in ws.elections:
            plan.skipped.append(ident)
            continue
        listed = []
        found = folders.get(project)
        prefix = f"candidates/{series}/{found.name}/" if found else ""
        for email, (filename, statement) in (_statements(found) if found else {}).items():
            person = people.get(email.casefold())
            if person is None:
                local = email.split("@", 1)[0]
                person = slugify(local, taken)
                taken.add(person)
                people[email.casefold()] = person
                real = (exceptions or {}).get(prefix + filename)
                plan.new_people.append(Person(id=person, name=real or local, email=email))
            listed.append(Candidate(person=person, statement=statement.strip()))
        name = (
            ws.projects[project].name
            if project in ws.projects
            else folder.name
            if folder
            else project
        )
        plan.elections.append(
            Election(
                id=ident,
                title=f"{name.replace('_', ' ')} PTL election ({series})",
                kind="ptl",
                project=project,
                timeline=plan.timeline,
                candidates=listed,
                cycle=series,
            )
        )
    return plan


def create_cycle(ws: Workspace, plan: CyclePlan) -> None:
    """Save a planned cycle: new people and projects, then the elections, in one transaction."""
    from meetup.store import table
    from meetup.store.fields import Record
    from meetup.store.records import PeopleFile

    people = sorted([*ws.people.values(), *plan.new_people], key=lambda p: p.id)
    before_people, before_projects = dict(ws.people), dict(ws.projects)
    ws.people = {p.id: p for p in people}
    ws.projects.update({p.id: p for p in plan.new_projects})
    items: list[tuple[str, Record]] = []
    if plan.new_people:
        items.append((table.PEOPLE.path(), PeopleFile(person=people)))
    items += [(table.PROJECT.path(p.id), p) for p in plan.new_projects]
    items += [(table.ELECTION.path(e.id), e) for e in plan.elections]
    try:
        ws._save_all(items)
    except BaseException:
        ws.people, ws.projects = before_people, before_projects
        raise
    ws.elections.update({e.id: e for e in plan.elections})


def cycle_rows(ws: Workspace, series: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """The cycle at a glance: one row per election, with its standing."""
    from meetup.elections.phases import active_candidates, outcome, phase

    rows = []
    for election in sorted(ws.elections.values(), key=lambda e: e.id):
        if election.cycle != series:
            continue
        rows.append(
            {
                "id": election.id,
                "title": election.title,
                "project": election.project,
                "phase": phase(election, now),
                "outcome": outcome(election),
                "candidates": active_candidates(election),
            }
        )
    return rows


OUTCOMES = ("leaderless", "contested", "acclaimed")
"""The outcomes a cycle is shown by, the ones needing attention first."""


def cycle_counts(rows: list[dict[str, Any]]) -> dict[str, int]:
    """How many of a cycle's elections are acclaimed, contested and leaderless."""
    return {
        k: sum(1 for r in rows if r["outcome"] == k)
        for k in ("acclaimed", "contested", "leaderless")
    }


def cycle_series(ws: Workspace) -> list[str]:
    """The cycles that have elections in the workspace, the latest (by voting close) first."""
    latest: dict[str, datetime] = {}
    for election in ws.elections.values():
        if election.cycle:
            close = election.timeline.voting_close
            latest[election.cycle] = max(close, latest.get(election.cycle, close))
    return sorted(latest, key=lambda series: (latest[series], series), reverse=True)
