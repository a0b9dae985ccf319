"""Pilot tests of the liaison roster screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, OptionList

from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.confirm import ConfirmDialog
from screens.dialogs.person_picker import PersonPickerDialog
from screens.liaisons import LiaisonsScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, until


async def test_assign_a_liaison_in_the_grid(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("liaisons", "neutron/vmt")
        screen = await on_screen(pilot, LiaisonsScreen)
        await until(pilot, lambda: screen.current() == ("neutron", "vmt"))
        await pilot.press("enter")
        picker = await on_screen(pilot, PersonPickerDialog)
        await until(pilot, lambda: picker.query_one(Input).has_focus)
        await pilot.press(*"ivan", "enter")
        await until(
            pilot, lambda: load(demo_dir).projects["neutron"].liaisons.get("vmt") == "ivan-petrov"
        )
    assert 'vmt = "ivan-petrov"' in (demo_dir / "projects/neutron.toml").read_text()
    assert load(demo_dir).projects["neutron"].liaisons["vmt"] == "ivan-petrov"


async def test_picker_filters_as_typed_and_undo_restores(demo_dir: Path) -> None:
    """The defect: focus started on the list, Enter picked row 0 (clear the liaison)."""
    before = (demo_dir / "projects/neutron.toml").read_bytes()
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("liaisons", "neutron/vmt")
        screen = await on_screen(pilot, LiaisonsScreen)
        await until(pilot, lambda: screen.current() == ("neutron", "vmt"))
        await pilot.press("enter")
        picker = await on_screen(pilot, PersonPickerDialog)
        assert picker.query_one(Input).has_focus
        await pilot.press(*"ivan", "enter")  # no click, no tab: typed letters filter
        await until(
            pilot, lambda: load(demo_dir).projects["neutron"].liaisons.get("vmt") == "ivan-petrov"
        )
        await on_screen(pilot, LiaisonsScreen)
        await pilot.press("z")
        await until(pilot, lambda: (demo_dir / "projects/neutron.toml").read_bytes() == before)


async def test_picker_enter_never_clears_and_clearing_asks(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("liaisons", "neutron/bugs")
        screen = await on_screen(pilot, LiaisonsScreen)
        await until(pilot, lambda: screen.current() == ("neutron", "bugs"))
        named = load(demo_dir).projects["neutron"].liaisons["bugs"]
        await pilot.press("enter")
        picker = await on_screen(pilot, PersonPickerDialog)
        options = picker.query_one("#picker-list", OptionList)
        await until(pilot, lambda: options.option_count > 1)
        assert options.get_option_at_index(0).id != "\0clear"
        # the clear choice is the last row, then a confirmation; "No" keeps the liaison
        for _ in range(options.option_count - 1):
            await pilot.press("down")
        await until(pilot, lambda: options.highlighted == options.option_count - 1)
        await pilot.press("enter")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("n")
        await on_screen(pilot, LiaisonsScreen)
        assert load(demo_dir).projects["neutron"].liaisons["bugs"] == named
        await pilot.press("enter")
        picker = await on_screen(pilot, PersonPickerDialog)
        options = picker.query_one("#picker-list", OptionList)
        await until(pilot, lambda: options.option_count > 1)
        for _ in range(options.option_count - 1):
            await pilot.press("down")
        await until(pilot, lambda: options.highlighted == options.option_count - 1)
        await pilot.press("enter")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await until(pilot, lambda: "bugs" not in load(demo_dir).projects["neutron"].liaisons)
        await on_screen(pilot, LiaisonsScreen)
        await pilot.press("z")
        await until(pilot, lambda: load(demo_dir).projects["neutron"].liaisons.get("bugs") == named)


async def test_clear_and_gaps_only(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        screen = await on_screen(pilot, LiaisonsScreen)
        screen.select("neutron/bugs")
        await pilot.press("c")
        await until(pilot, lambda: "bugs" not in load(demo_dir).projects["neutron"].liaisons)
        await pilot.press("g")
        table = screen.query_one("#roster", DataTable)
        await until(pilot, lambda: table.row_count == 13)  # every project without a VMT
    assert "bugs" not in load(demo_dir).projects["neutron"].liaisons


async def test_select_before_mount(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = LiaisonsScreen()
        screen.select("nova/oslo")
        await app.push_screen(screen)
        await until(pilot, lambda: screen.current() == ("nova", "oslo"))
