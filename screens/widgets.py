"""Small rendering helpers shared by screens."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any, TypeVar, cast

from rich.text import Text, TextType
from textual.binding import Binding
from textual.widgets import DataTable, TextArea
from textual.widgets.data_table import ColumnKey, RowKey

from screens import keys

CellType = TypeVar("CellType")


def ellipsized(value: object) -> object:
    """A cell or label that ends in "…" where its column cuts it (DataTable just chops).

    Strings are read as markup, as DataTable itself reads them; other renderables pass.
    """
    if isinstance(value, str):
        text = Text.from_markup(value)
    elif isinstance(value, Text):
        text = value.copy()
    else:
        return value
    text.no_wrap = True
    text.overflow = "ellipsis"
    text.end = ""
    return text


class Table(DataTable[CellType]):
    """The app's DataTable: every cut cell ends in "…"; Home and End go to the first and
    the last row (the key map).

    Textual's own Home/End scroll sideways, which in a table as wide as the screen does
    nothing the user can see.
    """

    BINDINGS = [
        Binding(keys.FIRST_ROW, "first_row", "First row", show=False),
        Binding(keys.LAST_ROW, "last_row", "Last row", show=False),
    ]

    def add_column(
        self,
        label: TextType,
        *,
        width: int | None = None,
        key: str | None = None,
        default: CellType | None = None,
    ) -> ColumnKey:
        return super().add_column(
            cast(Text, ellipsized(label)), width=width, key=key, default=default
        )

    def add_row(
        self,
        *cells: CellType,
        height: int | None = 1,
        key: str | None = None,
        label: TextType | None = None,
    ) -> RowKey:
        fitted = [cast(CellType, ellipsized(cell)) for cell in cells]
        return super().add_row(*fitted, height=height, key=key, label=label)

    def update_cell(
        self,
        row_key: RowKey | str,
        column_key: ColumnKey | str,
        value: CellType,
        *,
        update_width: bool = False,
    ) -> None:
        fitted = cast(CellType, ellipsized(value))
        super().update_cell(row_key, column_key, fitted, update_width=update_width)

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


FLEXIBLE_MIN = 12
"""Fewest cells a flexible column (a name, a title) keeps while fixed columns can give way."""


SHORT_COLUMN = 6
"""Fixed columns this narrow (a time, a count) never give way: cut, they say nothing."""


def floor(label: str, width: int) -> int:
    """The narrowest a fixed column gets: its label, or two thirds of its width."""
    if width <= SHORT_COLUMN:
        return width
    return min(width, max(len(label), (2 * width + 2) // 3))


def column_widths(columns: Sequence[tuple[str, int | None]], available: int) -> list[int]:
    """Widths for ``columns`` (``None``: flexible) in ``available`` cells of content.

    Flexible columns share what the fixed ones leave.  When that is under
    :data:`FLEXIBLE_MIN` each, the fixed columns give way first, the roomiest first (each
    down to its :func:`floor`), so a name column is not cut to six letters while a
    projects column keeps room to spare.
    """
    fixed = [w for _, w in columns if w is not None]
    flexible = sum(1 for _, w in columns if w is None)
    if not flexible:
        return [w or 0 for _, w in columns]
    widths = {i: w for i, (_, w) in enumerate(columns) if w is not None}
    short = flexible * FLEXIBLE_MIN - (available - sum(fixed))
    if short > 0:
        floors = {i: floor(columns[i][0], w) for i, w in widths.items()}
        spare = {i: widths[i] - floors[i] for i in widths}
        give = min(short, sum(spare.values()))
        while give > 0:  # a cell at a time from whoever can spare the most
            roomiest = max(spare, key=lambda i: spare[i])
            widths[roomiest] -= 1
            spare[roomiest] -= 1
            give -= 1
    share = max(6, (available - sum(widths.values())) // flexible)
    return [widths.get(i, share) for i in range(len(columns))]


def fit_columns(
    table: DataTable[Any],
    columns: Sequence[tuple[str, int | None]],
    *,
    margin: int = 1,
    width: int | None = None,
) -> int:
    """(Re)create ``table``'s columns so they fill its width: ``None`` widths share the rest.

    DataTable sizes columns to their content, which overflows narrow panels at 80x24;
    fixed widths keep every column visible and cut long titles with "…" instead
    (:func:`column_widths` says who gives way when the table is narrow).
    ``width`` overrides the table's own width (unknown while its tab is hidden).
    Returns the width the columns were fitted to.
    """
    available = width or table.size.width or 38
    padding = 2 * table.cell_padding * len(columns)
    widths = column_widths(columns, available - padding - margin)
    table.clear(columns=True)
    for (label, _), fitted in zip(columns, widths, strict=True):
        table.add_column(label, width=fitted, key=label)
    return available
