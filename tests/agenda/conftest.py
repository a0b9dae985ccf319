"""Fixtures of the agenda tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetup.store.loading import load
from meetup.store.workspace import Workspace


@pytest.fixture
def ws(demo_dir: Path) -> Workspace:
    """The demo workspace, loaded from a private copy."""
    return load(demo_dir)
