"""Shared fixtures: a private demo workspace built at a fixed time, and that fixed clock.

Every test runs at :data:`FIXED_NOW`: ``MEETUP_NOW`` is set to it for each test (a test
that needs another time sets it again), so nothing depends on the machine's calendar.
The demo is built for that time once per test process and copied into ``tmp_path`` for
each test, so tests never write into shared data.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from meetup.clock import ENV_NOW

pytest_plugins = ["tests.radicale_server"]

FIXED_NOW = datetime(2026, 12, 15, 12, 0, tzinfo=timezone.utc)
"""The clock of every test: the demo (built then) has its meetup on 26-27 January 2027,
the Nova PTL election in nominations and the Neutron liaison election in voting."""


def fixed_clock() -> datetime:
    return FIXED_NOW


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%MZ")


@pytest.fixture(autouse=True)
def _fixed_meetup_now(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_NOW, iso(FIXED_NOW))


_RECORD_CACHES: list[str] = []


def pytest_configure(config: pytest.Config) -> None:
    """Record caches (meetup.store.cache) go to a folder of this test process, never the
    user's, from before any fixture loads a workspace (module-scoped ones do): every
    second load of a workspace in a test reads its records from there."""
    import tempfile

    from meetup.store.cache import ENV_CACHE

    folder = tempfile.mkdtemp(prefix="meetup-record-caches-")
    _RECORD_CACHES.append(folder)
    os.environ[ENV_CACHE] = folder


def pytest_unconfigure(config: pytest.Config) -> None:
    for folder in _RECORD_CACHES:
        shutil.rmtree(folder, ignore_errors=True)


_BUILT: dict[tuple[str, bool], Path] = {}


def demo_copy(target: Path, now: datetime = FIXED_NOW, *, live: bool = False) -> Path:
    """The demo as built at ``now`` (built once per process), copied to ``target``."""
    from meetup.demo import build_demo

    key = (iso(now), live)
    if key not in _BUILT or not _BUILT[key].is_dir():
        import tempfile

        built = Path(tempfile.mkdtemp(prefix="meetup-demo-")) / "demo"
        build_demo(built, now, live=live)
        _BUILT[key] = built
    shutil.copytree(_BUILT[key], target)
    return target


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """A fresh copy of the demo workspace built at FIXED_NOW."""
    return demo_copy(tmp_path / "demo")


@pytest.fixture
def demo_at(tmp_path: Path) -> Callable[..., Path]:
    """``demo_at(now, live=False)``: a fresh copy of the demo built at ``now``."""

    def make(now: datetime, *, live: bool = False) -> Path:
        name = f"demo-{iso(now)}{'-live' if live else ''}".replace(":", "")
        return demo_copy(tmp_path / name, now, live=live)

    return make


@pytest.fixture
def organizers(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(remote, alice, bob): a bare git remote holding the demo, and two organizers' clones."""
    from tests.gitclones import demo_clones

    remote, (alice, bob) = demo_clones(tmp_path, "Alice", "Bob")
    return remote, alice, bob


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return fixed_clock


@pytest.fixture(scope="session", autouse=True)
def _clean_built_demos() -> Iterator[None]:
    yield
    for built in _BUILT.values():
        shutil.rmtree(built.parent, ignore_errors=True)


@pytest.fixture(autouse=True)
def _nobody_picked() -> Iterator[None]:
    """The TUI's "who are you?" answer lives for a process: never let it leak between tests."""
    from meetup import identity

    identity.remember(None)
    yield
    identity.remember(None)
