"""The date poll of a meetup: options x invited people, their answers, the ranking."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from meetup.agenda import datepoll
from meetup.store import table as store_table
from meetup.store.records import DatePoll, PollOption
from screens.base import WorkspaceScreen
from screens.saving import read
from screens.widgets import Table, plain

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
        self.broken = False
        """The poll file does not parse: nothing can be answered or added."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="poll-ranking")
        yield Table(id="poll-grid", cursor_type="cell", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Date poll · {self.workspace.meetup(self.meetup_id).meetup.title}"
        self.refresh_data()

    def refresh_data(self) -> None:
        ws = self.workspace
        poll = read(self, lambda: datepoll.load_poll(ws, self.meetup_id), title="Date poll")
        if poll is None:  # broken or unreadable: say so, and offer nothing to change
            rel = store_table.POLL.path(self.meetup_id)
            self.poll = DatePoll()
            self.broken = True
            self.query_one("#poll-ranking", Static).update(
                Text(
                    f"The date poll of this meetup cannot be read: {rel}"
                    " is broken. Fix it (meetup check names the line), then press ctrl+r.",
                    style="bold red",
                )
            )
            self.query_one("#poll-grid", DataTable).clear(columns=True)
            self.refresh_bindings()
            return
        self.poll, self.broken = poll, False
        self.refresh_bindings()
        ranked = datepoll.ranking(ws, self.meetup_id, poll)
        today = self.meetup_app.clock().date()
        lines = Text()
        if not ranked:
            lines.append("No options yet: press n to add a date range.", style="dim")
        for n, t in enumerate(ranked[:4], 1):
            if n > 1:
                lines.append("\n")
            chosen = "  ← chosen" if t.option.id == poll.chosen else ""
            start = datepoll.when(t.option.start, today)
            lines.append(f"{n}. {start} +{t.option.days}d ", style="bold")
            lines.append(f"{t.option.label} ")
            lines.append(f"✓{t.yes} ?{t.maybe} ✗{t.no} ·{t.waiting}{chosen}")
        self.query_one("#poll-ranking", Static).update(lines)
        table = self.query_one("#poll-grid", DataTable)
        row, col = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("Person", width=20, key="person")
        for o in poll.options:
            header = f"{datepoll.when(o.start, today, weekday=False)}+{o.days}"
            table.add_column(header, width=max(9, len(header)), key=o.id)
        for a in self.workspace.meetup(self.meetup_id).meetup.attendees:
            cells: list[Any] = [plain(ws.person_name(a.person))]
            for o in poll.options:
                mark, style = MARKS[o.answers.get(a.person)]
                cells.append(Text(mark, style=style, justify="center"))
            table.add_row(*cells, key=a.person)
        if table.row_count:
            table.move_cursor(row=row, column=max(1, col) if poll.options else 0)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("answer", "add_option", "choose"):
            return not self.broken
        return True

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
        self.apply(
            lambda: datepoll.answer(self.workspace, self.meetup_id, person, option, value),
            what=f"{self.workspace.person_name(person)} answered {value!r}"
            f" for {self.option_words(option)}",
        )

    def option_words(self, option_id: str) -> str:
        """``Tue 02 Feb 2027 'Week 5'``: a poll option as a person reads it."""
        option = next((o for o in self.poll.options if o.id == option_id), None)
        if option is None:
            return option_id
        return f"{option.start:%a %d %b %Y}" + (f" {option.label!r}" if option.label else "")

    def action_choose(self, force: bool) -> None:
        selected = self._selected()
        if selected is None:
            self.notify("Select an option column first", severity="warning")
            return
        option = selected[1]
        choice = self.apply(
            lambda: datepoll.choose(self.workspace, self.meetup_id, option, force=force),
            what=f"chose the dates {self.option_words(option)}",
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
        from screens.forms.poll_option import PollOptionDialog

        def add(start: date, days: int, label: str) -> PollOption:
            today = self.meetup_app.clock().date()
            return datepoll.add_option(self.workspace, self.meetup_id, start, days, label, today)

        self.app.push_screen(PollOptionDialog(add))

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
