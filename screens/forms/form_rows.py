"""What the record forms share: a labelled row per field with an inline error under it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import ModalScreen, Screen
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from meetup.store.errors import InvalidInput, StaleWriteError
from meetup.store.workspace import Workspace
from screens.widgets import plain

FORM_CSS = """
.form-row {
    height: auto;
}
.form-row > .form-label {
    width: 12;
    color: $text-muted;
}
.form-row > Input, .form-row > Select, .form-row > TextArea {
    width: 1fr;
}
.form-error {
    display: none;
    height: auto;
    color: $text-error;
    padding-left: 12;
}
.form-error.-shown {
    display: block;
}
.form-hint {
    color: $text-muted;
    height: auto;
}
"""
"""Used in a dialog's DEFAULT_CSS, nested under its class by the dialog."""


def form_row(name: str, label: str, widget: Widget) -> ComposeResult:
    """A row ``label | widget`` and, under it, the error label ``#<name>-error``."""
    with Horizontal(classes="form-row", id=f"{name}-row"):
        yield Label(label, classes="form-label")
        yield widget
    yield Static("", id=f"{name}-error", classes="form-error")


def show_errors(screen: Screen[Any], names: Iterable[str], errors: Mapping[str, str]) -> None:
    """Show each field's error under it (and hide the others); focus the first bad field."""
    first = True
    for name in names:
        label = screen.query_one(f"#{name}-error", Static)
        message = errors.get(name, "")
        label.update(plain(message))
        label.set_class(bool(message), "-shown")
        if message and first:
            first = False
            row = screen.query_one(f"#{name}-row", Horizontal)
            row.children[-1].focus()


class SuggestListItem(Suggester):
    """Completes the last item of a comma-separated list from ``choices``."""

    def __init__(self, choices: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.choices = list(choices)

    async def get_suggestion(self, value: str) -> str | None:
        last = value.rpartition(",")[2]
        stem = last.lstrip()
        if not stem:
            return None
        folded = stem.casefold()
        for choice in self.choices:
            if choice.casefold().startswith(folded) and choice.casefold() != folded:
                prefix = value[: len(value) - len(stem)]
                return prefix + choice
        return None


class DraftFormDialog(ModalScreen[Any]):
    """A record form: its fields make a draft; saving checks it and shows errors inline.

    Subclasses compose the rows, set ``FIELDS``, and implement ``draft()`` and
    ``draft_errors()``; ``save_draft`` stores a valid draft and returns the record the
    dialog dismisses with.  Typed text is never lost: a refused draft stays in the form, and
    a file changed on disk is reloaded so that saving again works.
    """

    FIELDS: tuple[str, ...] = ()
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form-save", priority=True),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
    ]
    workspace: Workspace
    save_draft: Callable[[Any], Any]

    def draft(self) -> Any:
        raise NotImplementedError

    def draft_errors(self, draft: Any) -> Mapping[str, str]:
        raise NotImplementedError

    def action_save(self) -> None:
        draft = self.draft()
        errors = self.draft_errors(draft)
        show_errors(self, self.FIELDS, errors)
        if errors:
            return
        try:
            record = self.save_draft(draft)
        except InvalidInput as exc:
            field = exc.field if exc.field in self.FIELDS else self.FIELDS[0]
            show_errors(self, self.FIELDS, {field: exc.message})
            return
        except StaleWriteError as exc:
            reload = getattr(self.app, "reload_workspace", None)
            if reload is not None:
                reload()
                self.workspace = self.app.workspace  # type: ignore[attr-defined]
            self.notify(str(exc), title="Not saved", severity="error", timeout=10, markup=False)
            return
        self.dismiss(record)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()
