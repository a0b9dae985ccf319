"""Turn :class:`~meetup.calendar.spec.EventSpec` s into iCalendar text.

Written with meetup's own content-line writer (meetup.calendar.ics): every distinct line
(an ATTENDEE, the ORGANIZER, a DTSTAMP) is escaped and folded once per renderer and reused
by every event and message that holds it.  VTIMEZONEs come from meetup.calendar.vtimezone.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from meetup import __version__
from meetup.calendar import ics
from meetup.calendar.spec import EventSpec
from meetup.store.errors import InvalidInput
from meetup.text import one_line, strip_controls

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

PRODID = f"-//meetup//meetup {__version__}//EN"
UTC = timezone.utc
_STATUS = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}

Attendee = tuple[str, str, str]
"""(person id, ROLE, PARTSTAT) of one ATTENDEE."""


@functools.lru_cache(maxsize=64)
def _vtimezone_text(tzid: str, first_year: int, last_year: int) -> str:
    from meetup.calendar.vtimezone import vtimezone

    component = vtimezone(tzid, date(first_year, 1, 1), date(last_year, 12, 31))
    return str(component.to_ical().decode("utf-8"))


def _head(method: str | None) -> str:
    lines = ["BEGIN:VCALENDAR", f"PRODID:{PRODID}", "VERSION:2.0", "CALSCALE:GREGORIAN"]
    if method:
        lines.append(f"METHOD:{method.upper()}")
    return "".join(ics.fold(line) for line in lines)


class Renderer:
    """Renders the events of one meetup (or any events: ``data`` None) in one zone."""

    def __init__(
        self,
        ws: Workspace,
        data: MeetupData | None,
        *,
        stamp: datetime,
        tz: str | None = None,
    ) -> None:
        self.ws = ws
        self.data = data
        self.tz = tz
        self.zone = ZoneInfo(tz) if tz else None
        self.line = ics.LineCache()
        self.stamp_line = self.line(f"DTSTAMP:{ics.utc_stamp(stamp)}")
        self._heads: dict[str | None, str] = {}
        self._organizer: str | None = None
        self._attendees: dict[tuple[str, str, str, str], str] = {}
        self._dates: dict[tuple[str, datetime | date], str] = {}

    # ----------------------------------------------------------------- people

    def email(self, person: str) -> str:
        found = self.ws.people.get(person)
        return found.email if found else ""

    def organizer(self) -> str | None:
        """The person who organizes (the first organizer with an e-mail), or None."""
        if self.data is None:
            return None
        for person in self.data.meetup.organizers:
            if self.email(person):
                return person
        return None

    def require_organizer(self) -> str:
        person = self.organizer()
        if person is None:
            meetup = self.data.meetup.id if self.data else "this calendar"
            raise InvalidInput(
                "organizers",
                f"{meetup} has no organizer with an email address; an invite needs one (add "
                "it to the meetup's organizers)",
            )
        return person

    def _organizer_line(self) -> str:
        if self._organizer is None:
            person = self.organizer()
            self._organizer = (
                ""
                if person is None
                else self.line(
                    ics.address(
                        "ORGANIZER",
                        self.email(person),
                        [("CN", one_line(self.ws.person_name(person)))],
                    )
                )
            )
        return self._organizer

    def attendee_line(self, person: str, role: str, partstat: str, method: str) -> str:
        """The folded ATTENDEE line, built once per person, role, answer and method."""
        key = (person, role, partstat, method)
        found = self._attendees.get(key)
        if found is None:
            name = one_line(self.ws.person_name(person))
            params = [("CN", name), ("PARTSTAT", partstat), ("ROLE", role)]
            if method == "request":
                params.append(("RSVP", "TRUE"))
            found = self.line(ics.address("ATTENDEE", self.email(person), params))
            self._attendees[key] = found
        return found

    # ----------------------------------------------------------------- events

    def _times(self, spec: EventSpec) -> tuple[str, str]:
        return self._date("DTSTART", spec.start), self._date("DTEND", spec.end)

    def _date(self, name: str, value: datetime | date) -> str:
        key = (name, value)
        found = self._dates.get(key)
        if found is None:
            found = self._dates[key] = self._date_line(name, value)
        return found

    def _date_line(self, name: str, value: datetime | date) -> str:
        if self.zone is not None and isinstance(value, datetime):
            return self.line(ics.date_property(name, value.astimezone(self.zone), self.tz))
        return self.line(ics.date_property(name, value))

    def event(
        self,
        spec: EventSpec,
        method: str | None,
        attendees: Sequence[Attendee] = (),
    ) -> str:
        """One VEVENT; ORGANIZER for any method, ATTENDEEs as given."""
        line = self.line
        start, end = self._times(spec)
        parts = [
            "BEGIN:VEVENT\r\n",
            line(f"UID:{ics.escape_text(spec.uid)}"),
            self.stamp_line,
            start,
            end,
            line(f"SUMMARY:{ics.escape_text(one_line(spec.summary))}"),
            f"SEQUENCE:{spec.sequence}\r\n",
        ]
        if method != "cancel" or spec.status == "cancelled":
            # a CANCEL that uninvites someone from an event that goes on has no STATUS
            parts.append(f"STATUS:{_STATUS[spec.status]}\r\n")
        if spec.transparent:
            parts.append("TRANSP:TRANSPARENT\r\n")
        if spec.location:
            parts.append(line(f"LOCATION:{ics.escape_text(one_line(spec.location))}"))
        if spec.description:
            text = ics.escape_text(strip_controls(spec.description))
            parts.append(line(f"DESCRIPTION:{text}"))
        if spec.categories:
            cats = ",".join(ics.escape_text(one_line(c)) for c in spec.categories)
            parts.append(line(f"CATEGORIES:{cats}"))
        if spec.related_to:
            parts.append(line(f"RELATED-TO:{ics.escape_text(spec.related_to)}"))
        if spec.url:
            parts.append(line(f"URL:{spec.url}"))
        parts.extend(line(f"CONFERENCE;VALUE=URI:{uri}") for uri in spec.conferences)
        if method is not None:
            organizer = self._organizer_line()
            if organizer:
                parts.append(organizer)
        parts.extend(
            self.attendee_line(person, role, partstat, method or "")
            for person, role, partstat in attendees
        )
        parts.append("END:VEVENT\r\n")
        return "".join(parts)

    def _vtimezone(self, events: Sequence[EventSpec]) -> str:
        if self.zone is None or self.tz is None:
            return ""
        zone = self.zone
        days = [
            d.astimezone(zone).date() if isinstance(d, datetime) else d
            for e in events
            for d in (e.start, e.end)
        ]
        if not days:
            return ""
        return _vtimezone_text(self.tz, min(days).year, max(days).year)

    def wrap(self, method: str | None, events: Sequence[EventSpec], body: str) -> str:
        """A VCALENDAR around already rendered VEVENTs (``events`` choose the VTIMEZONE)."""
        head = self._heads.get(method)
        if head is None:
            head = self._heads[method] = _head(method)
        return f"{head}{self._vtimezone(events)}{body}END:VCALENDAR\r\n"

    def calendar(self, events: Sequence[EventSpec], method: str | None) -> str:
        """A calendar of ``events`` without ATTENDEEs (PUBLISH, or no METHOD for CalDAV)."""
        body = "".join(self.event(spec, method) for spec in events)
        return self.wrap(method, events, body)

    def message(self, spec: EventSpec, method: str, attendees: Sequence[Attendee]) -> str:
        """One iTIP object: METHOD and exactly one VEVENT (RFC 5546)."""
        if method in ("request", "cancel"):
            self.require_organizer()
            if not attendees:
                raise InvalidInput(
                    "attendees",
                    f"nobody to invite to {spec.summary!r}: every invitee declined or has no "
                    "email address",
                )
        return self.wrap(method, [spec], self.event(spec, method, attendees))


def plain_calendar(ws: Workspace, events: Sequence[EventSpec], *, stamp: datetime) -> str:
    """A calendar without METHOD, ORGANIZER or ATTENDEE, all in UTC."""
    return Renderer(ws, None, stamp=stamp).calendar(events, None)
