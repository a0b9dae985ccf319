"""Meetups: creating one, its settings, rooms and breaks (attendees: meetup.attendees).

Forms work on a :class:`MeetupDraft` of plain strings: :func:`meetup_errors` names every
bad field at once (for inline messages) and :func:`create_meetup` / :func:`update_meetup`
refuse with the first one, before anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import msgspec

from meetup.store.errors import InvalidInput
from meetup.store.fields import LINE_PATTERN, year_problem
from meetup.store.ids import is_slug, slugify
from meetup.store.records import Break, Day, Meetup, Room
from meetup.store.references import valid_timezone

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

MAX_DAYS = 4


@lru_cache(maxsize=1)
def _all_timezones() -> tuple[str, ...]:
    from zoneinfo import available_timezones

    return tuple(sorted(z for z in available_timezones() if "/" in z or z == "UTC"))


def timezone_suggestions(prefix: str, limit: int = 8) -> list[str]:
    """IANA zones starting with ``prefix`` (case-insensitive), then those containing it."""
    needle = prefix.strip().lower()
    if not needle:
        return []
    zones = _all_timezones()
    starts = [z for z in zones if z.lower().startswith(needle)]
    contains = [z for z in zones if needle in z.lower() and z not in starts]
    return (starts + contains)[:limit]


def all_timezones() -> list[str]:
    return list(_all_timezones())


def parse_date(text: str, where: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(where, f"{text.strip()!r} is not a date (YYYY-MM-DD)") from None
    problem = year_problem(day)
    if problem:
        raise InvalidInput(where, problem)
    return day


def parse_time(text: str, where: str) -> time:
    raw = text.strip()
    match = re.fullmatch(r"(\d{1,2})(?::?(\d{2}))?", raw)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise InvalidInput(where, f"{raw!r} is not a time of day (HH:MM)")


@dataclass
class DayDraft:
    date: str = ""
    start: str = "09:00"
    end: str = "17:30"


@dataclass
class MeetupDraft:
    """What the meetup form edits, as typed."""

    title: str = ""
    ident: str = ""
    """The id of a new meetup; empty = made from the title. Ignored when editing."""
    cycle: str = ""
    venue: str = ""
    timezone: str = "UTC"
    slot_minutes: str = "30"
    days: list[DayDraft] = field(default_factory=lambda: [DayDraft()])


def draft_of(meetup: Meetup) -> MeetupDraft:
    return MeetupDraft(
        title=meetup.title,
        ident=meetup.id,
        cycle=meetup.cycle,
        venue=meetup.venue,
        timezone=meetup.timezone,
        slot_minutes=str(meetup.slot_minutes),
        days=[DayDraft(str(d.date), f"{d.start:%H:%M}", f"{d.end:%H:%M}") for d in meetup.days],
    )


def _parse(draft: MeetupDraft, errors: dict[str, str]) -> tuple[list[Day], int]:
    days: list[Day] = []
    filled = [(i, d) for i, d in enumerate(draft.days) if d.date.strip()]
    if not filled:  # said where the first day goes
        errors["day1"] = "a meetup has at least one day"
    if len(filled) > MAX_DAYS:
        errors["days"] = f"a meetup has at most {MAX_DAYS} days"
    seen: set[date] = set()
    for index, row in filled:
        where = f"day{index + 1}"
        try:
            when = parse_date(row.date, where)
            start = parse_time(row.start, where)
            end = parse_time(row.end, where)
        except InvalidInput as exc:
            errors.setdefault(where, exc.message)
            continue
        if end <= start:
            errors.setdefault(where, f"ends ({end:%H:%M}) before it starts ({start:%H:%M})")
        elif when in seen:
            errors.setdefault(where, f"{when} is listed twice")
        seen.add(when)
        days.append(Day(date=when, start=start, end=end))
    days.sort(key=lambda d: d.date)
    slot = 0
    try:
        slot = int(draft.slot_minutes.strip())
    except ValueError:
        errors["slot_minutes"] = "slot length is a number of minutes"
    else:
        if not 5 <= slot <= 240:
            errors["slot_minutes"] = "slot length must be between 5 and 240 minutes"
    return days, slot


def meetup_errors(
    ws: Workspace, draft: MeetupDraft, *, editing: str | None = None
) -> dict[str, str]:
    """Every problem of ``draft``, by field (title, id, timezone, slot_minutes, days, dayN)."""
    errors: dict[str, str] = {}
    title = draft.title.strip()
    if not title:
        errors["title"] = "a meetup needs a title"
    elif len(title) > 200:
        errors["title"] = "at most 200 characters"
    if editing is None:
        ident = draft.ident.strip() or slugify(title, ())
        if not is_slug(ident):
            errors["id"] = "lowercase letters, digits and dashes"
        elif ident in ws.meetups:
            errors["id"] = f"a meetup with id {ident!r} already exists"
    zone = draft.timezone.strip()
    if not valid_timezone(zone):
        hint = ", ".join(timezone_suggestions(zone.split("/")[-1] or zone, 3))
        errors["timezone"] = f"unknown IANA timezone {zone!r}" + (
            f" (did you mean {hint}?)" if hint else " (e.g. Europe/Paris)"
        )
    _parse(draft, errors)
    return errors


def _settings(draft: MeetupDraft, days: list[Day], slot: int) -> dict[str, Any]:
    """The settings a (checked) draft gives a meetup, tidied."""
    return {
        "title": draft.title.strip(),
        "cycle": draft.cycle.strip(),
        "venue": draft.venue.strip(),
        "timezone": draft.timezone.strip(),
        "slot_minutes": slot,
        "days": days,
    }


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        where, message = next(iter(errors.items()))
        raise InvalidInput(where, message)


def create_meetup(ws: Workspace, draft: MeetupDraft, organizer: str | None = None) -> Meetup:
    """A new meetup (id from the draft or its title); ``organizer`` is listed and invited."""
    errors = meetup_errors(ws, draft)
    _refuse(errors)
    days, slot = _parse(draft, {})
    ident = draft.ident.strip() or slugify(draft.title.strip(), ws.meetups)
    meetup = Meetup(
        id=ident, **_settings(draft, days, slot), rooms=[Room(id="main", name="Main room")]
    )
    if organizer:
        from meetup.store.records import Attendee

        meetup = msgspec.structs.replace(
            meetup,
            organizers=[organizer],
            attendees=[Attendee(person=organizer, role="organizer", rsvp="accepted")],
        )
    ws.save_meetup(meetup)
    return meetup


def update_meetup(ws: Workspace, meetup_id: str, draft: MeetupDraft) -> Meetup:
    """Save edited settings; refused when a placed topic would fall off a removed day."""
    meetup = ws.meetup(meetup_id).meetup
    errors = meetup_errors(ws, draft, editing=meetup_id)
    _refuse(errors)
    days, slot = _parse(draft, {})
    dates = {d.date for d in days}
    for topic in ws.meetup(meetup_id).topics.values():
        if topic.placement is not None and topic.placement.day not in dates:
            raise InvalidInput(
                "days",
                f"{topic.placement.day} has scheduled topics ({topic.id}): unschedule them first",
            )
    breaks = [b for b in meetup.breaks if b.day is None or b.day in dates]
    updated = msgspec.structs.replace(meetup, **_settings(draft, days, slot), breaks=breaks)
    ws.save_meetup(updated)
    return updated


# ------------------------------------------------------------------- rooms


def _room_name(name: str) -> str:
    """A room's name as typed, tidied; refused (field ``name``) in words a person reads."""
    name = name.strip()
    if not name:
        raise InvalidInput("name", "a room needs a name")
    if len(name) > 200:
        raise InvalidInput("name", f"at most 200 characters ({len(name)} typed)")
    if not re.fullmatch(LINE_PATTERN, name):
        raise InvalidInput("name", "one line, without control characters (tabs, escapes)")
    return name


def add_room(ws: Workspace, meetup_id: str, name: str, capacity: int = 0) -> Room:
    meetup = ws.meetup(meetup_id).meetup
    name = _room_name(name)
    if any(r.name.lower() == name.lower() for r in meetup.rooms):
        raise InvalidInput("name", f"there is already a room named {name!r}")
    room = Room(id=slugify(name, {r.id for r in meetup.rooms}), name=name, capacity=capacity)
    ws.save_meetup(msgspec.structs.replace(meetup, rooms=[*meetup.rooms, room]))
    return room


def rename_room(ws: Workspace, meetup_id: str, room_id: str, name: str) -> Room:
    """A new display name; the id (used by placements) stays."""
    meetup = ws.meetup(meetup_id).meetup
    name = _room_name(name)
    room = _room(meetup, room_id)
    if any(r.name.lower() == name.lower() and r.id != room_id for r in meetup.rooms):
        raise InvalidInput("name", f"there is already a room named {name!r}")
    renamed = msgspec.structs.replace(room, name=name)
    rooms = [renamed if r.id == room_id else r for r in meetup.rooms]
    ws.save_meetup(msgspec.structs.replace(meetup, rooms=rooms))
    return renamed


def remove_room(ws: Workspace, meetup_id: str, room_id: str) -> None:
    """Refused while topics are scheduled in the room."""
    data = ws.meetup(meetup_id)
    _room(data.meetup, room_id)
    used = sorted(t.id for t in data.topics.values() if t.placement and t.placement.room == room_id)
    if used:
        raise InvalidInput(
            "room",
            f"{room_id} has {len(used)} scheduled topic(s) ({', '.join(used[:3])}): "
            "move or unschedule them first",
        )
    if len(data.meetup.rooms) == 1:
        raise InvalidInput("room", "a meetup keeps at least one room")
    rooms = [r for r in data.meetup.rooms if r.id != room_id]
    ws.save_meetup(msgspec.structs.replace(data.meetup, rooms=rooms))


def _room(meetup: Meetup, room_id: str) -> Room:
    for room in meetup.rooms:
        if room.id == room_id:
            return room
    raise InvalidInput("room", f"no room {room_id!r} in {meetup.id}")


# ------------------------------------------------------------------ breaks


def parse_break(text: str) -> tuple[str, time, time]:
    """``"Coffee 10:30-11:00"`` (or ``"10:30-11:00 Coffee"``) -> title, start, end."""
    match = re.search(r"(\d{1,2}:?\d{2})\s*[-–]\s*(\d{1,2}:?\d{2})", text)
    if not match:
        raise InvalidInput("break", "write a break as: Title HH:MM-HH:MM (e.g. Lunch 12:30-13:30)")
    start = parse_time(match.group(1), "break")
    end = parse_time(match.group(2), "break")
    title = (text[: match.start()] + text[match.end() :]).strip() or "Break"
    return title, start, end


def add_break(
    ws: Workspace, meetup_id: str, title: str, start: time, end: time, day: date | None = None
) -> Break:
    """A break across every room, on every day (or on ``day``)."""
    meetup = ws.meetup(meetup_id).meetup
    if end <= start:
        raise InvalidInput("break", f"ends ({end:%H:%M}) before it starts ({start:%H:%M})")
    if day is not None and day not in {d.date for d in meetup.days}:
        raise InvalidInput("break", f"{day} is not a day of the meetup")
    for d in meetup.days:
        if day in (None, d.date) and (start < d.start or end > d.end):
            on = (
                ""
                if day is None and len({(x.start, x.end) for x in meetup.days}) == 1
                else (f" on {d.date:%a %d %b}")
            )
            raise InvalidInput(
                "break",
                f"{start:%H:%M}-{end:%H:%M} is outside the day's hours{on} "
                f"({d.start:%H:%M}-{d.end:%H:%M})",
            )
    pause = Break(title=title.strip() or "Break", start=start, end=end, day=day)
    _insert_break(ws, meetup, pause)
    return pause


def _insert_break(ws: Workspace, meetup: Meetup, pause: Break) -> None:
    breaks = sorted([*meetup.breaks, pause], key=lambda b: (b.day or date.min, b.start))
    ws.save_meetup(msgspec.structs.replace(meetup, breaks=breaks))


def remove_break(ws: Workspace, meetup_id: str, index: int) -> Break:
    meetup = ws.meetup(meetup_id).meetup
    if not 0 <= index < len(meetup.breaks):
        raise InvalidInput("break", "no such break")
    removed = meetup.breaks[index]
    breaks = [b for i, b in enumerate(meetup.breaks) if i != index]
    ws.save_meetup(msgspec.structs.replace(meetup, breaks=breaks))
    return removed


def restore_break(ws: Workspace, meetup_id: str, pause: Break) -> None:
    """Undo of :func:`remove_break`: the break as it was (even outside today's hours)."""
    _insert_break(ws, ws.meetup(meetup_id).meetup, pause)


# ------------------------------------------------------------------ display


def local_datetime(ws: Workspace, person_id: str, moment: datetime) -> datetime:
    """``moment`` in the person's own timezone (UTC when they have none)."""
    from zoneinfo import ZoneInfo

    person = ws.people.get(person_id)
    zone = person.timezone if person and valid_timezone(person.timezone) else "UTC"
    return moment.astimezone(ZoneInfo(zone))


def meetup_ids(ws: Workspace) -> Sequence[str]:
    """Meetups, soonest first (undated last)."""
    return sorted(
        ws.meetups,
        key=lambda i: (
            ws.meetups[i].meetup.days[0].date if ws.meetups[i].meetup.days else date.max,
            i,
        ),
    )
