"""Hint lines name only keys that are bound, and text is cut with an ellipsis, not lost.

Each hint is built from its screen's bindings (``keys.hint``); these tests check that the
screen shows that hint and that every key it names triggers the action it names there.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, DataTable, Select, Static

from meetup.agenda import autoschedule
from screens import keys
from screens.app import create_app
from screens.dashboard import DashboardScreen
from screens.dialogs.autoschedule import AutoScheduleDialog
from screens.dialogs.export_calendar import ExportCalendarDialog
from screens.dialogs.help import HelpScreen
from screens.forms.action_item import ActionItemDialog
from screens.liaisons import LiaisonsScreen
from screens.meetup import MeetupScreen
from screens.minutes import MinutesScreen
from screens.tabs.attendees import AttendeesView
from screens.tabs.overview import OverviewView
from screens.tabs.schedule import ScheduleView
from tests.conftest import fixed_clock
from tests.uihelp import click_button, on_screen, screen_lines, text_of, until

M = "kilo-midcycle"
TABS = {"overview": 0, "attendees": 1, "topics": 2, "schedule": 3}
LONG_TITLE = "Project vs program technical lead: what does the title mean?"


def assert_names_bound_keys(owner: type, shown: str) -> None:
    """Every ``key word`` of ``owner.HINT`` is in ``shown``, and the key runs that action."""
    for actions, word in owner.HINT:
        names = (actions,) if isinstance(actions, str) else actions
        labels = [keys.key_for(owner, name) for name in names]
        assert f"{' '.join(labels)} {word}" in shown, (owner.__name__, word, shown)
        for label, name in zip(labels, names, strict=True):
            bound = {
                b.action for b in keys.declared_bindings(owner) if keys.key_label(b.key) == label
            }
            assert bound == {name}, (owner.__name__, label, bound)


async def open_tab(pilot: Any, tab: str) -> MeetupScreen:
    pilot.app.open_record("meetups", M)
    screen = await on_screen(pilot, MeetupScreen)
    await pilot.press(*[keys.NEXT_TAB] * TABS[tab])
    await until(pilot, lambda: screen.query_one("#meetup-tabs").active == tab)
    await until(pilot, lambda: pilot.app.focused is not None)
    return screen


# ------------------------------------------------------------------ 1. hints from bindings


def test_the_hints_name_no_key_the_screen_lacks() -> None:
    gone = {
        OverviewView: ["a add room", "x remove"],
        MinutesScreen: ["a add", "x done"],
        ScheduleView: ["[ ] day"],
    }
    for owner, wrong in gone.items():
        hint = keys.hint(owner, *owner.HINT)  # type: ignore[attr-defined]
        assert not [w for w in wrong if w in hint], hint
        assert_names_bound_keys(owner, hint)
    with pytest.raises(LookupError):
        keys.hint(OverviewView, ("no_such_action", "nothing"))


async def test_overview_and_schedule_show_their_hints(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tab(pilot, "overview")
        assert_names_bound_keys(OverviewView, text_of(screen.query_one("#overview-hint")))
        await pilot.press(*[keys.NEXT_TAB] * 3)
        await until(pilot, lambda: screen.query_one("#meetup-tabs").active == "schedule")
        day = screen.query_one("#grid-day", Static)
        await until(pilot, lambda: "pick up" in text_of(day))
        assert_names_bound_keys(ScheduleView, text_of(day))
        assert "< > day" in text_of(day)


async def test_attendees_header_names_its_filter_and_sort_keys(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tab(pilot, "attendees")
        header = screen.query_one("#attendees-counts", Static)
        await until(pilot, lambda: "showing all" in text_of(header))
        filter_key = keys.key_for(AttendeesView, "filter")
        assert f"showing all ({filter_key})" in text_of(header)
        assert filter_key != keys.key_label(keys.SEARCH)  # / is search, as the help says
        await pilot.press(keys.bound_key(AttendeesView, "filter"))
        await until(pilot, lambda: "showing all" not in text_of(header))


async def test_minutes_and_liaisons_show_their_hints(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(MinutesScreen(M))
        minutes = await on_screen(pilot, MinutesScreen)
        title = minutes.query_one("#actions-title", Static)
        await until(pilot, lambda: "Action items" in text_of(title))
        assert_names_bound_keys(MinutesScreen, text_of(title))
        await pilot.press("escape")
        await pilot.press("4")
        liaisons = await on_screen(pilot, LiaisonsScreen)
        detail = liaisons.query_one("#liaison-detail", Static)
        roster = liaisons.query_one("#roster", DataTable)
        await until(pilot, lambda: roster.row_count > 0)
        roster.move_cursor(row=0, column=0)  # the project column: the hint shows
        await until(pilot, lambda: "Move to an area column" in text_of(detail))
        shown = text_of(detail)
        assert f"{keys.key_for(LiaisonsScreen, 'add_area')} adds an area" in shown
        assert "a adds" not in shown


# ------------------------------------------------------------------ 2. the export dialog


async def test_export_calendar_fits_60x20_and_ctrl_s_exports(
    demo_dir: Path, tmp_path: Path
) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(60, 20)) as pilot:
        written: list[Any] = []
        app.push_screen(ExportCalendarDialog(M), written.append)
        dialog = await on_screen(pilot, ExportCalendarDialog)
        box = dialog.query_one("#export-calendar")
        await until(pilot, lambda: box.size.height > 0)
        assert box.max_scroll_y == 0  # nothing hidden below the fold
        for button in dialog.query(Button):
            region = button.region
            assert region.height and region.bottom <= 20 and region.right <= 60, button.id
        dialog.query_one("#folder").value = str(tmp_path)  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await until(pilot, lambda: written)
    assert written[0] and (tmp_path / f"{M}.ics").is_file()


# ------------------------------------------------------------------ 3. cut with an ellipsis


async def test_the_moving_line_cuts_the_title_not_the_keys(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tab(pilot, "schedule")
        await pilot.press("down", "p")  # the first session: a long title
        day = screen.query_one("#grid-day", Static)
        await until(pilot, lambda: "moving:" in text_of(day))
        line = next(row for row in screen_lines(app) if "moving:" in row)
        assert line.rstrip().endswith("Enter drops, Esc cancels")
        assert "…" in line


async def test_times_and_due_dates_are_never_cut_at_60_columns(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_tab(pilot, "schedule")
        grid = screen.query_one("#grid", DataTable)
        await until(pilot, lambda: grid.row_count > 0)
        times = [row for row in screen_lines(app)[5:16] if re.match(r" \d", row)]
        assert times and all(re.match(r" \d\d:\d\d ", row) for row in times), times
        await pilot.press("escape")
        app.push_screen(MinutesScreen(M))
        minutes = await on_screen(pilot, MinutesScreen)
        await until(pilot, lambda: minutes.query_one("#actions", DataTable).row_count > 0)
        lines = screen_lines(app)
        dues = [r for r in lines if r.lstrip().startswith("open ")]
        assert dues and all(re.search(r"\b[A-Z][a-z]{2} \d\d\b", r) for r in dues), dues
        assert not [r for r in dues if re.search(r"\d-…", r)]


async def test_overview_dates_wrap_under_their_value_at_60_columns(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await open_tab(pilot, "overview")
        lines = screen_lines(app)
        at = next(i for i, row in enumerate(lines) if row.startswith(" Dates"))
        value_column = lines[at].index("26")
        follow = lines[at + 1]
        assert not follow.strip() or follow[:value_column].strip() == "", follow


async def test_a_long_topic_stays_on_one_line_in_the_action_form(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        topic = next(t.id for t in app.workspace.meetup(M).topics.values() if t.title == LONG_TITLE)
        app.push_screen(ActionItemDialog(M, lambda draft: None, topic=topic))  # type: ignore[arg-type, return-value]
        dialog = await on_screen(pilot, ActionItemDialog)
        select = dialog.query_one("#topic", Select)
        await until(pilot, lambda: select.size.height > 0)
        row = next(r for r in screen_lines(app) if "Project vs" in r)
        assert "…" in row and row.index("…") < row.index("▼")


async def test_help_keeps_the_area_keys_on_one_line(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await on_screen(pilot, HelpScreen)
        await until(pilot, lambda: any("1-5" in row for row in screen_lines(app)))
        row = next(r for r in screen_lines(app) if "1-5" in r)
        assert "Elections" in row


async def test_liaison_gaps_need_no_horizontal_scrollbar(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await on_screen(pilot, DashboardScreen)
        gaps = dashboard.query_one("#gaps", DataTable)
        await until(pilot, lambda: gaps.row_count > 0 and gaps.size.width > 0)
        await until(pilot, lambda: gaps.max_scroll_y > 0)  # more gaps than it shows
        assert gaps.max_scroll_x == 0


# ------------------------------------------------------------------ 4. auto-schedule


async def test_auto_schedule_says_it_is_computing(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = autoschedule.plan

    def slow_plan(*args: Any, **kwargs: Any) -> autoschedule.Plan:
        release.wait(timeout=30)
        return real(*args, **kwargs)

    monkeypatch.setattr(autoschedule, "plan", slow_plan)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(AutoScheduleDialog(M))
        dialog = await on_screen(pilot, AutoScheduleDialog)
        summary = dialog.query_one("#autoschedule-summary", Static)
        await until(pilot, lambda: "Computing the schedule…" in text_of(summary))
        assert dialog.query_one("#apply", Button).disabled
        await click_button(pilot, "#keep")  # the UI answers while the plan runs
        await until(pilot, lambda: dialog.keep_existing)
        release.set()
        await until(pilot, lambda: "move(s)" in text_of(summary))
        assert "keeping every placed topic" in text_of(summary)
