"""Rows for ``meetup list``: plain dicts, the stable ``--json`` interface."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from meetup.store.errors import InvalidInput
from meetup.store.fields import RSVP_STATES

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

Row = dict[str, Any]


def rows(ws: Workspace, what: str, *, meetup: str | None = None) -> tuple[list[Row], list[str]]:
    """The rows and the default text columns of one listing."""
    if what == "meetups":
        return [meetup_row(d) for d in ws.meetups.values()], [
            "id",
            "title",
            "start",
            "end",
            "timezone",
            "accepted",
            "invited",
            "topics",
        ]
    if what == "topics":
        return [topic_row(d, t) for d in _meetups(ws, meetup) for t in d.topics.values()], [
            "id",
            "meetup",
            "title",
            "status",
            "votes",
            "day",
            "start",
            "room",
        ]
    if what == "attendees":
        return [
            {
                "id": a.person,
                "name": ws.person_name(a.person),
                "meetup": d.meetup.id,
                "role": a.role,
                "rsvp": a.rsvp,
                "projects": a.projects,
                "delegate_for": a.delegate_for,
            }
            for d in _meetups(ws, meetup)
            for a in d.meetup.attendees
        ], ["id", "name", "meetup", "role", "rsvp", "projects"]
    if what == "issues":
        return [
            {
                "id": i.id,
                "title": i.title,
                "status": i.status,
                "priority": i.priority,
                "projects": i.projects,
                "owner": i.owner,
                "area": i.area,
            }
            for i in ws.issues.values()
        ], ["id", "priority", "status", "title", "projects", "owner"]
    if what == "elections":
        from meetup.elections.phases import active_candidates, outcome, phase

        return [
            {
                "id": e.id,
                "title": e.title,
                "kind": e.kind,
                "project": e.project,
                "area": e.area,
                "seats": e.seats,
                "phase": phase(e),
                "candidates": active_candidates(e),
                "outcome": outcome(e),
            }
            for e in ws.elections.values()
        ], ["id", "title", "kind", "phase", "candidates"]
    if what == "actions":
        return [
            {
                "id": a.id,
                "meetup": d.meetup.id,
                "title": a.title,
                "owner": a.owner,
                "due": str(a.due) if a.due else None,
                "status": a.status,
                "topic": a.topic,
                "issue": a.issue,
            }
            for d in _meetups(ws, meetup)
            for a in d.actions.values()
        ], ["id", "meetup", "title", "owner", "due", "status", "issue"]
    if what == "people":
        return [
            {"id": p.id, "name": p.name, "email": p.email, "timezone": p.timezone}
            for p in ws.people.values()
        ], ["id", "name", "email", "timezone"]
    if what == "projects":
        return [
            {"id": p.id, "name": p.name, "ptl": p.ptl, "liaisons": dict(p.liaisons)}
            for p in ws.projects.values()
        ], ["id", "name", "ptl"]
    raise InvalidInput("what", f"cannot list {what!r}")


def _meetups(ws: Workspace, meetup: str | None) -> list[MeetupData]:
    if meetup is None:
        return list(ws.meetups.values())
    return [ws.meetup(meetup)]


def rsvp_counts(data: MeetupData) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(RSVP_STATES, 0)
    for attendee in data.meetup.attendees:
        counts[attendee.rsvp] += 1
    return counts


def meetup_row(data: MeetupData) -> Row:
    m = data.meetup
    counts = rsvp_counts(data)
    return {
        "id": m.id,
        "title": m.title,
        "cycle": m.cycle,
        "start": str(m.days[0].date) if m.days else None,
        "end": str(m.days[-1].date) if m.days else None,
        "timezone": m.timezone,
        "venue": m.venue,
        "invited": len(m.attendees),
        "accepted": counts["accepted"],
        "rsvp": counts,
        "topics": len(data.topics),
    }


def topic_row(data: MeetupData, topic: Any) -> Row:
    placement = topic.placement
    return {
        "id": topic.id,
        "meetup": data.meetup.id,
        "title": topic.title,
        "status": topic.status,
        "votes": len(topic.votes),
        "proposer": topic.proposer,
        "projects": topic.projects,
        "duration": topic.duration,
        "day": str(placement.day) if placement else None,
        "start": placement.start.strftime("%H:%M") if placement else None,
        "room": placement.room if placement else None,
    }
