"""Small rendering helpers shared by screens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable, TextArea

from screens import keys

CellType = TypeVar("CellType")


class Table(DataTable[CellType]):
    """The app's DataTable: Home and End go to the first and the last row (the key map).

    Textual's own Home/End scroll sideways, which in a table as wide as the screen does
    nothing the user can see.
    """

    BINDINGS = [
        Binding(keys.FIRST_ROW, "first_row", "First row", show=False),
        Binding(keys.LAST_ROW, "last_row", "Last row", show=False),
    ]

    def action_first_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=0, scroll=True)

    def action_last_row(self) -> None:
        if self.row_count:
            self.move_cursor(row=self.row_count - 1, scroll=True)


class ReadOnlyText(TextArea):
    """A text to read, select and copy: the text area's undo and redo keys pass on to the
    App, so ctrl+z lists the undo history here as on every screen (the key map)."""

    def __init__(self, text: str = "", **kwargs: Any) -> None:
        super().__init__(text, read_only=True, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("undo", "redo"):
            return False  # nothing to undo in a text nobody types in
        return super().check_action(action, parameters)


def plain(value: object, style: str = "") -> Text:
    """User text as typed: never parsed as markup (``[`` stays ``[``)."""
    return Text("" if value is None else str(value), style=style, no_wrap=True)


def short_dates(start: date | None, end: date | None, this_year: int) -> str:
    """At most 9 characters: ``26–27 Jan`` this year, ``Jan 2027`` another year."""
    if start is None:
        return "no dates"
    if start.year != this_year:
        return f"{start:%b %Y}"
    end = end or start
    if end == start:
        return f"{start.day} {start:%b}"
    if start.month == end.month:
        return f"{start.day}–{end.day} {end:%b}"
    return f"{start.day} {start:%b}–"


def date_range(start: date | None, end: date | None) -> str:
    """``26–27 Jan 2027``, ``30 Jan–2 Feb 2027``, or ``no dates``."""
    if start is None:
        return "no dates"
    if end is None or end == start:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b}–{end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y}–{end.day} {end:%b %Y}"


PRIORITY_STYLE = {
    "critical": "bold red",
    "high": "red",
    "medium": "yellow",
    "low": "dim",
}

PHASE_STYLE = {
    "voting": "bold green",
    "campaigning": "cyan",
    "nominations": "cyan",
    "upcoming": "dim",
    "closed": "dim",
}


def fit_columns(
    table: DataTable[Any],
    columns: Sequence[tuple[str, int | None]],
    *,
    margin: int = 1,
    width: int | None = None,
) -> int:
    """(Re)create ``table``'s columns so they fill its width: ``None`` widths share the rest.

    DataTable sizes columns to their content, which overflows narrow panels at 80x24;
    fixed widths keep every column visible and truncate long titles instead.
    ``width`` overrides the table's own width (unknown while its tab is hidden).
    Returns the width the columns were fitted to.
    """
    available = width or table.size.width or 38
    fixed = sum(w for _, w in columns if w is not None)
    flexible = [label for label, w in columns if w is None]
    padding = 2 * table.cell_padding * len(columns)
    share = max(6, (available - fixed - padding - margin) // max(1, len(flexible)))
    table.clear(columns=True)
    for label, width in columns:
        table.add_column(label, width=width if width is not None else share, key=label)
    return available
