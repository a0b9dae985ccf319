"""iTIP messages (RFC 5546), one per person and UID, and what was sent to whom.

An invitation is a message a calendar client acts on, and Outlook acts only on the first
VEVENT of one (MS-STANOICAL 2.2.175), so every message here holds exactly one UID:

- the meetup itself (the all-day event) is a REQUEST to every invitee who has not declined;
- a session is a REQUEST only to the people it requires (and the delegates standing in for
  them), with them as ATTENDEE ROLE=REQ-PARTICIPANT; everyone else reads the sessions in the
  subscribable PUBLISH calendar (``export ics``, CalDAV), and gets single-UID PUBLISH updates
  for sessions they are known to hold;
- an event someone holds (was sent, or got in a released agenda: ``since``) that they should
  no longer hold (the session was dropped, they left its required list or the meetup) is a
  CANCEL to them;
- the organizer (ORGANIZER, the first organizer with an e-mail) is never an ATTENDEE;
  ATTENDEEs carry the answers received (PARTSTAT).

What each person was sent is remembered per UID in ``calendar.toml`` (``delivered``: method,
SEQUENCE, DTSTAMP, PARTSTAT, a digest of the event), and the last content sent per UID
(``sent``).  A person gets a message only when what they hold differs from the current event
(content, or method), always with a SEQUENCE above the last one sent to them, so nobody gets
the same SEQUENCE twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, cast

import msgspec

from meetup.calendar import events as ev
from meetup.calendar.render import Attendee, Renderer
from meetup.calendar.spec import EventSpec
from meetup.store.errors import InvalidInput
from meetup.store.release_records import CalendarState, Delivery, ItipMethod, PartStat

if TYPE_CHECKING:
    from meetup.store.release_records import Release, ReleasedSession
    from meetup.store.workspace import MeetupData, Workspace

UTC = timezone.utc
REQ, OPT = "REQ-PARTICIPANT", "OPT-PARTICIPANT"


@dataclass(frozen=True)
class Message:
    """One iTIP object (METHOD + one VEVENT) and who it is for."""

    uid: str
    method: ItipMethod
    spec: EventSpec
    """The event as sent (its SEQUENCE and STATUS)."""
    text: str
    recipients: tuple[str, ...]
    partstats: tuple[PartStat, ...]
    """Each recipient's PARTSTAT in this message (or last known)."""

    @property
    def key(self) -> str:
        """``meetup`` or the session's topic id (for file names)."""
        return self.spec.topic or "meetup"


@dataclass
class InvitePlan:
    """What to send now, person by person; nothing is written until it is recorded."""

    meetup: str
    organizer: str
    stamp: datetime
    messages: list[Message] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    """Person -> why they get nothing (declined, no e-mail, the organizer)."""
    current: list[str] = field(default_factory=list)
    """People who already hold everything as it is now."""

    def by_person(self) -> dict[str, list[Message]]:
        out: dict[str, list[Message]] = {}
        for m in self.messages:
            for person in m.recipients:
                out.setdefault(person, []).append(m)
        return out


@dataclass(frozen=True)
class _Held:
    method: ItipMethod
    sequence: int
    digest: str


class _Planner:
    def __init__(
        self, ws: Workspace, meetup_id: str, now: datetime | None, tz: str | None = None
    ) -> None:
        self.ws = ws
        self.data: MeetupData = ws.meetup(meetup_id)
        self.state = ev.load_state(ws, meetup_id)
        self.stamp = ev.stamp(now)
        self.renderer = Renderer(ws, self.data, stamp=self.stamp, tz=tz)
        self.organizer = self.renderer.require_organizer()
        live = [ev.meetup_event(ws, self.data), *ev.session_events(ws, self.data)]
        self.live = {e.uid: replace(e, sequence=ev.base_sequence(self.state, e)) for e in live}
        self.meetup_uid = live[0].uid
        self.gone = {
            e.uid: e for e in ev.removed_sessions(ws, self.data, self.state, set(self.live))
        }
        self.attendees = {a.person: a for a in self.data.meetup.attendees}
        self.held: dict[str, dict[str, _Held]] = {
            person: {
                uid: _Held(d.method, d.sequence, d.digest)
                for uid, d in sent.items()
                if d.method != "cancel"
            }
            for person, sent in self.state.delivered.items()
        }
        self._lists: dict[str, list[Attendee]] = {}

    # ------------------------------------------------------------- knowledge

    def partstat(self, person: str, uid: str) -> PartStat:
        if uid == self.meetup_uid:
            attendee = self.attendees.get(person)
            answer: str = attendee.rsvp if attendee else "needs-action"
        else:
            answer = self.state.replies.get(uid, {}).get(person, "needs-action")
        return cast(PartStat, answer.upper())

    def required(self, spec: EventSpec) -> list[str]:
        return ev.required_people(self.data, spec)

    def attendee_list(self, uid: str) -> list[Attendee]:
        """The ATTENDEEs of a live event's REQUEST (never the organizer)."""
        found = self._lists.get(uid)
        if found is not None:
            return found
        email = self.renderer.email
        if uid == self.meetup_uid:
            people = [
                (a.person, OPT if a.role == "guest" else REQ) for a in self.data.meetup.attendees
            ]
        else:
            people = [(p, REQ) for p in self.required(self.live[uid])]
        found = [
            (p, role, self.partstat(p, uid))
            for p, role in people
            if p != self.organizer and email(p)
        ]
        self._lists[uid] = found
        return found

    def add_release(self, release: Release) -> None:
        """Everyone who was invited then holds every released session as released."""
        audience = {p for p, a in self.attendees.items() if a.rsvp != "declined"}
        audience |= set(self.state.delivered)
        for session in release.sessions:
            spec = _released_spec(self.ws, self.data, session)
            if spec.uid not in self.live and spec.uid not in self.gone:
                self.gone[spec.uid] = replace(spec, status="cancelled", sequence=spec.sequence + 1)
            digest = spec.digest()
            for person in sorted(audience | set(session.required)):
                sent = self.state.delivered.get(person, {}).get(spec.uid)
                if sent is not None and sent.stamp >= release.released:
                    continue  # what was sent to them later is what they hold
                method: ItipMethod = "request" if person in session.required else "publish"
                sequence = max(spec.sequence, sent.sequence if sent else 0)
                self.held.setdefault(person, {})[spec.uid] = _Held(method, sequence, digest)

    def wanted(self) -> tuple[dict[str, dict[str, ItipMethod]], dict[str, str]]:
        """Person -> UID -> the method they should hold it by; and who is left out, why."""
        wanted: dict[str, dict[str, ItipMethod]] = {}
        skipped: dict[str, str] = {}
        declined = {p for p, a in self.attendees.items() if a.rsvp == "declined"}
        for person in self.attendees:
            if person in declined:
                skipped[person] = "declined"
            else:
                wanted.setdefault(person, {})[self.meetup_uid] = "request"
        for uid, spec in self.live.items():
            if uid == self.meetup_uid:
                continue
            for person in self.required(spec):
                if person not in declined:
                    wanted.setdefault(person, {})[uid] = "request"
        for person, holds in self.held.items():
            if person in declined or person not in self.attendees:
                continue
            for uid, held in holds.items():
                live = uid in self.live and uid not in wanted.get(person, {})
                if live and held.method == "publish":
                    wanted.setdefault(person, {})[uid] = "publish"
        return wanted, skipped

    # -------------------------------------------------------------- messages

    def message(self, uid: str, method: ItipMethod, spec: EventSpec, people: list[str]) -> Message:
        if method == "request":
            attendees = self.attendee_list(uid)
            chosen = set(people)
            partstats = tuple(
                cast(PartStat, next(a[2] for a in attendees if a[0] == p)) for p in people
            )
            assert chosen <= {a[0] for a in attendees}
        elif method == "cancel":
            partstats = tuple(self.partstat(p, uid) for p in people)
            attendees = [(p, REQ, partstat) for p, partstat in zip(people, partstats)]
        else:
            attendees = []
            partstats = tuple(self.partstat(p, uid) for p in people)
        text = self.renderer.message(spec, method, attendees)
        return Message(uid, method, spec, text, tuple(people), partstats)

    def cancel_spec(self, uid: str) -> EventSpec | None:
        if uid in self.live:
            spec = self.live[uid]
            # the event goes on: a CANCEL to someone uninvited carries no STATUS:CANCELLED
            return spec
        return self.gone.get(uid)


def _released_spec(ws: Workspace, data: MeetupData, session: ReleasedSession) -> EventSpec:
    """A session as a release announced it."""
    from meetup.agenda import schedule

    meetup = data.meetup
    topic = data.topics.get(session.topic)
    rooms = {r.id: r.name for r in meetup.rooms}
    return EventSpec(
        uid=ev.session_uid(ws, meetup.id, session.topic),
        summary=session.title,
        start=schedule.aware(meetup, session.day, schedule.minutes(session.start)).astimezone(UTC),
        end=schedule.aware(meetup, session.day, schedule.minutes(session.end)).astimezone(UTC),
        sequence=max(session.sequence, topic.sequence if topic else 0),
        status="confirmed",
        room=session.room,
        location=", ".join(p for p in (rooms.get(session.room, session.room), meetup.venue) if p),
        related_to=ev.meetup_uid(ws, meetup.id),
        required=tuple(session.required),
        topic=session.topic,
    )


def _order(uid: str, meetup_uid: str) -> tuple[int, str]:
    return (0 if uid == meetup_uid else 1, uid)


def plan_invites(
    ws: Workspace,
    meetup_id: str,
    *,
    since: str | None = None,
    people: Iterable[str] | None = None,
    full: bool = False,
    now: datetime | None = None,
    tz: str | None = None,
) -> InvitePlan:
    """Every message due now, one per person and UID (see the module docstring).

    ``since``: a released agenda version everyone invited is taken to hold; ``people``: only
    these recipients; ``full``: also what a person already holds unchanged (a personal
    export), at the SEQUENCE they hold.
    """
    planner = _Planner(ws, meetup_id, now, tz)
    if since is not None:
        from meetup.agenda import releases

        planner.add_release(releases.load_release(ws, meetup_id, since))
    wanted, skipped = planner.wanted()
    chosen = set(people) if people is not None else None
    plan = InvitePlan(meetup_id, planner.organizer, planner.stamp)
    everyone = sorted(set(wanted) | set(planner.held) | set(skipped))
    for person in everyone:
        if chosen is not None and person not in chosen:
            continue
        if person in skipped:
            plan.skipped[person] = skipped[person]
            continue
        if person == planner.organizer:
            plan.skipped[person] = "the organizer (she sends the invites)"
            continue
        if not planner.renderer.email(person):
            plan.skipped[person] = "no e-mail address"
            continue
        sent = planner.state.delivered.get(person, {})
        holds = planner.held.get(person, {})
        mine = wanted.get(person, {})
        news = 0
        for uid in sorted(mine, key=lambda u: _order(u, planner.meetup_uid)):
            method = mine[uid]
            spec = planner.live[uid]
            last = holds.get(uid)
            delivered = sent.get(uid)
            previous = last or (
                _Held(delivered.method, delivered.sequence, "") if delivered else None
            )
            digest = spec.digest()
            current = last is not None and last.method == method and last.digest == digest
            if current and not full:
                continue
            if not full and method != "request" and planner.partstat(person, uid) == "DECLINED":
                continue
            sequence = spec.sequence if previous is None else max(spec.sequence, previous.sequence)
            if previous is not None and not current:
                sequence = max(sequence, previous.sequence + 1)
            plan.messages.append(
                planner.message(uid, method, replace(spec, sequence=sequence), [person])
            )
            news += 1
        for uid in sorted(set(holds) - set(mine), key=lambda u: _order(u, planner.meetup_uid)):
            gone = planner.cancel_spec(uid)
            if gone is None:
                continue
            sequence = max(gone.sequence, holds[uid].sequence + 1)
            plan.messages.append(
                planner.message(uid, "cancel", replace(gone, sequence=sequence), [person])
            )
            news += 1
        if not news:
            plan.current.append(person)
    if chosen is not None:
        unknown = chosen - set(everyone)
        if unknown:
            raise InvalidInput(
                "to", f"{', '.join(sorted(unknown))}: not invited to {meetup_id} nor holding any"
            )
    return plan


def organizer_messages(
    ws: Workspace,
    meetup_id: str,
    method: ItipMethod,
    *,
    now: datetime | None = None,
    tz: str | None = None,
) -> list[Message]:
    """The whole meetup as iTIP objects, one per UID, each addressed to all its attendees.

    ``request``: every scheduled event with its full ATTENDEE list, and a CANCEL for each
    session sent earlier and no longer scheduled; ``cancel``: every event cancelled, to
    everyone who holds it (or would).
    """
    planner = _Planner(ws, meetup_id, now, tz)
    out: list[Message] = []
    holders: dict[str, list[str]] = {}
    for person, holds in sorted(planner.held.items()):
        for uid in holds:
            holders.setdefault(uid, []).append(person)
    for uid in sorted(planner.live, key=lambda u: _order(u, planner.meetup_uid)):
        spec = planner.live[uid]
        invited = [a[0] for a in planner.attendee_list(uid)]
        if method == "request":
            if invited:
                out.append(planner.message(uid, "request", spec, invited))
            continue
        people = sorted(set(invited) | set(holders.get(uid, [])))
        people = [p for p in people if p != planner.organizer and planner.renderer.email(p)]
        if people:
            cancelled = replace(spec, status="cancelled", sequence=spec.sequence + 1)
            out.append(planner.message(uid, "cancel", cancelled, people))
    for uid, spec in sorted(planner.gone.items()):
        people = holders.get(uid) or [p for p in planner.required(spec) if p != planner.organizer]
        people = [p for p in people if planner.renderer.email(p)]
        if people:
            out.append(planner.message(uid, "cancel", spec, people))
    if not out:
        raise InvalidInput("attendees", f"nobody to send {meetup_id}'s events to")
    return out


def record(ws: Workspace, meetup_id: str, messages: Iterable[Message], stamp: datetime) -> None:
    """Remember that ``messages`` were sent (read calendar.toml afresh, then write it)."""
    state = ev.load_state(ws, meetup_id)
    ws.save_calendar_state(meetup_id, remembered(state, messages, stamp))


def remembered(state: CalendarState, messages: Iterable[Message], stamp: datetime) -> CalendarState:
    """``state`` after ``messages`` were sent."""
    sent = dict(state.sent)
    delivered = {person: dict(events) for person, events in state.delivered.items()}
    for m in messages:
        previous = sent.get(m.uid)
        top = max(m.spec.sequence, previous.sequence if previous else 0)
        if m.method != "cancel" or m.spec.status == "cancelled" or previous is None:
            sent[m.uid] = msgspec.structs.replace(ev.sent_event(m.spec), sequence=top)
        else:
            sent[m.uid] = msgspec.structs.replace(previous, sequence=top)
        digest = m.spec.digest()
        for person, partstat in zip(m.recipients, m.partstats):
            delivered.setdefault(person, {})[m.uid] = Delivery(
                method=m.method,
                sequence=m.spec.sequence,
                stamp=stamp,
                partstat=partstat,
                digest=digest,
            )
    return msgspec.structs.replace(
        state,
        sent=dict(sorted(sent.items())),
        delivered={p: dict(sorted(e.items())) for p, e in sorted(delivered.items())},
    )
