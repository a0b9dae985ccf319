"""Pilot tests of the liaison roster screen."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input

from meetup.store.workspace import load
from screens.app import create_app
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
        picker.query_one(Input).focus()
        await pilot.press(*"ivan", "enter", "enter")
        await until(
            pilot, lambda: load(demo_dir).projects["neutron"].liaisons.get("vmt") == "ivan-petrov"
        )
    assert 'vmt = "ivan-petrov"' in (demo_dir / "projects/neutron.toml").read_text()
    assert load(demo_dir).projects["neutron"].liaisons["vmt"] == "ivan-petrov"


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
