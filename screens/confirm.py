"""A yes/no question before anything destructive: ``ConfirmDialog(question) -> bool``."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens.widgets import plain


class ConfirmDialog(ModalScreen[bool]):
    """Asks ``question``; dismisses True for yes, False for no or escape.

    ``question`` is shown as typed (user text in it is never parsed as markup).
    """

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
    }
    ConfirmDialog #confirm {
        width: 60;
        max-width: 90%;
        height: auto;
        border: round $warning;
        border-title-color: $text-warning;
        background: $surface;
        padding: 0 1;
    }
    ConfirmDialog #question {
        width: 1fr;
        height: auto;
        margin: 1 0;
    }
    ConfirmDialog #buttons {
        height: auto;
        align-horizontal: right;
    }
    ConfirmDialog Button {
        margin-left: 2;
    }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", title: str = "Are you sure?") -> None:
        super().__init__()
        self.question = question
        self.yes_label = yes
        self.dialog_title = title

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm") as box:
            box.border_title = self.dialog_title
            text = plain(self.question)
            text.no_wrap = False
            yield Static(text, id="question")
            with Horizontal(id="buttons"):
                yield Button("No", id="no")
                yield Button(self.yes_label, id="yes", variant="error")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)
