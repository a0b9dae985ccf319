"""``meetup check`` reads the files a load leaves for later: poll, ballots, calendar, ..."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "rel",
    [
        "meetups/kilo-midcycle/poll.toml",
        "meetups/kilo-midcycle/calendar.toml",
        "meetups/kilo-midcycle/releases/v1.toml",
        "elections/nova-ptl-l/ballots.toml",
        "elections/nova-ptl-l/voted.toml",
        "elections/nova-ptl-l/result.toml",
        "elections/nova-ptl-l/calendar.toml",
    ],
)
def test_a_broken_on_demand_file_fails_check_with_its_line(demo_dir: Path, rel: str) -> None:
    path = demo_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("schema = 1\n[[broken]\n")
    run = subprocess.run(
        [sys.executable, "-m", "meetup", "--workspace", str(demo_dir), "check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 1, run.stderr
    assert f"{rel}:2:" in run.stderr
