"""Ask for a comment to add to an issue's log."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static


class CommentDialog(ModalScreen[str | None]):
    """One line of comment; enter adds it, escape cancels; an empty one is refused inline."""

    DEFAULT_CSS = """
    CommentDialog {
        align: center middle;
        & #comment-box {
            width: 70;
            max-width: 100%;
            height: auto;
            border: round $accent;
            border-title-color: $text-accent;
            background: $surface;
            padding: 0 1;
        }
        & #comment-error {
            color: $text-error;
            height: auto;
        }
        & .form-hint {
            color: $text-muted;
        }
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="comment-cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(id="comment-box") as box:
            box.border_title = "Add a comment to the log"
            yield Input(placeholder="What happened?", id="comment")
            yield Static("", id="comment-error")
            yield Static("enter add · esc cancel", classes="form-hint")

    @on(Input.Submitted, "#comment")
    def submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.query_one("#comment-error", Static).update("A comment cannot be empty.")
            return
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
