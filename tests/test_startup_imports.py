"""Start-up stays light: heavy libraries are imported where they are used, not at start."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("httpx", "icalendar", "numpy", "tomli_w")

PROGRAM = f"""
import sys
from meetup.cli import build_parser
build_parser()
from screens.app import create_app
from screens.dashboard import DashboardScreen
from meetup.store.loading import load
load(sys.argv[1])
print(",".join(m for m in {HEAVY!r} if m in sys.modules))
"""


def run(program: str, demo_dir: Path) -> str:
    """What ``program`` prints, run in a fresh interpreter with the demo's folder."""
    return subprocess.run(
        [sys.executable, "-c", program, str(demo_dir)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()


def test_cli_tui_and_load_import_nothing_heavy(demo_dir: Path) -> None:
    assert run(PROGRAM, demo_dir) == ""


def test_a_partial_load_leaves_the_record_cache_and_openssl_out(demo_dir: Path) -> None:
    program = (
        "import sys\n"
        "from meetup.store.loading import load_for\n"
        "load_for(sys.argv[1], meetups=['kilo-midcycle'])\n"
        "print(','.join(m for m in ('meetup.store.cache', '_hashlib', 'tempfile')"
        " if m in sys.modules))\n"
    )
    assert run(program, demo_dir) == ""
