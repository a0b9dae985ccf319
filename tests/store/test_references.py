"""Timezone names are checked the way zoneinfo finds them."""

from __future__ import annotations

import zoneinfo

import pytest

from meetup.store.references import valid_timezone


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    valid_timezone.cache_clear()


@pytest.mark.parametrize(
    "name", ["Europe/Paris", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5"]
)
def test_known_zones(name: str) -> None:
    assert valid_timezone(name)
    zoneinfo.ZoneInfo(name)  # and zoneinfo agrees


@pytest.mark.parametrize(
    "name", ["", "Mars/Olympus", "Europe", "zone.tab", "../etc/passwd", "/etc/localtime"]
)
def test_unknown_or_hostile_names(name: str) -> None:
    assert not valid_timezone(name)


def test_falls_back_to_the_tzdata_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zoneinfo, "TZPATH", ())
    assert valid_timezone("Asia/Kolkata")
    assert not valid_timezone("Asia/Atlantis")
