"""The help dialog: every key of the screen it was opened from."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen below it, then the app's own."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen #help {
        width: 64;
        max-height: 90%;
        border: round $accent;
        border-title-color: $text-accent;
        padding: 0 1;
        background: $surface;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close-help")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "Keys"
            yield Static(self._text(), id="help-text")

    def _text(self) -> str:
        """One line per action, with every key that triggers it (``2 / m  Meetups``)."""
        keys: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        for active in self.under.active_bindings.values():
            binding = active.binding
            keys.setdefault(binding.action, []).append(self.app.get_key_display(binding))
            if binding.description:
                descriptions.setdefault(binding.action, binding.description)
        lines = []
        for action, labels in keys.items():
            label = " / ".join(dict.fromkeys(labels))
            description = descriptions.get(action, action)
            lines.append(f"[b]{escape(label):>12}[/b]  {escape(description)}")
        lines.append(f"[b]{'ctrl+p':>12}[/b]  Command palette: every screen and action")
        lines.append("")
        lines.append("[dim]Esc closes this help.[/dim]")
        return "\n".join(lines)
