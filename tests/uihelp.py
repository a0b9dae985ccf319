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


async def click_button(pilot: Any, selector: str) -> None:
    """Click a Button as a person would: not during its "pressed" effect of the last click.

    Textual's Button ignores clicks while it shows that 0.2 s effect (class ``-active``),
    so two test clicks in quick succession would silently lose the second.
    """
    button = pilot.app.screen.query_one(selector)
    await until(pilot, lambda: not button.has_class("-active"))
    await pilot.click(selector)
