"""The date poll screen: answer, add an option, choose; snapshot at 80x24."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from meetup.agenda import datepoll
from meetup.store.workspace import load
from screens.app import create_app
from screens.date_poll import DatePollScreen
from tests.conftest import fixed_clock

M = "kilo-midcycle"


def seed_poll(root: Path) -> None:
    ws = load(root)
    a = datepoll.add_option(ws, M, date(2027, 1, 26), 2, "As planned")
    b = datepoll.add_option(ws, M, date(2027, 2, 9), 2, "Later")
    for person, x, y in [
        ("dana-whitfield", "yes", "maybe"),
        ("marcus-bell", "no", "yes"),
        ("quinn-harper", "yes", "yes"),
    ]:
        datepoll.answer(ws, M, person, a.id, x)
        datepoll.answer(ws, M, person, b.id, y)


async def test_answer_add_and_choose(demo_dir: Path) -> None:
    seed_poll(demo_dir)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Date poll Kilo")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DatePollScreen)
        # Cursor starts on dana-whitfield x first option; move to gustavo (4th row).
        await pilot.press("down", "down", "down", "m")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press(*"2027-03-02", "tab", "backspace", "3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DatePollScreen)
        await pilot.press("right", "c")  # second column: 2027-02-09, sessions in the way
        await pilot.pause()
        await pilot.press("C")
        await pilot.pause()
    ws = load(demo_dir)
    poll = datepoll.load_poll(ws, M)
    assert poll.options[0].answers["gustavo-ramos"] == "maybe"
    assert [o.id for o in poll.options][-1] == "2027-03-02-3d"
    assert poll.chosen == "2027-02-09-2d"
    assert [d.date for d in ws.meetup(M).meetup.days] == [date(2027, 2, 9), date(2027, 2, 10)]


def test_date_poll_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    seed_poll(demo_dir)

    async def open_poll(pilot: Any) -> None:
        pilot.app.push_screen(DatePollScreen(M))
        await pilot.pause()

    assert snap_compare(
        create_app(demo_dir, clock=fixed_clock), terminal_size=(80, 24), run_before=open_poll
    )


async def test_a_broken_poll_file_is_shown_not_a_crash(demo_dir: Path) -> None:
    from meetup.store import table
    from screens.date_poll import AddPollOptionDialog
    from tests.uihelp import on_screen, until

    rel = table.POLL.path(M)
    broken = b"schema = 1\noptions = [\n"
    (demo_dir / rel).write_bytes(broken)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(DatePollScreen(M))
        await on_screen(pilot, DatePollScreen)
        screen = app.screen
        assert isinstance(screen, DatePollScreen)
        await until(pilot, lambda: screen.broken is not None)
        text = str(screen.query_one("#poll-ranking").render())
        assert rel in text and "cannot be read" in text
        await pilot.press("n")  # adding an option is refused with a message, no crash
        await on_screen(pilot, AddPollOptionDialog)
        await pilot.press(*"2027-03-02", "enter")
        await until(pilot, lambda: any(rel in n.message for n in app._notifications))
        assert app.is_running
        await pilot.press("escape")
        await pilot.press("1")
        await until(pilot, lambda: app.screen is not screen)
    assert (demo_dir / rel).read_bytes() == broken
