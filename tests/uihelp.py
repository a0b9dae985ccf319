"""Helpers for Pilot tests that must not depend on how fast the machine is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


async def until(pilot: Any, condition: Callable[[], bool], *, tries: int = 100) -> None:
    """Let the app run until ``condition()`` holds (screens mount asynchronously)."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never reached the expected state")


async def on_screen(pilot: Any, kind: type) -> None:
    """Wait until the active screen is a ``kind`` and has mounted its widgets."""
    await until(pilot, lambda: isinstance(pilot.app.screen, kind) and pilot.app.screen.is_mounted)
    await pilot.pause()
