"""UI tests act as the demo's organizer (as `meetup --as clara-moss` would), so votes and
sub-titles are the same on every machine whatever its git user.email."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _acting_organizer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEETUP_USER", "clara-moss")
