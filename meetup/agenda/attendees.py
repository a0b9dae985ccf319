"""Who comes to a meetup: the PTL-only invite list, delegates, organizers and RSVPs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from meetup import directory
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.fields import RSVP, RSVP_STATES, AttendeeRole
from meetup.store.records import Attendee, Meetup, Topic

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

SORT_KEYS = ("name", "role", "rsvp", "project")


def current_ptls(ws: Workspace) -> dict[str, list[str]]:
    """Person id -> the projects they lead, from the project roster."""
    leads: dict[str, list[str]] = {}
    for project in sorted(ws.projects.values(), key=lambda p: p.id):
        if project.ptl and project.ptl in ws.people:
            leads.setdefault(project.ptl, []).append(project.id)
    return leads


def invite_ptls(ws: Workspace, meetup_id: str) -> list[str]:
    """Invite every current PTL (role ptl, their projects, needs-action); returns who was added.

    Idempotent: PTLs already invited keep their RSVP; their project list is brought up to
    date. Nothing is written when nothing changes.
    """
    meetup = ws.meetup(meetup_id).meetup
    leads = current_ptls(ws)
    attendees = list(meetup.attendees)
    by_person = {a.person: i for i, a in enumerate(attendees)}
    added: list[str] = []
    changed = False
    for person, projects in leads.items():
        if person in by_person:
            index = by_person[person]
            current = attendees[index]
            if current.role == "ptl" and current.projects != projects:
                attendees[index] = msgspec.structs.replace(current, projects=projects)
                changed = True
            continue
        attendees.append(Attendee(person=person, role="ptl", projects=projects))
        added.append(person)
    if added or changed:
        ws.save_meetup(msgspec.structs.replace(meetup, attendees=attendees))
    return added


def admission_refusal(
    ws: Workspace,
    meetup: Meetup,
    person: str,
    role: AttendeeRole,
    delegate_for: str | None = None,
) -> str | None:
    """Why ``person`` cannot be added with ``role`` (None when they can)."""
    if person not in ws.people:
        return f"no person {person!r} in people.toml"
    name = ws.person_name(person)
    if any(a.person == person for a in meetup.attendees):
        return f"{name} is already invited"
    leads = current_ptls(ws)
    if role == "ptl":
        if person not in leads:
            return (
                f"{name} leads no project: this meetup is PTL-only, so add them as a "
                "named PTL's delegate or as an organizer"
            )
        return None
    if role == "delegate":
        if not delegate_for:
            return "a delegate stands in for a named PTL: choose the PTL"
        ptl = next((a for a in meetup.attendees if a.person == delegate_for), None)
        if ptl is None or ptl.role != "ptl":
            return f"{ws.person_name(delegate_for)} is not an invited PTL of this meetup"
        if any(a.delegate_for == delegate_for for a in meetup.attendees):
            return f"{ws.person_name(delegate_for)} already has a delegate"
        return None
    if role == "organizer":
        return None
    if meetup.ptl_only:
        return (
            f"this meetup is PTL-only: {name} can come only as a named PTL's delegate "
            "or as an organizer"
        )
    return None


def add_attendee(
    ws: Workspace,
    meetup_id: str,
    person: str,
    role: AttendeeRole = "ptl",
    delegate_for: str | None = None,
) -> Attendee:
    """Invite one person (named by id, name or e-mail) under the meetup's policy; the
    refusal says why."""
    meetup = ws.meetup(meetup_id).meetup
    found = directory.person_id(ws, person)
    if found is None:
        raise InvalidInput("person", "name the person to invite")
    person = found
    if delegate_for:
        delegate_for = directory.person_id(ws, delegate_for, field="delegate_for")
    reason = admission_refusal(ws, meetup, person, role, delegate_for)
    if reason:
        raise InvalidInput("person", reason)
    projects: list[str] = []
    if role == "ptl":
        projects = current_ptls(ws)[person]
    elif role == "delegate":
        projects = next(a.projects for a in meetup.attendees if a.person == delegate_for)
    attendee = Attendee(
        person=person,
        role=role,
        projects=projects,
        delegate_for=delegate_for if role == "delegate" else None,
    )
    organizers = list(meetup.organizers)
    if role == "organizer" and person not in organizers:
        organizers.append(person)
    ws.save_meetup(
        msgspec.structs.replace(
            meetup, attendees=[*meetup.attendees, attendee], organizers=organizers
        )
    )
    return attendee


def remove_attendee(ws: Workspace, meetup_id: str, person: str) -> Attendee:
    """Uninvite; refused while someone is their delegate. Returns the record (for undo)."""
    meetup = ws.meetup(meetup_id).meetup
    attendee = get_attendee(meetup, person)
    delegate = next((a for a in meetup.attendees if a.delegate_for == person), None)
    if delegate is not None:
        raise InvalidInput(
            "person",
            f"{ws.person_name(delegate.person)} is {ws.person_name(person)}'s delegate: "
            "remove the delegate first",
        )
    attendees = [a for a in meetup.attendees if a.person != person]
    organizers = [o for o in meetup.organizers if o != person]
    ws.save_meetup(msgspec.structs.replace(meetup, attendees=attendees, organizers=organizers))
    return attendee


def restore_attendee(ws: Workspace, meetup_id: str, attendee: Attendee) -> None:
    """Undo of :func:`remove_attendee`: the same record back on the list."""
    meetup = ws.meetup(meetup_id).meetup
    if any(a.person == attendee.person for a in meetup.attendees):
        return
    organizers = list(meetup.organizers)
    if attendee.role == "organizer" and attendee.person not in organizers:
        organizers.append(attendee.person)
    ws.save_meetup(
        msgspec.structs.replace(
            meetup, attendees=[*meetup.attendees, attendee], organizers=organizers
        )
    )


def get_attendee(meetup: Meetup, person: str) -> Attendee:
    for attendee in meetup.attendees:
        if attendee.person == person:
            return attendee
    raise NotFoundError(f"{person} is not invited to {meetup.id}")


def set_rsvp(ws: Workspace, meetup_id: str, person: str, state: str) -> Attendee:
    if state not in RSVP_STATES:
        raise InvalidInput("rsvp", f"RSVP is one of {', '.join(RSVP_STATES)}")
    meetup = ws.meetup(meetup_id).meetup
    current = get_attendee(meetup, person)
    updated = msgspec.structs.replace(current, rsvp=state)
    attendees = [updated if a.person == person else a for a in meetup.attendees]
    ws.save_meetup(msgspec.structs.replace(meetup, attendees=attendees))
    return updated


def next_rsvp(state: RSVP) -> RSVP:
    """needs-action -> accepted -> tentative -> declined -> needs-action."""
    cycle: tuple[RSVP, ...] = ("needs-action", "accepted", "tentative", "declined")
    return cycle[(cycle.index(state) + 1) % len(cycle)]


def rsvp_counts(meetup: Meetup) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(RSVP_STATES, 0)
    for attendee in meetup.attendees:
        counts[attendee.rsvp] += 1
    return counts


def select(
    ws: Workspace, meetup: Meetup, *, state: str | None = None, sort: str = "name"
) -> list[Attendee]:
    """Attendees in RSVP ``state`` (all when None), sorted by name, role, rsvp or project."""
    chosen: Iterable[Attendee] = (a for a in meetup.attendees if state is None or a.rsvp == state)

    def key(a: Attendee) -> tuple[str, ...]:
        name = ws.person_name(a.person).lower()
        if sort == "role":
            return (a.role, name)
        if sort == "rsvp":
            return (a.rsvp, name)
        if sort == "project":
            return (a.projects[0] if a.projects else "~", name)
        return (name,)

    return sorted(chosen, key=key)


# -------------------------------------------------------------------- times


def _start(meetup: Meetup, topic: Topic) -> datetime | None:
    from meetup.agenda.schedule import aware, minutes

    if topic.placement is None:
        return None
    return aware(meetup, topic.placement.day, minutes(topic.placement.start))


def local_times(ws: Workspace, meetup_id: str, topic_id: str) -> list[tuple[str, str]]:
    """(person, ``"Tue 04:30 America/New_York"``) for each person the session requires."""
    from meetup.agenda.meetups import local_datetime

    data = ws.meetup(meetup_id)
    topic = data.topics.get(topic_id)
    if topic is None:
        raise NotFoundError(f"no topic {topic_id!r} in {meetup_id}")
    start = _start(data.meetup, topic)
    if start is None:
        return []
    out = []
    for person in topic.required:
        local = local_datetime(ws, person, start)
        out.append((person, f"{local:%a %H:%M} {local.tzinfo}"))
    return out


def sessions_of(ws: Workspace, meetup_id: str, person: str) -> list[tuple[Topic, str]]:
    """Placed topics that require ``person``, with the start in their own time, in order."""
    from meetup.agenda.meetups import local_datetime

    data = ws.meetup(meetup_id)
    found: list[tuple[datetime, Topic]] = []
    for topic in data.topics.values():
        start = _start(data.meetup, topic)
        if start is not None and person in topic.required and topic.status == "accepted":
            found.append((start, topic))
    found.sort(key=lambda pair: (pair[0], pair[1].id))
    return [(t, f"{local_datetime(ws, person, s):%a %H:%M}") for s, t in found]


def local_start(ws: Workspace, meetup: Meetup, person: str) -> str:
    """The first day's start in the person's time, e.g. ``"Tue 03:00"`` (``""`` if no days)."""
    from meetup.agenda.meetups import local_datetime
    from meetup.agenda.schedule import aware, minutes

    if not meetup.days:
        return ""
    first = meetup.days[0]
    local = local_datetime(ws, person, aware(meetup, first.date, minutes(first.start)))
    return f"{local:%a %H:%M}"
