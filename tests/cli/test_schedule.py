"""``meetup schedule --auto/--dry-run`` and ``autoschedule.apply`` on a real workspace."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetup.agenda import autoschedule, conflicts, schedule
from meetup.cli import main
from meetup.store import table
from meetup.store.errors import InvalidInput, StaleWriteError
from meetup.store.loading import load

M = "kilo-midcycle"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".meetup.lock"
    }


def test_dry_run_changes_nothing(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(demo_dir)
    assert main(["-w", str(demo_dir), "schedule", M, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dry run: nothing changed." in out
    assert "stable-branch-liaisons" in out
    assert main(["-w", str(demo_dir), "schedule", M, "--auto", "--dry-run", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["applied"] is False
    assert {"sessions", "conflicts", "unplaced", "moves", "reasons", "score"} <= set(doc)
    assert doc["conflicts"] == []
    assert {m["topic"] for m in doc["moves"]} >= {"stable-branch-liaisons"}
    assert snapshot(demo_dir) == before


def test_auto_refuses_without_yes_when_not_a_terminal(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(demo_dir)
    assert main(["-w", str(demo_dir), "schedule", M, "--auto"]) == 1
    assert "refusing without --yes" in capsys.readouterr().err
    assert snapshot(demo_dir) == before


def test_auto_yes_applies_and_bumps_sequence(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = load(demo_dir).meetup(M).topics
    assert main(["-w", str(demo_dir), "schedule", M, "--auto", "--yes", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["applied"] is True
    moved = {m["topic"] for m in doc["moves"]}
    data = load(demo_dir).meetup(M)
    assert not [c for c in conflicts.conflicts(data) if c.hard]
    for tid in moved:
        assert data.topics[tid].sequence == old[tid].sequence + 1
        assert data.topics[tid].placement is not None
    sessions = {(s["topic"], s["day"], s["start"], s["room"]) for s in doc["sessions"]}
    assert sessions == {
        (s.topic, s.day.isoformat(), schedule.hhmm(s.start), s.room)
        for s in schedule.sessions(data)
    }
    # A second run has nothing left to do.
    assert main(["-w", str(demo_dir), "schedule", M, "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["moves"] == []


def test_apply_validates_every_move_before_writing(demo_dir: Path) -> None:
    ws = load(demo_dir)
    plan = autoschedule.plan(ws.meetup(M))
    before = snapshot(demo_dir)
    # Someone edits the last topic of the plan in an editor: nothing at all is written.
    last = plan.moves[-1].topic
    path = demo_dir / table.TOPIC.path(M, last)
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(StaleWriteError):
        autoschedule.apply(ws, M, plan)
    changed = {k for k, v in snapshot(demo_dir).items() if before.get(k) != v}
    assert changed == {table.TOPIC.path(M, last)}


def test_apply_refuses_a_plan_made_before_a_move(demo_dir: Path) -> None:
    ws = load(demo_dir)
    plan = autoschedule.plan(ws.meetup(M))
    first = next(m for m in plan.moves if m.before is not None)
    schedule.unschedule(ws, M, first.topic)
    with pytest.raises(InvalidInput, match="was moved since the plan was made"):
        autoschedule.apply(ws, M, plan)


def test_apply_is_all_or_nothing_when_a_file_changes_meanwhile(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = load(demo_dir)
    plan = autoschedule.plan(ws.meetup(M))
    victim = plan.moves[2].topic
    real_place = schedule.place

    def racing_place(ws_: object, meetup_id: str, topic_id: str, *a: object, **k: object) -> object:
        if topic_id == victim:  # another process writes the file right now
            path = demo_dir / table.TOPIC.path(M, victim)
            path.write_bytes(path.read_bytes() + b"\n")
        return real_place(ws_, meetup_id, topic_id, *a, **k)  # type: ignore[arg-type]

    before = {m.topic: ws.meetup(M).topics[m.topic].placement for m in plan.moves}
    monkeypatch.setattr(schedule, "place", racing_place)
    with pytest.raises(StaleWriteError):
        autoschedule.apply(ws, M, plan)
    fresh = load(demo_dir).meetup(M)
    for m in plan.moves:
        assert fresh.topics[m.topic].placement == before[m.topic]
        assert ws.meetup(M).topics[m.topic].placement == before[m.topic]
