"""A broken record file: every screen still opens, and the problems dialog names the file.

One app run per broken file (a date poll, ballots, calendar state, a topic) walks every
screen by keyboard, as a user would: dashboard and its problems, Meetups, a meetup with each
tab, its date poll, minutes and live view, Issues and an issue, Liaisons, Elections, an
election and its results.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, TabbedContent, TextArea

from meetup.store import table
from screens.app import create_app
from screens.compiled_minutes import CompiledMinutesScreen
from screens.dashboard import DashboardScreen
from screens.date_poll import DatePollScreen
from screens.dialogs.export_calendar import ExportCalendarDialog
from screens.dialogs.problems import ProblemsDialog
from screens.dialogs.send_invites import SendInvitesDialog
from screens.election_detail import ElectionDetailScreen
from screens.elections import ElectionsScreen
from screens.issue_detail import IssueDetailScreen
from screens.issues import IssuesScreen
from screens.liaisons import LiaisonsScreen
from screens.live import LiveScreen
from screens.meetup import TABS, MeetupScreen
from screens.meetups import MeetupsScreen
from screens.minutes import MinutesScreen
from screens.results import ResultsScreen
from tests.conftest import fixed_clock
from tests.uihelp import click_button, on_screen, run_command, text_of, until

KILO = "kilo-midcycle"
LIBERTY = "liberty-midcycle"  # the demo's meetup with a date poll
ELECTION = "tc-2027"  # closed: ballots, voted roll and result on disk

BROKEN = {
    "poll": (table.POLL.path(LIBERTY), LIBERTY),
    "ballots": (table.BALLOTS.path(ELECTION), KILO),
    "calendar": (table.CALENDAR.path(KILO), KILO),
    "topic": (table.TOPIC.path(KILO, "bug-rotation"), KILO),
}
"""Which file is broken, and the meetup the walk opens."""


def break_file(path: Path) -> int:
    """Append a line that is not TOML; return its line number."""
    text = path.read_text(encoding="utf-8") if path.exists() else "schema = 1\n"
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + "this is = not toml\n", encoding="utf-8")
    return text.count("\n") + 1


async def shown(pilot: Any, kind: type[Screen[Any]]) -> Screen[Any]:
    """The screen is up, mounted and has focus somewhere (its on_mount has run)."""
    screen = await on_screen(pilot, kind)
    await until(pilot, lambda: pilot.app.focused is not None or isinstance(screen, ProblemsDialog))
    return screen


async def back_to(pilot: Any, kind: type[Screen[Any]]) -> Screen[Any]:
    await pilot.press("escape")
    return await shown(pilot, kind)


async def select_row(pilot: Any, grid: DataTable[Any], key: str) -> None:
    """Move the cursor down to the row ``key`` with the arrow keys."""
    await until(pilot, lambda: grid.row_count > 0 and grid.has_focus)
    keys = [str(k.value) for k in grid.rows]
    assert key in keys, keys
    await pilot.press("home", *["down"] * keys.index(key))
    await until(pilot, lambda: grid.cursor_row == keys.index(key))


@pytest.mark.parametrize("case", list(BROKEN))
async def test_every_screen_opens_with_a_broken_file(case: str, demo_dir: Path) -> None:
    rel, meetup_id = BROKEN[case]
    line = break_file(demo_dir / rel)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        # the dashboard says there are problems; the dialog names the file and its line
        dashboard = await shown(pilot, DashboardScreen)
        banner = dashboard.query_one("#problems-banner")
        await until(pilot, lambda: banner.display and rel in str(app.workspace.problems))
        await pilot.press("exclamation_mark")
        dialog = await shown(pilot, ProblemsDialog)
        listed = "\n".join(text_of(s) for s in dialog.query(".problem"))
        assert f"{rel}:{line}:" in listed, listed
        await back_to(pilot, DashboardScreen)

        # Meetups, a meetup, each of its tabs, the date poll, minutes, the live view
        await pilot.press("2")
        meetups = await shown(pilot, MeetupsScreen)
        await select_row(pilot, meetups.query_one("#meetups-table", DataTable), meetup_id)
        await pilot.press("enter")
        meetup = await shown(pilot, MeetupScreen)
        tabs = meetup.query_one("#meetup-tabs", TabbedContent)
        await until(pilot, lambda: tabs.active == "overview")
        await pilot.press("D")
        poll = await shown(pilot, DatePollScreen)
        if case == "poll":
            ranking = poll.query_one("#poll-ranking")
            await until(pilot, lambda: "cannot be read" in text_of(ranking))
            assert rel in text_of(ranking)
        await back_to(pilot, MeetupScreen)
        for name in TABS[1:-1]:
            await pilot.press("right_square_bracket")
            await until(pilot, lambda: tabs.active == name)  # noqa: B023
        await pilot.press("right_square_bracket")  # the last tab opens the minutes
        await shown(pilot, MinutesScreen)
        await pilot.press("p")
        compiled = await shown(pilot, CompiledMinutesScreen)
        if case == "topic":  # minutes go to the mailing list: none with a topic left out
            text = compiled.query_one("#compiled", TextArea).text
            assert "cannot be compiled" in text and rel in text
        await back_to(pilot, MinutesScreen)
        await back_to(pilot, MeetupScreen)
        await pilot.press("L")
        await shown(pilot, LiveScreen)
        await back_to(pilot, MeetupScreen)

        # Issues and one issue, Liaisons
        await pilot.press("3")
        issues = await shown(pilot, IssuesScreen)
        await until(pilot, lambda: issues.query_one("#issues", DataTable).row_count > 0)
        await pilot.press("enter")
        await shown(pilot, IssueDetailScreen)
        await back_to(pilot, IssuesScreen)
        await pilot.press("4")
        await shown(pilot, LiaisonsScreen)

        # Elections, the election and its results
        await pilot.press("5")
        elections = await shown(pilot, ElectionsScreen)
        await select_row(pilot, elections.query_one("#elections-list", DataTable), ELECTION)
        await pilot.press("enter")
        detail = await shown(pilot, ElectionDetailScreen)
        if case == "ballots":
            info = detail.query_one("#election-info")
            await until(pilot, lambda: "Ballots cannot be counted" in text_of(info))
            assert rel in text_of(info)
        await pilot.press("r")
        await shown(pilot, ResultsScreen)
        await back_to(pilot, ElectionDetailScreen)
        await back_to(pilot, ElectionsScreen)
        await pilot.press("1")
        await shown(pilot, DashboardScreen)


@pytest.mark.parametrize("case", ["topic", "calendar"])
async def test_invitations_and_calendar_export_refuse_naming_the_file(
    case: str, demo_dir: Path, tmp_path: Path
) -> None:
    """What goes to other people must not leave a session out: both dialogs say why not."""
    rel, _ = BROKEN[case]
    break_file(demo_dir / rel)
    out = tmp_path / "out"
    out.mkdir()
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await shown(pilot, DashboardScreen)
        await run_command(pilot, "Send invitations of Kilo")
        invites = await on_screen(pilot, SendInvitesDialog)
        preview = text_of(invites.query_one("#preview-text"))
        assert "cannot prepare the invitations" in preview and rel in preview
        assert invites.query_one("#send", Button).disabled
        await back_to(pilot, DashboardScreen)

        await run_command(pilot, "Export calendar (.ics) of Kilo")
        export = await on_screen(pilot, ExportCalendarDialog)
        export.query_one("#folder", Input).value = str(out)
        await click_button(pilot, "#export")
        error = export.query_one("#export-error")
        await until(pilot, lambda: rel in text_of(error))
        assert app.screen is export and not list(out.iterdir())  # nothing written
