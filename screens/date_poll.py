"""The date poll of a meetup: options x invited people, their answers, the ranking."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static

from meetup.agenda import datepoll
from meetup.store.errors import Problem, WorkspaceError
from meetup.store.records import DatePoll
from screens.base import WorkspaceScreen
from screens.widgets import plain

MARKS = {"yes": ("✓", "green"), "maybe": ("?", "yellow"), "no": ("✗", "red"), None: ("·", "dim")}


class DatePollScreen(WorkspaceScreen):
    """Grid of answers (rows: invited people, columns: date options) and the ranking."""

    CSS_PATH = "date_poll.tcss"
    BINDINGS = [
        Binding("y", "answer('yes')", "Yes", id="poll-yes"),
        Binding("m", "answer('maybe')", "Maybe", id="poll-maybe"),
        Binding("x", "answer('no')", "No", id="poll-no"),
        Binding("n", "add_option", "Add option", id="poll-add"),
        Binding("c", "choose(False)", "Choose", id="poll-choose"),
        Binding("C", "choose(True)", "Force", id="poll-force", show=False),
        Binding("escape", "app.pop_screen", "Back", id="poll-back"),
    ]

    def __init__(self, meetup_id: str) -> None:
        super().__init__()
        self.meetup_id = meetup_id
        self.poll = DatePoll()
        self.broken: Problem | None = None
        """The poll file's problem when it does not parse or validate."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="poll-ranking")
        yield DataTable(id="poll-grid", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Date poll · {self.workspace.meetup(self.meetup_id).meetup.title}"
        self.refresh_data()

    def refresh_data(self) -> None:
        ws = self.workspace
        try:
            self.poll = poll = datepoll.load_poll(ws, self.meetup_id)
        except WorkspaceError as exc:  # a broken poll.toml: say where, keep the app usable
            self.poll = poll = DatePoll()
            self.broken = exc.problem
        else:
            self.broken = None
        ranked = datepoll.ranking(ws, self.meetup_id, poll)
        lines = Text()
        if self.broken is not None:
            lines.append(f"The date poll cannot be read: {self.broken}", style="bold red")
            lines.append("\nFix the file (see `meetup check`), then press ctrl+r.", style="dim")
        elif not ranked:
            lines.append("No options yet: press n to add a date range.", style="dim")
        for n, t in enumerate(ranked[:4], 1):
            if n > 1:
                lines.append("\n")
            chosen = "  ← chosen" if t.option.id == poll.chosen else ""
            lines.append(f"{n}. {t.option.start:%a %d %b} +{t.option.days}d ", style="bold")
            lines.append(f"{t.option.label} ")
            lines.append(f"✓{t.yes} ?{t.maybe} ✗{t.no} ·{t.waiting}{chosen}")
        self.query_one("#poll-ranking", Static).update(lines)
        table = self.query_one("#poll-grid", DataTable)
        row, col = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("Person", width=20, key="person")
        for o in poll.options:
            table.add_column(f"{o.start:%d %b}+{o.days}", width=9, key=o.id)
        for a in self.workspace.meetup(self.meetup_id).meetup.attendees:
            cells: list[Any] = [plain(ws.person_name(a.person))]
            for o in poll.options:
                mark, style = MARKS[o.answers.get(a.person)]
                cells.append(Text(mark, style=style, justify="center"))
            table.add_row(*cells, key=a.person)
        if table.row_count:
            table.move_cursor(row=row, column=max(1, col) if poll.options else 0)

    def _selected(self) -> tuple[str, str] | None:
        table = self.query_one("#poll-grid", DataTable)
        if not table.row_count or not self.poll.options:
            return None
        _row, col = table.cursor_coordinate
        if col < 1:
            return None
        person = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        return person, self.poll.options[col - 1].id

    def action_answer(self, value: str) -> None:
        selected = self._selected()
        if selected is None:
            self.notify("Select an option column first", severity="warning")
            return
        person, option = selected
        self.apply(lambda: datepoll.answer(self.workspace, self.meetup_id, person, option, value))

    def action_choose(self, force: bool) -> None:
        selected = self._selected()
        if selected is None:
            self.notify("Select an option column first", severity="warning")
            return
        option = selected[1]
        choice = self.apply(
            lambda: datepoll.choose(self.workspace, self.meetup_id, option, force=force)
        )
        if choice is None:
            if not force:
                self.notify("Press C to choose anyway and take those sessions off the grid")
            return
        message = f"Dates set: {', '.join(f'{d:%a %d %b}' for d in choice.days)}"
        if choice.unscheduled:
            message += f"; taken off the grid: {', '.join(choice.unscheduled)}"
        self.notify(message, timeout=10)

    def action_add_option(self) -> None:
        def added(value: tuple[date, int, str] | None) -> None:
            if value is not None:
                start, days, label = value
                self.apply(
                    lambda: datepoll.add_option(self.workspace, self.meetup_id, start, days, label)
                )

        self.app.push_screen(AddPollOptionDialog(), added)

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        here = "for the selected person and option"
        return [
            ("Poll: add a date option", "A start date and 1-4 days", self.action_add_option),
            ("Poll: answer yes", here, lambda: self.action_answer("yes")),
            ("Poll: answer if need be", here, lambda: self.action_answer("maybe")),
            ("Poll: answer no", here, lambda: self.action_answer("no")),
            ("Poll: choose the selected option", "Set the days", lambda: self.action_choose(False)),
            (
                "Poll: choose and unschedule",
                "Set the days; sessions on vanished days leave the grid",
                lambda: self.action_choose(True),
            ),
        ]


class AddPollOptionDialog(ModalScreen[tuple[date, int, str] | None]):
    """Start date, number of days and a label for a new poll option."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="poll-option-cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="poll-option-box"):
            yield Label("Start date (YYYY-MM-DD)")
            yield Input(id="poll-start", placeholder="2027-02-02")
            yield Label("Days (1-4)")
            yield Input(id="poll-days", value="2")
            yield Label("Label (optional)")
            yield Input(id="poll-label")
            yield Label("", id="poll-option-error", classes="problem")

    def on_mount(self) -> None:
        self.query_one("#poll-option-box").border_title = "Add a date option · enter to add"

    @on(Input.Submitted)
    def submit(self) -> None:
        error = self.query_one("#poll-option-error", Label)
        try:
            start = date.fromisoformat(self.query_one("#poll-start", Input).value.strip())
        except ValueError:
            error.update("start: a date like 2027-02-02")
            return
        try:
            days = int(self.query_one("#poll-days", Input).value.strip())
        except ValueError:
            days = 0
        if not 1 <= days <= 4:
            error.update("days: a number from 1 to 4")
            return
        self.dismiss((start, days, self.query_one("#poll-label", Input).value))

    def action_cancel(self) -> None:
        self.dismiss(None)
