"""Rebuild ``data/demo``, the demo workspace as built on a fixed day, for reading and benchmarks.

Run from the repository root: ``python data/build_demo.py``.  The demo itself is built by
``meetup.demo`` for the day it is made (``meetup demo``, ``meetup init DIR --demo``); this
snapshot is that build at :data:`SNAPSHOT_NOW`, the tests' fixed clock, and a test checks
it is byte for byte what the builder makes then.
"""

from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from meetup.demo import build_demo

SNAPSHOT_NOW = datetime(2026, 12, 15, 12, 0, tzinfo=timezone.utc)


if __name__ == "__main__":
    build_demo(Path(__file__).resolve().parent / "demo", SNAPSHOT_NOW)
    print(f"demo rebuilt for {SNAPSHOT_NOW:%Y-%m-%d}")
