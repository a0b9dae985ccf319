"""The one key map of the app (issue 17): the same verb on the same key on every screen.

Global keys live on the App and no screen binds them; the verbs below are bound by each
screen that has the action, with these keys and no others.  Screen-specific actions take
other letters (never one of ``RESERVED``).  The help dialog and the README list this map.
"""

from __future__ import annotations

from typing import Final

from textual.binding import Binding

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
    ("1", "Dashboard"),
    ("2", "Meetups"),
    ("3", "Issues"),
    ("4", "Liaisons"),
    ("5", "Elections"),
    ("?", "Help: these keys"),
    ("ctrl+p", "Command palette: every screen and action"),
    ("ctrl+r", "Reload the workspace from disk"),
    ("ctrl+z", "Undo history: pick an edit to go back to"),
    ("ctrl+g", "Sync the workspace with git"),
    ("ctrl+q", "Quit"),
)
"""What the help dialog shows first, on every screen."""

VERB_MAP: Final = (
    ("n", "New"),
    ("e", "Edit"),
    ("d / del", "Delete (asks first)"),
    ("/", "Search (filter box)"),
    ("s", "Sort (cycle)"),
    ("enter", "Open"),
    ("space", "Toggle / vote"),
    ("z", "Undo the last edit"),
    ("esc", "Back one level"),
    ("home / end", "First / last row"),
    ("[ / ]", "Previous / next tab (inside a meetup)"),
)
"""The verbs every screen uses where it has the action."""


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
