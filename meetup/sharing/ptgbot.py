"""ptgbot's database, both ways: the JSON a PTG bot serves, and its grid read into a meetup.

ptgbot (openstack/ptgbot) keeps one JSON document: ``tracks`` (names), ``slots`` per day
name (``Monday``: ``[{name, desc: "HH:MM-HH:MM", realtime?}]``), ``schedule`` (room ->
slot name -> booked track, plus the room's ``desc``, ``url``, ``cap_icon``, ``cap_desc``),
``etherpads`` and ``urls`` per track, and while the event runs ``now`` (track -> what is
on) and ``next`` (track -> what comes).  A meetup maps onto it as: a room per room, a slot
per cell of the day's grid outside breaks, a track per session (the topic's ``track``, else
its id) booked in every slot it runs through.
"""

from __future__ import annotations

import itertools
import json
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from meetup.agenda.schedule import breaks_on, hhmm, minutes, sessions, slot_ends, slot_starts
from meetup.store.errors import InvalidInput
from meetup.store.ids import slugify

if TYPE_CHECKING:
    from meetup.sharing.agenda_toml import AgendaFile
    from meetup.store.workspace import Workspace

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
ROOM_KEYS = frozenset({"cap_icon", "cap_desc", "url", "desc"})
"""Keys of a room's schedule entry that are not slots (ptgbot skips the same ones)."""


def track_of(topic: Any) -> str:
    return topic.track or topic.id


# ------------------------------------------------------------------ export


def ptgbot_db(ws: Workspace, meetup_id: str, *, at: datetime | None = None) -> dict[str, Any]:
    """The ptgbot database of a meetup; with ``at``, its ``now`` and ``next`` at that time."""
    from zoneinfo import ZoneInfo

    data = ws.meetup(meetup_id)
    meetup = data.meetup
    zone = ZoneInfo(meetup.timezone)
    days = sorted(meetup.days, key=lambda d: d.date)
    names = [DAY_NAMES[d.date.weekday()] for d in days]
    if len(set(names)) != len(names):
        raise InvalidInput(
            "days", "ptgbot names slots by weekday: a meetup over a week long does not fit"
        )
    slots: dict[str, list[dict[str, str]]] = {}
    cells: dict[date, list[tuple[int, int, str]]] = {}
    for day, name in zip(days, names):
        pauses = breaks_on(meetup, day.date)
        row = []
        for start, end in zip(slot_starts(meetup, day.date), slot_ends(meetup, day.date)):
            if any(p.start <= start < p.end for p in pauses):
                continue
            end = min([end, *(p.start for p in pauses if start < p.start < end)])
            slot = f"{name[:3]}{hhmm(start).replace(':', '')}"
            when = datetime.combine(day.date, time(start // 60, start % 60), zone)
            row.append((start, end, slot))
            slots.setdefault(name, []).append(
                {
                    "name": slot,
                    "desc": f"{hhmm(start)}-{hhmm(end)}",
                    "realtime": when.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ"),
                }
            )
        cells[day.date] = row
    schedule: dict[str, dict[str, str]] = {}
    rooms = {r.id: r for r in meetup.rooms}
    for room in meetup.rooms:
        entry: dict[str, str] = {}
        if room.capacity:
            entry["desc"] = f"Fits {room.capacity}"
        for day in days:
            for _, _, slot in cells[day.date]:
                entry[slot] = ""
        schedule[room.name] = entry
    tracks: set[str] = set()
    placed = sessions(data)
    for s in placed:
        held = rooms.get(s.room or "")
        if held is None or s.day not in cells:
            continue
        track = track_of(data.topics[s.topic])
        tracks.add(track)
        for start, end, slot in cells[s.day]:
            if start < s.end and s.start < end:
                schedule[held.name][slot] = track
    db: dict[str, Any] = {
        "eventid": meetup.id,
        "voice": 0,
        "links": {},
        "motd": [],
        "tracks": sorted(tracks),
        "slots": slots,
        "schedule": schedule,
        "now": {},
        "next": {},
        "etherpads": {},
        "urls": {},
        "colors": {},
        "location": {},
        "last_check_in": {},
        "subscriptions": {},
    }
    if at is not None:
        local = at.astimezone(zone)
        moment = local.hour * 60 + local.minute
        for s in placed:
            if s.day != local.date() or s.room not in rooms:
                continue
            track = track_of(data.topics[s.topic])
            if s.start <= moment < s.end:
                db["now"][track] = s.title
                db["location"][track] = rooms[s.room].name
            elif s.start > moment:
                db["next"].setdefault(track, []).append(f"at {hhmm(s.start)}: {s.title}")
    return db


def ptgbot_json(ws: Workspace, meetup_id: str, *, at: datetime | None = None) -> str:
    return json.dumps(ptgbot_db(ws, meetup_id, at=at), indent=2, ensure_ascii=False) + "\n"


# ------------------------------------------------------------------ import


def is_ptgbot(raw: bytes) -> bool:
    """Whether ``raw`` looks like a ptgbot database (JSON with slots and a schedule)."""
    head = raw.lstrip()[:1]
    if head != b"{":
        return False
    try:
        data = json.loads(raw)
    except ValueError:
        return False
    return isinstance(data, dict) and "slots" in data and "schedule" in data


def _hhmm(text: str, where: str) -> time:
    try:
        hour, minute = (int(part) for part in text.strip().split(":"))
        return time(hour, minute)
    except ValueError:
        raise InvalidInput(where, f"expected HH:MM, got {text!r}") from None


def agenda_from_ptgbot(raw: bytes, source: str, *, today: date) -> AgendaFile:
    """A ptgbot database as an agenda file (for the agenda import's preview and merge).

    Days are dated from a slot's ``realtime`` when one is given, else from the next date
    on that weekday from ``today``; times are UTC (ptgbot knows no timezone).  Each run of
    consecutive slots a track holds in a room becomes one accepted, placed topic.
    """
    from meetup.sharing.agenda_toml import (
        AGENDA_FORMAT,
        AGENDA_VERSION,
        AgendaFile,
        AgendaMeetup,
    )
    from meetup.store.records import Break, Day, Room

    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise InvalidInput("ptgbot", f"{source}: not JSON: {exc}") from None
    slots = data.get("slots")
    schedule = data.get("schedule")
    if not isinstance(slots, dict) or not isinstance(schedule, dict):
        raise InvalidInput("ptgbot", f"{source}: expected ptgbot's slots and schedule tables")
    anchor: date | None = None
    anchor_name = ""
    for name, row in slots.items():
        for slot in row if isinstance(row, list) else []:
            real = isinstance(slot, dict) and slot.get("realtime")
            if real and anchor is None:
                anchor = datetime.fromisoformat(str(real).replace("Z", "+00:00")).date()
                anchor_name = name
    days: list[Day] = []
    breaks: list[Break] = []
    slot_at: dict[str, tuple[date, int, int]] = {}
    for name, row in slots.items():
        if name not in DAY_NAMES or not isinstance(row, list) or not row:
            raise InvalidInput("slots", f"{source}: {name!r}: expected a weekday with slots")
        weekday = DAY_NAMES.index(name)
        if anchor is not None:
            offset = (weekday - DAY_NAMES.index(anchor_name)) % 7
            when = anchor + timedelta(days=offset)
        else:
            when = today + timedelta(days=(weekday - today.weekday()) % 7)
        spans = []
        for slot in row:
            desc = str(slot.get("desc", "")) if isinstance(slot, dict) else ""
            start_text, _, end_text = desc.partition("-")
            where = f"slots.{name}.{slot.get('name') if isinstance(slot, dict) else '?'}"
            start, end = _hhmm(start_text, where), _hhmm(end_text, where)
            if minutes(end) <= minutes(start):
                raise InvalidInput(where, f"slot ends before it starts: {desc!r}")
            spans.append((minutes(start), minutes(end), str(slot.get("name", ""))))
        spans.sort()
        days.append(
            Day(
                date=when,
                start=_clock(spans[0][0]),
                end=_clock(spans[-1][1]),
                slots=[_clock(s) for s, _, _ in spans],
            )
        )
        for (_, gap_from, _), (gap_to, _, _) in itertools.pairwise(spans):
            if gap_to > gap_from:
                breaks.append(
                    Break(title="Break", start=_clock(gap_from), end=_clock(gap_to), day=when)
                )
        for slot_start, slot_end, slot_name in spans:
            slot_at[slot_name] = (when, slot_start, slot_end)
    days.sort(key=lambda d: d.date)
    rooms: list[Room] = []
    topics: list[Any] = []
    taken: set[str] = set()
    for room_name, bookings in schedule.items():
        if not isinstance(bookings, dict):
            continue
        room_id = slugify(str(room_name), {r.id for r in rooms})
        digits = "".join(c for c in str(bookings.get("desc", "")) if c.isdigit())
        rooms.append(
            Room(id=room_id, name=str(room_name)[:200], capacity=int(digits[:4]) if digits else 0)
        )
        unknown = sorted(k for k in bookings if k not in ROOM_KEYS and k not in slot_at)
        if unknown:
            raise InvalidInput(
                "schedule", f"{source}: {room_name}: booked slots no day has: {', '.join(unknown)}"
            )
        booked = sorted(
            (*slot_at[slot], str(track))
            for slot, track in bookings.items()
            if slot not in ROOM_KEYS and track
        )
        topics.extend(_sessions(booked, room_id, taken))
    event = str(data.get("eventid") or "ptg")
    meetup = AgendaMeetup(
        id=slugify(event),
        title=event[:200],
        timezone="UTC",
        days=days,
        rooms=rooms,
        breaks=breaks,
    )
    return AgendaFile(format=AGENDA_FORMAT, version=AGENDA_VERSION, meetup=meetup, topics=topics)


def _sessions(booked: list[tuple[date, int, int, str]], room_id: str, taken: set[str]) -> list[Any]:
    """One placed topic per run of consecutive slots a track holds in one room."""
    from meetup.sharing.agenda_toml import AgendaTopic
    from meetup.store.records import Placement

    runs: list[list[tuple[date, int, int, str]]] = []
    for cell in booked:
        last = runs[-1][-1] if runs else None
        if last is not None and (last[0], last[2], last[3]) == (cell[0], cell[1], cell[3]):
            runs[-1].append(cell)
        else:
            runs.append([cell])
    out = []
    for run in runs:
        day, start, _, track = run[0]
        ident = slugify(f"{track}-{day:%a}-{room_id}-{hhmm(start)}", taken)
        taken.add(ident)
        out.append(
            AgendaTopic(
                id=ident,
                title=track[:200] or "Session",
                track=track,
                duration=run[-1][2] - start,
                status="accepted",
                placement=Placement(day=day, start=_clock(start), room=room_id),
            )
        )
    return out


def _clock(m: int) -> time:
    return time(m // 60, m % 60)
