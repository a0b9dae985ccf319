"""Released agenda versions and the invites sent about them (``calendar.toml``)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Literal

import msgspec

from meetup.store.fields import RSVP, SCHEMA_VERSION, Line, Record, Slug, Title, check_years


class ReleasedSession(Record, kw_only=True):
    topic: Slug
    title: Title
    day: date
    start: time
    end: time
    room: Line
    sequence: int = 0
    required: list[Slug] = []

    def __post_init__(self) -> None:
        check_years(self.day)


class Release(Record, kw_only=True):
    """``meetups/<meetup>/releases/<name>.toml``: a frozen, named version of the agenda."""

    schema: int = SCHEMA_VERSION
    name: Slug = msgspec.field(default="", name="__id__")
    released: datetime
    """UTC."""
    sessions: list[ReleasedSession] = []


CalendarStatus = Literal["confirmed", "tentative", "cancelled"]


class SentEvent(Record, kw_only=True):
    """What the last invite (METHOD:REQUEST or CANCEL) said about one event."""

    sequence: int = 0
    start: datetime
    end: datetime
    room: str = ""
    status: CalendarStatus = "confirmed"
    summary: str = ""
    """The title sent (empty in files written before titles were remembered)."""


ItipMethod = Literal["request", "publish", "cancel"]
PartStat = Literal["NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"]


class Delivery(Record, kw_only=True):
    """What one person was last sent about one event (one iTIP message)."""

    method: ItipMethod = "request"
    sequence: int = 0
    stamp: datetime
    """The message's DTSTAMP (UTC)."""
    partstat: PartStat = "NEEDS-ACTION"
    """The PARTSTAT the message carried for this person (PUBLISH: their last known)."""
    digest: str = ""
    """A short hash of what the event said (time, room, status, title, place)."""


class CalendarState(Record, kw_only=True):
    """``meetups/<meetup>/calendar.toml``: what invites were sent, and replies to sessions.

    Written by ``meetup export ics --method request|cancel`` and ``meetup import rsvp``;
    keyed by event UID.  Replies to the meetup itself go to the attendee's ``rsvp``.
    """

    schema: int = SCHEMA_VERSION
    sent: dict[str, SentEvent] = {}
    replies: dict[str, dict[Slug, RSVP]] = {}
    """Session UID -> person id -> their answer to that session's invite."""
    delivered: dict[Slug, dict[str, Delivery]] = {}
    """Person id -> event UID -> the last message sent to them about it."""
