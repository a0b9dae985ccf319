"""A meetup as iCalendar (RFC 5545) and as RFC 5546 invites; an election's timeline.

The meetup is one all-day (VALUE=DATE) event over its days; each scheduled session is one
VEVENT (LOCATION = room and venue, RELATED-TO the meetup).  UIDs derive from ids and the
workspace's ``domain`` (``<meetup>.meetup@<domain>``, ``<meetup>.topic.<topic>@<domain>``;
ids cannot hold dots, so ``<meetup>.`` prefixes exactly this meetup's events).  Times are UTC
unless a TZID is asked for.  Output is deterministic apart from DTSTAMP (``now``).

What the last invite said is remembered in ``meetups/<meetup>/calendar.toml``
(:class:`~meetup.model.CalendarState`): a session that was invited and is no longer scheduled
goes out as a METHOD:CANCEL calendar of its own (RFC 5546 allows one METHOD per object), and
SEQUENCE never goes backwards: an event that differs from what was sent gets a SEQUENCE above
the one sent, even when its topic file was edited by hand.

Methods:

- ``publish``: METHOD:PUBLISH, ORGANIZER when known, no ATTENDEE.
- ``request``: ORGANIZER (the first organizer) and one ATTENDEE per invited person who has
  not declined (the meetup, or that session): ROLE=REQ-PARTICIPANT for the session's required
  people (for the meetup event: every invitee but guests), OPT-PARTICIPANT otherwise;
  RSVP=TRUE, PARTSTAT=NEEDS-ACTION.
- ``cancel``: every event in scope with STATUS:CANCELLED and SEQUENCE+1.

A personal calendar (``person``) holds the meetup event and the sessions the person is
required for (directly, or as the delegate of a required PTL), proposed, or that concern a
project they represent at the meetup; its invites name only that person as ATTENDEE.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from meetup import __version__, clock
from meetup.agenda import schedule
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.records import Attendee, CalendarState, CalendarStatus, SentEvent, Topic

if TYPE_CHECKING:
    from meetup.calendar.caldav import PublishReport
    from meetup.store.workspace import MeetupData, Workspace

Method = Literal["publish", "request", "cancel"]
METHODS: tuple[Method, ...] = ("publish", "request", "cancel")
PRODID = f"-//meetup//meetup {__version__}//EN"
UTC = timezone.utc


# --------------------------------------------------------------------------- ids


def owned_prefix(meetup_id: str) -> str:
    """Every UID of this meetup's events starts with this (ids hold no dots)."""
    return f"{meetup_id}."


def meetup_uid(ws: Workspace, meetup_id: str) -> str:
    return f"{meetup_id}.meetup@{ws.settings.domain}"


def session_uid(ws: Workspace, meetup_id: str, topic_id: str) -> str:
    return f"{meetup_id}.topic.{topic_id}@{ws.settings.domain}"


def election_uid(ws: Workspace, election_id: str, phase: str) -> str:
    return f"election.{election_id}.{phase}@{ws.settings.domain}"


# ------------------------------------------------------------------------ state


def load_state(ws: Workspace, meetup_id: str) -> CalendarState:
    """What was last sent for a meetup (empty before the first invite)."""
    return ws.read_calendar_state(meetup_id)


# ------------------------------------------------------------------------ events


@dataclass(frozen=True)
class EventSpec:
    """Everything one VEVENT says, whatever the method."""

    uid: str
    summary: str
    start: datetime | date
    end: datetime | date
    sequence: int
    status: CalendarStatus
    room: str = ""
    location: str = ""
    description: str = ""
    categories: tuple[str, ...] = ()
    related_to: str = ""
    required: tuple[str, ...] = ()
    """People required by a session; for the meetup event empty."""
    topic: str = ""


@dataclass
class Export:
    """An exported calendar, and the cancellations due since the last invite."""

    meetup: str
    method: Method
    text: str
    events: list[EventSpec]
    cancel_text: str = ""
    """A METHOD:CANCEL calendar for invited sessions that are no longer scheduled."""
    cancelled: list[EventSpec] = field(default_factory=list)
    state: CalendarState | None = None
    """What to remember once this is sent (request/cancel of the whole meetup only)."""
    calendar: Any = None
    """The icalendar ``Calendar`` that ``text`` serializes (benchmarks compare against it)."""


def _stamp(now: datetime | None) -> datetime:
    return (now or clock.now()).astimezone(UTC).replace(microsecond=0)


def _sequence(state: CalendarState, spec: EventSpec) -> int:
    """SEQUENCE never goes back, and rises above what was sent when the event changed."""
    prev = state.sent.get(spec.uid)
    if prev is None:
        return spec.sequence
    start, end = _instants(spec)
    if (prev.start, prev.end, prev.room, prev.status) == (start, end, spec.room, spec.status):
        return max(spec.sequence, prev.sequence)
    return max(spec.sequence, prev.sequence + 1)


def _instants(spec: EventSpec) -> tuple[datetime, datetime]:
    """Start and end as aware datetimes (all-day events: midnight UTC of their dates)."""
    start, end = spec.start, spec.end
    if not isinstance(start, datetime):
        start = datetime(start.year, start.month, start.day, tzinfo=UTC)
    if not isinstance(end, datetime):
        end = datetime(end.year, end.month, end.day, tzinfo=UTC)
    return start.astimezone(UTC), end.astimezone(UTC)


def _names(ws: Workspace, ids: Iterable[str], kind: Literal["people", "projects"]) -> str:
    table: dict[str, Any] = ws.people if kind == "people" else ws.projects
    return ", ".join(table[i].name if i in table else i for i in ids)


def _session_description(ws: Workspace, topic: Topic) -> str:
    parts = [topic.description] if topic.description else []
    facts = []
    if topic.projects:
        facts.append(f"Projects: {_names(ws, topic.projects, 'projects')}")
    if topic.required:
        facts.append(f"Required: {_names(ws, topic.required, 'people')}")
    facts.append(f"Kind: {topic.kind}")
    parts.append("\n".join(facts))
    return "\n\n".join(parts)


def meetup_event(ws: Workspace, data: MeetupData) -> EventSpec:
    """The all-day event spanning the meetup's days (DTEND is the day after the last)."""
    meetup = data.meetup
    if not meetup.days:
        raise InvalidInput("days", f"{meetup.id} has no days yet; nothing to put in a calendar")
    first = min(d.date for d in meetup.days)
    last = max(d.date for d in meetup.days)
    return EventSpec(
        uid=meetup_uid(ws, meetup.id),
        summary=meetup.title,
        start=first,
        end=last + timedelta(days=1),
        sequence=0,
        status="confirmed",
        location=", ".join(p for p in (meetup.venue, meetup.address) if p),
        description=meetup.description,
        categories=("meetup",),
    )


def session_events(ws: Workspace, data: MeetupData) -> list[EventSpec]:
    """One event per scheduled session (accepted: CONFIRMED; still proposed: TENTATIVE)."""
    meetup = data.meetup
    rooms = {r.id: r.name for r in meetup.rooms}
    parent = meetup_uid(ws, meetup.id)
    out = []
    for s in schedule.sessions(data):
        topic = data.topics[s.topic]
        if topic.status not in ("accepted", "proposed"):
            continue
        room = rooms.get(s.room, s.room)
        out.append(
            EventSpec(
                uid=session_uid(ws, meetup.id, s.topic),
                summary=topic.title,
                start=schedule.aware(meetup, s.day, s.start).astimezone(UTC),
                end=schedule.aware(meetup, s.day, s.end).astimezone(UTC),
                sequence=topic.sequence,
                status="confirmed" if topic.status == "accepted" else "tentative",
                room=s.room,
                location=", ".join(p for p in (room, meetup.venue) if p),
                description=_session_description(ws, topic),
                categories=(topic.kind,),
                related_to=parent,
                required=tuple(topic.required),
                topic=topic.id,
            )
        )
    return out


def concerns(data: MeetupData, person: str, topic: Topic) -> bool:
    """Whether a session belongs in ``person``'s calendar (see the module docstring)."""
    attendee = next((a for a in data.meetup.attendees if a.person == person), None)
    if person in topic.required or topic.proposer == person:
        return True
    if attendee is None:
        return False
    if attendee.delegate_for and attendee.delegate_for in topic.required:
        return True
    return bool(set(attendee.projects) & set(topic.projects))


def _removed(
    ws: Workspace, data: MeetupData, state: CalendarState, live: set[str]
) -> list[EventSpec]:
    """Sessions that were invited (and not cancelled) but are no longer scheduled."""
    meetup = data.meetup
    parent = meetup_uid(ws, meetup.id)
    prefix = f"{meetup.id}.topic."
    out = []
    for uid, sent in sorted(state.sent.items()):
        if uid in live or sent.status == "cancelled" or not uid.startswith(prefix):
            continue
        topic_id = uid[len(prefix) :].split("@", 1)[0]
        topic = data.topics.get(topic_id)
        out.append(
            EventSpec(
                uid=uid,
                summary=topic.title if topic else topic_id,
                start=sent.start,
                end=sent.end,
                sequence=max(sent.sequence + 1, topic.sequence if topic else 0),
                status="cancelled",
                room=sent.room,
                related_to=parent,
                required=tuple(topic.required) if topic else (),
                topic=topic_id,
            )
        )
    return out


# ------------------------------------------------------------------------ export


def export_meetup(
    ws: Workspace,
    meetup_id: str,
    *,
    method: Method = "publish",
    person: str | None = None,
    tz: str | None = None,
    now: datetime | None = None,
    topics: Collection[str] | None = None,
    also_cancel: Sequence[EventSpec] = (),
) -> Export:
    """The meetup's calendar for ``method`` (and ``person``); see the module docstring.

    ``topics`` limits it to those sessions (no meetup event): an update about what changed,
    with ``also_cancel`` cancellations to send beside it (see meetup.release_invites).
    """
    from meetup.calendar.render import Renderer

    if method not in METHODS:
        raise InvalidInput("method", f"unknown method {method!r}; use one of {METHODS}")
    data = ws.meetup(meetup_id)
    meetup = data.meetup
    state = load_state(ws, meetup_id)
    events = [meetup_event(ws, data), *session_events(ws, data)]
    live = {e.uid for e in events}
    removed = _removed(ws, data, state, live) if person is None or topics is not None else []
    if topics is not None:
        events = [e for e in events[1:] if e.topic in topics]
        removed = [r for r in removed if r.topic in topics]
        known = {r.uid for r in removed}
        removed += [c for c in also_cancel if c.uid not in known and c.topic in topics]
        if person is not None:
            _check_person(ws, data, person, method)
    elif person is not None:
        _check_person(ws, data, person, method)
        events = [events[0]] + [
            e for e in events[1:] if concerns(data, person, data.topics[e.topic])
        ]
    events = [replace(e, sequence=_sequence(state, e)) for e in events]
    renderer = Renderer(ws, data, state, stamp=_stamp(now), tz=tz, person=person)
    if method == "cancel":
        events = [_cancelled(e) for e in events] + removed
        removed = []
    text = renderer.calendar(events, method)
    export = Export(
        meetup=meetup.id, method=method, text=text, events=events, calendar=renderer.last_calendar
    )
    if removed and method == "request":
        export.cancel_text = renderer.calendar(removed, "cancel")
        export.cancelled = removed
    if method != "publish" and person is None:
        sent = dict(state.sent)
        for e in [*events, *export.cancelled]:
            start, end = _instants(e)
            sent[e.uid] = SentEvent(
                sequence=e.sequence, start=start, end=end, room=e.room, status=e.status
            )
        export.state = msgspec.structs.replace(state, sent=dict(sorted(sent.items())))
    return export


def _cancelled(spec: EventSpec) -> EventSpec:
    return replace(spec, status="cancelled", sequence=spec.sequence + 1)


def _check_person(ws: Workspace, data: MeetupData, person: str, method: Method) -> None:
    if person not in ws.people:
        raise NotFoundError(f"no person {person!r}")
    attendee: Attendee | None = next((a for a in data.meetup.attendees if a.person == person), None)
    required = any(person in t.required for t in data.topics.values())
    if attendee is None and not required:
        raise InvalidInput("for", f"{person} is not invited to {data.meetup.id}")
    if method == "request" and attendee is not None and attendee.rsvp == "declined":
        raise InvalidInput("for", f"{person} declined {data.meetup.id}; there is nothing to send")
    if method != "publish" and not ws.people[person].email:
        raise InvalidInput("for", f"{person} has no email address to invite")


def record_sent(ws: Workspace, export: Export, *, cancels_delivered: bool = True) -> None:
    """Remember what an invite said (after it was written); no-op for publish/personal."""
    if export.state is None:
        return
    state = export.state
    if not cancels_delivered and export.cancelled:
        previous = load_state(ws, export.meetup)
        sent = dict(state.sent)
        for e in export.cancelled:
            sent[e.uid] = previous.sent[e.uid]
        state = msgspec.structs.replace(state, sent=sent)
    ws.save_calendar_state(export.meetup, state)


def cancel_path(path: Path) -> Path:
    """Where the cancellations of an invite written to ``path`` go: ``<name>-cancel.ics``."""
    return path.with_name(f"{path.stem}-cancel{path.suffix or '.ics'}")


def write_export(ws: Workspace, export: Export, path: Path, *, record: bool = True) -> list[Path]:
    """Write the calendar (and its cancellations beside it), then remember what was sent."""
    from meetup.store.outputs import write_file

    written = [path]
    write_file(path, export.text.encode("utf-8"))
    if export.cancel_text:
        extra = cancel_path(path)
        write_file(extra, export.cancel_text.encode("utf-8"))
        written.append(extra)
    if record:
        record_sent(ws, export)
    return written


def caldav_events(ws: Workspace, meetup_id: str, *, now: datetime | None = None) -> dict[str, str]:
    """UID -> a VCALENDAR with that one event, without METHOD, ORGANIZER or ATTENDEE.

    Leaving out ORGANIZER/ATTENDEE keeps a scheduling CalDAV server (RFC 6638) from mailing
    invites on its own; invites are sent with ``export ics --method request``.
    """
    from meetup.calendar.render import Renderer

    data = ws.meetup(meetup_id)
    state = load_state(ws, meetup_id)
    events = [meetup_event(ws, data), *session_events(ws, data)]
    renderer = Renderer(ws, data, state, stamp=_stamp(now))
    return {
        e.uid: renderer.calendar([replace(e, sequence=_sequence(state, e))], None) for e in events
    }


def election_calendar(ws: Workspace, election_id: str, *, now: datetime | None = None) -> str:
    """An election's nomination and voting phases as a plain calendar, in UTC."""
    from meetup.calendar.render import plain_calendar

    try:
        election = ws.elections[election_id]
    except KeyError:
        raise NotFoundError(f"no election {election_id!r}") from None
    t = election.timeline
    phases: Sequence[tuple[str, str, datetime, datetime]] = (
        ("nominations", "Nominations", t.nominations_open, t.nominations_close),
        ("voting", "Voting", t.voting_open, t.voting_close),
    )
    events = [
        EventSpec(
            uid=election_uid(ws, election.id, key),
            summary=f"{label}: {election.title}",
            start=start.astimezone(UTC),
            end=end.astimezone(UTC),
            sequence=0,
            status="confirmed",
            description=f"{label} phase of {election.title} ({election.kind} election, "
            f"{election.seats} seat{'s' if election.seats != 1 else ''}). All times UTC.",
            categories=("election", key),
        )
        for key, label, start, end in phases
    ]
    return plain_calendar(events, stamp=_stamp(now))


def publish_meetup(
    ws: Workspace,
    meetup_id: str,
    url: str,
    *,
    user: str | None = None,
    password: str | None = None,
    timeout: float = 10.0,
    on_progress: Callable[[int, int], None] | None = None,
    now: datetime | None = None,
) -> PublishReport:
    """Make the CalDAV calendar at ``url`` hold exactly this meetup's events.

    Only events whose UID starts with the meetup's prefix are ever deleted there. Raises
    :class:`meetup.caldav.CalDAVError` with a message for the user.
    """
    from meetup.calendar import caldav

    events = caldav_events(ws, meetup_id, now=now)
    return caldav.publish(
        url,
        events,
        user=user,
        password=password,
        owned_prefix=owned_prefix(meetup_id),
        timeout=timeout,
        on_progress=on_progress,
    )
