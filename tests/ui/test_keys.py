"""The one key map (issue 17): no key bound twice on a screen, the global keys everywhere."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path
from typing import Any

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable, TabbedContent

import screens
from screens import keys
from screens.app import MeetupApp, create_app
from screens.areas import AREAS
from screens.base import WorkspaceScreen
from screens.compiled_minutes import CompiledMinutesScreen
from screens.dashboard import DashboardScreen
from screens.date_poll import DatePollScreen
from screens.dialogs.help import HelpScreen
from screens.dialogs.history import HistoryDialog
from screens.election_detail import ElectionDetailScreen
from screens.elections import ElectionsScreen
from screens.issue_detail import IssueDetailScreen
from screens.issues import IssuesScreen
from screens.liaisons import LiaisonsScreen
from screens.live import LiveScreen
from screens.meetup import TABS, MeetupScreen
from screens.meetups import MeetupsScreen
from screens.minutes import MinutesScreen
from screens.report import ReportScreen
from screens.results import ResultsScreen
from screens.sync_conflict import SyncConflictScreen
from screens.tabs.base import MeetupView
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, until

M = "kilo-midcycle"


def app_classes(base: type) -> list[type]:
    """Every subclass of ``base`` defined in the screens package (all modules imported)."""
    for info in pkgutil.walk_packages(screens.__path__, "screens."):
        importlib.import_module(info.name)
    found: list[type] = []
    todo = [base]
    while todo:
        for sub in todo.pop().__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith("screens.") and sub not in found:
                found.append(sub)
    return found


SCREENS = app_classes(Screen)
WIDGETS = [w for w in app_classes(Widget) if not issubclass(w, Screen)]
GLOBAL_BINDINGS = [
    *keys.declared_bindings(MeetupApp),
    Binding(MeetupApp.COMMAND_PALETTE_BINDING, "command_palette", "Command palette"),
]
"""Every key the App handles on every screen (the palette's is Textual's own binding)."""


def bound_keys(cls: type, *, priority_only: bool = False) -> list[str]:
    return [b.key for b in keys.declared_bindings(cls) if b.priority or not priority_only]


def app_keys(screen: type) -> list[str]:
    """The App's keys that reach ``screen``: a modal screen cuts all but priority ones."""
    return bound_keys(MeetupApp, priority_only=issubclass(screen, ModalScreen))


def twice(found: list[str]) -> list[str]:
    return sorted({key for key in found if found.count(key) > 1})


def test_the_screens_are_found() -> None:
    assert {DashboardScreen, MeetupScreen, LiveScreen, SyncConflictScreen} <= set(SCREENS)
    assert len(SCREENS) > 30  # dialogs and forms too


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: s.__name__)
def test_no_key_is_bound_twice_on_a_screen(screen: type) -> None:
    # z is layered like escape: the App undoes the session's last edit, a screen with its
    # own undo (the live view, the schedule grid) takes it first.
    assert [k for k in twice(bound_keys(screen) + app_keys(screen)) if k != keys.UNDO] == []


@pytest.mark.parametrize("screen", [s for s in SCREENS if not issubclass(s, ModalScreen)])
def test_no_screen_binds_a_global_key(screen: type) -> None:
    """The digits, help and the App's ctrl keys mean the same on every screen."""
    assert set(bound_keys(screen)) & set(bound_keys(MeetupApp)) - {keys.UNDO} == set()


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: w.__name__)
def test_widgets_shadow_no_key_of_their_screen(widget: type) -> None:
    """A widget's keys (a meetup tab's, a table's) come first while it has focus: none of
    them may take a key the App or the meetup screen uses.  Escape is the exception by
    design: it goes back one level, the innermost level that has something to back out of
    (a search to clear, a move to cancel) takes it, through check_action."""
    hosts = [MeetupScreen] if issubclass(widget, MeetupView) else []
    outer = bound_keys(MeetupApp) + [k for host in hosts for k in bound_keys(host)]
    own = [k for k in bound_keys(widget) if k not in (keys.BACK, keys.UNDO)]
    assert twice(own) == []
    assert set(own) & set(outer) == set()


def test_screen_specific_actions_keep_off_the_verbs() -> None:
    """n, e, d, s, z, /, space and the digits only ever mean their verb (the key map)."""
    verbs = {
        "n": {"new", "propose", "add", "add_area", "add_room", "add_option", "nominate"},
        "e": {"edit", "edit_area"},
        "d": {"delete", "remove", "remove_area"},
        "delete": {"delete", "remove", "remove_area"},
        "s": {"sort"},
        "z": {"undo"},
        "slash": {"search", "filter"},
        "space": {"vote", "toggle_done", "cast"},
    }
    for cls in [*SCREENS, *WIDGETS]:
        if issubclass(cls, ModalScreen):
            continue  # a dialog's n is its No
        for binding in keys.declared_bindings(cls):
            action = binding.action.split("(")[0]
            if binding.key in verbs:
                assert action in verbs[binding.key], (cls.__name__, binding.key, action)


def test_undo_is_on_z_only() -> None:
    """One verb per key, one key per verb: the live view's u for undo is gone."""
    for cls in [*SCREENS, *WIDGETS]:
        for binding in keys.declared_bindings(cls):
            if binding.action.split("(")[0] == "undo":
                assert binding.key == keys.UNDO, (cls.__name__, binding.key)


def test_the_global_map_is_the_apps_keys() -> None:
    """What the README lists as global is what the App binds (and the palette's key)."""
    listed = [key for spec, _ in keys.GLOBAL_MAP for key in spec.split(",")]
    bound = [key for b in GLOBAL_BINDINGS for key in b.key.split(",")]
    assert sorted(listed) == sorted(bound)


def test_the_readme_lists_the_key_map() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Keys\n", 1)[1].split("\n## ", 1)[0]
    assert keys.readme_tables() in section


# ---------------------------------------------------------------- every screen, every key

FULL_SCREENS: dict[str, tuple[type[Screen[Any]], tuple[Any, ...]]] = {
    "dashboard": (DashboardScreen, ()),
    "meetups": (MeetupsScreen, ()),
    "issues": (IssuesScreen, ()),
    "liaisons": (LiaisonsScreen, ()),
    "elections": (ElectionsScreen, ()),
    "meetup": (MeetupScreen, (M,)),
    "minutes": (MinutesScreen, (M,)),
    "compiled-minutes": (CompiledMinutesScreen, (M,)),
    "live": (LiveScreen, (M,)),
    "date-poll": (DatePollScreen, (M,)),
    "issue": (IssueDetailScreen, ("gate-instability",)),
    "election": (ElectionDetailScreen, ("tc-2027",)),
    "results": (ResultsScreen, ("tc-2027",)),
    "sync-conflict": (SyncConflictScreen, (("people.toml",),)),
    "report": (ReportScreen, ("Liaison gaps", "gaps.txt", lambda: "No gaps.")),
}
"""Every full screen of the app, with what it is opened on."""

PATHS: dict[str, tuple[str, ...]] = {
    "meetup": ("meetups",),
    "minutes": ("meetups", "meetup"),
    "compiled-minutes": ("meetups", "meetup", "minutes"),
    "live": ("meetups", "meetup"),
    "date-poll": ("meetups", "meetup"),
    "issue": ("issues",),
    "election": ("elections",),
    "results": ("elections", "election"),
}
"""The screens a user passes on the way (the rest open on the dashboard: an area, the
palette's views, a sync that stopped)."""

AREA_ROOTS = {"meetups", "issues", "liaisons", "elections"}


def test_every_full_screen_is_walked() -> None:
    full = {s for s in SCREENS if not issubclass(s, ModalScreen)} - {WorkspaceScreen}
    assert full == {cls for cls, _ in FULL_SCREENS.values()}


def in_area(app: MeetupApp, name: str) -> bool:
    """The area's own screen is on top of the dashboard, mounted (not a screen inside it)."""
    screen = app.screen
    if name == "dashboard":
        return isinstance(screen, DashboardScreen) and len(app.screen_stack) == 1
    cls, _ = FULL_SCREENS[name]
    return type(screen) is cls and len(app.screen_stack) == 2 and screen.is_mounted


async def push(app: MeetupApp, pilot: Any, name: str) -> Screen[Any]:
    cls, args = FULL_SCREENS[name]
    if cls is not DashboardScreen:
        app.push_screen(cls(*args))
    screen = await on_screen(pilot, cls)
    await until(pilot, lambda: app.focused is not None)  # its on_mount focus has run
    return screen


async def reach(app: MeetupApp, pilot: Any, name: str) -> Screen[Any]:
    """From the dashboard, the way a user gets there: through ``PATHS[name]``."""
    for step in PATHS.get(name, ()):
        await push(app, pilot, step)
    return await push(app, pilot, name)


DIALOG_OF = {"help": HelpScreen, "command_palette": CommandPalette, "history": HistoryDialog}
"""Global keys that open a dialog over the screen; escape closes it."""


def notified(app: MeetupApp, text: str) -> bool:
    return any(text in n.message or text in n.title for n in app._notifications)


async def honoured(app: MeetupApp, pilot: Any, screen: Screen[Any], action: str) -> None:
    """Wait until the effect of the App's ``action`` shows, pressed on ``screen``."""
    if action.startswith("go("):
        await until(pilot, lambda: in_area(app, action[4:-2]))
    elif action in DIALOG_OF:
        dialog = await on_screen(pilot, DIALOG_OF[action])
        if isinstance(dialog, HelpScreen):  # the help of the screen below, with the map
            assert dialog.under is screen
            text = str(dialog.query_one("#help-text").render())
            assert all(b.description in text for b in GLOBAL_BINDINGS if b.show)
            assert keys.verbs_line() in text
        await pilot.press(keys.BACK)
        await until(pilot, lambda: app.screen is screen and screen.is_mounted)
    elif action == "reload":
        await until(pilot, lambda: notified(app, "Workspace reloaded from disk"))
    elif action == "sync":  # the demo is not a git repository: git says so
        await until(pilot, lambda: notified(app, "Sync failed"))
    elif action == "quit":
        await until(pilot, lambda: not app.is_running)
    else:
        raise AssertionError(f"no check for the global key of {action!r}: add one")


def test_every_global_key_has_a_check() -> None:
    """A new global key fails the walk below until it says how to see it work."""
    known = {"reload", "sync", "quit", *DIALOG_OF}
    actions = {b.action for b in GLOBAL_BINDINGS}
    assert {a for a in actions if not a.startswith("go(")} == known
    assert {a for a in actions if a.startswith("go(")} == {f"go('{n}')" for n in AREAS}


@pytest.mark.parametrize("name", list(FULL_SCREENS))
async def test_every_global_key_works_from_every_screen(name: str, demo_dir: Path) -> None:
    """Reach the screen as a user does, press each global key (every key of it: ? and f1)
    and see it work; escape goes back one level; ctrl+q, last, quits."""
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, DashboardScreen)
        screen = await reach(app, pilot, name)
        for binding in GLOBAL_BINDINGS:
            for key in binding.key.split(","):
                if binding.action == "quit":
                    continue  # last
                if app.screen is not screen:  # an area key took us away: back again
                    await pilot.press(keys.AREA_KEYS[0])
                    await until(pilot, lambda: in_area(app, "dashboard"))
                    screen = await reach(app, pilot, name)
                app.clear_notifications()
                await pilot.press(key)
                await honoured(app, pilot, screen, binding.action)
        if app.screen is not screen:
            await pilot.press(keys.AREA_KEYS[0])
            await until(pilot, lambda: in_area(app, "dashboard"))
            screen = await reach(app, pilot, name)
        below = app.screen_stack[:-1]
        await pilot.press(keys.BACK)
        if name == "dashboard":  # nothing to go back to (press waits until idle)
            assert app.screen is screen
        else:
            await until(pilot, lambda: app.screen_stack == below and below[-1].is_mounted)
        await pilot.press(keys.QUIT)
        await honoured(app, pilot, app.screen, "quit")


def test_only_the_areas_own_screens_name_an_area() -> None:
    """``area_name`` tells the App that an area's list is on top (its digit does nothing
    there); a screen inside the area that carried it swallowed the digit."""
    named = {cls for cls in SCREENS if getattr(cls, "area_name", None)}
    assert named == {FULL_SCREENS[name][0] for name in AREAS}


@pytest.mark.parametrize("name", [n for n in PATHS if n not in AREA_ROOTS])
async def test_the_area_key_from_inside_its_area_goes_to_its_list(
    name: str, demo_dir: Path
) -> None:
    """A screen inside an area, however it was opened (here straight on the dashboard):
    the area's own digit shows the area's list.  These screens carried their area's
    ``area_name``, so at depth 2 the App took them for the list itself and did nothing."""
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, DashboardScreen)
        area = PATHS[name][0]
        await push(app, pilot, name)
        await pilot.press(AREAS[area].number)
        await until(pilot, lambda: in_area(app, area))


@pytest.mark.parametrize("key", ["2", "4", "5"])
async def test_escape_leaves_the_area_for_the_dashboard(key: str, demo_dir: Path) -> None:
    """Meetups, Liaisons and Elections did nothing on Escape (issue 17)."""
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(key)
        await until(pilot, lambda: len(app.screen_stack) == 2)
        await pilot.press("escape")
        await on_screen(pilot, DashboardScreen)


async def test_home_and_end_go_to_the_first_and_last_row(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        screen = await on_screen(pilot, IssuesScreen)
        table = screen.query_one("#issues", DataTable)
        await until(pilot, lambda: table.row_count == 5 and table.has_focus)
        await pilot.press("end")
        await until(pilot, lambda: table.cursor_row == 4)
        await pilot.press("home")
        await until(pilot, lambda: table.cursor_row == 0)


async def test_home_and_end_in_a_cell_table(demo_dir: Path) -> None:
    """The liaison roster moves by cell: Home/End keep the column."""
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        screen = await on_screen(pilot, LiaisonsScreen)
        table = screen.query_one("#roster", DataTable)
        await until(pilot, lambda: table.row_count > 2 and table.has_focus)
        column = table.cursor_column
        await pilot.press("end")
        await until(pilot, lambda: table.cursor_row == table.row_count - 1)
        assert table.cursor_column == column
        await pilot.press("home")
        await until(pilot, lambda: table.cursor_row == 0)


async def test_brackets_step_through_the_meetup_tabs(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("meetups", M)
        screen = await on_screen(pilot, MeetupScreen)
        tabs = screen.query_one("#meetup-tabs", TabbedContent)
        for name in TABS[1:4]:
            await pilot.press("right_square_bracket")
            await until(pilot, lambda: tabs.active == name)  # noqa: B023
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: tabs.active == "topics")
        await pilot.press("left_square_bracket", "left_square_bracket")
        await until(pilot, lambda: tabs.active == "overview")
        await pilot.press("left_square_bracket")  # wraps round to the minutes
        await on_screen(pilot, MinutesScreen)


async def test_one_reaches_the_dashboard_from_inside_a_meetup_tab(demo_dir: Path) -> None:
    """The digits switched tabs inside a meetup and nothing reached the dashboard."""
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("meetups", M)
        screen = await on_screen(pilot, MeetupScreen)
        tabs = screen.query_one("#meetup-tabs", TabbedContent)
        await pilot.press("right_square_bracket", "right_square_bracket", "right_square_bracket")
        await until(pilot, lambda: tabs.active == "schedule")
        await pilot.press("1")
        await until(pilot, lambda: in_area(app, "dashboard"))


async def test_schedule_days_moved_off_the_brackets(demo_dir: Path) -> None:
    """In the schedule tab < and > change the day; [ ] still step the tabs."""
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("meetups", M)
        screen = await on_screen(pilot, MeetupScreen)
        tabs = screen.query_one("#meetup-tabs", TabbedContent)
        await pilot.press(*["right_square_bracket"] * 3)
        await until(pilot, lambda: tabs.active == "schedule")
        view = screen.query_one("#schedule-view")
        day = view.day_index  # type: ignore[attr-defined]
        await pilot.press("greater_than_sign")
        await until(pilot, lambda: view.day_index != day)  # type: ignore[attr-defined]
        await pilot.press("left_square_bracket")
        await until(pilot, lambda: tabs.active == "topics")
