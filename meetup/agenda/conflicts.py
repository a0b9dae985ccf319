"""What is wrong with a meetup's schedule: every conflict, hard or soft, in a stable order.

Hard conflicts (a room or a person double-booked, a session over a break or outside its
day, an unknown room or day) make the agenda impossible; soft ones (someone declined or is
not invited, a placed topic not accepted) need a human decision.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from meetup.agenda.schedule import Session, breaks_on, hhmm, minutes, sessions

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData

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
