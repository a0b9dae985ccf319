"""Deleting records together with what points at them, as one all-or-nothing change.

Each ``*_consequences`` function says, in words, what else goes with a record (for the
confirmation a user sees first); each ``delete_*`` does it in one store transaction and
returns the same words.  An undo (:mod:`meetup.store.history`) brings every file back.
"""

from __future__ import annotations

import msgspec

from meetup.store.errors import NotFoundError
from meetup.store.records import ActionItem
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
    from meetup.store import table

    with ws.transaction():
        for meetup_id, action in _actions_pointing_at(ws, issue_id):
            ws.save_action(meetup_id, msgspec.structs.replace(action, issue=None))
        ws.store.delete(table.ISSUE.path(issue_id))
        ws.revision += 1
        ws.issues.pop(issue_id, None)
    return said
