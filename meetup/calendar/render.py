"""Turn :class:`~meetup.calendar.EventSpec` s into iCalendar text with icalendar.

Imported only when a calendar is exported (icalendar is a heavy import).  Text values go
through ``meetup.text`` (RFC 5545 TEXT holds no control characters).  Property values
are built once as icalendar's own types and shared between events where they repeat (the
ATTENDEE of a person is the same object in every session), so building a big calendar costs
less than serializing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from icalendar.prop import vCalAddress, vCategory, vDDDTypes, vInt, vText

from meetup.calendar.events import PRODID, EventSpec
from meetup.calendar.vtimezone import vtimezone
from meetup.store.errors import InvalidInput
from meetup.store.records import CalendarState
from meetup.text import one_line, strip_controls

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

UTC = timezone.utc
_STATUS = {"confirmed": "CONFIRMED", "tentative": "TENTATIVE", "cancelled": "CANCELLED"}


def _date(value: datetime | date) -> vDDDTypes:
    return vDDDTypes(value)


def _calendar(method: str | None) -> Any:
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    if method:
        cal.add("METHOD", method.upper())
    return cal


def _base_event(spec: EventSpec, stamp: vDDDTypes, zone: ZoneInfo | None) -> Any:
    event = Event()
    event["UID"] = vText(spec.uid)
    event["DTSTAMP"] = stamp
    start, end = spec.start, spec.end
    if zone is not None and isinstance(start, datetime) and isinstance(end, datetime):
        start, end = start.astimezone(zone), end.astimezone(zone)
    event["DTSTART"] = _date(start)
    event["DTEND"] = _date(end)
    event["SUMMARY"] = vText(one_line(spec.summary))
    event["SEQUENCE"] = vInt(spec.sequence)
    event["STATUS"] = vText(_STATUS[spec.status])
    if spec.location:
        event["LOCATION"] = vText(one_line(spec.location))
    if spec.description:
        event["DESCRIPTION"] = vText(strip_controls(spec.description))
    if spec.categories:
        event["CATEGORIES"] = vCategory([one_line(c) for c in spec.categories])
    if spec.related_to:
        event["RELATED-TO"] = vText(spec.related_to)
    return event


def plain_calendar(events: Sequence[EventSpec], *, stamp: datetime) -> str:
    """A calendar without METHOD, ORGANIZER or ATTENDEE, all in UTC."""
    cal = _calendar(None)
    dtstamp = vDDDTypes(stamp)
    for spec in events:
        cal.add_component(_base_event(spec, dtstamp, None))
    return str(cal.to_ical().decode("utf-8"))


class Renderer:
    """Renders the events of one meetup for a method, a person and a timezone."""

    def __init__(
        self,
        ws: Workspace,
        data: MeetupData,
        state: CalendarState,
        *,
        stamp: datetime,
        tz: str | None = None,
        person: str | None = None,
    ) -> None:
        self.ws = ws
        self.data = data
        self.state = state
        self.stamp = vDDDTypes(stamp)
        self.tz = tz
        self.zone = ZoneInfo(tz) if tz else None
        self.person = person
        self._addresses: dict[tuple[str, str, str], vCalAddress] = {}
        self.last_calendar: Any = None
        """The icalendar Calendar of the last ``calendar()`` call (for the benchmark)."""

    # ----------------------------------------------------------------- people

    def _email(self, person: str) -> str:
        found = self.ws.people.get(person)
        return found.email if found else ""

    def organizer(self, required: bool) -> vCalAddress | None:
        for person in self.data.meetup.organizers:
            email = self._email(person)
            if email:
                address = vCalAddress(f"mailto:{email}")
                address.params["CN"] = one_line(self.ws.person_name(person))
                return address
        if required:
            raise InvalidInput(
                "organizers",
                f"{self.data.meetup.id} has no organizer with an email address; an invite "
                "needs one (add it to the meetup's organizers)",
            )
        return None

    def _address(self, person: str, role: str, method: str) -> vCalAddress:
        key = (person, role, method)
        address = self._addresses.get(key)
        if address is None:
            address = vCalAddress(f"mailto:{self._email(person)}")
            address.params["CN"] = one_line(self.ws.person_name(person))
            address.params["ROLE"] = role
            if method == "request":
                address.params["PARTSTAT"] = "NEEDS-ACTION"
                address.params["RSVP"] = "TRUE"
            self._addresses[key] = address
        return address

    def attendees(self, spec: EventSpec, method: str) -> list[vCalAddress]:
        """ATTENDEEs of one event: the invitees who have not declined (see calendar.py)."""
        meetup = self.data.meetup
        declined = self.state.replies.get(spec.uid, {})
        organizer = meetup.organizers[0] if meetup.organizers else None
        is_meetup_event = not spec.topic
        required = set(spec.required)
        for a in meetup.attendees:
            if a.delegate_for in required:
                required.add(a.person)
        out: list[vCalAddress] = []
        seen: set[str] = set()
        candidates = [
            (a.person, "REQ-PARTICIPANT" if a.role != "guest" else "OPT-PARTICIPANT")
            if is_meetup_event
            else (a.person, "REQ-PARTICIPANT" if a.person in required else "OPT-PARTICIPANT")
            for a in meetup.attendees
            if a.rsvp != "declined"
        ]
        invited = {a.person for a in meetup.attendees}
        candidates += [(p, "REQ-PARTICIPANT") for p in spec.required if p not in invited]
        for person, role in candidates:
            if person in seen or person == organizer or declined.get(person) == "declined":
                continue
            if self.person is not None and person != self.person:
                continue
            if not self._email(person):
                continue
            seen.add(person)
            out.append(self._address(person, role, method))
        if self.person is not None and not out:
            out.append(self._address(self.person, "OPT-PARTICIPANT", method))
        return out

    # --------------------------------------------------------------- calendar

    def calendar(self, events: Sequence[EventSpec], method: str | None) -> str:
        """The VCALENDAR text of ``events`` for ``method`` (None: no METHOD, for CalDAV)."""
        cal = _calendar(method)
        if self.zone is not None and self.tz is not None:
            days = [d for e in events for d in (e.start, e.end)]
            first = min(
                d.astimezone(self.zone).date() if isinstance(d, datetime) else d for d in days
            )
            last = max(
                d.astimezone(self.zone).date() if isinstance(d, datetime) else d for d in days
            )
            cal.add_component(vtimezone(self.tz, first, last))
        organizer = None
        if method is not None:
            organizer = self.organizer(required=method in ("request", "cancel"))
        for spec in events:
            event = _base_event(spec, self.stamp, self.zone)
            if organizer is not None:
                event["ORGANIZER"] = organizer
            if method in ("request", "cancel"):
                attendees = self.attendees(spec, method)
                if not attendees:
                    raise InvalidInput(
                        "attendees",
                        f"nobody to invite to {spec.summary!r}: every invitee declined or has "
                        "no email address",
                    )
                event["ATTENDEE"] = attendees
            cal.add_component(event)
        self.last_calendar = cal
        return str(cal.to_ical().decode("utf-8"))
