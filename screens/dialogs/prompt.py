"""Ask for one line of text; the caller's check shows its error inline, under the field."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from meetup.store.errors import InvalidInput


class PromptDialog(ModalScreen[str | None]):
    """Returns the text entered (after ``check`` accepted it), or None when cancelled.

    ``check(text)`` may raise InvalidInput (or ValueError): its message appears under the
    field and the dialog stays open, so a bad entry is never half-applied.
    """

    DEFAULT_CSS = """
    PromptDialog { align: center middle; }
    PromptDialog #prompt {
        width: 64; height: auto; border: round $accent; background: $surface; padding: 0 1;
    }
    PromptDialog #prompt-input { border: tall $primary; }
    PromptDialog #prompt-error { color: $error; display: none; }
    PromptDialog #prompt-error.shown { display: block; }
    PromptDialog #prompt-help { color: $text-muted; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        help_text: str = "",
        check: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.help_text = help_text
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Label(Text(self.title_text, style="bold"))
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-error")
            yield Label(Text(self.help_text), id="prompt-help")

    def on_mount(self) -> None:
        self.query_one("#prompt-help", Label).display = bool(self.help_text)

    @on(Input.Submitted, "#prompt-input")
    def submitted(self, event: Input.Submitted) -> None:
        error = self.query_one("#prompt-error", Label)
        if self.check is not None:
            try:
                self.check(event.value)
            except (InvalidInput, ValueError) as exc:
                error.update(Text(str(getattr(exc, "message", exc))))
                error.add_class("shown")
                return
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
