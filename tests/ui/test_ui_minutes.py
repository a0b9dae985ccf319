"""Pilot tests of the minutes screen: notes, action items, the compiled minutes."""

from pathlib import Path

from textual.widgets import DataTable, Select

from meetup.store.loading import load
from screens.app import create_app
from screens.compiled_minutes import CompiledMinutesScreen
from screens.dialogs.confirm import ConfirmDialog
from screens.forms.action_item import ActionItemDialog
from screens.minutes import MinutesScreen
from tests.conftest import fixed_clock
from tests.uihelp import minutes_actions, on_screen, until

M = "kilo-midcycle"


async def test_write_notes_and_save(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_minutes(M)
        await on_screen(pilot, MinutesScreen)

        def notes() -> str:
            return load(demo_dir).meetups[M].topics["ptl-burnout"].notes

        await pilot.press("down", "enter", *"Agreed [x]", "ctrl+s")
        await until(pilot, lambda: notes() == "Agreed [x]")
        # Typed text is saved when moving to another topic, too.
        await pilot.press(*" more", "shift+tab", "down")
        await until(pilot, lambda: notes() == "Agreed [x] more")


async def test_leaving_the_screen_keeps_typed_notes(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_minutes(M)
        await on_screen(pilot, MinutesScreen)
        await pilot.press("down", "enter", *"kept", "escape")
        await until(pilot, lambda: not isinstance(app.screen, MinutesScreen))
    assert load(demo_dir).meetups[M].topics["ptl-burnout"].notes == "kept"


async def test_add_action_linked_to_issue_changes_both_files(demo_dir: Path) -> None:
    issue_file = demo_dir / "issues/stable-backports-lag.toml"
    before = issue_file.read_text()
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_minutes(M)
        await on_screen(pilot, MinutesScreen)
        await pilot.press("n")
        await on_screen(pilot, ActionItemDialog)
        await pilot.press(*"Backport [docs]", "tab", *"lena-vogel", "tab", *"2027-02-30")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen.query_one("#due-error").has_class("-shown"))
        assert isinstance(app.screen, ActionItemDialog)  # bad date: still open
        app.screen.query_one("#due").value = "2027-02-28"  # type: ignore[attr-defined]
        app.screen.query_one("#issue", Select).value = "stable-backports-lag"
        await pilot.press("ctrl+s")
        await on_screen(pilot, MinutesScreen)
        table = app.screen.query_one("#actions", DataTable)
        await until(pilot, lambda: table.get_row_index("backport-docs") >= 0)
    assert issue_file.read_text() != before
    fresh = load(demo_dir)
    assert fresh.meetups[M].actions["backport-docs"].issue == "stable-backports-lag"
    assert f"{M}/backport-docs" in fresh.issues["stable-backports-lag"].actions
    assert not fresh.problems


async def test_toggle_and_delete_with_confirmation(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await minutes_actions(pilot, M)
        first = table.coordinate_to_cell_key((0, 0))
        action_id = str(first.row_key.value)
        await pilot.press("space")
        await until(pilot, lambda: load(demo_dir).meetups[M].actions[action_id].status == "done")
        await pilot.press("d")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("n")
        await on_screen(pilot, MinutesScreen)
        assert action_id in load(demo_dir).meetups[M].actions
        await pilot.press("d")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_screen(pilot, MinutesScreen)
    assert action_id not in load(demo_dir).meetups[M].actions


async def test_compiled_minutes_view(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_minutes(M)
        await on_screen(pilot, MinutesScreen)
        await pilot.press("p")
        await on_screen(pilot, CompiledMinutesScreen)
        await pilot.press("escape")
        await on_screen(pilot, MinutesScreen)


async def test_palette_lists_minutes_of_each_meetup(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Minutes of Kilo mid-cycle PTL meetup" in titles


def test_minutes_screen_snapshot(snap_compare, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_minutes(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_minutes(M)
        await on_screen(pilot, MinutesScreen)

    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_minutes)


async def test_quitting_from_minutes_keeps_typed_notes(demo_dir: Path) -> None:
    """ctrl+q with unsaved notes: saved on the way out, no NoMatches traceback, exit 0."""
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_minutes(M)
        await on_screen(pilot, MinutesScreen)
        await pilot.press("down", "enter", *"typed, then quit")
        await until(pilot, lambda: app.screen.query_one("#notes").text == "typed, then quit")
        await pilot.press("ctrl+q")
    assert app.return_code in (0, None)
    assert load(demo_dir).meetups[M].topics["ptl-burnout"].notes == "typed, then quit"
