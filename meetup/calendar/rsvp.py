"""Import attendees' answers (METHOD:REPLY iCalendar files, RFC 5546) as RSVPs.

A reply's UID must name this workspace's meetup event or one of its sessions, and its
ATTENDEE's mailto must match one person's email (case-insensitively) who is invited to that
meetup (for a session: or whom the session requires).  A reply whose SEQUENCE is older than
the last one sent to that person answers an invite that has since changed: it is ignored,
and the report says so.  Files may be .ics files, saved mails (.eml) or mbox folders: every
text/calendar part (or .ics attachment) in them is read.  Anything else is reported with
the file it came from and never guessed.  A reply to the meetup sets the attendee's
``rsvp`` in meetup.toml; a reply to a session is kept in the meetup's calendar.toml (and
carried as PARTSTAT into that session's next invites).
Replies are applied oldest DTSTAMP first, so the latest answer wins; importing the same
files again changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from meetup.calendar.events import load_state, meetup_uid, session_uid
from meetup.store.fields import RSVP

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

PARTSTATS: dict[str, RSVP] = {
    "ACCEPTED": "accepted",
    "DECLINED": "declined",
    "TENTATIVE": "tentative",
    "NEEDS-ACTION": "needs-action",
}


@dataclass(frozen=True)
class Reply:
    """One person's answer to one event, as read from a file."""

    file: str
    uid: str
    email: str
    partstat: str
    stamp: datetime
    sequence: int = 0


@dataclass(frozen=True)
class Applied:
    file: str
    meetup: str
    topic: str | None
    """None for the meetup itself."""
    person: str
    rsvp: RSVP
    changed: bool


@dataclass
class ImportReport:
    applied: list[Applied] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    """(file, what was not applied and why)."""
    ignored: list[tuple[str, str]] = field(default_factory=list)
    """(file, why a well-formed reply was not applied): stale answers."""

    @property
    def ok(self) -> bool:
        return not self.rejected


def _calendar_parts(raw: bytes) -> list[bytes] | None:
    """The iCalendar parts of a saved mail or an mbox folder (None: not mail, maybe .ics)."""
    import email
    import email.policy

    head = raw.lstrip()[:2000]
    if head.startswith(b"BEGIN:VCALENDAR"):
        return None
    if head.startswith(b"From "):  # mbox: messages separated by "From " lines
        chunks = [c for c in raw.split(b"\nFrom ") if c.strip()]
        messages = [chunks[0].split(b"\n", 1)[1] if b"\n" in chunks[0] else b""]
        messages += [c.split(b"\n", 1)[1] if b"\n" in c else b"" for c in chunks[1:]]
    elif b":" in head.split(b"\n", 1)[0]:
        messages = [raw]
    else:
        return None
    parts: list[bytes] = []
    for data in messages:
        message = email.message_from_bytes(data, policy=email.policy.default)
        for part in message.walk():
            kind = part.get_content_type()
            filename = (part.get_filename() or "").lower()
            if kind in ("text/calendar", "application/ics") or filename.endswith(".ics"):
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    parts.append(payload)
    return parts


def read_replies(path: Path) -> tuple[list[Reply], list[tuple[str, str]]]:
    """The replies in one file (.ics, .eml or mbox), and what in it cannot be used."""
    import icalendar

    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return [], [(name, f"cannot read: {exc.strerror or exc}")]
    parts = _calendar_parts(raw)
    if parts is not None and not parts:
        return [], [(name, "a mail without a text/calendar part: no reply in it")]
    calendars = []
    for text in parts if parts is not None else [raw]:
        try:
            calendars.extend(icalendar.Calendar.from_ical(text, multiple=True))
        except ValueError as exc:
            return [], [(name, f"not an iCalendar file: {exc}")]
    replies: list[Reply] = []
    problems: list[tuple[str, str]] = []
    if not calendars:
        problems.append((name, "no VCALENDAR in the file"))
    for cal in calendars:
        method = str(cal.get("METHOD", "")).upper()
        if method != "REPLY":
            problems.append((name, f"METHOD is {method or 'missing'}, not REPLY: not a reply"))
            continue
        for event in cal.walk("VEVENT"):
            replies.extend(_event_replies(name, event, problems))
    return replies, problems


def _event_replies(name: str, event: Any, problems: list[tuple[str, str]]) -> Iterable[Reply]:
    uid = str(event.get("UID", ""))
    if not uid:
        problems.append((name, "a VEVENT without UID"))
        return
    stamp = datetime.min.replace(tzinfo=timezone.utc)
    if "DTSTAMP" in event:
        decoded = event.decoded("DTSTAMP")
        if isinstance(decoded, datetime):
            stamp = decoded if decoded.tzinfo else decoded.replace(tzinfo=timezone.utc)
    try:
        sequence = int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        sequence = 0
    attendees = event.get("ATTENDEE", [])
    attendees = attendees if isinstance(attendees, list) else [attendees]
    if not attendees:
        problems.append((name, f"{uid}: a reply without ATTENDEE"))
    for attendee in attendees:
        address = str(attendee)
        if not address.lower().startswith("mailto:"):
            problems.append((name, f"{uid}: ATTENDEE {address} is not a mailto address"))
            continue
        partstat = str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
        yield Reply(name, uid, address[len("mailto:") :].strip(), partstat, stamp, sequence)


def import_replies(ws: Workspace, paths: Iterable[Path]) -> ImportReport:
    """Apply every reply in ``paths``; see the module docstring."""
    report = ImportReport()
    replies: list[Reply] = []
    for path in paths:
        found, problems = read_replies(Path(path))
        replies.extend(found)
        report.rejected.extend(problems)
    events: dict[str, tuple[str, str | None]] = {}
    for mid, mdata in ws.meetups.items():
        events[meetup_uid(ws, mid).lower()] = (mid, None)
        for tid in mdata.topics:
            events[session_uid(ws, mid, tid).lower()] = (mid, tid)
    by_email: dict[str, list[str]] = {}
    for someone in ws.people.values():
        if someone.email:
            by_email.setdefault(someone.email.strip().lower(), []).append(someone.id)
    for reply in sorted(replies, key=lambda r: r.stamp):
        target = events.get(reply.uid.lower())
        if target is None:
            report.rejected.append((reply.file, f"unknown UID {reply.uid}: no such event here"))
            continue
        meetup_id, topic_id = target
        people = by_email.get(reply.email.lower(), [])
        if len(people) != 1:
            why = "nobody here has" if not people else f"{len(people)} people share"
            report.rejected.append((reply.file, f"{reply.uid}: {why} the email {reply.email}"))
            continue
        person = people[0]
        data = ws.meetup(meetup_id)
        invited = {a.person for a in data.meetup.attendees}
        if topic_id is not None and topic_id in data.topics:
            invited |= set(data.topics[topic_id].required)
        if person not in invited:
            report.rejected.append(
                (reply.file, f"{reply.uid}: {person} ({reply.email}) is not invited to {meetup_id}")
            )
            continue
        rsvp = PARTSTATS.get(reply.partstat)
        if rsvp is None:
            report.rejected.append(
                (
                    reply.file,
                    f"{reply.uid}: {person} answered PARTSTAT={reply.partstat}, "
                    "which is not an RSVP (ACCEPTED, DECLINED, TENTATIVE, NEEDS-ACTION)",
                )
            )
            continue
        sent = load_state(ws, meetup_id).delivered.get(person, {}).get(reply.uid)
        if sent is not None and reply.sequence < sent.sequence:
            report.ignored.append(
                (
                    reply.file,
                    f"{reply.uid}: {person}'s {reply.partstat} answers SEQUENCE "
                    f"{reply.sequence}, but {sent.sequence} was sent to them since: a stale "
                    "reply, ignored (they will answer the newer invite)",
                )
            )
            continue
        changed = _apply(ws, meetup_id, topic_id, reply.uid, person, rsvp)
        report.applied.append(Applied(reply.file, meetup_id, topic_id, person, rsvp, changed))
    return report


def _apply(
    ws: Workspace, meetup_id: str, topic_id: str | None, uid: str, person: str, rsvp: RSVP
) -> bool:
    data = ws.meetup(meetup_id)
    if topic_id is None:
        meetup = data.meetup
        if all(a.rsvp == rsvp for a in meetup.attendees if a.person == person):
            return False
        attendees = [
            msgspec.structs.replace(a, rsvp=rsvp) if a.person == person else a
            for a in meetup.attendees
        ]
        ws.save_meetup(msgspec.structs.replace(meetup, attendees=attendees))
        return True
    state = load_state(ws, meetup_id)
    key = session_uid(ws, meetup_id, topic_id)
    current = state.replies.get(key, {})
    if current.get(person) == rsvp:
        return False
    answers = dict(sorted({**current, person: rsvp}.items()))
    replies = dict(sorted({**state.replies, key: answers}.items()))
    ws.save_calendar_state(meetup_id, msgspec.structs.replace(state, replies=replies))
    return True
