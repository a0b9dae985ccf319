"""A small, fast iCalendar (RFC 5545) content-line writer.

icalendar is a fine parser, but serializing with it re-encodes and re-folds every property of
every event: an invite of a large meetup writes the same ATTENDEE line hundreds of times.
Here each line is escaped and folded once and reused (``LineCache``), so a line that repeats
across events or messages costs a dictionary lookup.  Output is checked against icalendar,
``ical`` and vobject in tests/calendar.

Only what meetup writes is supported: TEXT values (escaped), DATE / DATE-TIME values (UTC,
or local with TZID), integers, URIs and parameters (quoted when they hold ``:;,``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timezone

CRLF = "\r\n"
UTC = timezone.utc
_TEXT_SPECIAL = re.compile(r"[\\;,\n\r]")
_PARAM_SPECIAL = re.compile(r'[:;,"\n\r]')


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    if _TEXT_SPECIAL.search(value) is None:
        return value
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def param(value: str) -> str:
    """A parameter value: quoted when it holds ``:``, ``;`` or ``,`` (DQUOTE cannot appear)."""
    if _PARAM_SPECIAL.search(value) is None:
        return value
    value = value.replace('"', "'").replace("\n", " ").replace("\r", " ")
    if _PARAM_SPECIAL.search(value) is not None:
        return f'"{value}"'
    return value


def fold(line: str) -> str:
    """Fold a content line at 75 octets (never inside a UTF-8 sequence), CRLF-terminated."""
    if line.isascii():
        if len(line) <= 75:
            return line + CRLF
        parts = [line[:75]]
        parts.extend(line[i : i + 74] for i in range(75, len(line), 74))
        return (CRLF + " ").join(parts) + CRLF
    if len(line.encode("utf-8")) <= 75:
        return line + CRLF
    out: list[str] = []
    current: list[str] = []
    size, limit = 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append("".join(current))
            current, size, limit = [], 0, 74
        current.append(char)
        size += width
    out.append("".join(current))
    return (CRLF + " ").join(out) + CRLF


def utc_stamp(value: datetime) -> str:
    """A UTC DATE-TIME value: ``20270301T090000Z``."""
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def date_property(name: str, value: datetime | date, tzid: str | None = None) -> str:
    """``DTSTART...`` of a date (VALUE=DATE), a UTC time, or a local time with TZID."""
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value:%Y%m%d}"
    if tzid is not None:
        return f"{name};TZID={param(tzid)}:{value:%Y%m%dT%H%M%S}"
    return f"{name}:{utc_stamp(value)}"


def address(name: str, email: str, params: Iterable[tuple[str, str]]) -> str:
    """An ORGANIZER or ATTENDEE line (unfolded) with its parameters in the given order."""
    head = "".join(f";{key}={param(value)}" for key, value in params)
    return f"{name}{head}:mailto:{email}"


class LineCache:
    """Folded lines by their unfolded text, so each distinct line is folded once."""

    def __init__(self) -> None:
        self._folded: dict[str, str] = {}

    def __call__(self, line: str) -> str:
        folded = self._folded.get(line)
        if folded is None:
            folded = self._folded[line] = fold(line)
        return folded

    def __len__(self) -> int:
        return len(self._folded)
