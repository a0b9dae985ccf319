"""Checks every exported calendar must pass: two parsers and an RFC 5546 checker of our own.

``assert_valid(text, method)`` parses with icalendar and with the stricter ``ical``
package, then asserts :func:`rfc5546_problems` is empty.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

REQUIRED: dict[str, tuple[str, ...]] = {
    # RFC 5546 section 3.2: properties a VEVENT MUST have for each method
    "PUBLISH": ("DTSTAMP", "DTSTART", "UID", "SUMMARY"),
    "REQUEST": ("ORGANIZER", "ATTENDEE", "DTSTART", "DTSTAMP", "UID", "SEQUENCE", "SUMMARY"),
    "CANCEL": ("ORGANIZER", "ATTENDEE", "UID", "SEQUENCE", "DTSTAMP"),
    "REPLY": ("ORGANIZER", "ATTENDEE", "UID", "DTSTAMP"),
    "": ("DTSTAMP", "DTSTART", "UID"),
}
PARTSTATS = ("NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED")
_TIMES = ("DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE")


def parse_icalendar(text: str) -> Any:
    import icalendar

    return icalendar.Calendar.from_ical(text)


def parse_ical(text: str) -> Any:
    from importlib.metadata import version

    from ical.calendar_stream import IcsCalendarStream

    if int(version("ical").split(".")[0]) < 9 and not text.isascii():
        import pytest

        # ical 8 (the last for Python 3.10) refuses non-ASCII parameter values such as
        # CN=Björn, which RFC 5545 allows (SAFE-CHAR includes NON-US-ASCII)
        pytest.skip("ical 8.x cannot parse non-ASCII parameter values")
    return IcsCalendarStream.calendar_from_ics(text)


def _unfold(text: str) -> list[str]:
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def _name(line: str) -> str:
    return line.split(":", 1)[0].split(";", 1)[0].upper()


def rfc5546_problems(text: str) -> list[str]:
    """What is wrong with an iCalendar object under RFC 5545/5546 (empty: nothing)."""
    problems: list[str] = []
    lines = _unfold(text)
    stack: list[str] = []
    for line in lines:
        name = _name(line)
        if name == "BEGIN":
            stack.append(line.split(":", 1)[1].upper())
        elif name == "END":
            stack.pop()
        elif name == "METHOD" and stack != ["VCALENDAR"]:
            problems.append(f"METHOD inside {stack[-1] if stack else 'nothing'}: {line}")
    if not text.endswith("\r\n"):
        problems.append("lines must end with CRLF")
    if any(len(raw.encode("utf-8")) > 75 for raw in text.split("\r\n")):
        problems.append("a line is longer than 75 octets (not folded)")

    cal = parse_icalendar(text)
    for prop in ("PRODID", "VERSION"):
        if prop not in cal:
            problems.append(f"VCALENDAR without {prop}")
    method = str(cal.get("METHOD", "")).upper()
    tzids = {str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")}
    events = cal.walk("VEVENT")
    if not events:
        problems.append("no VEVENT")
    for event in events:
        uid = str(event.get("UID", "?"))
        for prop in REQUIRED.get(method, REQUIRED[""]):
            if prop not in event:
                problems.append(f"{uid}: {method or 'no METHOD'} needs {prop}")
        if "DTSTAMP" in event and getattr(event.decoded("DTSTAMP"), "tzinfo", None) is None:
            problems.append(f"{uid}: DTSTAMP is not UTC")
        status = str(event.get("STATUS", "")).upper()
        if method == "CANCEL" and status not in ("CANCELLED", ""):
            problems.append(f"{uid}: CANCEL with STATUS:{status}")
        if method == "CANCEL" and not status and "ATTENDEE" not in event:
            problems.append(f"{uid}: CANCEL of no one (no STATUS:CANCELLED, no ATTENDEE)")
        if method in ("REQUEST", "CANCEL") and int(event.get("SEQUENCE", 0)) < 0:
            problems.append(f"{uid}: negative SEQUENCE")
        problems.extend(_attendee_problems(uid, event, method))
        problems.extend(_time_problems(uid, event, tzids))
    return problems


def _attendees(event: Any) -> list[Any]:
    found = event.get("ATTENDEE", [])
    return found if isinstance(found, list) else [found]


def _attendee_problems(uid: str, event: Any, method: str) -> list[str]:
    problems = []
    for attendee in _attendees(event):
        params = attendee.params
        if not str(attendee).lower().startswith("mailto:"):
            problems.append(f"{uid}: ATTENDEE {attendee} is not a mailto address")
        if method == "PUBLISH":
            problems.append(f"{uid}: PUBLISH with an ATTENDEE ({attendee})")
        if method == "REQUEST":
            if params.get("RSVP") != "TRUE":
                problems.append(f"{uid}: REQUEST ATTENDEE {attendee} without RSVP=TRUE")
            if params.get("PARTSTAT") not in PARTSTATS:
                problems.append(f"{uid}: REQUEST ATTENDEE {attendee} without a PARTSTAT")
            if params.get("ROLE") not in ("REQ-PARTICIPANT", "OPT-PARTICIPANT", "CHAIR"):
                problems.append(f"{uid}: REQUEST ATTENDEE {attendee} without a ROLE")
            if not params.get("CN"):
                problems.append(f"{uid}: REQUEST ATTENDEE {attendee} without CN")
    return problems


def _time_problems(uid: str, event: Any, tzids: set[str]) -> list[str]:
    problems = []
    for prop in _TIMES:
        if prop not in event:
            continue
        values = event[prop] if isinstance(event[prop], list) else [event[prop]]
        for value in values:
            tzid = value.params.get("TZID")
            if tzid is not None and tzid not in tzids:
                problems.append(f"{uid}: {prop} uses TZID {tzid} without a VTIMEZONE")
            decoded = event.decoded(prop) if not isinstance(event[prop], list) else None
            if isinstance(decoded, datetime) and decoded.tzinfo is None:
                problems.append(f"{uid}: {prop} is a floating time")
            if (
                isinstance(decoded, date)
                and not isinstance(decoded, datetime)
                and value.params.get("VALUE") != "DATE"
            ):
                problems.append(f"{uid}: {prop} is a date without VALUE=DATE")
    return problems


def assert_valid(text: str, method: str | None = None) -> Any:
    """Parse with both parsers and check RFC 5546; returns the icalendar Calendar."""
    cal = parse_icalendar(text)
    parse_ical(text)
    problems = rfc5546_problems(text)
    assert not problems, "\n".join(problems)
    if method is not None:
        assert str(cal.get("METHOD", "")).upper() == method.upper()
    return cal


def split_stream(text: str) -> list[str]:
    """The VCALENDAR objects of an iCalendar stream (RFC 5545 3.4), each as its own text."""
    if "\r\n" not in text:  # read in text mode (universal newlines)
        text = text.replace("\n", "\r\n")
    parts = text.split("BEGIN:VCALENDAR\r\n")
    assert parts[0] == "", "text before the first VCALENDAR"
    return ["BEGIN:VCALENDAR\r\n" + p for p in parts[1:]]


def assert_itip(text: str, method: str | None = None) -> dict[str, Any]:
    """Every object valid and holding exactly one UID; returns UID -> its VEVENT.

    Also reads each object the way Outlook does (only the first VEVENT), so what this
    returns is what such a reader sees.
    """
    found: dict[str, Any] = {}
    for obj in split_stream(text):
        cal = assert_valid(obj, method)
        events = cal.walk("VEVENT")
        assert len({str(e["UID"]) for e in events}) == 1, "an iTIP object with two UIDs"
        assert len(events) == 1
        first = events[0]
        found[str(first["UID"])] = first
    return found


def attendees_of(event: Any) -> dict[str, Any]:
    """mailto (lower case) -> the ATTENDEE property."""
    return {str(a).lower(): a for a in _attendees(event)}
