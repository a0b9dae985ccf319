"""``meetup announce MEETUP``: the plain-text announcement mail to the invited PTLs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from meetup.agenda.schedule import hhmm, minutes, sessions, unplaced
from meetup.sharing.markdown import date_span, utc_offset, utc_range
from meetup.store import table

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace


def _address(name: str, email: str) -> str:
    """``Name <email>``, quoting a name that would break the header."""
    if any(c in name for c in ',;<>"@()[]:\\'):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{email}>"


def announcement(ws: Workspace, meetup_id: str) -> str:
    """The mail: headers (Subject, To), then dates, venue, timezone, agenda, how to join in."""
    data = ws.meetup(meetup_id)
    meetup = data.meetup
    ptls = [a for a in meetup.attendees if a.role == "ptl"]
    mailed = []
    unmailed = []
    for attendee in ptls:
        person = ws.people.get(attendee.person)
        if person is not None and person.email:
            mailed.append(_address(" ".join(person.name.split()), person.email.strip()))
        else:
            unmailed.append(ws.person_name(attendee.person))
    place = meetup.venue.split(",")[-1].strip() if meetup.venue else ""
    subject = f"{meetup.title}: {date_span(data)}" + (f", {place}" if place else "")
    lines = [
        f"Subject: {' '.join(subject.split())}",
        f"To: {', '.join(mailed)}",
        "",
        "Hello PTLs,",
        "",
        f"you are invited to the {meetup.title}"
        + (f" ({meetup.cycle} cycle)" if meetup.cycle else "")
        + (
            "; it is for PTLs only (a PTL who cannot come may name a delegate)."
            if meetup.ptl_only
            else "."
        ),
    ]
    if meetup.description:
        lines += ["", meetup.description.strip()]
    lines += ["", "When:"]
    for hours in sorted(meetup.days, key=lambda d: d.date):
        start, end = minutes(hours.start), minutes(hours.end)
        lines.append(
            f"  {hours.date:%A} {hours.date.day} {hours.date:%B %Y}, {hhmm(start)}–{hhmm(end)} "
            f"({utc_range(data, hours.date, start, end)})"
        )
    if not meetup.days:
        lines.append("  dates to be decided")
    lines += ["", "Where:", f"  {meetup.venue or 'venue to be decided'}"]
    if meetup.address:
        lines.append(f"  {meetup.address}")
    zone = meetup.timezone
    if meetup.days:
        zone += f" ({utc_offset(data, meetup.days[0].date)})"
    lines += ["", f"Timezone: {zone}; times below are local to the venue, UTC in brackets."]

    rooms = {r.id: r.name for r in meetup.rooms}
    placed = sessions(data)
    lines += ["", f"Agenda so far ({len(placed)} sessions scheduled):"]
    for s in placed:
        lines.append(
            f"  {s.day:%a} {s.day.day} {s.day:%b} {hhmm(s.start)}–{hhmm(s.end)} "
            f"({utc_range(data, s.day, s.start, s.end)})  {rooms.get(s.room, s.room)}: {s.title}"
        )
    waiting = unplaced(data)
    if waiting:
        lines += ["", "Accepted, waiting for a slot:"]
        lines += [f"  {t.title} ({_votes(len(t.votes))})" for t in waiting]
    proposed = sorted(
        (t for t in data.topics.values() if t.status == "proposed"),
        key=lambda t: (-len(t.votes), t.id),
    )
    if proposed:
        lines += ["", "Proposed, vote for what matters to you:"]
        lines += [f"  {t.id}: {t.title} ({_votes(len(t.votes))})" for t in proposed]
    if ptls:
        lines += ["", "Invited (your id, then your RSVP so far):"]
        lines += [f"  {a.person:<20} {ws.person_name(a.person):<24} {a.rsvp}" for a in ptls]
    lines += _how_to(meetup_id)
    organizers = [ws.person_name(p) for p in meetup.organizers]
    if unmailed:
        lines += ["", f"(Not mailed, no email address on file: {', '.join(unmailed)}.)"]
    lines += ["", "See you there,", ", ".join(organizers) or "The organizers"]
    return "\n".join(lines) + "\n"


def _votes(count: int) -> str:
    return f"{count} vote" if count == 1 else f"{count} votes"


def _how_to(meetup_id: str) -> list[str]:
    rel = table.MEETUP.path(meetup_id)
    topics = f"meetups/{meetup_id}/topics"
    return [
        "",
        "How to RSVP",
        f"  In the shared workspace, set your entry in {rel}:",
        "      [[attendees]]",
        '      person = "your-id"',
        '      rsvp = "accepted"          # or "declined", "tentative"',
        "  then run `meetup check` and `meetup sync`. Or answer the calendar invite",
        f"  (`meetup export ics {meetup_id} --for your-id --method request`); the organizers",
        "  read the replies with `meetup import rsvp FILE`.",
        "",
        "How to propose a topic",
        f"  Add {topics}/<short-id>.toml (the file name is the topic's id):",
        '      title = "What you want to settle"',
        '      proposer = "your-id"',
        '      projects = ["nova", "neutron"]',
        '      kind = "discussion"          # or "decision", "working", "presentation"',
        "      duration = 30               # minutes",
        "  To +1 a topic, add your id to its `votes` list. Then `meetup check` and",
        "  `meetup sync`. In the terminal UI (`meetup`), press m for Meetups.",
        f"  The whole agenda: `meetup export agenda {meetup_id} --format markdown`.",
    ]
