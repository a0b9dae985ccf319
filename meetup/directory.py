"""Finding people, projects and areas by what a user types: id, name or e-mail.

Matching folds case and accents ("bjorn lindqvist" finds "Björn Lindqvist").  A typed
reference resolves when it is an id, a name, an e-mail or an IRC nick, or one word of a
single person's name ("bjorn"); "Name (id)" as the messages print it works too.  An unknown
or ambiguous value is refused with :class:`InvalidInput` naming the field and the closest
match.  Completion offers the spellings (name, id, e-mail) that begin with the typed text;
the forms and the CLI share these functions, so both accept the same references.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from meetup.store.errors import InvalidInput

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

# Letters NFKD does not take apart into a base letter and an accent.
_UNACCENTED = str.maketrans(
    {"ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)
_LABELLED = re.compile(r"^(?P<name>.*?)\s*\((?P<id>[^()]+)\)\s*$")
_PLURALS = {"person": "people"}


class Entry(NamedTuple):
    """One record as a user may name it."""

    id: str
    label: str
    """``Name (id)``: how messages and completion lists show it."""
    spellings: tuple[str, ...]
    """What it is found by, as written: name, id, e-mail, IRC nick (the name first)."""

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(fold(s) for s in self.spellings)

    @property
    def words(self) -> tuple[str, ...]:
        """The folded words of the name."""
        return tuple(fold(self.spellings[0]).split()) if self.spellings else ()


def fold(text: str) -> str:
    """Case- and accent-insensitive form, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(plain.translate(_UNACCENTED).split())


def _entry(ident: str, name: str, *others: str) -> Entry:
    spellings = tuple(dict.fromkeys(s for s in (name, ident, *others) if s))
    return Entry(ident, f"{name} ({ident})" if name else ident, spellings)


def people(ws: Workspace) -> list[Entry]:
    listed = [_entry(p.id, p.name, p.email, p.irc) for p in ws.people.values()]
    return sorted(listed, key=lambda e: fold(e.label))


def projects(ws: Workspace) -> list[Entry]:
    return sorted((_entry(p.id, p.name) for p in ws.projects.values()), key=lambda e: e.id)


def areas(ws: Workspace) -> list[Entry]:
    return sorted((_entry(a.id, a.name) for a in ws.areas.values()), key=lambda e: e.id)


# ---------------------------------------------------------------- completion


def complete(entries: Iterable[Entry], typed: str, limit: int = 8) -> list[tuple[str, str]]:
    """(id, label) of the entries the typed text begins a key, or a word of one, of."""
    wanted = fold(typed)
    if not wanted:
        return []
    out = []
    for entry in entries:
        words = [w for key in entry.keys for w in key.split()]
        if any(k.startswith(wanted) for k in entry.keys) or any(
            w.startswith(wanted) for w in words
        ):
            out.append((entry.id, entry.label))
    out.sort(key=lambda e: (not fold(e[1]).startswith(wanted), fold(e[1])))
    return out[:limit]


def suggest(entries: Iterable[Entry], typed: str) -> str | None:
    """The spelling (name, id or e-mail) that completes ``typed``, for an Input's suggester.

    It begins with the typed text once folded, so the rest can be shown after it; a
    spelling that begins with exactly what was typed comes first ("neu" -> "neutron",
    "Bjorn" -> "Björn Lindqvist").
    """
    stem = typed.lstrip()
    wanted = fold(stem)
    if not wanted:
        return None
    best: tuple[bool, int, str] | None = None
    for entry in entries:
        for rank, spelling in enumerate(entry.spellings):
            if len(spelling) <= len(stem) or not fold(spelling).startswith(wanted):
                continue
            candidate = (not spelling.startswith(stem), rank, spelling)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
    if best is None:
        return None
    return typed[: len(typed) - len(stem)] + best[2]


def suggest_last(entries: Iterable[Entry], typed: str) -> str | None:
    """``typed`` with its last comma-separated item completed (see :func:`suggest`)."""
    head, comma, last = typed.rpartition(",")
    completed = suggest(entries, last)
    return None if completed is None else head + comma + completed


# ---------------------------------------------------------------- resolving


def _plural(what: str) -> str:
    return _PLURALS.get(what, what + "s")


def _several(typed: str, found: Sequence[Entry], what: str) -> str:
    labels = ", ".join(e.label for e in found[:4]) + (", ..." if len(found) > 4 else "")
    return f"{typed!r} names several {_plural(what)} ({labels}): use an id"


def _closest(entries: Sequence[Entry], wanted: str) -> Entry | None:
    """The entry the folded text most likely meant: a unique prefix, else the nearest
    spelling or word, else the first prefix."""
    starts = [e for e in entries if any(k.startswith(wanted) for k in (*e.keys, *e.words))]
    if len(starts) == 1:
        return starts[0]
    by_key: dict[str, Entry] = {}
    for entry in entries:
        for key in (*entry.keys, *entry.words):
            by_key.setdefault(key, entry)
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.6)
    if close:
        return by_key[close[0]]
    return starts[0] if starts else None


def resolve(entries: Iterable[Entry], typed: str, *, field: str, what: str) -> str:
    """The id ``typed`` names, else InvalidInput on ``field`` suggesting the closest match.

    In order: an id; a name, e-mail or nick; one word of a single record's name.
    """
    listed = list(entries)
    text = typed.strip()
    labelled = _LABELLED.match(text)
    if labelled:  # "Björn Lindqvist (bjorn-lindqvist)", as completion lists show it
        by_id = [e for e in listed if fold(e.id) == fold(labelled["id"])]
        if by_id:
            return by_id[0].id
    wanted = fold(text)
    for found in (
        [e for e in listed if fold(e.id) == wanted],
        [e for e in listed if wanted in e.keys],
        [e for e in listed if wanted in e.words] if wanted and " " not in wanted else [],
    ):
        if len(found) == 1:
            return found[0].id
        if found:
            raise InvalidInput(field, _several(text, found, what))
    message = f"unknown {what} {text!r}"
    hint = _closest(listed, wanted) if wanted else None
    raise InvalidInput(field, message + (f": did you mean {hint.label}?" if hint else ""))


def split_list(text: str) -> list[str]:
    """The items of a comma- (or semicolon-) separated list, blanks dropped."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def resolve_all(
    entries: Iterable[Entry], text: str | Iterable[str], *, field: str, what: str
) -> list[str]:
    """The ids a comma-separated list (or several of them) names, each once, in order.

    An item of ids separated by spaces (``nova neutron``, as older versions took) is read
    as those ids when it names nothing as a whole.
    """
    listed = list(entries)
    ids = {fold(e.id): e.id for e in listed}
    items = split_list(text) if isinstance(text, str) else [i for t in text for i in split_list(t)]
    result: list[str] = []
    for item in items:
        try:
            found = [resolve(listed, item, field=field, what=what)]
        except InvalidInput:
            words = item.split()
            if len(words) < 2 or not all(fold(w) in ids for w in words):
                raise
            found = [ids[fold(w)] for w in words]
        result.extend(f for f in found if f not in result)
    return result


# ------------------------------------------------------------ by workspace


def person_id(ws: Workspace, text: str, *, field: str = "person") -> str | None:
    """The person ``text`` names (id, name, e-mail, nick); None when it is blank."""
    wanted = text.strip()
    if not wanted:
        return None
    if wanted in ws.people:
        return wanted
    return resolve(people(ws), wanted, field=field, what="person")


def person_label(ws: Workspace, ident: str) -> str:
    """How a form shows person ``ident``: the name, when the name names them alone (and
    reads back as one item of a list), else the id; text that is no id stays as it is."""
    person = ws.people.get(ident)
    if person is None:
        return ident
    name = ws.person_name(ident)
    if not name or "," in name or ";" in name:
        return ident
    try:
        back = resolve(people(ws), name, field="person", what="person")
    except InvalidInput:
        return ident
    return name if back == ident else ident


def person_labels(ws: Workspace, idents: Iterable[str]) -> str:
    """People as a form shows them: names (see :func:`person_label`), comma-separated."""
    return ", ".join(person_label(ws, i) for i in idents)


def person_ids(ws: Workspace, text: str | Iterable[str], *, field: str = "people") -> list[str]:
    """The people a comma-separated list names, each once."""
    return resolve_all(people(ws), text, field=field, what="person")


def project_id(ws: Workspace, text: str, *, field: str = "project") -> str | None:
    """The project ``text`` names (id or name); None when it is blank."""
    wanted = text.strip()
    if not wanted:
        return None
    if wanted in ws.projects:
        return wanted
    return resolve(projects(ws), wanted, field=field, what="project")


def project_ids(ws: Workspace, text: str | Iterable[str], *, field: str = "projects") -> list[str]:
    """The projects a comma-separated list names, each once."""
    return resolve_all(projects(ws), text, field=field, what="project")


def area_id(ws: Workspace, text: str, *, field: str = "area") -> str | None:
    """The liaison area ``text`` names (id or name); None when it is blank."""
    wanted = text.strip()
    if not wanted:
        return None
    if wanted in ws.areas:
        return wanted
    return resolve(areas(ws), wanted, field=field, what="liaison area")
