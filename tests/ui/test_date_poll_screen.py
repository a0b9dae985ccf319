"""The date poll screen: answer, add an option, choose; snapshot at 80x24."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from meetup.agenda import datepoll
from meetup.store import table
from meetup.store.loading import load
from screens.app import create_app
from screens.date_poll import DatePollScreen
from screens.forms.poll_option import PollOptionDialog
from tests.conftest import fixed_clock
from tests.uihelp import first_command, on_screen, until

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
        await until(pilot, lambda: first_command(app).startswith("Date poll Kilo"))
        await pilot.press("enter")
        await on_screen(pilot, DatePollScreen)

        def poll() -> Any:
            return datepoll.load_poll(load(demo_dir), M)

        # Cursor starts on dana-whitfield x first option; move to gustavo (4th row).
        await pilot.press("down", "down", "down", "m")
        await until(pilot, lambda: poll().options[0].answers.get("gustavo-ramos") == "maybe")
        await pilot.press("n")
        await on_screen(pilot, PollOptionDialog)
        await pilot.press(*"2027-03-02", "tab", "backspace", "3", "enter")
        await on_screen(pilot, DatePollScreen)
        await until(pilot, lambda: len(poll().options) == 3)
        await pilot.press("right", "c")  # second column: 2027-02-09, sessions in the way
        await until(pilot, lambda: "Press C" in str([n.message for n in app._notifications]))
        await pilot.press("C")
        await until(pilot, lambda: poll().chosen == "2027-02-09-2d")
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
        await on_screen(pilot, DatePollScreen)

    assert snap_compare(
        create_app(demo_dir, clock=fixed_clock), terminal_size=(80, 24), run_before=open_poll
    )


async def test_a_broken_poll_file_is_shown_not_raised(demo_dir: Path) -> None:
    """poll.toml does not parse: the screen says so, offers nothing to change, no traceback."""
    seed_poll(demo_dir)
    rel = table.POLL.path(M)
    path = demo_dir / rel
    path.write_text(path.read_text() + "\n[[options]\nbroken = \n")
    broken = path.read_bytes()
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(DatePollScreen(M))
        screen = await on_screen(pilot, DatePollScreen)
        ranking = screen.query_one("#poll-ranking")
        await until(pilot, lambda: "cannot be read" in str(ranking.render()))
        assert rel in str(ranking.render())
        assert screen.broken
        await pilot.press("y", "n")  # answering and adding are off: nothing happens
        assert app.screen is screen
        assert any("poll.toml" in n.message for n in app._notifications)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is not screen)
    assert path.read_bytes() == broken  # never rewritten
