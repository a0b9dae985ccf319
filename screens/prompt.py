"""Ask for one line of text; the caller's ``submit`` saves it or returns why it cannot."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from meetup.errors import InvalidInput, NotFoundError, StaleWriteError


class PromptDialog(ModalScreen[bool]):
    """One Input; Enter runs ``submit(text)`` and closes (True) unless it raises
    InvalidInput, whose message then shows inline under the field."""

    DEFAULT_CSS = """
    PromptDialog {
        align: center middle;
    }
    PromptDialog #prompt {
        width: 64;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    PromptDialog #prompt-error {
        color: $text-error;
        height: auto;
    }
    PromptDialog #prompt-hint {
        height: auto;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="prompt-cancel")]

    def __init__(
        self,
        title: str,
        submit: Callable[[str], object],
        *,
        value: str = "",
        hint: str = "",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.submit = submit
        self.value = value
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt") as box:
            box.border_title = self.title_text
            yield Input(self.value, id="prompt-input")
            yield Label("", id="prompt-error")
            if self.hint:
                yield Static(Text(self.hint, style="dim"), id="prompt-hint")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        try:
            self.submit(event.value)
        except (InvalidInput, NotFoundError) as exc:
            message = exc.message if isinstance(exc, InvalidInput) else str(exc)
            self.query_one("#prompt-error", Label).update(Text(message))
            return
        except StaleWriteError as exc:
            reload = getattr(self.app, "reload_workspace", None)
            if reload is not None:
                reload()
            self.query_one("#prompt-error", Label).update(Text(str(exc)))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
