"""The one clock: what time it is for every command and the TUI.

``MEETUP_NOW`` (an ISO 8601 time with an offset, e.g. ``2027-01-26T10:30Z``) overrides the
system clock, so an organizer can rehearse a timeline and tests need no patching.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

ENV_NOW = "MEETUP_NOW"


class ClockError(ValueError):
    """``MEETUP_NOW`` holds something that is not an ISO time with an offset."""


def parse_instant(text: str, what: str = ENV_NOW) -> datetime:
    """An aware datetime from ISO 8601 text with an offset (``Z`` accepted)."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ClockError(
            f"{what}: {text!r} is not an ISO time with an offset (e.g. 2027-01-26T10:30Z)"
        ) from None
    if when.tzinfo is None:
        raise ClockError(f"{what}: {text!r} has no offset (add Z or +HH:MM)")
    return when


def now() -> datetime:
    """The current time in UTC, from ``MEETUP_NOW`` when it is set."""
    fixed = os.environ.get(ENV_NOW)
    if fixed:
        return parse_instant(fixed).astimezone(timezone.utc)
    return datetime.now(timezone.utc)
