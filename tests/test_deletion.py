"""Deleting an issue takes its links along in one change, and the history brings it back."""

from __future__ import annotations

from pathlib import Path

import msgspec

from meetup import deletion
from meetup.store.history import History
from meetup.store.loading import load

ISSUE = "gate-instability"


def test_delete_issue_clears_action_references_and_undo_restores(demo_dir: Path) -> None:
    ws = load(demo_dir)
    meetup_id, data = next((m, d) for m, d in sorted(ws.meetups.items()) if d.actions)
    action = sorted(data.actions.values(), key=lambda a: a.id)[0]
    ws.save_action(meetup_id, msgspec.structs.replace(action, issue=ISSUE))
    files = {p: p.read_bytes() for p in demo_dir.rglob("*.toml")}
    said = deletion.issue_consequences(ws, ISSUE)
    assert any(f"{meetup_id}/{action.id}" in s for s in said)
    history = History()
    with history.recording(ws.store, "delete"):
        assert deletion.delete_issue(ws, ISSUE) == said
    again = load(demo_dir)
    assert ISSUE not in again.issues
    assert again.meetup(meetup_id).actions[action.id].issue is None
    assert len(history.entries[0].effective) == 2
    history.undo_last(ws.store)
    assert {p: p.read_bytes() for p in demo_dir.rglob("*.toml")} == files
