"""Shared fixtures: a private copy of the demo workspace and a fixed clock.

Tests never write into ``data/demo``: they get a copy in ``tmp_path``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from meetup.store.paths import copy_demo

pytest_plugins = ["tests.radicale_server"]

FIXED_NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)
"""The clock of UI and snapshot tests: the demo's elections are in known phases then."""


def fixed_clock() -> datetime:
    return FIXED_NOW


@pytest.fixture
def demo_dir(tmp_path: Path) -> Path:
    """A fresh copy of the bundled demo workspace."""
    target = tmp_path / "demo"
    copy_demo(target)
    return target


@pytest.fixture
def organizers(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(remote, alice, bob): a bare git remote holding the demo, and two organizers' clones."""
    from tests.gitclones import demo_clones

    remote, (alice, bob) = demo_clones(tmp_path, "Alice", "Bob")
    return remote, alice, bob


@pytest.fixture
def clock() -> Callable[[], datetime]:
    return fixed_clock


@pytest.fixture(autouse=True)
def _nobody_picked() -> Iterator[None]:
    """The TUI's "who are you?" answer lives for a process: never let it leak between tests."""
    from meetup import identity

    identity.remember(None)
    yield
    identity.remember(None)
