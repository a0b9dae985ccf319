"""A resize followed at once by another key: the deferred refit of a screen that has gone
by then must not crash the app (found in a tmux walk: resize, then `3` from a meetup)."""

from __future__ import annotations

from pathlib import Path

import pytest

from screens.app import create_app
from screens.issues import IssuesScreen
from screens.meetup import MeetupScreen
from screens.meetups import MeetupsScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen


@pytest.mark.parametrize("size", [(70, 22), (60, 20), (120, 40)])
async def test_resize_then_switch_area_at_once(demo_dir: Path, size: tuple[int, int]) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await on_screen(pilot, MeetupsScreen)
        await pilot.press("enter")
        await on_screen(pilot, MeetupScreen)
        # No pause between the resize and the key: the refit runs after the switch.
        driver = app._driver
        from textual.events import Resize
        from textual.geometry import Size

        driver._size = Size(*size)  # type: ignore[union-attr]
        app.post_message(Resize(Size(*size), Size(*size)))
        await pilot.press("3")
        await on_screen(pilot, IssuesScreen)
        await pilot.press("2", "enter", "5", "4", "1")
        await pilot.wait_for_scheduled_animations()
        assert app.is_running
    assert app.return_code in (None, 0)
