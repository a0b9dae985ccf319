"""Invite one person: who, as what, for whom; the PTL-only policy refuses inline."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from meetup.store.errors import InvalidInput, StaleWriteError
from meetup.store.records import AttendeeRole

ROLES: list[tuple[str, AttendeeRole]] = [
    ("PTL", "ptl"),
    ("delegate of a PTL", "delegate"),
    ("organizer", "organizer"),
    ("guest", "guest"),
]


class AddAttendeeDialog(ModalScreen[bool]):
    """``submit(person, role, delegate_for)`` saves or raises InvalidInput (shown inline)."""

    DEFAULT_CSS = """
    AddAttendeeDialog { align: center middle; }
    AddAttendeeDialog #add {
        width: 70; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    AddAttendeeDialog #add-filter { border: none; height: 1; padding: 0 1; background: $boost; }
    AddAttendeeDialog OptionList { height: auto; max-height: 8; border: none; padding: 0; }
    AddAttendeeDialog .row { height: 3; }
    AddAttendeeDialog .row Label { width: 12; padding-top: 1; color: $text-muted; }
    AddAttendeeDialog .row Select { width: 1fr; }
    AddAttendeeDialog #add-error { color: $text-error; height: auto; width: 1fr; }
    AddAttendeeDialog #add-keys { color: $text-muted; height: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Invite", id="add-save"),
        Binding("escape", "cancel", "Cancel", id="add-cancel"),
    ]

    def __init__(
        self,
        people: list[tuple[str, str]],
        ptls: list[tuple[str, str]],
        submit: Callable[[str, AttendeeRole, str | None], object],
    ) -> None:
        super().__init__()
        self.people = people
        self.ptls = ptls
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(id="add") as box:
            box.border_title = "Invite someone"
            yield Input(placeholder="type a name to filter", id="add-filter")
            yield OptionList(id="add-people")
            with Horizontal(classes="row"):
                yield Label("As")
                yield Select(ROLES, value="ptl", allow_blank=False, id="add-role")
            with Horizontal(classes="row"):
                yield Label("Stands in for")
                yield Select(self.ptls, prompt="(delegates only) the PTL", id="add-for")
            yield Label("", id="add-error")
            yield Static("Enter/ctrl+s invite · Tab next field · Esc cancel", id="add-keys")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#add-filter", Input).focus()

    def _fill(self, query: str) -> None:
        words = query.lower().split()
        options = self.query_one("#add-people", OptionList)
        options.clear_options()
        options.add_options(
            Option(Text(label), id=ident)
            for ident, label in self.people
            if all(w in f"{ident} {label}".lower() for w in words)
        )
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#add-filter")
    def filtered(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_key(self, event: object) -> None:
        key = getattr(event, "key", "")
        if key in ("down", "up") and self.focused is self.query_one("#add-filter"):
            options = self.query_one("#add-people", OptionList)
            options.action_cursor_down() if key == "down" else options.action_cursor_up()

    @on(Input.Submitted)
    @on(OptionList.OptionSelected)
    def action_save(self) -> None:
        options = self.query_one("#add-people", OptionList)
        error = self.query_one("#add-error", Label)
        if options.highlighted is None:
            error.update("Choose a person")
            return
        person = str(options.get_option_at_index(options.highlighted).id)
        role = self.query_one("#add-role", Select).value
        delegate_for = self.query_one("#add-for", Select).value
        try:
            self.submit(
                person,
                role,  # type: ignore[arg-type]
                delegate_for if isinstance(delegate_for, str) else None,
            )
        except (InvalidInput, StaleWriteError) as exc:
            error.update(Text(exc.message if isinstance(exc, InvalidInput) else str(exc)))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
