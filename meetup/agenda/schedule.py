"""The schedule of a meetup: its days' slots and breaks, its sessions, and placing them.

Times of day are handled as minutes since midnight in the meetup's timezone; aware
datetimes are produced only at the edges (calendar, UTC columns), with zoneinfo.  What is
wrong with a schedule is meetup.agenda.conflicts; how it is shown (the rooms x slots grid,
``meetup schedule``'s text and JSON) is meetup.agenda.timetable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import msgspec

from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.records import Meetup, Placement, Topic

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace


def minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def time_of_day(m: int) -> time:
    """Minutes since midnight -> time (clamped to the day)."""
    m = max(0, min(m, 24 * 60 - 1))
    return time(m // 60, m % 60)


def hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


@dataclass(frozen=True)
class Session:
    """A placed topic: when and where it runs."""

    topic: str
    title: str
    day: date
    start: int
    end: int
    room: str
    required: tuple[str, ...]
    pinned: bool

    @property
    def start_time(self) -> time:
        return time_of_day(self.start)

    @property
    def end_time(self) -> time:
        return time_of_day(self.end)


@dataclass(frozen=True)
class Interval:
    """A break or the part of a day outside its hours, in minutes."""

    start: int
    end: int
    title: str


def tzinfo(meetup: Meetup) -> ZoneInfo:
    return ZoneInfo(meetup.timezone)


def aware(meetup: Meetup, day: date, m: int) -> datetime:
    """The aware datetime of ``m`` minutes after midnight of ``day`` in the meetup's zone."""
    return datetime.combine(day, time(0), tzinfo=tzinfo(meetup)) + timedelta(minutes=m)


def breaks_on(meetup: Meetup, day: date) -> list[Interval]:
    return sorted(
        (
            Interval(minutes(b.start), minutes(b.end), b.title)
            for b in meetup.breaks
            if b.day is None or b.day == day
        ),
        key=lambda i: (i.start, i.end),
    )


def slot_starts(meetup: Meetup, day: date) -> list[int]:
    """Start minute of every slot of ``day`` (breaks included; the grid shows them)."""
    hours = next((d for d in meetup.days if d.date == day), None)
    if hours is None:
        return []
    if hours.slots:
        return sorted(minutes(t) for t in hours.slots)
    step = max(5, meetup.slot_minutes)
    return list(range(minutes(hours.start), minutes(hours.end), step))


def slot_ends(meetup: Meetup, day: date) -> list[int]:
    """End minute of every slot of ``day``: the next slot's start, the last ends the day."""
    starts = slot_starts(meetup, day)
    hours = next((d for d in meetup.days if d.date == day), None)
    if hours is None:
        return []
    return [*starts[1:], minutes(hours.end)]


def break_at(meetup: Meetup, day: date, m: int) -> Interval | None:
    """The break covering minute ``m`` of ``day``, if any."""
    for pause in breaks_on(meetup, day):
        if pause.start <= m < pause.end:
            return pause
    return None


def sessions(data: MeetupData) -> list[Session]:
    """Every placed topic (whatever its status), by day, start and room."""
    out = [
        Session(
            topic=t.id,
            title=t.title,
            day=t.placement.day,
            start=minutes(t.placement.start),
            end=minutes(t.placement.start) + t.duration,
            room=t.placement.room,
            required=tuple(t.required),
            pinned=t.placement.pinned,
        )
        for t in data.topics.values()
        if t.placement is not None and t.status != "duplicate"
    ]
    room_order = {r.id: i for i, r in enumerate(data.meetup.rooms)}
    out.sort(key=lambda s: (s.day, s.start, room_order.get(s.room, 99), s.topic))
    return out


def unplaced(data: MeetupData) -> list[Topic]:
    """Accepted topics without a placement, most voted first."""
    topics = [t for t in data.topics.values() if t.status == "accepted" and t.placement is None]
    topics.sort(key=lambda t: (-len(t.votes), t.id))
    return topics


# ------------------------------------------------------------------ operations


def place(
    ws: Workspace,
    meetup_id: str,
    topic_id: str,
    day: date,
    start: time,
    room: str,
    *,
    pinned: bool | None = None,
) -> Topic:
    """Place (or move) a topic; SEQUENCE is bumped when its time or room changes.

    The placement must be on a day of the meetup, in one of its rooms, inside the day's
    hours; conflicts with other sessions are allowed (and reported by
    meetup.agenda.conflicts), so
    an organizer can move things around step by step.
    """
    data = ws.meetup(meetup_id)
    topic = _topic(data, topic_id)
    meetup = data.meetup
    hours = next((d for d in meetup.days if d.date == day), None)
    if hours is None:
        raise InvalidInput("day", f"{day} is not a day of {meetup_id}")
    if room not in {r.id for r in meetup.rooms}:
        raise InvalidInput("room", f"unknown room {room!r}")
    begin = minutes(start)
    if begin < minutes(hours.start) or begin >= minutes(hours.end):
        raise InvalidInput(
            "start",
            f"{start:%H:%M} is outside {day}'s hours ({hours.start:%H:%M}-{hours.end:%H:%M})",
        )
    if topic.status in ("rejected", "duplicate"):
        raise InvalidInput("status", f"a {topic.status} topic cannot be scheduled")
    keep_pin = topic.placement.pinned if topic.placement else False
    placement = Placement(
        day=day, start=time_of_day(begin), room=room, pinned=keep_pin if pinned is None else pinned
    )
    if topic.placement == placement:
        return topic
    moved = topic.placement is None or (
        (topic.placement.day, topic.placement.start, topic.placement.room)
        != (placement.day, placement.start, placement.room)
    )
    updated = msgspec.structs.replace(
        topic,
        placement=placement,
        status="accepted",
        sequence=topic.sequence + 1 if moved or topic.status != "accepted" else topic.sequence,
    )
    ws.save_topic(meetup_id, updated)
    return updated


def unschedule(ws: Workspace, meetup_id: str, topic_id: str) -> Topic:
    """Take a topic off the grid (it stays accepted); SEQUENCE is bumped."""
    data = ws.meetup(meetup_id)
    topic = _topic(data, topic_id)
    if topic.placement is None:
        return topic
    updated = msgspec.structs.replace(topic, placement=None, sequence=topic.sequence + 1)
    ws.save_topic(meetup_id, updated)
    return updated


def set_pinned(ws: Workspace, meetup_id: str, topic_id: str, pinned: bool) -> Topic:
    """Pin a placement so the automatic scheduler leaves it where it is."""
    data = ws.meetup(meetup_id)
    topic = _topic(data, topic_id)
    if topic.placement is None:
        raise InvalidInput("placement", f"{topic_id} is not scheduled")
    updated = msgspec.structs.replace(
        topic, placement=msgspec.structs.replace(topic.placement, pinned=pinned)
    )
    ws.save_topic(meetup_id, updated)
    return updated


def _topic(data: MeetupData, topic_id: str) -> Topic:
    try:
        return data.topics[topic_id]
    except KeyError:
        raise NotFoundError(f"no topic {topic_id!r} in {data.meetup.id}") from None
