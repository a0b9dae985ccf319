"""Add a comment to an issue's log."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.app import ComposeResult

from meetup.store.records import Issue
from screens.forms.kit import FormDialog, field_input


class CommentDialog(FormDialog[Issue]):
    """One line of comment; ``save(text)`` appends it to the log (an empty one is refused)."""

    SAVE_LABEL = "Add"

    def __init__(self, save: Callable[[str], Issue]) -> None:
        super().__init__("Add a comment to the log")
        self.save_comment = save

    def fields(self) -> ComposeResult:
        yield from self.row(
            "comment", "Comment", field_input(ident="comment", placeholder="What happened?")
        )

    def read(self) -> str:
        return self.text("comment")

    def check(self, draft: str) -> Mapping[str, str]:
        return {} if draft.strip() else {"comment": "a comment cannot be empty"}

    def save(self, draft: str) -> Issue:
        return self.save_comment(draft)
