"""The session's undo history, newest first: pick an edit to undo it and all after it."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from meetup.store.history import History


class HistoryDialog(ModalScreen[int | None]):
    """Dismisses the index of the edit to undo (with every later one), or None (Esc)."""

    DEFAULT_CSS = """
    HistoryDialog { align: center middle; }
    HistoryDialog #history {
        width: 76; max-width: 100%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HistoryDialog OptionList { height: auto; max-height: 14; border: none; padding: 0; }
    HistoryDialog #history-hint { height: auto; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="history-cancel")]

    def __init__(self, history: History) -> None:
        super().__init__()
        self.history = history

    def compose(self) -> ComposeResult:
        with Vertical(id="history") as box:
            box.border_title = "Undo history (newest first)"
            yield OptionList(id="history-list")
            yield Static(
                Text(
                    "Enter undoes the chosen edit and every edit above it (newer), "
                    "as one change. Esc closes.",
                    style="dim",
                ),
                id="history-hint",
            )

    def on_mount(self) -> None:
        options = self.query_one("#history-list", OptionList)
        entries = self.history.entries
        if not entries:
            options.add_option(Option(Text("Nothing to undo yet in this session"), disabled=True))
        for index in range(len(entries) - 1, -1, -1):
            entry = entries[index]
            label = Text(f"{len(entries) - index:>2}. {entry.at} ", style="dim")
            label.append(entry.what)
            files = len(entry.effective)
            if files > 1:
                label.append(f" ({files} files)", style="dim")
            options.add_option(Option(label, id=str(index)))
        if entries:
            options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id))

    def action_cancel(self) -> None:
        self.dismiss(None)
