"""Ask yes or no before something that cannot be undone."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label


class ConfirmDialog(ModalScreen[bool]):
    """Returns True for yes; escape or "No" return False."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog #confirm {
        width: 60; height: auto; border: round $warning; background: $surface; padding: 0 1;
    }
    ConfirmDialog #confirm-buttons { height: auto; align-horizontal: right; }
    ConfirmDialog Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="no"),
        Binding("y", "answer(True)", "Yes", id="yes"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes") -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Label(Text(self.question))
            with Horizontal(id="confirm-buttons"):
                yield Button("No", id="confirm-no")
                yield Button(self.yes, id="confirm-yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
