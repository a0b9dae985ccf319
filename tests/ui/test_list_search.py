"""Search and sort in every list (issue 17): / filters as you type, escape clears, s sorts,
and each list keeps its query and order while the app runs (leave it, come back: same)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input

from screens.app import create_app
from screens.dashboard import DashboardScreen
from screens.listsearch import ListSearch
from screens.meetups import MeetupsScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, text_of, until

SIZE = (80, 24)


def keys_of(table: DataTable[Any]) -> list[str]:
    return [str(row.value) for row in table.rows]


def status(screen: Any) -> str:
    return text_of(screen.query_one(ListSearch).query_one(".list-search-status"))


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
