"""Invites after a release: each person a change affects gets only what changed for them.

Once an agenda version is released and announced, later moves should not re-send the whole
calendar to everyone.  ``invites_since(ws, meetup, release)`` compares the release with the
current schedule (meetup.releases), asks who each change affects (required people of the
session; everyone invited for a session that requires nobody), and builds per person a
METHOD:REQUEST with the new, moved and retitled sessions that concern them, plus a
METHOD:CANCEL for their sessions that were dropped.  SEQUENCE rises as for any update.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from meetup.agenda import releases, schedule
from meetup.calendar import events as calendar
from meetup.store.errors import InvalidInput

if TYPE_CHECKING:
    from meetup.store.records import CalendarState, ReleasedSession
    from meetup.store.workspace import Workspace


@dataclass
class ReleaseInvites:
    """Per-person updates since a release, and the calendar state to remember once sent."""

    release: str
    invites: dict[str, calendar.Export] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)
    """Person -> why no invite was made (declined, not invited, no email)."""
    state: CalendarState | None = None


def invites_since(
    ws: Workspace, meetup_id: str, release_name: str, *, now: datetime | None = None
) -> ReleaseInvites:
    """Build every affected person's update since ``release_name`` (nothing is written)."""
    data = ws.meetup(meetup_id)
    then = releases.load_release(ws, meetup_id, release_name)
    change = releases.diff(then, releases.current(data, now))
    recipients = releases.affected_people(ws, meetup_id, change)
    cancels = [
        _cancel_spec(ws, meetup_id, c.before) for c in change.cancelled if c.before is not None
    ]
    out = ReleaseInvites(release_name)
    for person, topics in recipients.items():
        if not ws.people.get(person) or not ws.people[person].email:
            out.skipped[person] = "no email address"
            continue
        try:
            out.invites[person] = calendar.export_meetup(
                ws,
                meetup_id,
                method="request",
                person=person,
                topics=set(topics),
                also_cancel=cancels,
                now=now,
            )
        except InvalidInput as exc:  # declined or no longer invited: nothing to send
            out.skipped[person] = exc.message
    changed = {t for topics in recipients.values() for t in topics}
    if out.invites:
        out.state = calendar.export_meetup(
            ws, meetup_id, method="request", topics=changed, also_cancel=cancels, now=now
        ).state
    return out


def _cancel_spec(ws: Workspace, meetup_id: str, session: ReleasedSession) -> calendar.EventSpec:
    """A cancellation of a session as the release announced it."""
    data = ws.meetup(meetup_id)
    meetup = data.meetup
    topic = data.topics.get(session.topic)
    utc = timezone.utc
    return calendar.EventSpec(
        uid=calendar.session_uid(ws, meetup_id, session.topic),
        summary=session.title,
        start=schedule.aware(meetup, session.day, schedule.minutes(session.start)).astimezone(utc),
        end=schedule.aware(meetup, session.day, schedule.minutes(session.end)).astimezone(utc),
        sequence=max(session.sequence, topic.sequence if topic else 0) + 1,
        status="cancelled",
        room=session.room,
        related_to=calendar.meetup_uid(ws, meetup_id),
        required=tuple(session.required),
        topic=session.topic,
    )
