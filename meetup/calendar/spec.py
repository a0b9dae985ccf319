"""What one VEVENT says (:class:`EventSpec`), whatever the method, and its instants.

Built by meetup.calendar.events (a meetup's events), meetup.calendar.itip (released
sessions) and meetup.calendar.timeline (election phases); written out as iCalendar text by
meetup.calendar.render.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone

from meetup.store.release_records import CalendarStatus

UTC = timezone.utc


@dataclass(frozen=True)
class EventSpec:
    """Everything one VEVENT says, whatever the method."""

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    sequence: int
    status: CalendarStatus
    room: str = ""
    location: str = ""
    description: str = ""
    categories: tuple[str, ...] = ()
    related_to: str = ""
    required: tuple[str, ...] = ()
    """People required by a session; for the meetup event empty."""
    topic: str = ""
    transparent: bool = False
    """TRANSP:TRANSPARENT (election deadlines: shown, but not busy time)."""
    url: str = ""
    """URL of the event (a session's pad or page); see events.session_links."""
    conferences: tuple[str, ...] = ()
    """CONFERENCE URIs (RFC 7986), e.g. a session's video call; see events.session_links."""

    def digest(self) -> str:
        """A short hash of what matters to a calendar holding it (time, room, status, title)."""
        import hashlib

        start, end = instants(self)
        key = "\x1f".join(
            (start.isoformat(), end.isoformat(), self.room, self.status, self.summary)
        )
        return hashlib.blake2b(key.encode("utf-8"), digest_size=6).hexdigest()


def instants(spec: EventSpec) -> tuple[datetime, datetime]:
    """Start and end as aware datetimes (all-day events: midnight UTC of their dates)."""
    start, end = spec.start, spec.end
    if not isinstance(start, datetime):
        start = datetime(start.year, start.month, start.day, tzinfo=UTC)
    if not isinstance(end, datetime):
        end = datetime(end.year, end.month, end.day, tzinfo=UTC)
    return start.astimezone(UTC), end.astimezone(UTC)
