"""Agendas for people: Markdown for a mailing list or an etherpad, and the announcement mail.

Every time is shown in the meetup's timezone and in UTC (the offset can differ between
days around a DST change, so it is computed per session).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from meetup.agenda.schedule import aware, breaks_on, hhmm, sessions, unplaced
from meetup.store.records import Topic
from meetup.text import md_block, md_inline

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

UTC = ZoneInfo("UTC")
md = md_inline
"""Inline user text for Markdown: one line, the characters that would format escaped."""


def utc_range(data: MeetupData, day: date, start: int, end: int) -> str:
    first = aware(data.meetup, day, start).astimezone(UTC)
    last = aware(data.meetup, day, end).astimezone(UTC)
    return f"{first:%H:%M}–{last:%H:%M} UTC"


def utc_offset(data: MeetupData, day: date) -> str:
    """``UTC+01:00`` for the meetup's zone on ``day`` (at noon)."""
    offset = aware(data.meetup, day, 12 * 60).strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def date_span(data: MeetupData) -> str:
    days = sorted(d.date for d in data.meetup.days)
    if not days:
        return "dates to be decided"
    first, last = days[0], days[-1]
    if first == last:
        return f"{first:%A} {first.day} {first:%B %Y}"
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{last.day} {last:%B %Y}"
    return f"{first.day} {first:%B} – {last.day} {last:%B %Y}"


def _topic_line(ws: Workspace, topic: Topic) -> str:
    extras = [topic.kind, f"{topic.duration} min"]
    if topic.projects:
        extras.append(", ".join(md(_project(ws, p)) for p in topic.projects))
    if topic.required:
        extras.append("with " + ", ".join(md(ws.person_name(p)) for p in topic.required))
    return f"**{md(topic.title)}** ({'; '.join(extras)})"


def _links(ws: Workspace, meetup_id: str, topic: Topic) -> str:
    """`` · [etherpad](url) · [video](url)`` for the links a session has."""
    from meetup.agenda.links import session_links

    links = session_links(ws, meetup_id, topic)
    parts = [
        f"[{name}](<{url}>)"
        for name, url in (("etherpad", links.etherpad), ("video", links.video))
        if url
    ]
    return "".join(f" · {part}" for part in parts)


def _project(ws: Workspace, ident: str) -> str:
    project = ws.projects.get(ident)
    return project.name if project else ident


def _room_entries(ws: Workspace, data: MeetupData, day: date, room: str) -> Iterator[str]:
    placed: list[tuple[int, int, str]] = []
    for s in sessions(data):
        if s.day == day and s.room == room:
            topic = data.topics[s.topic]
            times = f"{hhmm(s.start)}–{hhmm(s.end)} ({utc_range(data, day, s.start, s.end)})"
            line = f"- {times} — {_topic_line(ws, topic)}{_links(ws, data.meetup.id, topic)}"
            placed.append((s.start, 1, line))
    if not placed:
        yield "- (nothing scheduled)"
        return
    for pause in breaks_on(data.meetup, day):
        times = f"{hhmm(pause.start)}–{hhmm(pause.end)} "
        times += f"({utc_range(data, day, pause.start, pause.end)})"
        placed.append((pause.start, 0, f"- {times} — _{md(pause.title)}_"))
    yield from (line for _, _, line in sorted(placed))


def agenda_markdown(ws: Workspace, meetup_id: str) -> str:
    """``meetup export agenda MEETUP --format markdown``."""
    data = ws.meetup(meetup_id)
    meetup = data.meetup
    out = [f"# {md(meetup.title)}", ""]
    where = ", ".join(md(x) for x in (meetup.venue, meetup.address) if x)
    out.append(f"- **When:** {date_span(data)}")
    if where:
        out.append(f"- **Where:** {where}")
    zone = f"{meetup.timezone} ({utc_offset(data, meetup.days[0].date)})" if meetup.days else ""
    out.append(f"- **Times:** {md(zone or meetup.timezone)}, with UTC in brackets")
    if meetup.description:
        out += ["", md_block(meetup.description).strip()]
    for hours in sorted(meetup.days, key=lambda d: d.date):
        day = hours.date
        start, end = (
            hours.start.hour * 60 + hours.start.minute,
            hours.end.hour * 60 + hours.end.minute,
        )
        out += [
            "",
            f"## {day:%A} {day.day} {day:%B %Y}",
            "",
            f"{hhmm(start)}–{hhmm(end)} {md(meetup.timezone)} ({utc_range(data, day, start, end)})",
        ]
        for room in meetup.rooms:
            out += ["", f"### {md(room.name)}", ""]
            out.extend(_room_entries(ws, data, day, room.id))
    waiting = unplaced(data)
    if waiting:
        out += ["", "## Accepted, not scheduled yet", ""]
        out += [f"- {_topic_line(ws, t)}, {len(t.votes)} votes" for t in waiting]
    out += ["", *minutes_markdown(ws, meetup_id)]
    return "\n".join(out).rstrip() + "\n"


# ------------------------------------------------------------------- minutes


def minutes_markdown(ws: Workspace, meetup_id: str) -> list[str]:
    """The compiled minutes (meetup.minutes), headings one level down to nest in the agenda."""
    from meetup.agenda.minutes import compiled_minutes

    text = compiled_minutes(ws, meetup_id).rstrip()
    return ["#" + line if line.startswith("#") else line for line in text.splitlines()]
