"""Snapshots of the meetup screens and dialogs at 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from screens.app import create_app
from screens.forms.attendee import AddAttendeeDialog
from screens.forms.meetup import MeetupFormDialog
from screens.forms.topic import TopicFormDialog
from screens.meetup import MeetupScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, steady_cursors, text_of, until

M = "kilo-midcycle"
SIZE = (80, 24)


TABS = {"1": "overview", "2": "attendees", "3": "topics", "4": "schedule"}


def opened(tab: str, key: str = "", dialog: type | None = None) -> Any:
    """Open the meetup on ``tab``; then press ``key`` and wait for ``dialog``."""

    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.open_record("meetups", M)  # type: ignore[attr-defined]
        screen = await on_screen(pilot, MeetupScreen)
        await pilot.press(*["right_square_bracket"] * (int(tab) - 1))  # from the first tab
        await until(pilot, lambda: screen.query_one("#meetup-tabs").active == TABS[tab])
        await until(pilot, lambda: pilot.app.focused is not None)  # the tab's table has it
        if key and dialog is not None:
            await pilot.press(key)
            await on_screen(pilot, dialog)

    return run_before


def test_meetups_list_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=SIZE, press=["2"])


def test_meetup_overview_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("1"))


def test_attendees_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("2"))


def test_topics_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("3"))


def test_schedule_grid_with_conflict_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    from meetup.agenda import schedule
    from meetup.store.loading import load

    ws = load(demo_dir)
    from datetime import date, time

    schedule.place(ws, M, "ptl-vs-program-lead", date(2027, 1, 26), time(9, 30), "main")
    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=opened("4"))


def test_meetup_form_error_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await opened("1", "e", MeetupFormDialog)(pilot)
        form = pilot.app.screen
        form.query_one("#title", Input).value = "Kilo [mid]-cycle"
        form.query_one("#timezone", Input).value = "Europe/Pari"
        form.query_one("#day2-end", Input).value = "08:00"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: text_of(form.query_one("#day2-error")))
        steady_cursors(pilot)

    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_topic_form_error_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await opened("3", "n", TopicFormDialog)(pilot)
        form = pilot.app.screen
        form.query_one("#projects", Input).value = "nova, nope"
        form.query_one("#duration", Input).value = "0"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: text_of(form.query_one("#duration-error")))
        steady_cursors(pilot)

    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_topic_form_completion_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    """An unknown required person in error with the closest match; the proposer field
    showing the rest of "Björn Lindqvist" after the typed "Bjorn"."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await opened("3", "n", TopicFormDialog)(pilot)
        form = pilot.app.screen
        form.query_one("#title", Input).value = "Gate health"
        required = form.query_one("#required", Input)
        required.focus()
        await pilot.press(*"chen-wei, Bjrn", "shift+tab")
        await until(pilot, lambda: text_of(form.query_one("#required-error")))
        owner = form.query_one("#proposer", Input)
        owner.focus()
        owner.value = ""
        await pilot.press(*"Bjorn")
        await until(pilot, lambda: owner._suggestion == "Björn Lindqvist")
        steady_cursors(pilot)

    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)


def test_add_attendee_refusal_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await opened("2", "n", AddAttendeeDialog)(pilot)
        await pilot.press(*"aiko", "enter")
        await until(pilot, lambda: text_of(pilot.app.screen.query_one("#person-error")))
        steady_cursors(pilot)

    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
