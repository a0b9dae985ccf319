"""An election's timeline as a calendar: short, transparent markers, in UTC.

Each phase (nominations, voting) is two events: one at its opening and one ending at its
deadline, each a 15-minute TRANSP:TRANSPARENT event, so calendars show the moments without
blocking weeks of busy time.  What was exported is remembered in
``elections/<id>/calendar.toml``; when the timeline moves, the moved events' SEQUENCE rises
above the one exported before (RFC 5545 3.8.7.4).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import msgspec

from meetup.calendar import events as ev
from meetup.calendar.spec import EventSpec
from meetup.store.errors import NotFoundError

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

UTC = timezone.utc
MARKER = timedelta(minutes=15)


def timeline_events(ws: Workspace, election_id: str) -> list[EventSpec]:
    """The four markers of an election's phases (SEQUENCE 0; see :func:`election_calendar`)."""
    try:
        election = ws.elections[election_id]
    except KeyError:
        raise NotFoundError(f"no election {election_id!r}") from None
    t = election.timeline
    seats = f"{election.seats} seat{'s' if election.seats != 1 else ''}"
    about = f"{election.title} ({election.kind} election, {seats}). All times UTC."
    marks = (
        ("nominations-open", "Nominations open", t.nominations_open, False),
        ("nominations-close", "Nominations close", t.nominations_close, True),
        ("voting-open", "Voting opens", t.voting_open, False),
        ("voting-close", "Voting closes", t.voting_close, True),
    )
    out = []
    for key, label, moment, deadline in marks:
        at = moment.astimezone(UTC)
        out.append(
            EventSpec(
                uid=ev.election_uid(ws, election.id, key),
                summary=f"{label}: {election.title}",
                start=at - MARKER if deadline else at,
                end=at if deadline else at + MARKER,
                sequence=0,
                status="confirmed",
                description=f"{label}{' (deadline)' if deadline else ''}: {about}",
                categories=("election", key.split("-")[0]),
                transparent=True,
            )
        )
    return out


def election_calendar(
    ws: Workspace, election_id: str, *, now: datetime | None = None, record: bool = True
) -> str:
    """The timeline calendar; remembers it (``record``) so a later move raises SEQUENCE."""
    from meetup.calendar.render import plain_calendar

    state = ws.read_election_calendar(election_id)
    events = [
        replace(e, sequence=ev.base_sequence(state, e)) for e in timeline_events(ws, election_id)
    ]
    text = plain_calendar(ws, events, stamp=ev.stamp(now))
    if record:
        sent = dict(state.sent)
        sent.update((e.uid, ev.sent_event(e)) for e in events)
        new = msgspec.structs.replace(state, sent=dict(sorted(sent.items())))
        if new != state:
            ws.save_election_calendar(election_id, new)
    return text
