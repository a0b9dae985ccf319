"""Running late: move the rest of a room's day, mark sessions started, done or skipped.

Every change here is one all-or-nothing write of the topic files it touches
(``Workspace.save_topics``), returns a :class:`Change` that :func:`undo` reverts, and says
who is affected: the people each moved or skipped session requires (they hold its
invitation; everyone else reads the calendar), so invite updates can go to exactly them.
Breaks and the day's hours never move: a session pushed into a break or past the day's end
is reported as a conflict before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from typing import TYPE_CHECKING, Literal

from msgspec.structs import replace

from meetup.agenda.conflicts import Conflict, conflicts
from meetup.agenda.schedule import hhmm, minutes, time_of_day
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.records import Topic

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

Mark = Literal["started", "done", "skipped", "none"]
MARKS: tuple[Mark, ...] = ("started", "done", "skipped", "none")
MAX_SHIFT = 600
"""The most minutes a room's sessions move at once (ten hours: a day's worth)."""


@dataclass(frozen=True)
class Move:
    topic: str
    title: str
    old: int
    new: int
    duration: int

    def describe(self) -> str:
        return (
            f"{self.title}: {hhmm(self.old)}-{hhmm(self.old + self.duration)} -> "
            f"{hhmm(self.new)}-{hhmm(self.new + self.duration)}"
        )


@dataclass(frozen=True)
class Change:
    """Topics before and after one change, the conflicts it leaves, and who it affects."""

    meetup: str
    what: str
    before: tuple[Topic, ...]
    after: tuple[Topic, ...]
    moves: tuple[Move, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    """Conflicts the change would create (none that were there before)."""
    affected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Person -> the topics of theirs that this change moves or takes off the grid."""

    def to_json(self) -> dict[str, object]:
        return {
            "meetup": self.meetup,
            "change": self.what,
            "moves": [
                {
                    "topic": m.topic,
                    "title": m.title,
                    "from": hhmm(m.old),
                    "to": hhmm(m.new),
                    "end": hhmm(m.new + m.duration),
                }
                for m in self.moves
            ],
            "conflicts": [c.to_json() for c in self.conflicts],
            "affected": {p: list(t) for p, t in sorted(self.affected.items())},
        }

    def summary(self, names: dict[str, str] | None = None) -> str:
        names = names or {}
        lines = [self.what]
        lines += [f"  {m.describe()}" for m in self.moves]
        if self.conflicts:
            lines.append(f"Conflicts ({len(self.conflicts)}):")
            lines += [f"  [{c.kind}] {c.message}" for c in self.conflicts]
        else:
            lines.append("No conflicts.")
        if self.affected:
            people = ", ".join(
                f"{names.get(p, p)} ({', '.join(t)})" for p, t in sorted(self.affected.items())
            )
            lines.append(f"Affects: {people}")
        return "\n".join(lines) + "\n"


def _affected(topics: list[Topic]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for t in topics:
        for person in t.required:
            out.setdefault(person, []).append(t.id)
    return {p: tuple(ts) for p, ts in out.items()}


def _new_conflicts(data: MeetupData, changed: list[Topic]) -> tuple[Conflict, ...]:
    from meetup.store.workspace import MeetupData

    ids = {t.id for t in changed}
    after = MeetupData(data.meetup, {**data.topics, **{t.id: t for t in changed}}, data.actions)
    known = {(c.kind, c.topics, c.person) for c in conflicts(data)}
    return tuple(
        c
        for c in conflicts(after)
        if (c.kind, c.topics, c.person) not in known and ids.intersection(c.topics)
    )


def parse_hhmm(text: str, what: str = "from") -> time:
    try:
        hours, _, mins = text.strip().partition(":")
        return time(int(hours), int(mins or 0))
    except ValueError:
        raise InvalidInput(what, f"{text!r} is not a time of day (HH:MM)") from None


def plan_shift(ws: Workspace, meetup_id: str, room: str, day: date, start: time, by: int) -> Change:
    """Move every session of ``room`` on ``day`` that starts at or after ``start`` by ``by``
    minutes (negative: earlier); sessions marked done stay.  Nothing is written."""
    data = ws.meetup(meetup_id)
    meetup = data.meetup
    if room not in {r.id for r in meetup.rooms}:
        rooms = ", ".join(r.id for r in meetup.rooms)
        raise InvalidInput("room", f"unknown room {room!r} (rooms: {rooms})")
    if all(d.date != day for d in meetup.days):
        raise InvalidInput("day", f"{day} is not a day of {meetup_id}")
    if by == 0:
        raise InvalidInput("by", "shift by a number of minutes other than 0")
    if abs(by) > MAX_SHIFT:
        raise InvalidInput(
            "by", f"shift by at most {MAX_SHIFT} minutes (-{MAX_SHIFT} to {MAX_SHIFT})"
        )
    hours = next(d for d in meetup.days if d.date == day)
    point = minutes(start)
    moving = sorted(
        (
            t
            for t in data.topics.values()
            if t.placement is not None
            and t.status == "accepted"
            and t.placement.day == day
            and t.placement.room == room
            and minutes(t.placement.start) >= point
            and t.progress != "done"
        ),
        key=lambda t: (t.placement.start, t.id),  # type: ignore[union-attr]
    )
    moves, after = [], []
    for t in moving:
        assert t.placement is not None
        old = minutes(t.placement.start)
        new = old + by
        if new < 0 or new + t.duration > 24 * 60:
            raise InvalidInput("by", _off_the_day(by, t.title, day, hours.start, hours.end))
        moves.append(Move(t.id, t.title, old, new, t.duration))
        after.append(
            replace(
                t,
                placement=replace(t.placement, start=time_of_day(new)),
                sequence=t.sequence + 1,
            )
        )
    direction = "later" if by > 0 else "earlier"
    name = next(r.name for r in meetup.rooms if r.id == room)
    what = (
        f"{name}, {day:%a %d %b}: {len(moves)} session(s) from {start:%H:%M} "
        f"{abs(by)} min {direction}"
    )
    return Change(
        meetup_id,
        what,
        tuple(moving),
        tuple(after),
        tuple(moves),
        _new_conflicts(data, after),
        _affected(after),
    )


def _off_the_day(by: int, title: str, day: date, start: time, end: time) -> str:
    """Why a shift is refused: it would move ``title`` off ``day`` altogether."""
    runs = f"{day:%a %d %b} runs {start:%H:%M}-{end:%H:%M}"
    if by > 0:
        return f"Running {by} minutes late would push {title!r} past midnight ({runs})"
    return f"Moving {-by} minutes earlier would pull {title!r} before midnight ({runs})"


def apply(ws: Workspace, change: Change) -> Change:
    """Write a planned change: every topic file or none (a stale one refuses them all)."""
    data = ws.meetup(change.meetup)
    for before in change.before:
        if data.topics.get(before.id) != before:
            raise InvalidInput("topic", f"{before.id} changed since; look at the plan again")
    if change.after:
        ws.save_topics(change.meetup, list(change.after))
    return change


def mark(ws: Workspace, meetup_id: str, topic_id: str, state: Mark) -> Change:
    """Mark a session started or done (``none`` clears it); ``skipped`` takes it off the
    grid: it stays accepted with its votes, among the unplaced topics."""
    data = ws.meetup(meetup_id)
    try:
        topic = data.topics[topic_id]
    except KeyError:
        raise NotFoundError(f"no topic {topic_id!r} in {meetup_id}") from None
    if state not in MARKS:
        raise InvalidInput("state", f"one of {', '.join(MARKS)}")
    if topic.placement is None:
        raise InvalidInput("topic", f"{topic_id} is not scheduled")
    if state == "skipped":
        new = replace(topic, placement=None, progress=None, sequence=topic.sequence + 1)
        what = f"Skipped {topic.title}: back among the unplaced topics ({len(topic.votes)} votes)"
        affected = _affected([topic])
    else:
        progress = None if state == "none" else state
        new = replace(topic, progress=progress)
        what = f"{topic.title}: {state if progress else 'not started'}"
        affected = {}
    return apply(ws, Change(meetup_id, what, (topic,), (new,), affected=affected))


def undo(ws: Workspace, change: Change) -> Change:
    """Put the topics of an applied change back as they were before it.

    SEQUENCE keeps counting up (a calendar that saw the change must take the way back as
    newer still); a topic changed by someone else since is refused, nothing is written."""
    data = ws.meetup(change.meetup)
    restored = []
    for before, after in zip(change.before, change.after):
        current = data.topics.get(after.id)
        if current != after:
            raise InvalidInput("topic", f"{after.id} changed since; nothing was undone")
        moved = current.placement != before.placement
        restored.append(
            replace(before, sequence=current.sequence + 1 if moved else current.sequence)
        )
    back = Change(
        change.meetup,
        f"Undone: {change.what}",
        change.after,
        tuple(restored),
        tuple(Move(m.topic, m.title, m.new, m.old, m.duration) for m in change.moves),
        affected=change.affected,
    )
    return apply(ws, back)
