"""The one key map of the app (issue 17): the same verb on the same key on every screen.

Global keys live on the App and no screen binds them; the verbs below are bound by each
screen that has the action, with these keys and no others.  Screen-specific actions take
other letters (never one of ``RESERVED``).  The help dialog and the README list this map.
"""

from __future__ import annotations

from typing import Final

from textual.binding import Binding
from textual.keys import format_key

# ------------------------------------------------------------------ global (App level)
AREA_KEYS: Final = ("1", "2", "3", "4", "5")
"""Dashboard, Meetups, Issues, Liaisons, Elections, in that order, from every screen."""
HELP: Final = "question_mark,f1"
PALETTE: Final = "ctrl+p"
RELOAD: Final = "ctrl+r"
QUIT: Final = "ctrl+q"
HISTORY: Final = "ctrl+z"
"""The undo history list (pick an edit to go back to)."""
SYNC: Final = "ctrl+g"

# ------------------------------------------------------ verbs, the same on every screen
NEW: Final = "n"
EDIT: Final = "e"
DELETE: Final = "d,delete"
"""Delete the selected record, after a confirmation that says what goes with it."""
SEARCH: Final = "slash"
"""Search: the filter box."""
SORT: Final = "s"
"""Sort: cycle the order."""
OPEN: Final = "enter"
TOGGLE: Final = "space"
"""Toggle the selected thing (done, +1, a vote)."""
UNDO: Final = "z"
"""Undo the last edit on this screen."""
BACK: Final = "escape"
"""Back one level (close a dialog, clear a search, leave a screen); nothing on the dashboard."""
FIRST_ROW: Final = "home"
LAST_ROW: Final = "end"
PREVIOUS_TAB: Final = "left_square_bracket"
NEXT_TAB: Final = "right_square_bracket"
"""Inside a meetup: the previous / next tab."""

RESERVED: Final = frozenset(
    {*AREA_KEYS, "n", "e", "d", "delete", "s", "z", "slash", "question_mark", "f1", "space"}
)
"""Keys a screen-specific action never takes: they mean one thing everywhere."""

GLOBAL_MAP: Final = (
    (",".join(AREA_KEYS), "Dashboard, Meetups, Issues, Liaisons, Elections (from every screen)"),
    (HELP, "Help: the keys"),
    (PALETTE, "Command palette: every screen and action"),
    (RELOAD, "Reload the workspace from disk"),
    (HISTORY, "Undo history: pick an edit to go back to"),
    (SYNC, "Sync the workspace with git"),
    (QUIT, "Quit"),
)
"""The App's keys, on every screen (a test checks them against the App's bindings)."""

VERB_MAP: Final = (
    (NEW, "new", "New"),
    (EDIT, "edit", "Edit"),
    (DELETE, "delete", "Delete, after a confirmation"),
    (SEARCH, "search", "Search (the filter box)"),
    (SORT, "sort", "Sort (cycle)"),
    (OPEN, "open", "Open"),
    (TOGGLE, "toggle", "Toggle / vote (+1 a topic, an action item done, cast a ballot)"),
    (UNDO, "undo", "Undo the last edit"),
    (
        BACK,
        "back",
        "Back one level (clear a search, cancel a move, close a dialog, leave a screen)",
    ),
    (f"{FIRST_ROW},{LAST_ROW}", "first/last", "First / last row of a table"),
    (f"{PREVIOUS_TAB},{NEXT_TAB}", "tabs", "Inside a meetup: previous / next tab"),
)
"""The verbs every screen uses where it has the action: (keys, a word, what it does)."""

SHOWN: Final = {"enter": "enter", "escape": "esc", "delete": "del", "space": "space"}


def key_label(key: str) -> str:
    """How a key is written for people: ``?`` for question_mark, ``esc``, ``[``."""
    if key in SHOWN:
        return SHOWN[key]
    return format_key(key)


def keys_label(spec: str, *, between: str = " / ") -> str:
    """Every key of a binding spec (``question_mark,f1`` -> ``? / f1``); the digits as 1-5."""
    if spec == ",".join(AREA_KEYS):
        return f"{AREA_KEYS[0]}-{AREA_KEYS[-1]}"
    return between.join(key_label(key) for key in spec.split(","))


def verbs_line() -> str:
    """The verbs in one line, as the help dialog shows them under the screen's keys."""
    return " · ".join(f"{keys_label(spec, between='/')} {word}" for spec, word, _ in VERB_MAP)


def readme_tables() -> str:
    """The README's key tables (a test checks the README holds exactly these)."""

    def cell(spec: str) -> str:
        if spec == ",".join(AREA_KEYS):
            return " ".join(f"`{k}`" for k in AREA_KEYS)
        return " / ".join(f"`{key_label(k)}`" for k in spec.split(","))

    rows = ["| Everywhere | |", "| :- | :- |"]
    rows += [f"| {cell(spec)} | {text} |" for spec, text in GLOBAL_MAP]
    rows += ["", "| On every screen, where it has the action | |", "| :- | :- |"]
    rows += [f"| {cell(spec)} | {text} |" for spec, _, text in VERB_MAP]
    return "\n".join(rows) + "\n"


def declared_bindings(cls: type) -> list[Binding]:
    """One Binding per key that ``cls`` and its bases in this app declare (not Textual's).

    The help dialog lists these for the screen below it; the key test checks that no two
    of them, with the App's, share a key.
    """
    found: list[Binding] = []
    for base in reversed(cls.__mro__):
        if not base.__module__.startswith("screens"):
            continue
        for entry in base.__dict__.get("BINDINGS", []):
            found.extend(Binding.make_bindings([entry]))
    return found


Verb = tuple[str | tuple[str, ...], str]
"""A hint's entry: the action (or actions, whose first keys are shown together) and a word."""


def bound_key(owner: type, action: str) -> str:
    """The first key ``owner`` binds to ``action``; LookupError if it binds none."""
    for binding in declared_bindings(owner):
        if binding.action == action:
            return binding.key
    raise LookupError(f"{owner.__name__} binds no key to {action!r}")


def key_for(owner: type, action: str) -> str:
    """The first key ``owner`` binds to ``action``, written for people (``/``, ``space``)."""
    return key_label(bound_key(owner, action))


def hint(owner: type, *verbs: Verb, between: str = " · ") -> str:
    """A hint line built from ``owner``'s own bindings (``n new room · d delete``).

    Screens write their hints with this rather than by hand, so a hint never names a key
    the screen does not have (a test checks each one against the bindings).
    """
    parts = []
    for actions, word in verbs:
        names = (actions,) if isinstance(actions, str) else actions
        shown = " ".join(key_for(owner, name) for name in names)
        parts.append(f"{shown} {word}")
    return between.join(parts)
