"""Finding people, projects and areas by what a user types: id, name or e-mail.

Matching folds case and accents ("bjorn lindqvist" finds "Björn Lindqvist"); completion
offers every record whose id, name, any word of its name, or e-mail starts with the typed
text; an unknown value is refused with the closest match suggested.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING

from meetup.store.errors import InvalidInput

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

Entry = tuple[str, str, tuple[str, ...]]
"""(id, label, the folded keys it is found by)"""


def fold(text: str) -> str:
    """Case- and accent-insensitive form, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.replace("ø", "o").replace("ß", "ss").split())


def people(ws: Workspace) -> list[Entry]:
    return [
        (p.id, f"{p.name} ({p.id})", tuple(fold(k) for k in (p.id, p.name, p.email) if k))
        for p in ws.people.values()
    ]


def projects(ws: Workspace) -> list[Entry]:
    return [
        (p.id, f"{p.name} ({p.id})", tuple(fold(k) for k in (p.id, p.name) if k))
        for p in ws.projects.values()
    ]


def areas(ws: Workspace) -> list[Entry]:
    return [
        (a.id, f"{a.name} ({a.id})", tuple(fold(k) for k in (a.id, a.name) if k))
        for a in ws.areas.values()
    ]


def complete(entries: Iterable[Entry], typed: str, limit: int = 8) -> list[tuple[str, str]]:
    """(id, label) of the entries the typed text begins a key, or a word of one, of."""
    wanted = fold(typed)
    if not wanted:
        return []
    out = []
    for ident, label, keys in entries:
        words = [w for key in keys for w in key.split()]
        if any(key.startswith(wanted) for key in keys) or any(w.startswith(wanted) for w in words):
            out.append((ident, label))
    out.sort(key=lambda e: (not fold(e[1]).startswith(wanted), e[1]))
    return out[:limit]


def resolve(entries: Iterable[Entry], typed: str, *, field: str, what: str) -> str:
    """The id whose key equals the typed text (folded), else InvalidInput with a suggestion."""
    listed = list(entries)
    wanted = fold(typed)
    exact = [ident for ident, _, keys in listed if wanted in keys]
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise InvalidInput(
            field, f"{typed!r} names several {what}s: use an id ({', '.join(exact)})"
        )
    starts = complete(listed, typed, limit=2)
    if len(starts) == 1:
        hint = starts[0][1]
    else:
        keys = {key: label for _, label, ks in listed for key in ks}
        close = difflib.get_close_matches(wanted, list(keys), n=1, cutoff=0.6)
        hint = keys[close[0]] if close else ""
    message = f"unknown {what} {typed!r}"
    raise InvalidInput(field, message + (f"; did you mean {hint}?" if hint else ""))
