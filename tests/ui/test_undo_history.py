"""One undo history for the session: z undoes the last edit anywhere, ctrl+z lists them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import OptionList

from screens.app import MeetupApp, create_app
from screens.dialogs.autoschedule import AutoScheduleDialog
from screens.dialogs.history import HistoryDialog
from screens.meetup import MeetupScreen
from tests.conftest import fixed_clock
from tests.uihelp import meetup_tab, on_screen, until

M = "kilo-midcycle"


def topics(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / f"meetups/{M}/topics").iterdir())}


async def open_schedule(app: MeetupApp, pilot: Any) -> MeetupScreen:
    screen: MeetupScreen = await meetup_tab(pilot, M, "schedule")
    screen.query_one("#schedule-view").focus_main()  # type: ignore[attr-defined]
    return screen


async def test_z_after_auto_schedule_restores_the_placements_before_it(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_schedule(app, pilot)
        view = screen.query_one("#schedule-view")
        # a manual move first: the unplaced stable-branch-liaisons to Tue 10:00 breakout
        await pilot.press("tab", "down", "enter")
        await until(pilot, lambda: view.carrying == "stable-branch-liaisons")  # type: ignore[attr-defined]
        await pilot.press("right", "down", "down", "enter")
        await until(pilot, lambda: len(app.history) == 1)
        after_move = topics(demo_dir)
        await pilot.press("A")
        dialog = await on_screen(pilot, AutoScheduleDialog)
        await until(pilot, lambda: bool(dialog.plan and dialog.plan.moves))
        await pilot.press("a")
        await until(pilot, lambda: len(app.history) == 2)
        assert topics(demo_dir) != after_move
        await on_screen(pilot, MeetupScreen)
        await pilot.press("z")
        await until(pilot, lambda: topics(demo_dir) == after_move)
        assert len(app.history) == 1  # the manual move is still there to undo
        topics_now = lambda: app.workspace.meetup(M).topics  # noqa: E731
        await until(pilot, lambda: topics_now()["stable-branch-liaisons"].placement)


async def test_history_list_undoes_the_chosen_edit_and_all_after_it(demo_dir: Path) -> None:
    original = topics(demo_dir)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_schedule(app, pilot)
        view = screen.query_one("#schedule-view")
        await pilot.press("tab", "down", "enter")
        await until(pilot, lambda: view.carrying == "stable-branch-liaisons")  # type: ignore[attr-defined]
        await pilot.press("right", "down", "down", "enter")
        await until(pilot, lambda: len(app.history) == 1)
        await pilot.press("p", "up", "up", "enter")
        await until(pilot, lambda: len(app.history) == 2)
        await pilot.press("ctrl+z")
        dialog = await on_screen(pilot, HistoryDialog)
        options = dialog.query_one("#history-list", OptionList)
        assert options.option_count == 2
        newest = str(options.get_option_at_index(0).prompt)
        assert newest.startswith(f" 1. {app.history.entries[1].at} moved 'Stable branch")
        assert "to Tue 09:00" in newest
        assert "Tue 10:00" in str(options.get_option_at_index(1).prompt)
        await pilot.press("down", "enter")  # the older one: both go
        await until(pilot, lambda: topics(demo_dir) == original)
        assert len(app.history) == 0
        await pilot.press("ctrl+z")
        dialog = await on_screen(pilot, HistoryDialog)
        assert "Nothing to undo" in str(
            dialog.query_one("#history-list", OptionList).get_option_at_index(0).prompt
        )
        await pilot.press("escape")
        await on_screen(pilot, MeetupScreen)


async def test_undo_refused_after_an_outside_edit_says_so(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_schedule(app, pilot)
        view = screen.query_one("#schedule-view")
        await pilot.press("tab", "down", "enter")
        await until(pilot, lambda: view.carrying == "stable-branch-liaisons")  # type: ignore[attr-defined]
        await pilot.press("right", "down", "down", "enter")
        await until(pilot, lambda: len(app.history) == 1)
        path = demo_dir / f"meetups/{M}/topics/stable-branch-liaisons.toml"
        path.write_bytes(path.read_bytes() + b"# by hand\n")
        await pilot.press("z")
        await until(
            pilot,
            lambda: any("changed since" in n.message for n in app._notifications),
        )
        assert path.read_bytes().endswith(b"# by hand\n")
        assert len(app.history) == 1
