"""``export ics``: a meetup as a PUBLISH calendar, or as iTIP objects of one UID each.

- ``publish``: one subscribable calendar (METHOD:PUBLISH, ORGANIZER, no ATTENDEE) of the
  meetup, or of one person's part of it (``person``).
- ``request`` / ``cancel``: one iTIP object per UID (meetup.calendar.itip).  Without
  ``person`` each object is addressed to all of its attendees (the meetup event to every
  invitee, a session to its required people, CANCELs to whoever holds a dropped session);
  with ``person``, the objects that person should hold now (and CANCELs for what they
  should no longer hold).  On standard output they form an iCalendar stream (RFC 5545 3.4:
  one VCALENDAR after the other); ``-o FILE`` writes one file per object (FILE itself for
  the first, FILE-<topic>.ics beside it for each session).

Every form but the whole-meetup PUBLISH calendar is remembered per person and UID in
calendar.toml (:func:`meetup.calendar.itip.record`), so later messages rise above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetup.calendar import events as ev
from meetup.calendar import itip
from meetup.calendar.spec import EventSpec
from meetup.store.errors import InvalidInput
from meetup.store.integrity import require_intact

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace


@dataclass
class Export:
    """An exported calendar or set of iTIP objects, and what to remember once written."""

    meetup: str
    method: ev.Method
    text: str
    """The whole output (PUBLISH calendar, or the iTIP objects one after the other)."""
    stamp: datetime
    messages: list[itip.Message] = field(default_factory=list)
    """request/cancel: one per UID; personal publish: what the person now holds."""
    events: list[EventSpec] = field(default_factory=list)
    person: str | None = None
    calendar: Any = None
    """Unused (kept for callers that compared against an icalendar object)."""

    @property
    def records(self) -> bool:
        return bool(self.messages)


def export_meetup(
    ws: Workspace,
    meetup_id: str,
    *,
    method: ev.Method = "publish",
    person: str | None = None,
    tz: str | None = None,
    now: datetime | None = None,
) -> Export:
    """The meetup's calendar for ``method`` (and ``person``); see the module docstring.

    Refuses (BrokenRecordsError) when a record the meetup needs is broken: a calendar must
    not silently leave a session out.
    """
    require_intact(ws, meetup=meetup_id)
    if method not in ev.METHODS:
        raise InvalidInput("method", f"unknown method {method!r}; use one of {ev.METHODS}")
    stamp = ev.stamp(now)
    if method == "publish":
        text, events = ev.publish_calendar(ws, meetup_id, person=person, tz=tz, now=stamp)
        export = Export(meetup_id, method, text, stamp, events=events, person=person)
        if person is not None:
            export.messages = _held_by_publish(ws, meetup_id, person, events)
        return export
    if person is None:
        messages = itip.organizer_messages(ws, meetup_id, method, now=stamp, tz=tz)
    else:
        data = ws.meetup(meetup_id)
        ev.check_person(ws, data, person, method)
        plan = itip.plan_invites(ws, meetup_id, people=[person], full=True, now=stamp, tz=tz)
        messages = plan.messages
        if method == "cancel":
            messages = _cancel_all(ws, meetup_id, person, messages, stamp, tz)
        if not messages:
            why = plan.skipped.get(person, "nothing to send")
            raise InvalidInput("for", f"{person}: {why}")
    text = "".join(m.text for m in messages)
    return Export(
        meetup_id, method, text, stamp, messages, [m.spec for m in messages], person=person
    )


def _held_by_publish(
    ws: Workspace, meetup_id: str, person: str, events: list[EventSpec]
) -> list[itip.Message]:
    """A personal PUBLISH calendar: the person now holds each of its events."""
    return [itip.Message(e.uid, "publish", e, "", (person,), ("NEEDS-ACTION",)) for e in events]


def _cancel_all(
    ws: Workspace,
    meetup_id: str,
    person: str,
    messages: list[itip.Message],
    stamp: datetime,
    tz: str | None,
) -> list[itip.Message]:
    """Every event of a person's invite as a CANCEL to them, SEQUENCE one above."""
    from meetup.calendar.render import Renderer

    renderer = Renderer(ws, ws.meetup(meetup_id), stamp=stamp, tz=tz)
    out = []
    for m in messages:
        spec = m.spec
        if m.method != "cancel":
            spec = replace(spec, status="cancelled", sequence=spec.sequence + 1)
        partstat = m.partstats[0]
        text = renderer.message(spec, "cancel", [(person, itip.REQ, partstat)])
        out.append(itip.Message(m.uid, "cancel", spec, text, (person,), (partstat,)))
    return out


def file_names(path: Path, messages: list[itip.Message]) -> list[Path]:
    """Where ``-o FILE`` writes each object: FILE for the first, FILE-<key>.ics for the rest."""
    suffix = path.suffix or ".ics"
    names = [path]
    names += [path.with_name(f"{path.stem}-{m.key}{suffix}") for m in messages[1:]]
    return names


def record_export(ws: Workspace, export: Export) -> None:
    """Remember what the export said to whom (no-op for the whole-meetup PUBLISH)."""
    if export.messages:
        itip.record(ws, export.meetup, export.messages, export.stamp)


def write_export(ws: Workspace, export: Export, path: Path, *, record: bool = True) -> list[Path]:
    """Write the export (one file per iTIP object), then remember what was sent."""
    from meetup.store.outputs import write_file

    if export.method == "publish":
        write_file(path, export.text.encode("utf-8"))
        written = [path]
    else:
        written = file_names(path, export.messages)
        for where, m in zip(written, export.messages):
            write_file(where, m.text.encode("utf-8"))
    if record:
        record_export(ws, export)
    return written
