"""UI tests act as the demo's organizer (as `meetup --as clara-moss` would), so votes and
sub-titles are the same on every machine whatever its git user.email."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _acting_organizer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    from meetup import identity

    monkeypatch.setenv("MEETUP_USER", "clara-moss")
    identity.remember(None)  # a "who are you?" answer of an earlier test is not this one's
    yield
    identity.remember(None)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home with a Documents folder (where exports go by default), under ``tmp_path``."""
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    return home
