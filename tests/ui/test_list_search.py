"""Search and sort in every list (issue 17): / filters as you type, escape clears, s sorts,
and each list keeps its query and order while the app runs (leave it, come back: same)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input

from screens.app import create_app
from screens.dashboard import DashboardScreen
from screens.elections import ElectionsScreen
from screens.issues import IssuesScreen
from screens.liaisons import LiaisonsScreen
from screens.listsearch import ListSearch
from screens.meetup import TABS, MeetupScreen
from screens.meetups import MeetupsScreen
from screens.minutes import MinutesScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, text_of, until

SIZE = (80, 24)


def keys_of(table: DataTable[Any]) -> list[str]:
    return [str(row.value) for row in table.rows]


def status(screen: Any, selector: str = "#meetups-table") -> str:
    """The filter state the list's search bar shows ("3 of 12 · /kilo · by date")."""
    bar = next(s for s in screen.query(ListSearch) if s.target == selector)
    return text_of(bar.query_one(".list-search-status"))


async def test_meetups_search_sort_and_memory(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        screen = await on_screen(pilot, MeetupsScreen)
        table = screen.query_one("#meetups-table", DataTable)
        await until(pilot, lambda: table.row_count == 2)
        everything = keys_of(table)
        assert not screen.query_one(ListSearch).display  # the default look: no bar
        await pilot.press("slash", *"liberty")
        await until(pilot, lambda: keys_of(table) == ["liberty-midcycle"])
        assert status(screen) == "1 of 2 · /liberty · by date"
        await pilot.press("escape")  # clears and hides, the screen stays
        await until(pilot, lambda: keys_of(table) == everything and table.has_focus)
        assert isinstance(app.screen, MeetupsScreen)
        assert not screen.query_one(ListSearch).display
        await pilot.press("s")  # by title: Kilo before Liberty
        await until(pilot, lambda: "by title" in status(screen))
        await pilot.press("s", "s")  # by topics, by accepted
        await until(pilot, lambda: "by accepted" in status(screen))
        await pilot.press("slash", *"kilo", "enter")
        await until(pilot, lambda: keys_of(table) == ["kilo-midcycle"] and table.has_focus)
        await pilot.press("1")
        await on_screen(pilot, DashboardScreen)
        await pilot.press("2")
        again = await on_screen(pilot, MeetupsScreen)
        assert again is not screen
        table = again.query_one("#meetups-table", DataTable)
        await until(pilot, lambda: keys_of(table) == ["kilo-midcycle"])
        assert status(again) == "1 of 2 · /kilo · by accepted"
        assert again.query_one(Input).value == "kilo"
        await pilot.press("escape", "escape")  # clear, then back to the dashboard
        await on_screen(pilot, DashboardScreen)


M = "kilo-midcycle"


async def open_area(pilot: Any, key: str, kind: type[Any]) -> Any:
    await pilot.press(key)
    return await on_screen(pilot, kind)


async def open_minutes(pilot: Any) -> Any:
    pilot.app.open_minutes(M)
    return await on_screen(pilot, MinutesScreen)


async def open_tab(pilot: Any, tab: str) -> Any:
    pilot.app.open_record("meetups", M)
    screen = await on_screen(pilot, MeetupScreen)
    await pilot.press(*["right_square_bracket"] * (int(tab) - 1))
    await until(pilot, lambda: screen.query_one("#meetup-tabs").active == TABS[int(tab) - 1])
    return screen


LISTS: dict[str, tuple[Callable[[Any], Awaitable[Any]], str, str]] = {
    "issues": (lambda p: open_area(p, "3", IssuesScreen), "#issues", "gate"),
    "liaisons": (lambda p: open_area(p, "4", LiaisonsScreen), "#roster", "nova"),
    "elections": (lambda p: open_area(p, "5", ElectionsScreen), "#elections-list", "nova"),
    "actions": (open_minutes, "#actions", "wiki"),
    "attendees": (lambda p: open_tab(p, "2"), "#attendees-table", "bjorn"),
    "topics": (lambda p: open_tab(p, "3"), "#topics-table", "docs"),
}
"""Each list: how to open it, its table, a query that shows some of its rows."""


@pytest.mark.parametrize("name", LISTS)
async def test_every_list_searches_sorts_and_remembers(name: str, demo_dir: Path) -> None:
    opened, selector, word = LISTS[name]
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        table = screen.query_one(selector, DataTable)
        await until(pilot, lambda: table.row_count > 1)
        everything = keys_of(table)
        await pilot.press("slash", *word)
        await until(pilot, lambda: 0 < table.row_count < len(everything))
        found = keys_of(table)
        assert set(found) < set(everything)
        assert status(screen, selector).startswith(f"{len(found)} of {len(everything)} · /{word}")
        await pilot.press("escape")  # clears: every row again, the screen stays
        await until(pilot, lambda: keys_of(table) == everything and table.has_focus)
        assert app.screen is screen
        first = status(screen, selector)
        await pilot.press("s")  # the next order: the same rows
        await until(pilot, lambda: status(screen, selector) != first)
        assert sorted(keys_of(table)) == sorted(everything)
        ordered = status(screen, selector)
        await pilot.press("slash", *word, "enter")
        await until(pilot, lambda: sorted(keys_of(table)) == sorted(found) and table.has_focus)
        remembered = (keys_of(table), status(screen, selector))
        await pilot.press("1")
        await on_screen(pilot, DashboardScreen)
        again = await opened(pilot)
        assert again is not screen
        table = again.query_one(selector, DataTable)
        await until(pilot, lambda: (keys_of(table), status(again, selector)) == remembered)
        assert ordered.split(" · ")[-1] in status(again, selector)
