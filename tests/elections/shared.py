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


CYCLE_SERIES = "2027.1"


def make_cycle(workspace: Path, tmp_path: Path) -> str:
    """A small OpenStack cycle in ``workspace`` (every project's PTL election): Nova
    acclaimed (an existing person), Neutron contested (a new person and an existing one),
    the rest leaderless.  Returns its series."""
    from meetup.elections.cycle import create_cycle, plan_cycle
    from meetup.store.loading import load

    config = {
        "release": CYCLE_SERIES,
        "timeline": [
            {"name": "PTL Nominations", "start": "2027-1-5T23:45", "end": "2027-1-12T23:45"},
            {"name": "PTL Election", "start": "2027-1-19T23:45", "end": "2027-1-26T23:45"},
        ],
    }
    root = tmp_path / "election-repo" / "candidates" / CYCLE_SERIES
    for folder, email in [
        ("Nova", "aiko.sato@example.org"),
        ("Neutron", "amara.okafor@example.org"),
        ("Neutron", "new.face@example.org"),
    ]:
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / email).write_text(f"I would like to serve ({email}).\n")
    ws = load(workspace)
    create_cycle(ws, plan_cycle(ws, config, root.parent, CYCLE_SERIES))
    return CYCLE_SERIES
