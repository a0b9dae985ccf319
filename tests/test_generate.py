"""The benchmark generator: a small run loads cleanly and is byte-identical when repeated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from meetup.elections.voting import tally_election
from meetup.store.loading import load

ROOT = Path(__file__).resolve().parents[1]


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def generate(target: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), str(target), "--scale", "0.05"],
        check=True,
        capture_output=True,
    )


def test_small_generated_workspace_loads_cleanly_and_is_deterministic(tmp_path: Path) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    generate(first)
    generate(second)
    ws = load(first)
    assert ws.problems == []
    assert len(ws.projects) >= 4 and len(ws.issues) >= 4 and ws.meetups and ws.elections
    topics = [t for d in ws.meetups.values() for t in d.topics.values()]
    assert any(t.placement for t in topics)
    assert all(len(set(i.projects)) >= 2 for i in ws.issues.values())
    for election_id in ws.elections:  # stored as the app stores them, and they tally
        assert (first / "elections" / election_id / "ballots.toml").is_file()
        assert tally_election(ws, election_id).ballots > 0
    assert tree(first) == tree(second)
