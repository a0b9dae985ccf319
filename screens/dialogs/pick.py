"""Pick one item from a list, filtered as you type (people, topics, ...)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from meetup.finding import matches


class PickDialog(ModalScreen[str | None]):
    """Dismisses the id of the chosen option, or None (Esc)."""

    DEFAULT_CSS = """
    PickDialog {
        align: center middle;
    }
    PickDialog #pick {
        width: 64;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    PickDialog #pick-filter {
        border: none;
        height: 1;
        padding: 0;
        margin-bottom: 1;
    }
    PickDialog OptionList {
        height: auto;
        max-height: 14;
        border: none;
        padding: 0;
    }
    PickDialog #pick-hint {
        height: auto;
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="pick-cancel"),
        Binding("down", "list_down", "Down", show=False),
        Binding("up", "list_up", "Up", show=False),
    ]

    def __init__(self, title: str, options: Sequence[tuple[str, str]], hint: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="pick") as box:
            box.border_title = self.title_text
            yield Input(placeholder="type to filter, ↑↓ choose, Enter picks", id="pick-filter")
            yield OptionList(id="pick-list")
            if self.hint:
                yield Static(Text(self.hint, style="dim"), id="pick-hint")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#pick-filter", Input).focus()

    def _fill(self, query: str) -> None:
        options = self.query_one("#pick-list", OptionList)
        options.clear_options()
        options.add_options(
            Option(Text(label), id=ident)
            for ident, label in self.options
            if matches(query, (ident, label))  # accent-insensitive: "jose" finds José
        )
        if options.option_count:
            options.highlighted = 0

    @on(Input.Changed, "#pick-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    @on(Input.Submitted, "#pick-filter")
    def submitted(self) -> None:
        options = self.query_one("#pick-list", OptionList)
        if options.highlighted is not None:
            self.dismiss(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_list_down(self) -> None:
        self.query_one("#pick-list", OptionList).action_cursor_down()

    def action_list_up(self) -> None:
        self.query_one("#pick-list", OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
