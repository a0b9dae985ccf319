"""The meetup while it runs: per room the session on now, the next one and what follows;
the break; the people a session on now requires and where they are.

Everything is computed for one instant (``at``, from the clock), in the meetup's timezone,
so a screen or ``meetup now --at`` show the same board for the same time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from meetup.agenda.schedule import Interval, Session, breaks_on, hhmm, minutes, sessions, tzinfo

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

BoardState = Literal[
    "no-dates", "before", "not-started", "running", "break", "between-days", "day-over", "after"
]


@dataclass(frozen=True)
class LiveSession:
    """A session as the live board shows it."""

    topic: str
    title: str
    day: date
    start: int
    end: int
    room: str
    required: tuple[str, ...]
    progress: str | None
    links: tuple[tuple[str, str], ...] = ()
    left: int | None = None
    """Minutes until its end, for the session on now (negative: running over)."""

    @property
    def times(self) -> str:
        return f"{hhmm(self.start)}-{hhmm(self.end)}"

    def to_json(self) -> dict[str, object]:
        return {
            "topic": self.topic,
            "title": self.title,
            "day": self.day.isoformat(),
            "start": hhmm(self.start),
            "end": hhmm(self.end),
            "room": self.room,
            "required": list(self.required),
            "progress": self.progress,
            "minutes_left": self.left,
            "links": dict(self.links),
        }


@dataclass(frozen=True)
class RoomBoard:
    room: str
    name: str
    now: LiveSession | None
    next: LiveSession | None
    later: tuple[LiveSession, ...]


@dataclass(frozen=True)
class PersonNow:
    """Someone a session on now requires, and where that session is."""

    person: str
    topic: str
    room: str


@dataclass(frozen=True)
class Board:
    meetup: str
    title: str
    timezone: str
    at: datetime
    """The instant, in the meetup's timezone."""
    state: BoardState
    day: date | None
    """The day the rooms show: today while it runs, else the next day of the meetup."""
    day_number: int | None
    days: int
    pause: Interval | None
    """The break on now."""
    next_pause: Interval | None
    rooms: tuple[RoomBoard, ...]
    people: tuple[PersonNow, ...]

    @property
    def minute(self) -> int:
        return self.at.hour * 60 + self.at.minute

    @property
    def on_now(self) -> tuple[LiveSession, ...]:
        return tuple(r.now for r in self.rooms if r.now is not None)

    @property
    def double_booked(self) -> tuple[str, ...]:
        """People that two sessions on now both require."""
        seen: dict[str, int] = {}
        for p in self.people:
            seen[p.person] = seen.get(p.person, 0) + 1
        return tuple(sorted(p for p, n in seen.items() if n > 1))

    def headline(self) -> str:
        """One line saying where the meetup stands."""
        when = f"{self.at:%a %d %b %Y %H:%M} {self.timezone}"
        day = f"day {self.day_number} of {self.days}" if self.day_number else ""
        if self.state == "no-dates":
            return f"{when}: the meetup has no dates yet"
        if self.state == "before":
            assert self.day is not None
            return (
                f"{when}: starts in {(self.day - self.at.date()).days} day(s), {self.day:%a %d %b}"
            )
        if self.state == "after":
            return f"{when}: the meetup is over"
        if self.state == "between-days" or self.state == "day-over":
            assert self.day is not None
            return f"{when}: today is over; next: {self.day:%a %d %b} ({day})"
        if self.state == "not-started":
            return f"{when}: {day}, starts at {self._day_start()}"
        if self.state == "break" and self.pause is not None:
            left = self.pause.end - self.minute
            return f"{when}: {day}, {self.pause.title} until {hhmm(self.pause.end)} ({left} min)"
        return f"{when}: {day}"

    def _day_start(self) -> str:
        firsts = [r.next.start for r in self.rooms if r.next is not None]
        return hhmm(min(firsts)) if firsts else "-"

    def to_json(self) -> dict[str, object]:
        def pause(i: Interval | None) -> dict[str, object] | None:
            if i is None:
                return None
            return {"title": i.title, "start": hhmm(i.start), "end": hhmm(i.end)}

        return {
            "meetup": self.meetup,
            "at": self.at.isoformat(),
            "timezone": self.timezone,
            "state": self.state,
            "day": self.day.isoformat() if self.day else None,
            "day_number": self.day_number,
            "break": pause(self.pause),
            "next_break": pause(self.next_pause),
            "rooms": [
                {
                    "id": r.room,
                    "name": r.name,
                    "now": r.now.to_json() if r.now else None,
                    "next": r.next.to_json() if r.next else None,
                    "later": [s.to_json() for s in r.later],
                }
                for r in self.rooms
            ],
            "required_now": [
                {"person": p.person, "topic": p.topic, "room": p.room} for p in self.people
            ],
            "double_booked": list(self.double_booked),
        }


def _live(
    data: MeetupData, s: Session, left: int | None = None, ws: Workspace | None = None
) -> LiveSession:
    topic = data.topics[s.topic]
    links: tuple[tuple[str, str], ...] = ()
    if ws is not None:
        from meetup.agenda.links import session_links

        found = session_links(ws, data.meetup.id, topic)
        links = tuple(
            (k, v) for k, v in (("etherpad", found.etherpad), ("video", found.video)) if v
        )
    return LiveSession(
        s.topic, s.title, s.day, s.start, s.end, s.room, s.required, topic.progress, links, left
    )


def board(data: MeetupData, at: datetime, ws: Workspace | None = None) -> Board:
    """The live board of a meetup at the instant ``at`` (with ``ws``: sessions' links)."""
    meetup = data.meetup
    local = at.astimezone(tzinfo(meetup))
    today, now = local.date(), local.hour * 60 + local.minute
    days = sorted(meetup.days, key=lambda d: d.date)
    placed = [s for s in sessions(data) if data.topics[s.topic].status == "accepted"]

    state: BoardState
    shown: date | None = None
    if not days:
        state = "no-dates"
    elif today < days[0].date:
        state, shown = "before", days[0].date
    elif today > days[-1].date:
        state = "after"
    else:
        hours = next((d for d in days if d.date == today), None)
        later_days = [d.date for d in days if d.date > today]
        if hours is None:
            state, shown = "between-days", later_days[0]
        elif now >= minutes(hours.end) or not _left_today(data, placed, today, now):
            state, shown = ("day-over", later_days[0]) if later_days else ("after", None)
        elif now < minutes(hours.start):
            state, shown = "not-started", today
        else:
            state, shown = "running", today

    live_now = state in ("running", "not-started")
    pause = next_pause = None
    if live_now and shown is not None:
        pauses = breaks_on(meetup, shown)
        pause = next((p for p in pauses if p.start <= now < p.end), None)
        next_pause = next((p for p in pauses if p.start > now), None)
        if pause is not None:
            state = "break"
    rooms = []
    people: list[PersonNow] = []
    for room in meetup.rooms:
        mine = [s for s in placed if s.day == shown and s.room == room.id]
        current = None
        if live_now:
            on = [s for s in mine if _is_on(data, s, now)]
            if on:
                current = _live(data, on[0], on[0].end - now, ws)
                people.extend(PersonNow(p, on[0].topic, room.id) for p in on[0].required)
            waiting = [
                s
                for s in mine
                if (current is None or s.topic != current.topic)
                and data.topics[s.topic].progress != "done"
                and (s.start > now or _is_on(data, s, now))
            ]
        else:
            waiting = mine
        rooms.append(
            RoomBoard(
                room.id,
                room.name,
                current,
                _live(data, waiting[0]) if waiting else None,
                tuple(_live(data, s) for s in waiting[1:]),
            )
        )
    number = next((i for i, d in enumerate(days, start=1) if d.date == shown), None)
    return Board(
        meetup=meetup.id,
        title=meetup.title,
        timezone=meetup.timezone,
        at=local,
        state=state,
        day=shown,
        day_number=number,
        days=len(days),
        pause=pause,
        next_pause=next_pause,
        rooms=tuple(rooms),
        people=tuple(sorted(people, key=lambda p: (p.person, p.room))),
    )


def _is_on(data: MeetupData, s: Session, now: int) -> bool:
    """On now: running by the clock (and not marked done), or started and running over."""
    progress = data.topics[s.topic].progress
    if progress == "done":
        return False
    return s.start <= now < s.end or (progress == "started" and s.start <= now)


def _left_today(data: MeetupData, placed: list[Session], today: date, now: int) -> bool:
    """True while a session of ``today`` is still to run (or running over)."""
    return any(
        s.day == today and (s.end > now or data.topics[s.topic].progress == "started")
        for s in placed
        if data.topics[s.topic].progress != "done"
    )


def board_text(data: MeetupData, b: Board, names: dict[str, str]) -> str:
    """``meetup now`` as text: the headline, then per room now / next / later."""
    lines = [f"{b.title}", b.headline(), ""]
    width = max((len(r.name) for r in b.rooms), default=4)
    for r in b.rooms:
        rows: list[tuple[str, LiveSession]] = []
        if r.now is not None:
            rows.append(("now", r.now))
        if r.next is not None:
            rows.append(("next", r.next))
        rows.extend(("later", s) for s in r.later)
        if not rows:
            lines.append(f"{r.name:<{width}}  (nothing more)")
        for index, (label, s) in enumerate(rows):
            room = r.name if index == 0 else ""
            extra = ""
            if s.left is not None:
                extra = f"  ({s.left} min left)" if s.left >= 0 else f"  (over by {-s.left} min)"
            lines.append(f"{room:<{width}}  {label:<5} {s.times}  {s.title}{extra}")
            lines.extend(f"{'':<{width}}        {name}: {url}" for name, url in s.links)
    if b.next_pause is not None and b.pause is None:
        p = b.next_pause
        lines += ["", f"Next break: {p.title} {hhmm(p.start)}-{hhmm(p.end)}"]
    if b.people:
        rooms = {r.room: r.name for r in b.rooms}
        lines += ["", "Required now:"]
        lines += [
            f"  {names.get(p.person, p.person)} ({rooms.get(p.room, p.room)})" for p in b.people
        ]
    if b.double_booked:
        lines.append("  in two places: " + ", ".join(names.get(p, p) for p in b.double_booked))
    return "\n".join(lines) + "\n"


def day_of(data: MeetupData, at: datetime) -> date | None:
    """The meetup day that ``at`` falls on in the meetup's timezone, if any."""
    today = at.astimezone(tzinfo(data.meetup)).date()
    return today if any(d.date == today for d in data.meetup.days) else None


def local_moment(data: MeetupData, day: date, m: int) -> datetime:
    """The aware instant of minute ``m`` of ``day`` in the meetup's timezone."""
    return datetime.combine(day, datetime.min.time(), tzinfo=tzinfo(data.meetup)) + timedelta(
        minutes=m
    )
