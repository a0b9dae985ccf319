"""Pick one person from a list (with a filter); optionally a "clear" choice."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from meetup.finding import matches

CLEAR = ""
"""What the dialog returns for its "clear" choice (None means cancelled)."""


class PersonPickerDialog(ModalScreen[str | None]):
    """Returns a person id, ``CLEAR`` for the clear choice, or None when cancelled."""

    DEFAULT_CSS = """
    PersonPickerDialog { align: center middle; }
    PersonPickerDialog #picker {
        width: 56; height: 20; border: round $accent; background: $surface; padding: 0 1;
    }
    PersonPickerDialog #picker-filter { border: none; height: 1; margin-bottom: 1; }
    PersonPickerDialog #picker-list { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("down", "list_down", "Down", show=False),
        Binding("up", "list_up", "Up", show=False),
    ]

    def __init__(
        self, title: str, people: list[tuple[str, str]], *, clear_label: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.people = people
        self.clear_label = clear_label

    def compose(self) -> ComposeResult:
        with Vertical(id="picker"):
            yield Label(Text(self.title_text, style="bold"))
            yield Input(placeholder="type to filter, ↑↓ choose, Enter picks", id="picker-filter")
            yield OptionList(id="picker-list")

    def on_mount(self) -> None:
        self.fill("")
        self.query_one("#picker-filter", Input).focus()  # typed letters filter at once

    def fill(self, query: str) -> None:
        options = self.query_one("#picker-list", OptionList)
        options.clear_options()
        for ident, label in self.people:
            if matches(query, (label, ident)):  # accent-insensitive: "bjorn" finds Björn
                options.add_option(Option(Text(label), id=ident))
        # Clearing is an explicit choice at the end, never the row Enter lands on first.
        if self.clear_label is not None and not query:
            options.add_option(Option(Text(self.clear_label, style="italic"), id="\0clear"))
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#picker-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#picker-filter")
    def filter_submitted(self) -> None:
        """Enter picks the highlighted match."""
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is not None:
            ident = options.get_option_at_index(options.highlighted).id or ""
            self.dismiss(CLEAR if ident == "\0clear" else ident)

    def action_list_down(self) -> None:
        self.query_one("#picker-list", OptionList).action_cursor_down()

    def action_list_up(self) -> None:
        self.query_one("#picker-list", OptionList).action_cursor_up()

    @on(OptionList.OptionSelected, "#picker-list")
    def picked(self, event: OptionList.OptionSelected) -> None:
        ident = event.option.id or ""
        self.dismiss(CLEAR if ident == "\0clear" else ident)

    def action_cancel(self) -> None:
        self.dismiss(None)
