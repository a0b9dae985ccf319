"""Type-ahead: keys typed while a dialog opens belong to the dialog, not the screen below.

A fast typist presses ``n`` and goes on typing a title.  Textual hands the keys typed after
``n`` to the screen below before ``n``'s binding has opened the dialog; the App notices
(the key was sent while another screen was on top) and gives them to the dialog instead of
letting them run bindings there (a ``d`` would otherwise jump to the dashboard).
"""

from __future__ import annotations

from textual import events


class TakesTypeAhead:
    """A screen that wants the printable keys typed before it was on top."""

    def take_type_ahead(self, character: str) -> None:
        raise NotImplementedError


ORIGIN = "_meetup_origin_screen"
"""The attribute on a Key event naming the screen on top when the key arrived."""


def mark_origin(event: events.Event, screen: object) -> None:
    if isinstance(event, events.Key) and not hasattr(event, ORIGIN):
        setattr(event, ORIGIN, screen)


def redirected(event: events.Key, screen: object) -> bool:
    """Hand ``event`` to ``screen`` if it was typed before ``screen`` opened; True if so."""
    origin = getattr(event, ORIGIN, screen)
    if origin is screen or not isinstance(screen, TakesTypeAhead):
        return False
    if not event.is_printable or not event.character:
        return False
    screen.take_type_ahead(event.character)
    return True
