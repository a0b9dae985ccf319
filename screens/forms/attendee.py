"""Invite one person: who, as what, for whom; the PTL-only policy refuses inline."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from meetup.finding import matches
from meetup.store.errors import InvalidInput
from meetup.store.fields import AttendeeRole
from meetup.store.records import Attendee
from screens.forms.kit import FormDialog, field_input, field_select

ROLES: list[tuple[str, AttendeeRole]] = [
    ("PTL", "ptl"),
    ("delegate of a PTL", "delegate"),
    ("organizer", "organizer"),
    ("guest", "guest"),
]

Invite = tuple[str, AttendeeRole, str | None]


class AddAttendeeDialog(FormDialog[Attendee]):
    """``save(person, role, delegate_for)`` invites; a refusal shows under the field."""

    DEFAULT_CSS = """
    AddAttendeeDialog #people { height: auto; max-height: 8; border: none; padding: 0;
        margin-left: 14; }
    """
    SAVE_LABEL = "Invite"
    HINT = "↑↓ choose"

    def __init__(
        self,
        people: list[tuple[str, str]],
        ptls: list[tuple[str, str]],
        save: Callable[[str, AttendeeRole, str | None], Attendee],
    ) -> None:
        super().__init__("Invite someone")
        self.people = people
        self.ptls = ptls
        self.save_invite = save

    def fields(self) -> ComposeResult:
        yield from self.row(
            "person", "Who", field_input(ident="filter", placeholder="type a name to filter")
        )
        yield OptionList(id="people")
        yield from self.row("role", "As", field_select(ROLES, "ptl", ident="role"))
        yield from self.row(
            "delegate_for",
            "Stands in for",
            field_select(self.ptls, None, ident="delegate_for", prompt="(delegates only) the PTL"),
        )

    def on_mount(self) -> None:
        self._fill("")  # FormDialog.on_mount runs too (Textual calls each class's handler)

    def _fill(self, query: str) -> None:
        options = self.query_one("#people", OptionList)
        options.clear_options()
        options.add_options(
            Option(Text(label), id=ident)
            for ident, label in self.people
            if matches(query, (ident, label))  # accent-insensitive: "bjorn" finds Björn
        )
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#filter")
    def filtered(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def on_key(self, event: events.Key) -> None:
        if event.key in ("down", "up") and self.focused is self.query_one("#filter"):
            options = self.query_one("#people", OptionList)
            options.action_cursor_down() if event.key == "down" else options.action_cursor_up()
            event.stop()

    @on(OptionList.OptionSelected, "#people")
    def picked(self) -> None:
        self.action_save()

    def read(self) -> Invite:
        options = self.query_one("#people", OptionList)
        if options.highlighted is None:
            raise InvalidInput("person", "choose a person")
        person = str(options.get_option_at_index(options.highlighted).id)
        role: AttendeeRole = self.choice("role")  # type: ignore[assignment]
        return person, role, self.choice("delegate_for") or None

    def save(self, draft: Invite) -> Attendee:
        return self.save_invite(*draft)
