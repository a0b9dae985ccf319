"""A small form dialog: labelled fields, inline errors from the domain, nothing half-saved.

The caller passes ``submit(values)``, which runs the domain operation; an InvalidInput it
raises is shown under the field it names (``field`` equal to a field key) or at the bottom,
and the dialog stays open.  On success the dialog dismisses with what ``submit`` returned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select

from meetup.store.errors import BrokenFileError, InvalidInput, NotFoundError, StaleWriteError


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    value: Any = ""
    kind: str = "text"
    """text | select | bool"""
    options: Sequence[tuple[str, str]] = field(default_factory=tuple)
    placeholder: str = ""


def _dom_id(key: str) -> str:
    return "f-" + key.replace(".", "-").replace("_", "-")


class FormDialog(ModalScreen[Any]):
    """Returns ``submit``'s result, or None when cancelled."""

    DEFAULT_CSS = """
    FormDialog { align: center middle; }
    FormDialog #form {
        width: 72; max-height: 22; height: auto; border: round $accent;
        background: $surface; padding: 0 1;
    }
    FormDialog #form-fields { height: auto; max-height: 16; }
    FormDialog .form-row { height: 1; }
    FormDialog .form-label { width: 20; color: $text-muted; }
    FormDialog .form-row Input { border: none; height: 1; width: 1fr; padding: 0; }
    FormDialog .form-row Select { width: 1fr; height: 1; }
    FormDialog .form-row Select > SelectCurrent { border: none; height: 1; padding: 0; }
    FormDialog .form-row Checkbox { border: none; height: 1; padding: 0; width: 1fr; }
    FormDialog .form-error { color: $error; padding-left: 20; display: none; }
    FormDialog .form-error.shown { display: block; }
    FormDialog #form-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    FormDialog #form-buttons Button { margin-left: 1; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("ctrl+s", "submit", "Save", id="save"),
    ]

    def __init__(
        self, title: str, fields: Sequence[Field], submit: Callable[[dict[str, Any]], Any]
    ) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Label(Text(self.title_text, style="bold"))
            with VerticalScroll(id="form-fields"):
                for f in self.fields:
                    with Horizontal(classes="form-row"):
                        yield Label(Text(f.label), classes="form-label")
                        yield self._widget(f)
                    yield Label("", id=f"{_dom_id(f.key)}-error", classes="form-error")
            yield Label("", id="form-error", classes="form-error")
            with Horizontal(id="form-buttons"):
                yield Button("Cancel", id="form-cancel")
                yield Button("Save", id="form-save", variant="primary")

    def _widget(self, f: Field) -> Any:
        if f.kind == "select":
            return Select(list(f.options), value=f.value, allow_blank=False, id=_dom_id(f.key))
        if f.kind == "bool":
            return Checkbox("yes", value=bool(f.value), id=_dom_id(f.key))
        return Input(str(f.value), placeholder=f.placeholder, id=_dom_id(f.key))

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for f in self.fields:
            widget = self.query_one(f"#{_dom_id(f.key)}")
            value = getattr(widget, "value", "")
            result[f.key] = value.strip() if isinstance(value, str) else value
        return result

    def show_error(self, key: str, message: str) -> None:
        for label in self.query(".form-error"):
            label.remove_class("shown")
        keys = {f.key for f in self.fields}
        target = f"#{_dom_id(key)}-error" if key in keys else "#form-error"
        label = self.query_one(target, Label)
        label.update(Text(message))
        label.add_class("shown")
        if key in keys:
            self.query_one(f"#{_dom_id(key)}").focus()

    @on(Input.Submitted)
    def field_submitted(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-save")
    def save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#form-cancel")
    def cancel_pressed(self) -> None:
        self.dismiss(None)

    def action_submit(self) -> None:
        try:
            result = self.submit(self.values())
        except InvalidInput as exc:
            self.show_error(exc.field, exc.message)
            return
        except (StaleWriteError, BrokenFileError, NotFoundError) as exc:
            self.show_error("", str(exc))
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
