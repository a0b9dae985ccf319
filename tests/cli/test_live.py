"""``meetup now``, ``meetup shift`` and ``meetup mark`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetup.cli import main
from meetup.store.loading import load

M = "kilo-midcycle"


def test_now_json_names_now_and_next_per_room(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-w", str(demo_dir), "now", M, "--at", "2027-01-26T10:10Z", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    rooms = {r["id"]: r for r in doc["rooms"]}
    assert doc["at"].startswith("2027-01-26T11:10") and doc["state"] == "running"
    assert rooms["main"]["now"]["topic"] == "ptl-burnout"
    assert rooms["main"]["next"]["topic"] == "release-delegation"
    assert rooms["breakout"]["now"]["topic"] == "gate-triage"
    assert rooms["breakout"]["next"]["topic"] == "bug-rotation"
    assert {p["person"] for p in doc["required_now"]} == {"ivan-petrov", "hana-kobayashi"}


def test_now_text_at_local_time_and_from_meetup_now(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert main(["-w", str(demo_dir), "now", M, "--at", "2027-01-26T12:45"]) == 0
    assert "Lunch until 13:30" in capsys.readouterr().out
    monkeypatch.setenv("MEETUP_NOW", "2027-01-27T08:20Z")
    assert main(["-w", str(demo_dir), "now", M]) == 0
    out = capsys.readouterr().out
    assert "day 2 of 2" in out and "Oslo library adoption" in out
    assert main(["-w", str(demo_dir), "now", M, "--at", "soon"]) == 2


def test_shift_dry_run_then_yes(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = ["-w", str(demo_dir)]
    args = [*ws, "shift", M, "--room", "main", "--from", "11:00", "--by", "45", "--day", "1"]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "overlaps Lunch" in out and "Dry run" in out
    assert load(demo_dir).meetup(M).topics["ptl-burnout"].placement.start.minute == 0  # type: ignore[union-attr]
    assert main(args) == 1  # no terminal to ask on, no --yes
    assert "refusing without --yes" in capsys.readouterr().err
    assert main([*args, "--yes", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["applied"] and [m["topic"] for m in doc["moves"]] == [
        "ptl-burnout",
        "release-delegation",
    ]
    assert doc["affected"] == {"victor-leclerc": ["release-delegation"]}
    assert {c["kind"] for c in doc["conflicts"]} == {"overlaps-break"}
    start = load(demo_dir).meetup(M).topics["ptl-burnout"].placement.start  # type: ignore[union-attr]
    assert f"{start:%H:%M}" == "11:45"


def test_shift_needs_a_day_outside_the_meetup(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["-w", str(demo_dir), "shift", M, "--room", "main", "--from", "11:00", "--by", "15"]
    assert main(args) == 2
    assert "--day" in capsys.readouterr().err
    assert main([*args, "--day", "2027-01-26", "--yes"]) == 0


def test_mark_skipped(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-w", str(demo_dir), "mark", M, "gate-triage", "skipped"]) == 0
    assert "unplaced" in capsys.readouterr().out
    assert load(demo_dir).meetup(M).topics["gate-triage"].placement is None
    assert main(["-w", str(demo_dir), "mark", M, "gate-triage", "done"]) == 1


def test_shift_by_too_many_minutes_is_refused(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["-w", str(demo_dir), "shift", M, "--room", "main", "--from", "11:00", "--day", "1"]
    assert main([*args, "--by", "99999999999", "--yes"]) == 1
    assert "at most 600 minutes" in capsys.readouterr().err
    start = load(demo_dir).meetup(M).topics["ptl-burnout"].placement.start  # type: ignore[union-attr]
    assert f"{start:%H:%M}" == "11:00"
