"""The schedule of a meetup: its slot grid, sessions, placement, and every conflict.

Times of day are handled as minutes since midnight in the meetup's timezone; aware
datetimes are produced only at the edges (calendar, UTC columns), with zoneinfo.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

import msgspec

from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.records import Meetup, Placement, Topic

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

ConflictKind = Literal[
    "room-double-booked",
    "person-double-booked",
    "person-declined",
    "person-not-invited",
    "overlaps-break",
    "outside-day",
    "not-a-meetup-day",
    "unknown-room",
    "not-accepted",
]


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
class Conflict:
    """Something wrong with the schedule, naming the topics (and person) involved."""

    kind: ConflictKind
    topics: tuple[str, ...]
    message: str
    day: date | None = None
    start: int | None = None
    room: str | None = None
    person: str | None = None

    @property
    def hard(self) -> bool:
        """Hard conflicts make the agenda impossible; soft ones need a human decision."""
        return self.kind not in ("person-declined", "person-not-invited", "not-accepted")

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "topics": list(self.topics),
            "message": self.message,
            "day": self.day.isoformat() if self.day else None,
            "start": hhmm(self.start) if self.start is not None else None,
            "room": self.room,
            "person": self.person,
            "hard": self.hard,
        }


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


def conflicts(data: MeetupData) -> list[Conflict]:
    """Every conflict of the meetup's schedule, in a stable order."""
    meetup = data.meetup
    placed = sessions(data)
    found: list[Conflict] = []
    days = {d.date: d for d in meetup.days}
    rooms = {r.id for r in meetup.rooms}
    rsvp = {a.person: a.rsvp for a in meetup.attendees}

    for s in placed:
        topic = data.topics[s.topic]
        if topic.status != "accepted":
            found.append(
                Conflict(
                    "not-accepted",
                    (s.topic,),
                    f"{s.topic} is placed but its status is {topic.status}",
                    s.day,
                    s.start,
                    s.room,
                )
            )
        if s.room not in rooms:
            found.append(
                Conflict(
                    "unknown-room",
                    (s.topic,),
                    f"{s.topic} is placed in unknown room {s.room!r}",
                    s.day,
                    s.start,
                    s.room,
                )
            )
        hours = days.get(s.day)
        if hours is None:
            found.append(
                Conflict(
                    "not-a-meetup-day",
                    (s.topic,),
                    f"{s.topic} is placed on {s.day}, not a day of the meetup",
                    s.day,
                    s.start,
                    s.room,
                )
            )
            continue
        if s.start < minutes(hours.start) or s.end > minutes(hours.end):
            found.append(
                Conflict(
                    "outside-day",
                    (s.topic,),
                    f"{s.topic} ({hhmm(s.start)}-{hhmm(s.end)}) runs outside the day's hours "
                    f"({hours.start:%H:%M}-{hours.end:%H:%M})",
                    s.day,
                    s.start,
                    s.room,
                )
            )
        for pause in breaks_on(meetup, s.day):
            if s.start < pause.end and pause.start < s.end:
                found.append(
                    Conflict(
                        "overlaps-break",
                        (s.topic,),
                        f"{s.topic} ({hhmm(s.start)}-{hhmm(s.end)}) overlaps {pause.title} "
                        f"({hhmm(pause.start)}-{hhmm(pause.end)})",
                        s.day,
                        s.start,
                        s.room,
                    )
                )
        for person in s.required:
            state = rsvp.get(person)
            if state is None:
                found.append(
                    Conflict(
                        "person-not-invited",
                        (s.topic,),
                        f"{person}, required by {s.topic}, is not invited",
                        s.day,
                        s.start,
                        s.room,
                        person,
                    )
                )
            elif state == "declined":
                found.append(
                    Conflict(
                        "person-declined",
                        (s.topic,),
                        f"{person}, required by {s.topic}, declined",
                        s.day,
                        s.start,
                        s.room,
                        person,
                    )
                )

    by_room: dict[tuple[date, str], list[Session]] = defaultdict(list)
    by_person: dict[tuple[date, str], list[Session]] = defaultdict(list)
    for s in placed:
        by_room[(s.day, s.room)].append(s)
        for person in s.required:
            by_person[(s.day, person)].append(s)
    for (day, room), group in by_room.items():
        for a, b in _overlapping(group):
            found.append(
                Conflict(
                    "room-double-booked",
                    (a.topic, b.topic),
                    f"{a.topic} and {b.topic} share room {room} at {hhmm(max(a.start, b.start))}",
                    day,
                    max(a.start, b.start),
                    room,
                )
            )
    for (day, person), group in by_person.items():
        for a, b in _overlapping(group):
            found.append(
                Conflict(
                    "person-double-booked",
                    (a.topic, b.topic),
                    f"{person} is required by {a.topic} ({a.room}) and {b.topic} ({b.room}) "
                    f"at {hhmm(max(a.start, b.start))}",
                    day,
                    max(a.start, b.start),
                    None,
                    person,
                )
            )
    found.sort(key=lambda c: (c.day or date.min, c.start or 0, c.kind, c.topics))
    return found


def _overlapping(group: list[Session]) -> list[tuple[Session, Session]]:
    """Pairs of sessions in ``group`` whose times overlap (sweep over starts)."""
    ordered = sorted(group, key=lambda s: (s.start, s.end, s.topic))
    pairs: list[tuple[Session, Session]] = []
    active: list[Session] = []
    for s in ordered:
        active = [a for a in active if a.end > s.start]
        pairs.extend((a, s) for a in active)
        active.append(s)
    return pairs


def conflicts_for(data: MeetupData, topic_id: str) -> list[Conflict]:
    return [c for c in conflicts(data) if topic_id in c.topics]


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
    hours; conflicts with other sessions are allowed (and reported by ``conflicts``), so
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


# ------------------------------------------------------------------- reporting


def schedule_json(data: MeetupData) -> dict[str, object]:
    """The stable ``meetup schedule --json`` document."""
    meetup = data.meetup
    utc = ZoneInfo("UTC")
    return {
        "meetup": meetup.id,
        "timezone": meetup.timezone,
        "days": [
            {"date": d.date.isoformat(), "start": f"{d.start:%H:%M}", "end": f"{d.end:%H:%M}"}
            for d in meetup.days
        ],
        "rooms": [{"id": r.id, "name": r.name} for r in meetup.rooms],
        "sessions": [
            {
                "topic": s.topic,
                "title": s.title,
                "day": s.day.isoformat(),
                "start": hhmm(s.start),
                "end": hhmm(s.end),
                "room": s.room,
                "pinned": s.pinned,
                "start_utc": aware(meetup, s.day, s.start).astimezone(utc).isoformat(),
                "end_utc": aware(meetup, s.day, s.end).astimezone(utc).isoformat(),
            }
            for s in sessions(data)
        ],
        "conflicts": [c.to_json() for c in conflicts(data)],
        "unplaced": [
            {"topic": t.id, "title": t.title, "votes": len(t.votes)} for t in unplaced(data)
        ],
    }


def schedule_text(data: MeetupData) -> str:
    """The agenda day by day, breaks included, then conflicts and unplaced topics."""
    meetup = data.meetup
    rooms = {r.id: r.name for r in meetup.rooms}
    by_day: dict[date, list[Session]] = defaultdict(list)
    for s in sessions(data):
        by_day[s.day].append(s)
    lines = [f"{meetup.title} ({meetup.timezone})"]
    for hours in meetup.days:
        lines.append("")
        lines.append(f"{hours.date:%A %d %B %Y}  {hours.start:%H:%M}-{hours.end:%H:%M}")
        entries: list[tuple[int, int, str]] = [
            (p.start, -1, f"  {hhmm(p.start)}-{hhmm(p.end)}  -- {p.title} --")
            for p in breaks_on(meetup, hours.date)
        ]
        for index, s in enumerate(by_day.get(hours.date, [])):
            room = rooms.get(s.room, s.room)
            pin = " (pinned)" if s.pinned else ""
            entries.append(
                (s.start, index, f"  {hhmm(s.start)}-{hhmm(s.end)}  {room:<14} {s.title}{pin}")
            )
        lines.extend(text for _, _, text in sorted(entries))
        if not entries:
            lines.append("  (nothing scheduled)")
    found = conflicts(data)
    lines.append("")
    lines.append(f"Conflicts: {len(found) or 'none'}")
    lines.extend(f"  [{c.kind}] {c.message}" for c in found)
    waiting = unplaced(data)
    lines.append(f"Unplaced accepted topics: {len(waiting) or 'none'}")
    lines.extend(f"  {t.id} ({len(t.votes)} votes, {t.duration} min)" for t in waiting)
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------ grid

CellKind = Literal["empty", "topic", "continuation", "break"]


@dataclass(frozen=True)
class Cell:
    """What one (slot, room) of the grid shows."""

    kind: CellKind
    topics: tuple[str, ...] = ()
    """Topics starting (or continuing) here; more than one when the room is double-booked."""
    title: str = ""
    conflict: bool = False
    pinned: bool = False


@dataclass(frozen=True)
class Grid:
    day: date
    slots: list[int]
    rooms: list[tuple[str, str]]
    """(room id, room name) in the meetup's order."""
    cells: dict[tuple[int, str], Cell]

    def cell(self, slot: int, room: str) -> Cell:
        return self.cells.get((slot, room), Cell("empty"))


def grid(data: MeetupData, day: date) -> Grid:
    """The rooms x slots grid of ``day`` for display: a session shows in the slot it starts
    in and as continuation in the slots it runs through; free slots inside a break show
    the break; cells of conflicting sessions are flagged."""
    meetup = data.meetup
    slots = slot_starts(meetup, day)
    slot_end = dict(zip(slots, slot_ends(meetup, day)))
    rooms = [(r.id, r.name) for r in meetup.rooms]
    conflicted = {t for c in conflicts(data) if c.day == day for t in c.topics}
    starts: dict[tuple[int, str], list[Session]] = defaultdict(list)
    runs: dict[tuple[int, str], list[Session]] = defaultdict(list)
    for s in sessions(data):
        if s.day != day:
            continue
        for slot in slots:
            if slot <= s.start < slot_end[slot]:
                starts[(slot, s.room)].append(s)
            elif s.start < slot < s.end:
                runs[(slot, s.room)].append(s)
    cells: dict[tuple[int, str], Cell] = {}
    for slot in slots:
        pause = break_at(meetup, day, slot)
        for room, _ in rooms:
            here = starts.get((slot, room), [])
            through = runs.get((slot, room), [])
            if here or through:
                group = here or through
                cells[(slot, room)] = Cell(
                    "topic" if here else "continuation",
                    tuple(s.topic for s in [*here, *through]),
                    group[0].title,
                    conflict=len(here) + len(through) > 1
                    or any(s.topic in conflicted for s in [*here, *through]),
                    pinned=group[0].pinned,
                )
            elif pause is not None:
                cells[(slot, room)] = Cell("break", title=pause.title)
    return Grid(day, slots, rooms, cells)
