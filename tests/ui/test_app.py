"""The app shell: dashboard, navigation, help, problems, quitting."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from screens.app import create_app
from screens.areas import AREAS
from screens.dashboard import DashboardScreen
from screens.dialogs.help import HelpScreen
from screens.dialogs.problems import ProblemsDialog
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, until


def in_area(app: object, name: str) -> bool:
    screen = app.screen  # type: ignore[attr-defined]
    if name == "dashboard":
        return isinstance(screen, DashboardScreen) and bool(screen.is_mounted)
    return getattr(screen, "area_name", None) == name and bool(screen.is_mounted)


async def test_dashboard_shows_the_workspace(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_screen(pilot, DashboardScreen)
        meetups = screen.query_one("#meetups", DataTable)
        await until(pilot, lambda: meetups.row_count == 2)  # six weeks ahead, then the polled one
        assert "Kilo mid-cycle PTL meetup" in str(meetups.get_row_at(0)[0])
        elections = screen.query_one("#elections", DataTable)
        phases = {str(elections.get_row_at(i)[1]) for i in range(elections.row_count)}
        assert phases == {"voting", "nominations", "closed"}
        issues = screen.query_one("#issues", DataTable)
        assert str(issues.get_row_at(0)[0]) == "critical"
        assert not screen.query_one("#problems-banner").display


async def test_navigation_reaches_every_area_and_back(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        for name, area in AREAS.items():
            await pilot.press(area.number)
            await until(pilot, lambda: in_area(app, name))  # noqa: B023
            await pilot.press("1")
            await on_screen(pilot, DashboardScreen)


async def test_number_keys_reach_every_area_from_any_screen(demo_dir: Path) -> None:
    """Screens use letters for their own actions (e = edit area on Liaisons); digits always
    navigate (tests/ui/test_keys.py presses them on every screen)."""
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await until(pilot, lambda: in_area(app, "liaisons"))
        for name, area in AREAS.items():
            await pilot.press(area.number)
            await until(pilot, lambda: in_area(app, name))  # noqa: B023
            await pilot.press("4")
            await until(pilot, lambda: in_area(app, "liaisons"))


async def test_help_lists_every_key(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await on_screen(pilot, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "1-5  " + " · ".join(a.short for a in AREAS.values()) in text
        assert "Quit" in text and "Command palette" in text
        await pilot.press("escape")
        await on_screen(pilot, DashboardScreen)


async def test_command_palette_offers_every_area(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for area in AREAS.values():
            assert f"Go to {area.title}" in titles
        assert "Help: keys" in titles


async def test_broken_file_is_named_and_the_rest_opens(demo_dir: Path) -> None:
    path = demo_dir / "issues" / "gate-instability.toml"
    path.write_text(path.read_text().replace('status = "in-progress"', "status = "))
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_screen(pilot, DashboardScreen)
        banner = screen.query_one("#problems-banner")
        await until(pilot, lambda: banner.display)
        assert "issues/gate-instability.toml:" in str(banner.render())
        assert app.screen.query_one("#meetups", DataTable).row_count == 2
        await pilot.press("exclamation_mark")
        await on_screen(pilot, ProblemsDialog)


async def test_ctrl_q_quits(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None)
    assert not app.is_running


def test_dashboard_snapshot(snap_compare, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(create_app(demo_dir, clock=fixed_clock), terminal_size=(80, 24))
