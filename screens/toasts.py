"""Toasts that stay out of the way: a few at a time, at the top right, clear of buttons.

Textual stacks every live notification bottom right, over a dialog's buttons (nine toasts
covered the auto-schedule's Apply).  The app keeps the newest :data:`MAX_TOASTS`; the
placement is CSS (``ToastRack`` in ``app.tcss``).
"""

from __future__ import annotations

from typing import Any

from textual.app import App

MAX_TOASTS = 3
"""Notifications shown at once; an older one makes room for a new one."""


def make_room(app: App[Any], limit: int = MAX_TOASTS) -> None:
    """Before a notification is shown: dismiss the oldest so ``limit`` - 1 remain.

    Runs from the app's ``on_notify``, which Textual calls before its own handler adds the
    new one.  Textual has no public cap: this uses its notification store and
    ``_unnotify`` (Textual is pinned exactly; tests/ui/test_text_fits.py checks the cap).
    """
    shown = list(app._notifications)
    for old in shown[: max(0, len(shown) - limit + 1)]:
        app._unnotify(old, refresh=False)
