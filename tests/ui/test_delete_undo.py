"""Delete each kind of record with ``d`` at 80x24, confirm, gone; ``z`` brings back every
file byte for byte (issue 17 item 2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from screens.app import create_app
from screens.dialogs.confirm import ConfirmDialog
from screens.elections import ElectionsScreen
from screens.meetup import MeetupScreen
from screens.meetups import MeetupsScreen
from screens.minutes import MinutesScreen
from tests.conftest import fixed_clock
from tests.uihelp import minutes_actions, on_screen, until

M = "kilo-midcycle"


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.name.startswith(".meetup")
    }


def cursor_key(table: DataTable[Any]) -> str:
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


async def delete_confirm_undo(
    pilot: Any, root: Path, rel: str, words: str, back: type[Any]
) -> None:
    """``d`` on the highlighted row: the dialog says ``words``; yes deletes ``rel``; z undoes."""
    before = files(root)
    await pilot.press("d")
    dialog = await on_screen(pilot, ConfirmDialog)
    assert words in dialog.consequence and "z undoes it" in dialog.consequence
    await pilot.press("y")
    await until(pilot, lambda: not (root / rel).exists())
    await on_screen(pilot, back)
    await pilot.press("z")
    await until(pilot, lambda: files(root) == before)


async def test_delete_topic_and_undo(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("meetups", M)
        screen = await on_screen(pilot, MeetupScreen)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await until(pilot, lambda: screen.query_one("#meetup-tabs").active == "topics")
        table = screen.query_one("#topics-table", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        topic = cursor_key(table)
        rel = f"meetups/{M}/topics/{topic}.toml"
        await delete_confirm_undo(pilot, demo_dir, rel, "vote", MeetupScreen)
        await until(pilot, lambda: topic in [str(k.value) for k in table.rows])


async def test_delete_action_item_and_undo(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await minutes_actions(pilot, M)
        action = cursor_key(table)
        rel = f"meetups/{M}/actions/{action}.toml"
        await delete_confirm_undo(pilot, demo_dir, rel, "", MinutesScreen)


async def test_delete_meetup_and_undo(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        screen = await on_screen(pilot, MeetupsScreen)
        table = screen.query_one("#meetups-table", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        table.move_cursor(row=table.get_row_index(M))
        rel = f"meetups/{M}/meetup.toml"
        await delete_confirm_undo(pilot, demo_dir, rel, "18 topics", MeetupsScreen)
        await until(pilot, lambda: M in [str(k.value) for k in table.rows])


async def test_delete_election_warns_and_closed_is_refused(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        screen = await on_screen(pilot, ElectionsScreen)
        table = screen.query_one("#elections-list", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        table.move_cursor(row=table.get_row_index("tc-2027"))
        await pilot.press("d")
        await until(pilot, lambda: any("closed" in n.message for n in app._notifications))
        assert isinstance(app.screen, ElectionsScreen)
        table.move_cursor(row=table.get_row_index("neutron-release-liaison"))
        rel = "elections/neutron-release-liaison/election.toml"
        await delete_confirm_undo(pilot, demo_dir, rel, "WARNING", ElectionsScreen)
