"""Text that fits (issue 17, item 6): cut text ends in "…", status words stand apart,
the dashboard's titles count what they list, dialogs keep their borders at 60x20 and
toasts stay few and clear of a dialog's buttons."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.screen import ModalScreen
from textual.widgets import DataTable

from screens.app import create_app
from screens.dashboard import DashboardScreen
from screens.election_detail import ElectionDetailScreen
from screens.elections import ElectionsScreen
from screens.issues import IssuesScreen
from screens.liaisons import LiaisonsScreen
from screens.meetup import MeetupScreen
from screens.results import ResultsScreen
from screens.widgets import FLEXIBLE_MIN, column_widths
from tests.conftest import fixed_clock
from tests.uihelp import area, on_screen, screen_lines, until

SIZES = [(80, 24), (60, 20)]
M = "kilo-midcycle"


def shown(cell: object, width: int) -> str:
    """What a cell of ``width`` cells should show: all of it, or its start and "…"."""
    text = cell.copy() if isinstance(cell, Text) else Text.from_markup(str(cell))
    text.truncate(width, overflow="ellipsis")
    return text.plain


def misfits(app: Any, table: DataTable[Any], rows: int) -> list[str]:
    """Cells of the first ``rows`` rows not on the screen as whole or ending in "…"."""
    screen = "\n".join(screen_lines(app))
    columns = list(table.columns.values())
    padding = 2 * table.cell_padding
    rights = [sum(c.width + padding for c in columns[: i + 1]) for i in range(len(columns))]
    missing = []
    for index in range(min(rows, table.row_count)):
        for column, cell, right in zip(columns, table.get_row_at(index), rights, strict=True):
            if right > table.scrollable_content_region.width:
                break  # past the right edge: the table scrolls sideways to it
            expected = shown(cell, column.width)
            if expected not in screen:
                missing.append(expected)
    return missing


async def assert_cells_fit(pilot: Any, table: DataTable[Any], rows: int = 4) -> None:
    """Every cell of the first ``rows`` rows shows whole or ends in "…" on the screen, once
    the table has been fitted to its width (a resize refits it after a refresh)."""
    try:
        await until(pilot, lambda: table.row_count and not misfits(pilot.app, table, rows))
    except AssertionError:
        missing = misfits(pilot.app, table, rows)
        raise AssertionError(f"cut without an ellipsis: {missing}") from None


def box_lines(app: Any, region: Any) -> list[str]:
    """The screen's lines inside ``region`` (a dialog's box, say)."""
    lines = screen_lines(app)[region.y : region.bottom]
    return [line[region.x : region.right] for line in lines]


async def test_cut_without_an_ellipsis_is_gone_from_the_liaisons_roster(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await area(pilot, "4", LiaisonsScreen)
        lines = screen_lines(app)
        assert any("Documentat…" in line for line in lines)  # was "Documentati"
        assert not any(re.search(r"Documentati(?!…)", line) for line in lines)
        await assert_cells_fit(pilot, app.screen.query_one("#roster", DataTable), rows=6)


@pytest.mark.parametrize("size", SIZES)
async def test_dashboard_tables_end_cut_cells_in_an_ellipsis(
    demo_dir: Path, size: tuple[int, int]
) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=size) as pilot:
        screen = await on_screen(pilot, DashboardScreen)
        issues = screen.query_one("#issues", DataTable)
        await until(pilot, lambda: issues.row_count == 5)
        for table in screen.query(DataTable):
            await assert_cells_fit(pilot, table, rows=3)
        assert "Gate instability blocks m " not in "\n".join(screen_lines(app))


@pytest.mark.parametrize("size", SIZES)
async def test_issues_list_ends_cut_cells_in_an_ellipsis(
    demo_dir: Path, size: tuple[int, int]
) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=size) as pilot:
        screen = await area(pilot, "3", IssuesScreen)
        await assert_cells_fit(pilot, screen.query_one("#issues", DataTable), rows=5)


async def test_one_line_labels_end_in_an_ellipsis(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await on_screen(pilot, DashboardScreen)
        lines = screen_lines(app)
        counts = next(line for line in lines if "held by the PTL" in line)
        assert counts.split("││")[0].rstrip(" │").endswith("…")  # the left panel's line
        app.open_record("meetups", M)
        await on_screen(pilot, MeetupScreen)
        await pilot.press("right_square_bracket")  # Attendees
        await until(pilot, lambda: any("needs-action 2" in line for line in screen_lines(app)))
        header = next(line for line in screen_lines(app) if "needs-action 2" in line)
        assert header.rstrip().endswith("…")


async def test_the_attendees_name_column_keeps_room_at_60_columns(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(60, 20)) as pilot:
        app.open_record("meetups", M)
        await on_screen(pilot, MeetupScreen)
        await pilot.press("right_square_bracket")
        table = app.screen.query_one("#attendees-table", DataTable)
        await until(pilot, lambda: table.row_count > 0 and table.size.width > 0)
        name = table.columns[next(iter(table.columns))]
        assert name.width >= FLEXIBLE_MIN  # was 6 while Projects kept 14
        assert any("Amara Okafor" in line for line in screen_lines(app))
        await assert_cells_fit(pilot, table, rows=6)


def test_fixed_columns_give_way_before_a_name_is_cut_short() -> None:
    columns = [("Name", None), ("Role", 9), ("Projects", 14), ("RSVP", 12), ("Their time", 10)]
    assert column_widths(columns, 69) == [24, 9, 14, 12, 10]  # room: as asked
    narrow = column_widths(columns, 49)
    assert narrow[0] == FLEXIBLE_MIN and sum(narrow) == 49
    assert narrow[4] == 10  # no column goes under its label


@pytest.mark.parametrize("size", SIZES)
async def test_status_words_stand_apart(demo_dir: Path, size: tuple[int, int]) -> None:
    run_together = re.compile(r"[a-z](TIE|CLOSED|Tie)")
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=size) as pilot:
        app.open_record("elections", "tc-2027")
        await on_screen(pilot, ElectionDetailScreen)
        await until(pilot, lambda: "contested · CLOSED" in "\n".join(screen_lines(app)))
        assert not any(run_together.search(line) for line in screen_lines(app))
        await app.push_screen(ResultsScreen("tc-2027"))
        await on_screen(pilot, ResultsScreen)
        await until(pilot, lambda: "Winners:" in "\n".join(screen_lines(app)))
        lines = [line.strip() for line in screen_lines(app)]
        assert "Tie at the cut: broken with seed 2027" in lines  # a line of its own
        assert not any(run_together.search(line) for line in lines)
        winners = next(line for line in lines if line.startswith("Winners:"))
        assert winners == "Winners: Lena Vogel, Kiri Tane"
        await pilot.press("escape", "escape")
        await on_screen(pilot, ElectionsScreen)
        await until(pilot, lambda: "Technical" in "\n".join(screen_lines(app)))
        row = next(line for line in screen_lines(app) if "Technical" in line)
        assert re.search(r"closed\s+contested", row)


async def test_dashboard_titles_count_what_they_list(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await on_screen(pilot, DashboardScreen)
        await until(pilot, lambda: screen.query_one("#issues", DataTable).row_count == 5)
        panel = screen.query_one("#issues-panel")
        assert panel.border_title == "Open cross-project issues (5)"
        assert panel.border_subtitle == "key 3"
        text = "\n".join(screen_lines(app))
        assert "Open cross-project issues (5)" in text and "Upcoming meetups (2)" in text
        assert "Elections (3)" in text and "key 5" in text
        assert "[3]" not in text and "[2]" not in text


def dialogs(app: Any) -> dict[str, Callable[[], ModalScreen[Any]]]:
    """Every dialog of the app, opened on the demo."""
    from meetup.agenda.meetups import MeetupDraft
    from meetup.agenda.topics import TopicDraft
    from meetup.elections.drafts import ElectionDraft
    from screens.dialogs.autoschedule import AutoScheduleDialog
    from screens.dialogs.ballot import BallotDialog
    from screens.dialogs.confirm import ConfirmDialog
    from screens.dialogs.export_calendar import ExportCalendarDialog
    from screens.dialogs.export_file import ExportFileDialog
    from screens.dialogs.help import HelpScreen
    from screens.dialogs.history import HistoryDialog
    from screens.dialogs.import_agenda import ImportAgendaDialog
    from screens.dialogs.link import LinkDialog, link_choices
    from screens.dialogs.person_picker import PersonPickerDialog
    from screens.dialogs.pick import PickDialog
    from screens.dialogs.problems import ProblemsDialog
    from screens.dialogs.publish import PublishDialog
    from screens.dialogs.send_invites import SendInvitesDialog
    from screens.forms.action_item import ActionItemDialog
    from screens.forms.area import AreaFormDialog
    from screens.forms.attendee import AddAttendeeDialog
    from screens.forms.comment import CommentDialog
    from screens.forms.election import ElectionFormDialog
    from screens.forms.issue import IssueFormDialog
    from screens.forms.meetup import MeetupFormDialog
    from screens.forms.poll_option import PollOptionDialog
    from screens.forms.prompt import PromptDialog
    from screens.forms.topic import TopicFormDialog

    ws = app.workspace
    people = [(p, ws.person_name(p)) for p in sorted(ws.people)]

    def nothing(*args: Any, **kwargs: Any) -> Any:
        return None

    return {
        "autoschedule": lambda: AutoScheduleDialog(M),
        "ballot": lambda: BallotDialog("neutron-release-liaison", "hana-kobayashi"),
        "confirm": lambda: ConfirmDialog(
            "Delete the topic “Which cross-project liaison roles do we need?”",
            consequence="Its placement and its 9 votes go with it; z undoes it.",
        ),
        "export-calendar": lambda: ExportCalendarDialog(M),
        "export-file": lambda: ExportFileDialog("Export the agenda", "agenda.md", str),
        "help": lambda: HelpScreen(app.screen),
        "history": lambda: HistoryDialog(app.history),
        "import-agenda": ImportAgendaDialog,
        "link": lambda: LinkDialog(link_choices(ws, ws.issues["gate-instability"])),
        "person-picker": lambda: PersonPickerDialog("Who is voting?", people),
        "pick": lambda: PickDialog("Release diff: from which release?", [("a", "a")]),
        "problems": lambda: ProblemsDialog([]),
        "publish": lambda: PublishDialog(M),
        "send-invites": lambda: SendInvitesDialog(M),
        "poll-option": lambda: PollOptionDialog(nothing),
        "action-item": lambda: ActionItemDialog(M, nothing),
        "area": AreaFormDialog,
        "attendee": lambda: AddAttendeeDialog(people, people[:3], nothing),
        "comment": lambda: CommentDialog(nothing),
        "election": lambda: ElectionFormDialog(ElectionDraft()),
        "issue": lambda: IssueFormDialog(nothing),
        "meetup": lambda: MeetupFormDialog(MeetupDraft(), nothing),
        "prompt": lambda: PromptDialog(
            "Import the electorate roll",
            nothing,
            field="file",
            help_text="Replaces the roll; matched case-insensitively, duplicates merged.",
        ),
        "topic": lambda: TopicFormDialog(TopicDraft(), nothing, creating=True),
    }


async def test_every_dialog_keeps_its_border_at_60x20(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(60, 20)) as pilot:
        await on_screen(pilot, DashboardScreen)
        for name, make in dialogs(app).items():
            dialog = make()
            await app.push_screen(dialog)
            await until(pilot, lambda: app.screen is dialog and dialog.children)  # noqa: B023
            box = dialog.children[0]
            await until(pilot, lambda: box.region.width > 0)  # noqa: B023
            assert dialog.region.contains_region(box.region), (name, box.region)
            lines = screen_lines(app)
            top, bottom = lines[box.region.y], lines[box.region.bottom - 1]
            right = box.region.right - 1
            assert top[right] in "╮┐┓╗" and bottom[right] in "╯┘┛╝", (name, top, bottom)
            assert not re.search(r"duplicates me(?!rged)", "\n".join(lines))
            app.pop_screen()
            await until(pilot, lambda: isinstance(app.screen, DashboardScreen))


async def test_a_refused_ballot_says_why_in_full(demo_dir: Path) -> None:
    from screens.dialogs.ballot import BallotDialog

    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(BallotDialog("neutron-release-liaison", "marcus-bell"))
        # It voted already: the message wraps instead of stopping at "a ballot is c".
        await until(pilot, lambda: "has voted already" in " ".join(screen_lines(app)))
        box = app.screen.children[0].region
        text = " ".join(line.strip(" │") for line in box_lines(app, box))
        assert "has voted already; a ballot is cast only once" in text


async def test_toasts_are_few_and_clear_of_a_dialogs_buttons(demo_dir: Path) -> None:
    from screens.dialogs.autoschedule import AutoScheduleDialog
    from screens.toasts import MAX_TOASTS

    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await on_screen(pilot, DashboardScreen)
        dialog = AutoScheduleDialog(M)
        await app.push_screen(dialog)
        await until(pilot, lambda: app.screen is dialog and dialog.query("#apply"))
        for n in range(9):
            app.notify(f"Notice {n}: something happened that takes a line or two to say")
        await until(pilot, lambda: "Notice 8" in " ".join(screen_lines(app)))
        await until(pilot, lambda: len(dialog.query("Toast")) == MAX_TOASTS)
        text = " ".join(screen_lines(app))
        assert "Notice 5" not in text and "Notice 6" in text
        buttons = [dialog.query_one(f"#{b}").region for b in ("apply", "keep", "cancel")]
        toasts = dialog.query("Toast")
        for toast in toasts:
            assert not any(toast.region.overlaps(button) for button in buttons)
