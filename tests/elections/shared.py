"""Where the shared real data is: ``../shared`` beside the repository (as CI lays it out),
else ``$MEETUP_SHARED_DIR`` (a worktree elsewhere)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_BESIDE = Path(__file__).resolve().parents[2].parent / "shared"
SHARED = _BESIDE if _BESIDE.is_dir() else Path(os.environ.get("MEETUP_SHARED_DIR", _BESIDE))
SHARED_BALLOTS = SHARED / "ballots"
REALDATA = SHARED / "realdata"
needs_realdata = pytest.mark.skipif(not REALDATA.is_dir(), reason="no ../shared/realdata")
needs_ballots = pytest.mark.skipif(not SHARED_BALLOTS.is_dir(), reason="no ../shared/ballots")
