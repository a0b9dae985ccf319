"""Deleting an issue takes its links along in one change, and the history brings it back."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from meetup import deletion
from meetup.store.errors import InvalidInput
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


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".meetup")
    }


def test_delete_topic_clears_references_and_undo_restores(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup("kilo-midcycle")
    topic = next(t for t in sorted(data.topics.values(), key=lambda t: t.id) if t.placement)
    action = sorted(data.actions.values(), key=lambda a: a.id)[0]
    ws.save_action("kilo-midcycle", msgspec.structs.replace(action, topic=topic.id))
    before = _files(demo_dir)
    said = deletion.topic_consequences(ws, "kilo-midcycle", topic.id)
    assert any("place in the schedule" in s for s in said)
    assert any(action.id in s for s in said)
    history = History()
    with history.recording(ws.store, "delete"):
        assert deletion.delete_topic(ws, "kilo-midcycle", topic.id) == said
    again = load(demo_dir)
    assert topic.id not in again.meetup("kilo-midcycle").topics
    assert again.meetup("kilo-midcycle").actions[action.id].topic is None
    assert not [p for p in again.problems if p.kind == "reference"]
    history.undo_last(ws.store)
    assert _files(demo_dir) == before


def test_delete_action_names_issues_and_undo_restores(demo_dir: Path) -> None:
    ws = load(demo_dir)
    action = sorted(ws.meetup("kilo-midcycle").actions)[0]
    before = _files(demo_dir)
    history = History()
    with history.recording(ws.store, "delete"):
        deletion.delete_action(ws, "kilo-midcycle", action)
    assert action not in load(demo_dir).meetup("kilo-midcycle").actions
    history.undo_last(ws.store)
    assert _files(demo_dir) == before


def test_delete_meetup_takes_its_folder_and_undo_restores(demo_dir: Path) -> None:
    ws = load(demo_dir)
    said = deletion.meetup_consequences(ws, "kilo-midcycle")
    assert said[0].startswith(f"{len(ws.meetup('kilo-midcycle').topics)} topics")
    assert any("files under meetups/kilo-midcycle/" in s for s in said)
    before = _files(demo_dir)
    history = History()
    with history.recording(ws.store, "delete"):
        deletion.delete_meetup(ws, "kilo-midcycle")
    assert not (demo_dir / "meetups" / "kilo-midcycle").exists()
    again = load(demo_dir)
    assert "kilo-midcycle" not in again.meetups
    assert not [p for p in again.problems if p.kind == "reference"]
    history.undo_last(ws.store)
    assert _files(demo_dir) == before


def test_delete_election_warns_about_ballots_refuses_closed(demo_dir: Path) -> None:
    ws = load(demo_dir)
    said = deletion.election_consequences(ws, "neutron-release-liaison")
    assert said[0].startswith("WARNING: ") and "ballot" in said[0]
    with pytest.raises(InvalidInput, match="closed"):
        deletion.election_consequences(ws, "tc-2027")
    with pytest.raises(InvalidInput):
        deletion.delete_election(ws, "tc-2027")
    before = _files(demo_dir)
    history = History()
    with history.recording(ws.store, "delete"):
        deletion.delete_election(ws, "neutron-release-liaison")
    assert not (demo_dir / "elections" / "neutron-release-liaison").exists()
    assert "neutron-release-liaison" not in load(demo_dir).elections
    history.undo_last(ws.store)
    assert _files(demo_dir) == before
