"""Deleting records together with what points at them, as one all-or-nothing change.

Each ``*_consequences`` function says, in words, what else goes with a record (for the
confirmation a user sees first); each ``delete_*`` does it in one store transaction and
returns the same words.  An undo (:mod:`meetup.store.history`) brings every file back.
"""

from __future__ import annotations

import os
from typing import Any

import msgspec

from meetup.store import table
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.records import ActionItem, Issue
from meetup.store.workspace import Workspace


def issue_consequences(ws: Workspace, issue_id: str) -> list[str]:
    """What deleting the issue takes along: its links, the action items that point at it."""
    issue = ws.issues.get(issue_id)
    if issue is None:
        raise NotFoundError(f"no issue {issue_id!r}")
    said = []
    if issue.topics:
        said.append(f"its link(s) to {len(issue.topics)} topic(s): " + ", ".join(issue.topics))
    if issue.links:
        said.append(f"its {len(issue.links)} web link(s)")
    pointing = _actions_pointing_at(ws, issue_id)
    if pointing:
        said.append(
            f"the issue reference of {len(pointing)} action item(s): "
            + ", ".join(f"{m}/{a.id}" for m, a in pointing)
        )
    if issue.log:
        said.append(f"its history of {len(issue.log)} entr(y/ies)")
    return said


def _actions_pointing_at(ws: Workspace, issue_id: str) -> list[tuple[str, ActionItem]]:
    found: list[tuple[str, ActionItem]] = []
    for meetup_id, data in sorted(ws.meetups.items()):
        for action in sorted(data.actions.values(), key=lambda a: a.id):
            if action.issue == issue_id:
                found.append((meetup_id, action))
    return found


def delete_issue(ws: Workspace, issue_id: str) -> list[str]:
    """Delete the issue file and the references action items hold to it; what went."""
    said = issue_consequences(ws, issue_id)

    with ws.transaction():
        for meetup_id, action in _actions_pointing_at(ws, issue_id):
            ws.save_action(meetup_id, msgspec.structs.replace(action, issue=None))
        ws.store.delete(table.ISSUE.path(issue_id))
        ws.revision += 1
        ws.issues.pop(issue_id, None)
    return said


# ------------------------------------------------------------------ topics


def _topic_refs(
    ws: Workspace, meetup_id: str, topic_id: str
) -> tuple[list[Any], list[Any], list[Any]]:
    data = ws.meetup(meetup_id)
    if topic_id not in data.topics:
        raise NotFoundError(f"no topic {topic_id!r} in meetup {meetup_id!r}")
    reference = f"{meetup_id}/{topic_id}"
    actions = sorted((a for a in data.actions.values() if a.topic == topic_id), key=lambda a: a.id)
    issues = sorted((i for i in ws.issues.values() if reference in i.topics), key=lambda i: i.id)
    dups = sorted(
        (t for t in data.topics.values() if t.duplicate_of == topic_id and t.id != topic_id),
        key=lambda t: t.id,
    )
    return actions, issues, dups


def topic_consequences(ws: Workspace, meetup_id: str, topic_id: str) -> list[str]:
    """What deleting the topic takes along: its placement, its votes, what points at it."""
    actions, issues, dups = _topic_refs(ws, meetup_id, topic_id)
    topic = ws.meetup(meetup_id).topics[topic_id]
    said = []
    if topic.placement is not None:
        p = topic.placement
        said.append(f"its place in the schedule ({p.day:%a %d %b} {p.start:%H:%M}, room {p.room})")
    if topic.votes:
        said.append(f"its {len(topic.votes)} vote(s)")
    if topic.notes.strip():
        said.append("its minutes notes")
    if actions:
        said.append(
            f"the topic of {len(actions)} action item(s) (they stay, without a topic): "
            + ", ".join(a.id for a in actions)
        )
    if issues:
        said.append(f"its link from {len(issues)} issue(s): " + ", ".join(i.id for i in issues))
    if dups:
        said.append(
            f"{len(dups)} topic(s) marked its duplicate become proposed again: "
            + ", ".join(t.id for t in dups)
        )
    return said


def delete_topic(ws: Workspace, meetup_id: str, topic_id: str) -> list[str]:
    """Delete the topic file and every reference to it, as one change; what went."""
    said = topic_consequences(ws, meetup_id, topic_id)
    actions, issues, dups = _topic_refs(ws, meetup_id, topic_id)
    reference = f"{meetup_id}/{topic_id}"
    with ws.transaction():
        ws.delete_topic(meetup_id, topic_id)
        for action in actions:
            ws.save_action(meetup_id, msgspec.structs.replace(action, topic=None))
        for issue in issues:
            topics = [t for t in issue.topics if t != reference]
            ws.save_issue(msgspec.structs.replace(issue, topics=topics))
        for dup in dups:
            ws.save_topic(
                meetup_id, msgspec.structs.replace(dup, duplicate_of=None, status="proposed")
            )
    return said


# ------------------------------------------------------------------ action items


def action_consequences(ws: Workspace, meetup_id: str, action_id: str) -> list[str]:
    """What deleting the action item takes along: the issues that list it."""
    data = ws.meetup(meetup_id)
    if action_id not in data.actions:
        raise NotFoundError(f"no action item {action_id!r} in meetup {meetup_id!r}")
    reference = f"{meetup_id}/{action_id}"
    issues = sorted(i.id for i in ws.issues.values() if reference in i.actions)
    said = []
    if issues:
        said.append(f"its listing in {len(issues)} issue(s): " + ", ".join(issues))
    return said


def delete_action(ws: Workspace, meetup_id: str, action_id: str) -> list[str]:
    """Delete the action item and the issues' references to it, as one change."""
    from meetup.agenda.minutes import delete_action as remove

    said = action_consequences(ws, meetup_id, action_id)
    remove(ws, meetup_id, action_id)
    return said


# ------------------------------------------------------------------ folders


def _files_under(ws: Workspace, folder: str) -> list[str]:
    """Every file under ``folder`` (relative, sorted), hidden temporaries left out."""
    base = ws.store.path(folder)
    found = []
    for top, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(top, d)))
        for name in files:
            rel = os.path.relpath(os.path.join(top, name), ws.store.root).replace(os.sep, "/")
            found.append(rel)
    return sorted(found)


def _delete_files(ws: Workspace, rels: list[str]) -> None:
    """Delete the files in one journalled change (each read first, so a file changed by
    someone else since is refused rather than lost) and the folders they leave empty."""
    for rel in rels:
        ws.store.read(rel)
    with ws.transaction():
        for rel in rels:
            ws.store.delete(rel)
    from meetup.store.history import remove_empty_dirs

    remove_empty_dirs(ws.store, rels)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


# ------------------------------------------------------------------ meetups


def meetup_consequences(ws: Workspace, meetup_id: str) -> list[str]:
    """Everything under the meetup's folder, counted, and the issue links into it."""
    data = ws.meetup(meetup_id)
    meetup = data.meetup
    placed = sum(t.placement is not None for t in data.topics.values())
    said = [
        _count(len(data.topics), "topic") + f" ({placed} in the schedule)",
        _count(len(meetup.attendees), "attendee"),
        _count(len(data.actions), "action item"),
    ]
    folder = f"meetups/{meetup_id}"
    files = _files_under(ws, folder)
    if table.POLL.path(meetup_id) in files:
        said.append("its date poll")
    releases = [f for f in files if table.RELEASE.match(f)]
    if releases:
        said.append(_count(len(releases), "agenda release"))
    if table.CALENDAR.path(meetup_id) in files:
        said.append("its calendar state (what was sent and the replies)")
    linked = _issue_links_into(ws, meetup_id)
    if linked:
        said.append(
            f"the links into it from {len(linked)} issue(s): " + ", ".join(i.id for i in linked)
        )
    said.append(f"{_count(len(files), 'file')} under {folder}/")
    return said


def _issue_links_into(ws: Workspace, meetup_id: str) -> list[Issue]:
    prefix = f"{meetup_id}/"
    return sorted(
        (
            i
            for i in ws.issues.values()
            if any(r.startswith(prefix) for r in (*i.topics, *i.actions))
        ),
        key=lambda i: i.id,
    )


def delete_meetup(ws: Workspace, meetup_id: str) -> list[str]:
    """Delete the meetup's whole folder and the issues' links into it, as one change."""
    said = meetup_consequences(ws, meetup_id)
    files = _files_under(ws, f"meetups/{meetup_id}")
    prefix = f"{meetup_id}/"
    for rel in files:
        ws.store.read(rel)
    with ws.transaction():
        for issue in _issue_links_into(ws, meetup_id):
            ws.save_issue(
                msgspec.structs.replace(
                    issue,
                    topics=[r for r in issue.topics if not r.startswith(prefix)],
                    actions=[r for r in issue.actions if not r.startswith(prefix)],
                )
            )
        for rel in files:
            ws.store.delete(rel)
        ws.revision += 1
        ws.meetups.pop(meetup_id, None)
    from meetup.store.history import remove_empty_dirs

    remove_empty_dirs(ws.store, files)
    return said


# ------------------------------------------------------------------ elections

CLOSED_REFUSAL = (
    "is closed and its result is the record of the vote: a closed election is never"
    " deleted here (its ballots and voted roll are the audit trail). To withdraw it,"
    " remove its folder through a reviewed git commit."
)


def election_consequences(ws: Workspace, election_id: str) -> list[str]:
    """What deleting the election destroys; refused (InvalidInput) once it is closed.

    An election official expects a result, once declared, to stay: so a closed election
    (or one with a result file) is refused, not merely warned about.  One whose voting
    opened warns loudly, naming the ballots cast: they cannot be cast again.
    """
    election = ws.election(election_id)
    folder = f"elections/{election_id}"
    files = _files_under(ws, folder)
    if election.closed or table.RESULT.path(election_id) in files:
        raise InvalidInput("election", f"{election_id} {CLOSED_REFUSAL}")
    said = []
    ballots = 0
    if table.BALLOTS.path(election_id) in files:
        ballots = len(ws.read_ballots(election_id).ballots)
    if ballots:
        said.append(
            f"WARNING: {_count(ballots, 'ballot')} already cast, destroyed for good:"
            " the voters cannot vote again in this election"
        )
    elif election.opened is not None:
        said.append("WARNING: voting is open (no ballot cast yet)")
    if election.candidates:
        said.append(_count(len(election.candidates), "candidate") + " and their statements")
    if election.roll:
        said.append(f"its electorate roll of {len(election.roll)}")
    said.append(f"{_count(len(files), 'file')} under {folder}/")
    return said


def delete_election(ws: Workspace, election_id: str) -> list[str]:
    """Delete the election's whole folder as one change (refused once closed)."""
    said = election_consequences(ws, election_id)
    files = _files_under(ws, f"elections/{election_id}")
    _delete_files(ws, files)
    ws.revision += 1
    ws.elections.pop(election_id, None)
    return said
