"""A meetup's events: UIDs, what each VEVENT says, what was sent (calendar.toml), CalDAV.

The meetup is one all-day (VALUE=DATE) event over its days; each scheduled session is one
VEVENT (LOCATION = room and venue, RELATED-TO the meetup).  UIDs derive from ids and the
workspace's identity (``<meetup>.meetup@<identity>``, ``<meetup>.topic.<topic>@<identity>``;
ids cannot hold dots, so ``<meetup>.`` prefixes exactly this meetup's events and the
identity tells this workspace's events from another's).  Times are UTC unless a TZID is
asked for.  Output is deterministic apart from DTSTAMP (``now``).

Invites (one iTIP message per person and UID) are built by meetup.calendar.itip; what was
sent is remembered in ``meetups/<meetup>/calendar.toml`` (:class:`CalendarState`), and
SEQUENCE never goes backwards: an event that differs from what was sent gets a SEQUENCE
above the one sent, even when its topic file was edited by hand.

A personal calendar (``person``) holds the meetup event and the sessions the person is
required for (directly, or as the delegate of a required PTL), proposed, or that concern a
project they represent at the meetup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Literal

from meetup import clock
from meetup.agenda import schedule
from meetup.calendar.spec import EventSpec, instants
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.integrity import require_intact
from meetup.store.records import Attendee, Topic
from meetup.store.release_records import CalendarState, SentEvent

if TYPE_CHECKING:
    from meetup.calendar.caldav import PublishReport
    from meetup.store.workspace import MeetupData, Workspace

Method = Literal["publish", "request", "cancel"]
METHODS: tuple[Method, ...] = ("publish", "request", "cancel")
UTC = timezone.utc


# --------------------------------------------------------------------------- ids


def identity(ws: Workspace) -> str:
    """What every UID of this workspace ends with (after ``@``): its identity, else domain.

    ``meetup init`` records a random UUID (or a domain the user gives) as the workspace's
    ``identity``; workspaces made before that keep their ``domain``-based UIDs, so invites
    already in people's calendars stay valid.
    """
    return ws.settings.identity or ws.settings.domain


def owned_prefix(meetup_id: str) -> str:
    """Every UID of this meetup's events starts with this (ids hold no dots)."""
    return f"{meetup_id}."


def owns(ws: Workspace, meetup_id: str, uid: str) -> bool:
    """Whether ``uid`` is one of this workspace's events of this meetup."""
    return uid.startswith(owned_prefix(meetup_id)) and uid.endswith(f"@{identity(ws)}")


def meetup_uid(ws: Workspace, meetup_id: str) -> str:
    return f"{meetup_id}.meetup@{identity(ws)}"


def session_uid(ws: Workspace, meetup_id: str, topic_id: str) -> str:
    return f"{meetup_id}.topic.{topic_id}@{identity(ws)}"


def election_uid(ws: Workspace, election_id: str, phase: str) -> str:
    return f"election.{election_id}.{phase}@{identity(ws)}"


def topic_of(uid: str) -> str:
    """The topic id of a session UID ("" for the meetup event)."""
    head = uid.split("@", 1)[0]
    _, kind, *rest = [*head.split(".", 2), ""]
    return rest[0] if kind == "topic" else ""


# ------------------------------------------------------------------------ state


def load_state(ws: Workspace, meetup_id: str) -> CalendarState:
    """What was last sent for a meetup (empty before the first invite)."""
    return ws.read_calendar_state(meetup_id)


# ------------------------------------------------------------------------ events


def session_links(ws: Workspace, data: MeetupData, topic: Topic) -> tuple[str, tuple[str, ...]]:
    """The URL (its etherpad) and CONFERENCE URIs (its room's video) of a session's event.

    The one place where per-session links enter the calendar (meetup.agenda.links).
    """
    from meetup.agenda.links import session_links as links_of

    links = links_of(ws, data.meetup.id, topic)
    return links.etherpad, (links.video,) if links.video else ()


def stamp(now: datetime | None) -> datetime:
    """A DTSTAMP: ``now`` (else the clock) in UTC, whole seconds."""
    return (now or clock.now()).astimezone(UTC).replace(microsecond=0)


def base_sequence(state: CalendarState, spec: EventSpec) -> int:
    """SEQUENCE never goes back, and rises above what was sent when the event changed."""
    prev = state.sent.get(spec.uid)
    if prev is None:
        return spec.sequence
    start, end = instants(spec)
    same = (prev.start, prev.end, prev.room, prev.status) == (start, end, spec.room, spec.status)
    if same and prev.summary and prev.summary != spec.summary:
        same = False
    if same:
        return max(spec.sequence, prev.sequence)
    return max(spec.sequence, prev.sequence + 1)


def sent_event(spec: EventSpec) -> SentEvent:
    start, end = instants(spec)
    return SentEvent(
        sequence=spec.sequence,
        start=start,
        end=end,
        room=spec.room,
        status=spec.status,
        summary=spec.summary,
    )


def _names(ws: Workspace, ids: Iterable[str], kind: Literal["people", "projects"]) -> str:
    table: dict[str, Any] = ws.people if kind == "people" else ws.projects
    return ", ".join(table[i].name if i in table else i for i in ids)


def _session_description(ws: Workspace, data: MeetupData, topic: Topic) -> str:
    parts = [topic.description] if topic.description else []
    facts = []
    url, conferences = session_links(ws, data, topic)
    if url:
        facts.append(f"Etherpad: {url}")
    facts += [f"Video: {uri}" for uri in conferences]
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
        url, conferences = session_links(ws, data, topic)
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
                description=_session_description(ws, data, topic),
                categories=(topic.kind,),
                related_to=parent,
                required=tuple(topic.required),
                topic=topic.id,
                url=url,
                conferences=conferences,
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


def required_people(data: MeetupData, spec: EventSpec) -> list[str]:
    """Who a session requires: its required people and the delegates standing in for them."""
    required = list(spec.required)
    for a in data.meetup.attendees:
        if a.delegate_for and a.delegate_for in spec.required and a.person not in required:
            required.append(a.person)
    return required


def removed_sessions(
    ws: Workspace, data: MeetupData, state: CalendarState, live: set[str]
) -> list[EventSpec]:
    """Sessions that were sent (and not cancelled) but are no longer scheduled."""
    meetup = data.meetup
    parent = meetup_uid(ws, meetup.id)
    out = []
    for uid, sent in sorted(state.sent.items()):
        if uid in live or sent.status == "cancelled" or not topic_of(uid):
            continue
        topic_id = topic_of(uid)
        topic = data.topics.get(topic_id)
        out.append(
            EventSpec(
                uid=uid,
                summary=sent.summary or (topic.title if topic else topic_id),
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


def publish_calendar(
    ws: Workspace,
    meetup_id: str,
    *,
    person: str | None = None,
    tz: str | None = None,
    now: datetime | None = None,
) -> tuple[str, list[EventSpec]]:
    """The subscribable METHOD:PUBLISH calendar of a meetup (or of ``person``'s part of it).

    A personal calendar holds the meetup event and the sessions that concern the person
    (see :func:`concerns`).  Returns the text and its events.
    """
    from meetup.calendar.render import Renderer

    data = ws.meetup(meetup_id)
    state = load_state(ws, meetup_id)
    events = [meetup_event(ws, data), *session_events(ws, data)]
    if person is not None:
        check_person(ws, data, person, "publish")
        events = [events[0]] + [
            e for e in events[1:] if concerns(data, person, data.topics[e.topic])
        ]
    events = [replace(e, sequence=base_sequence(state, e)) for e in events]
    renderer = Renderer(ws, data, stamp=stamp(now), tz=tz)
    return renderer.calendar(events, "publish"), events


def check_person(ws: Workspace, data: MeetupData, person: str, method: str) -> None:
    """Refuse a personal export for someone who is not invited (or cannot be)."""
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


def caldav_events(ws: Workspace, meetup_id: str, *, now: datetime | None = None) -> dict[str, str]:
    """UID -> a VCALENDAR with that one event, without METHOD, ORGANIZER or ATTENDEE.

    Leaving out ORGANIZER/ATTENDEE keeps a scheduling CalDAV server (RFC 6638) from mailing
    invites on its own; invites are sent with ``meetup invite send``.
    """
    from meetup.calendar.render import Renderer

    data = ws.meetup(meetup_id)
    state = load_state(ws, meetup_id)
    events = [meetup_event(ws, data), *session_events(ws, data)]
    renderer = Renderer(ws, data, stamp=stamp(now))
    return {
        e.uid: renderer.calendar([replace(e, sequence=base_sequence(state, e))], None)
        for e in events
    }


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

    Only events of this meetup whose UID carries this workspace's identity are ever deleted
    there.  Raises :class:`meetup.calendar.dav_client.CalDAVError` with a message for the user.
    """
    from meetup.calendar import caldav

    require_intact(ws, meetup=meetup_id)  # the server must not lose a session
    events = caldav_events(ws, meetup_id, now=now)
    return caldav.publish(
        url,
        events,
        user=user,
        password=password,
        owned=lambda uid: owns(ws, meetup_id, uid),
        timeout=timeout,
        on_progress=on_progress,
    )
