"""Helpers for Pilot tests that must not depend on how fast the machine is.

Tests wait for a condition (``until``), never for a fixed time: at ``-n 8`` on two cores a
screen can take a second to mount.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from textual import events
from textual.screen import Screen

S = TypeVar("S", bound=Screen[Any])

TIMEOUT = 15.0
"""Seconds before a test gives up waiting (only reached when something is wrong)."""


async def until(
    pilot: Any,
    condition: Callable[[], object],
    *,
    timeout: float = TIMEOUT,
    tries: int | None = None,
) -> None:
    """Let the app run until ``condition()`` holds (``tries`` is kept for old callers: the
    wait is bounded by ``timeout`` seconds, whatever the machine's speed)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if condition():
                return
        except Exception:  # a widget not mounted yet, a file not written yet
            pass
        if time.monotonic() > deadline:
            raise AssertionError("the app never reached the expected state")
        await pilot.pause(0.01)


async def on_screen(pilot: Any, kind: type[S]) -> S:
    """Wait until the active screen is a ``kind`` with its widgets mounted; return it."""
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, kind) and app.screen.is_mounted)
    return app.screen  # type: ignore[no-any-return]


async def area(pilot: Any, key: str, kind: type[S]) -> S:
    """Press an area's key and wait for its screen."""
    await pilot.press(key)
    return await on_screen(pilot, kind)


async def saved(pilot: Any, since: int) -> None:
    """Wait until the app has told its screens about a change after revision ``since``."""
    await until(pilot, lambda: pilot.app.revision > since)


async def click_button(pilot: Any, selector: str) -> None:
    """Click a Button as a person would: not during its "pressed" effect of the last click.

    Textual's Button ignores clicks while it shows that 0.2 s effect (class ``-active``),
    so two test clicks in quick succession would silently lose the second.
    """
    button = pilot.app.screen.query_one(selector)
    await until(pilot, lambda: not button.has_class("-active"))
    await pilot.click(selector)


def type_ahead(pilot: Any, *keys: str) -> None:
    """Send keys the way a fast typist does: all at once, without waiting for the app."""
    driver = pilot.app._driver
    for key in keys:
        char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)


def text_of(widget: Any) -> str:
    """What a Static or Label shows, as plain text."""
    return str(widget.render())


async def meetup_tab(pilot: Any, meetup_id: str, tab: str) -> Any:
    """Open meetup ``meetup_id`` on its tab ``tab`` (``"schedule"``); return its screen."""
    from screens.meetup import MeetupScreen

    pilot.app.open_record("meetups", meetup_id)
    screen = await on_screen(pilot, MeetupScreen)
    tabs = screen.query_one("#meetup-tabs")
    tabs.active = tab
    await until(pilot, lambda: tabs.active == tab)
    return screen


async def minutes_actions(pilot: Any, meetup_id: str) -> Any:
    """Open the minutes of ``meetup_id`` with its action items focused and listed."""
    from textual.widgets import DataTable

    from screens.minutes import MinutesScreen

    pilot.app.open_minutes(meetup_id)
    screen = await on_screen(pilot, MinutesScreen)
    table = screen.query_one("#actions", DataTable)
    table.focus()
    await until(pilot, lambda: table.row_count > 0)
    return table


def toasts(app: Any) -> str:
    """Every notification the app has shown, one a line."""
    return "\n".join(str(n.message) for n in app._notifications)


def first_command(app: Any) -> str:
    """The first match the command palette offers (it searches in the background)."""
    from textual.command import CommandList

    commands = app.screen.query(CommandList)
    if not commands or not commands.first().option_count:
        return ""
    return str(commands.first().get_option_at_index(0).prompt)


async def run_command(pilot: Any, words: str) -> None:
    """Open the command palette, type ``words`` and run the first match once it shows."""
    await pilot.press("ctrl+p")
    await pilot.press(*words)
    await until(pilot, lambda: first_command(pilot.app).startswith(words))
    await pilot.press("enter")


def steady_cursors(pilot: Any) -> None:
    """Stop every text cursor on the screen blinking: a snapshot must not catch it mid-blink."""
    from textual.widgets import Input, TextArea

    for widget in pilot.app.screen.query("Input, TextArea"):
        if isinstance(widget, (Input, TextArea)):
            widget.cursor_blink = False


def screen_lines(app: Any) -> list[str]:
    """The screen as the user sees it (dialogs over what they cover), one string a line."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text().splitlines()[:height]
