"""A form of one line: a room's name, a break, a statement, a file to import, a seed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static

from screens.forms.kit import FormDialog, field_input


class PromptDialog(FormDialog[str]):
    """``save(text)`` stores the line (through the seam); an InvalidInput about ``field``
        shows under it, any other refusal under the form.  Dismisses with the saved text (or with
    what ``save`` returned).
    """

    def __init__(
        self,
        title: str,
        save: Callable[[str], Any],
        *,
        field: str = "value",
        label: str = "",
        value: str = "",
        placeholder: str = "",
        help_text: str = "",
        dismiss_with_result: bool = False,
    ) -> None:
        super().__init__(title)
        self.save_text = save
        self.field = field
        self.label = label or field.replace("_", " ").capitalize()
        self.value = value
        self.placeholder = placeholder
        self.help_text = help_text
        self.dismiss_with_result = dismiss_with_result

    def fields(self) -> ComposeResult:
        yield from self.row(
            self.field,
            self.label,
            field_input(self.value, ident=self.field, placeholder=self.placeholder),
        )
        if self.help_text:
            yield Static(Text(self.help_text), id="prompt-help", classes="form-hint")

    def read(self) -> str:
        return self.text(self.field)

    def save(self, draft: str) -> Any:
        return self.save_text(draft)

    def outcome(self, draft: str, saved: Any) -> str:
        """The typed line, or (``dismiss_with_result``) what ``save`` returned."""
        return str(saved) if self.dismiss_with_result else draft
