"""What the forms share: compact labelled rows with an inline error line under each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, Label

FORM_CSS = """
{cls} {{
    align: center middle;
}}
{cls} #form {{
    width: 76;
    height: auto;
    max-height: 100%;
    border: round $accent;
    background: $surface;
    padding: 0 1;
}}
{cls} .row {{
    height: 1;
}}
{cls} .row Label {{
    width: 12;
    color: $text-muted;
}}
{cls} .row Input {{
    border: none;
    height: 1;
    padding: 0 1;
    width: 1fr;
    background: $boost;
}}
{cls} .row Input:focus {{
    background: $accent 30%;
}}
{cls} .error {{
    width: 1fr;
    color: $text-error;
    height: auto;
    padding-left: 12;
    display: none;
}}
{cls} .error.shown {{
    display: block;
}}
{cls} .hint {{
    width: 1fr;
    color: $text-muted;
    height: auto;
    padding-left: 12;
}}
{cls} #form-keys {{
    color: $text-muted;
    height: 1;
    margin-top: 1;
}}
"""


def row(label: str, *inputs: Widget, field: str) -> ComposeResult:
    """A labelled row of inputs, then its (hidden until needed) error line."""
    with Horizontal(classes="row"):
        yield Label(label)
        yield from inputs
    yield Label("", id=f"error-{field}", classes="error")


def show_errors(screen: Screen[Any], fields: list[str], errors: Mapping[str, str]) -> None:
    """Put each message under its field; messages for other fields go to ``general``."""
    known = set(fields)
    general = [m for f, m in errors.items() if f not in known]
    for field in fields:
        label = screen.query_one(f"#error-{field}", Label)
        message = errors.get(field) or ("; ".join(general) if field == "general" else "")
        label.update(Text(message))
        label.set_class(bool(message), "shown")
    first = next((f for f in fields if f in errors), None)
    if first is not None:
        focus = screen.query(f"#{first} , #{first}-date")
        if focus:
            focus.first().focus()


def value(screen: Screen[Any], ident: str) -> str:
    return screen.query_one(f"#{ident}", Input).value
