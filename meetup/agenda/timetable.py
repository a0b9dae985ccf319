"""A meetup's schedule as shown: ``meetup schedule``'s text and JSON, the rooms x slots grid."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

from meetup.agenda.conflicts import conflicts
from meetup.agenda.schedule import (
    Session,
    aware,
    break_at,
    breaks_on,
    hhmm,
    sessions,
    slot_ends,
    slot_starts,
    unplaced,
)

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData


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
