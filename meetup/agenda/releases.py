"""Released agenda versions: frozen, named copies of a meetup's schedule, and their diffs.

``release`` writes ``meetups/<meetup>/releases/<name>.toml`` with every session of an
accepted, placed topic (topic, title, day, start, end, room, SEQUENCE, required people) and
the UTC time of the release.  ``diff(a, b)`` lists new, moved (day, time or room),
cancelled and retitled sessions.  ``affected_people`` says who a change concerns:

- the required people of the session, before and after the change;
- for a session that requires nobody (a plenary), every invited attendee who has not
  declined: they all hold it in their calendars.

``recipients_since(ws, meetup, release)`` is the hook for calendar invites: person ->
topic ids whose session changed since that release (the calendar derives UIDs from them),
so REQUEST/CANCEL messages go only to the people a change affects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from meetup import clock
from meetup.agenda.schedule import sessions, time_of_day
from meetup.store import table
from meetup.store.errors import InvalidInput, NotFoundError, WorkspaceError
from meetup.store.ids import is_slug
from meetup.store.release_records import Release, ReleasedSession

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

CURRENT = "current"
"""Name of the unsaved release that stands for the schedule as it is now."""


def current(data: MeetupData, now: datetime | None = None) -> Release:
    """The schedule as it is now, as an (unsaved) release."""
    now = now or clock.now()
    out = []
    for s in sessions(data):
        topic = data.topics[s.topic]
        if topic.status != "accepted":
            continue
        out.append(
            ReleasedSession(
                topic=s.topic,
                title=s.title,
                day=s.day,
                start=time_of_day(s.start),
                end=time_of_day(s.end),
                room=s.room,
                sequence=topic.sequence,
                required=list(s.required),
            )
        )
    return Release(name=CURRENT, released=now.astimezone(timezone.utc), sessions=out)


def release(ws: Workspace, meetup_id: str, name: str, now: datetime | None = None) -> Release:
    """Freeze the current schedule under ``name``; an existing release is never replaced."""
    data = ws.meetup(meetup_id)
    if not name.strip():
        raise InvalidInput("name", "a release needs a name, e.g. v1")
    if not is_slug(name):
        raise InvalidInput(
            "name",
            f"{name!r} is not a release name: use lowercase letters, digits and dashes, "
            "e.g. v1, final-2",
        )
    if name == CURRENT:
        raise InvalidInput("name", f"{CURRENT!r} names the live schedule; choose another name")
    if ws.store.path(table.RELEASE.path(meetup_id, name)).exists():
        raise InvalidInput("name", f"release {name!r} of {meetup_id} already exists")
    record = current(data, now)
    record = Release(
        name=name, released=record.released.replace(microsecond=0), sessions=record.sessions
    )
    ws.save_release(meetup_id, record)
    return record


def load_release(ws: Workspace, meetup_id: str, name: str) -> Release:
    """A saved release (``current`` gives the live schedule)."""
    data = ws.meetup(meetup_id)
    if name == CURRENT:
        return current(data)
    found = ws.read_release(meetup_id, name)
    if found is None:
        raise NotFoundError(f"no release {name!r} of {meetup_id}")
    return found


def list_releases(ws: Workspace, meetup_id: str) -> list[Release]:
    """Every readable release of a meetup, oldest first (broken files are skipped)."""
    ws.meetup(meetup_id)
    out = []
    for name, _ in table.RELEASE.scan(ws.store, meetup_id):
        try:
            out.append(load_release(ws, meetup_id, name))
        except WorkspaceError:
            continue  # in ws.problems; the other releases are still listed
    out.sort(key=lambda r: (r.released, r.name))
    return out


@dataclass(frozen=True)
class Change:
    """One session's change between two versions (``before``/``after`` None: absent)."""

    topic: str
    before: ReleasedSession | None
    after: ReleasedSession | None

    def to_json(self) -> dict[str, object]:
        def one(s: ReleasedSession | None) -> dict[str, object] | None:
            if s is None:
                return None
            return {
                "title": s.title,
                "day": s.day.isoformat(),
                "start": f"{s.start:%H:%M}",
                "end": f"{s.end:%H:%M}",
                "room": s.room,
                "sequence": s.sequence,
            }

        return {"topic": self.topic, "before": one(self.before), "after": one(self.after)}


@dataclass(frozen=True)
class Diff:
    a: str
    b: str
    new: list[Change] = field(default_factory=list)
    moved: list[Change] = field(default_factory=list)
    cancelled: list[Change] = field(default_factory=list)
    retitled: list[Change] = field(default_factory=list)

    @property
    def changes(self) -> list[Change]:
        """Every changed session once, by topic."""
        seen: dict[str, Change] = {}
        for c in [*self.new, *self.moved, *self.cancelled, *self.retitled]:
            seen.setdefault(c.topic, c)
        return [seen[t] for t in sorted(seen)]

    def to_json(self) -> dict[str, object]:
        return {
            "from": self.a,
            "to": self.b,
            "new": [c.to_json() for c in self.new],
            "moved": [c.to_json() for c in self.moved],
            "cancelled": [c.to_json() for c in self.cancelled],
            "retitled": [c.to_json() for c in self.retitled],
        }


def diff(a: Release, b: Release) -> Diff:
    """What changed from version ``a`` to version ``b``."""
    old = {s.topic: s for s in a.sessions}
    new = {s.topic: s for s in b.sessions}
    out = Diff(a.name, b.name)
    for topic in sorted(old.keys() | new.keys()):
        before, after = old.get(topic), new.get(topic)
        change = Change(topic, before, after)
        if before is None:
            out.new.append(change)
        elif after is None:
            out.cancelled.append(change)
        else:
            if (before.day, before.start, before.end, before.room) != (
                after.day,
                after.start,
                after.end,
                after.room,
            ):
                out.moved.append(change)
            if before.title != after.title:
                out.retitled.append(change)
    return out


def affected_people(ws: Workspace, meetup_id: str, d: Diff) -> dict[str, list[str]]:
    """Person -> topic ids of the changed sessions that concern them (see module doc)."""
    data = ws.meetup(meetup_id)
    everyone = sorted(a.person for a in data.meetup.attendees if a.rsvp != "declined")
    out: dict[str, set[str]] = {}
    for change in d.changes:
        people: set[str] = set()
        for s in (change.before, change.after):
            if s is not None:
                people.update(s.required)
        for person in people or everyone:
            out.setdefault(person, set()).add(change.topic)
    return {p: sorted(out[p]) for p in sorted(out)}


def recipients_since(ws: Workspace, meetup_id: str, release_name: str) -> dict[str, list[str]]:
    """Calendar hook: person -> topic ids changed since ``release_name`` (now vs then)."""
    then = load_release(ws, meetup_id, release_name)
    return affected_people(ws, meetup_id, diff(then, current(ws.meetup(meetup_id))))


def release_json(r: Release) -> dict[str, object]:
    return {
        "name": r.name,
        "released": r.released.isoformat(),
        "sessions": len(r.sessions),
    }


def diff_text(d: Diff, people: dict[str, list[str]]) -> str:
    """The diff as `meetup release --diff` prints it: one line per change, then who it affects."""

    def when(s: ReleasedSession | None) -> str:
        if s is None:
            return "-"
        return f"{s.day} {s.start:%H:%M}-{s.end:%H:%M} {s.room}"

    lines = [f"{d.a} -> {d.b}"]
    for c in d.new:
        lines.append(f"  new        {c.topic}: {when(c.after)}")
    for c in d.moved:
        lines.append(f"  moved      {c.topic}: {when(c.before)} -> {when(c.after)}")
    for c in d.cancelled:
        lines.append(f"  cancelled  {c.topic}: was {when(c.before)}")
    for c in d.retitled:
        lines.append(f"  retitled   {c.topic}: {_title(c.before)!r} -> {_title(c.after)!r}")
    if len(lines) == 1:
        lines.append("  no changes")
    lines.append(f"Affected people: {len(people) or 'none'}")
    lines.extend(f"  {p}: {', '.join(topics)}" for p, topics in people.items())
    return "\n".join(lines) + "\n"


def _title(s: ReleasedSession | None) -> str:
    return s.title if s is not None else ""
