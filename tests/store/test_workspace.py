"""What the load speed-ups must not change: malformed references are still errors, the
garbage collector is restored, and records are read through the stale-write bookkeeping."""

from __future__ import annotations

import gc
from pathlib import Path

import msgspec
import pytest

from meetup.store import table
from meetup.store.errors import InvalidInput, StaleWriteError
from meetup.store.loading import load


def test_malformed_reference_is_reported_at_its_line(demo_dir: Path) -> None:
    path = demo_dir / table.TOPIC.path("kilo-midcycle", "gate-triage")
    text = path.read_text("utf-8")
    path.write_text(text.replace('proposer = "', 'proposer = "Not A Slug', 1), "utf-8")
    ws = load(demo_dir)
    [problem] = ws.problems
    assert problem.file == table.TOPIC.path("kilo-midcycle", "gate-triage")
    assert problem.field == "proposer"
    assert "unknown person" in problem.message
    assert (
        problem.line
        == text.splitlines().index(
            next(line for line in text.splitlines() if line.startswith("proposer"))
        )
        + 1
    )


def test_malformed_reference_is_refused_on_save(demo_dir: Path) -> None:
    ws = load(demo_dir)
    topic = ws.meetups["kilo-midcycle"].topics["gate-triage"]
    bad = msgspec.structs.replace(topic, votes=["Bad Vote!"])
    with pytest.raises(InvalidInput) as caught:
        ws.save_topic("kilo-midcycle", bad)
    assert caught.value.field == "votes[0]"
    assert load(demo_dir).meetups["kilo-midcycle"].topics["gate-triage"] == topic


def test_own_ids_still_must_be_slugs(demo_dir: Path) -> None:
    (demo_dir / "issues" / "Bad_Name.toml").write_bytes(
        (demo_dir / "issues" / "gate-instability.toml").read_bytes()
    )
    ws = load(demo_dir)
    assert [p.file for p in ws.problems] == ["issues/Bad_Name.toml"]
    assert "Bad_Name" not in ws.issues


@pytest.mark.parametrize("enabled", [True, False])
def test_load_restores_the_garbage_collector(demo_dir: Path, enabled: bool) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        load(demo_dir)
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()


def test_loaded_files_are_guarded_against_stale_writes(demo_dir: Path) -> None:
    ws = load(demo_dir)
    rel = table.TOPIC.path("kilo-midcycle", "gate-triage")
    (demo_dir / rel).write_text((demo_dir / rel).read_text("utf-8") + "\n", "utf-8")
    topic = ws.meetups["kilo-midcycle"].topics["gate-triage"]
    with pytest.raises(StaleWriteError):
        ws.save_topic("kilo-midcycle", msgspec.structs.replace(topic, notes="x"))
