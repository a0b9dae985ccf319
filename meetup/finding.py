"""Search and sort for the lists of the TUI: pure functions, no Textual.

A query matches a row when every word of it appears in one of the row's columns, case and
accents folded (``bjorn`` finds ``Björn``, ``zoe`` finds ``Zoë``); words may match
different columns ("kilo docs" finds the docs topic of the kilo meetup).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from meetup.directory import fold

T = TypeVar("T")

Field = object
"""A column's value: text, a number, None (matches nothing), or a list of those."""


def _texts(field: Field) -> Iterable[str]:
    if field is None:
        return
    if isinstance(field, (list, tuple, set, frozenset)):
        for item in field:
            yield from _texts(item)
        return
    yield fold(str(field))


def matches(query: str, fields: Iterable[Field]) -> bool:
    """Whether every word of ``query`` appears in some field (an empty query: always)."""
    wanted = fold(query).split()
    if not wanted:
        return True
    haystack = [text for field in fields for text in _texts(field)]
    return all(any(word in text for text in haystack) for word in wanted)


def find(items: Iterable[T], query: str, fields: Callable[[T], Iterable[Field]]) -> list[T]:
    """The items whose ``fields`` match ``query``, in their order."""
    return [item for item in items if matches(query, fields(item))]


def next_order(orders: Sequence[str], current: str) -> str:
    """The order after ``current`` in ``orders``, wrapping round (unknown: the first)."""
    if current not in orders:
        return orders[0]
    return orders[(orders.index(current) + 1) % len(orders)]


def summary(shown: int, total: int, query: str = "", order: str = "") -> str:
    """What a list's status line says: ``3 of 12 · /kilo · by date``."""
    parts = [f"{shown} of {total}" if query.strip() else str(total)]
    if query.strip():
        parts.append(f"/{' '.join(query.split())}")
    if order:
        parts.append(f"by {order}")
    return " · ".join(parts)
