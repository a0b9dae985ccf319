"""Stable ids (slugs) made from titles: what a new record's file is named after."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

MAX_SLUG = 60
"""Longest slug made from a title (the model allows 80, leaving room for a suffix)."""

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
MAX_ID = 80
"""Longest id a record may have (records.Slug)."""


def is_slug(text: str) -> bool:
    """Whether ``text`` is a valid id as a WHOLE: ``re.match`` with ``$`` would also accept
    ``"evil\\n"`` (``$`` matches before a trailing newline), so this uses fullmatch."""
    return len(text) <= MAX_ID and _SLUG.fullmatch(text) is not None


_FOLDS = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ð": "d", "þ": "th", "ł": "l"})


def slugify(title: str, taken: Container[str] = ()) -> str:
    """A slug for ``title`` not in ``taken``: ASCII-folded, lowercase, dashes, at most 60.

    ``"Gate: Ünïcode & more!"`` -> ``"gate-unicode-more"``; when that is taken, ``-2``,
    ``-3``, ... is appended (the base is shortened so the result stays within 60).
    A title with nothing sluggable left becomes ``"item"``.
    """
    folded = unicodedata.normalize("NFKD", title.lower().translate(_FOLDS))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    base = _NOT_SLUG.sub("-", ascii_only).strip("-")[:MAX_SLUG].strip("-") or "item"
    if base not in taken:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = base[: MAX_SLUG - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
        n += 1
