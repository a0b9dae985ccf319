"""Elections: creation, the phase derived from the UTC timeline, nominations and outcome.

Ballots, the electorate and the tally live in :mod:`meetup.electorate` and
:mod:`meetup.voting`; this module holds what an election is before anyone votes.
"""

from __future__ import annotations

import itertools
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Literal

import msgspec

from meetup import clock, directory
from meetup.store.election_records import MAX_SEATS, Candidate, Election, Timeline
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.fields import ElectionKind, Unranked, year_problem
from meetup.store.ids import is_slug

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

Phase = Literal["upcoming", "nominations", "campaigning", "voting", "closed"]
Outcome = Literal["leaderless", "acclaimed", "contested"]
Standing = Literal["nominating", "leaderless", "acclaimed", "contested"]
ELECTION_KINDS: tuple[ElectionKind, ...] = ("ptl", "liaison", "committee")
TIMELINE_FIELDS = ("nominations_open", "nominations_close", "voting_open", "voting_close")


def phase(election: Election, now: datetime | None = None) -> Phase:
    """Where the election stands at ``now`` (UTC)."""
    now = now or clock.now()
    t = election.timeline
    if election.closed or now >= t.voting_close:
        return "closed"
    if now >= t.voting_open:
        return "voting"
    if now >= t.nominations_close:
        return "campaigning"
    if now >= t.nominations_open:
        return "nominations"
    return "upcoming"


def active_candidates(election: Election) -> list[str]:
    return [c.person for c in election.candidates if not c.withdrawn]


def outcome(election: Election) -> Outcome:
    """0 candidates: leaderless; 1: acclaimed without a poll; 2+: an election is needed."""
    count = len(active_candidates(election))
    if count == 0:
        return "leaderless"
    if count <= election.seats:
        return "acclaimed"
    return "contested"


def standing(election: Election, now: datetime | None = None) -> Standing:
    """The outcome once nominations have closed; ``nominating`` before that."""
    if phase(election, now) in ("upcoming", "nominations"):
        return "nominating"
    return outcome(election)


def project_standings(ws: Workspace, now: datetime | None = None) -> dict[str, Standing]:
    """Per project, the standing of its latest PTL election (by voting close)."""
    latest: dict[str, Election] = {}
    for election in ws.elections.values():
        if election.kind != "ptl" or election.project is None:
            continue
        seen = latest.get(election.project)
        if seen is None or election.timeline.voting_close > seen.timeline.voting_close:
            latest[election.project] = election
    return {project: standing(e, now) for project, e in sorted(latest.items())}


# ------------------------------------------------------------------ creating


def parse_utc(text: str, field: str) -> datetime:
    """``2026-11-01 12:00`` or ISO 8601 (``...Z``, ``+00:00``), read as UTC; a bare date is
    midnight UTC.  Other offsets are converted to UTC."""
    value = text.strip()
    if not value:
        raise InvalidInput(field, "a date and time is needed, e.g. 2026-11-01 12:00")
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f"{text!r} is not a date and time (2026-11-01 12:00)") from None
    problem = year_problem(moment)
    if problem:
        raise InvalidInput(field, problem)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def make_timeline(moments: dict[str, datetime]) -> Timeline:
    """A timeline whose four moments are in order, or InvalidInput naming the first bad one."""
    for name in TIMELINE_FIELDS:
        if name not in moments:
            raise InvalidInput(f"timeline.{name}", "missing")
    for before, after in itertools.pairwise(TIMELINE_FIELDS):
        if moments[after] <= moments[before]:
            raise InvalidInput(
                f"timeline.{after}",
                f"{after.replace('_', ' ')} must come after {before.replace('_', ' ')}",
            )
    return Timeline(**{name: moments[name] for name in TIMELINE_FIELDS})


def create_election(
    ws: Workspace,
    *,
    election_id: str,
    title: str,
    kind: ElectionKind,
    timeline: Timeline,
    project: str | None = None,
    area: str | None = None,
    seats: int = 1,
    unranked: Unranked = "ignore",
    roll: list[str] | None = None,
) -> Election:
    """Create and save a new election; every input is checked before anything is written."""
    if not election_id:
        raise InvalidInput("id", "an id is needed")
    if not is_slug(election_id):
        raise InvalidInput("id", "use lowercase letters, digits and dashes (e.g. nova-ptl-m)")
    if election_id in ws.elections or ws.store.path(f"elections/{election_id}").exists():
        raise InvalidInput("id", f"an election {election_id!r} exists already")
    if not title.strip():
        raise InvalidInput("title", "a title is needed")
    if kind not in ELECTION_KINDS:
        raise InvalidInput("kind", f"kind is one of {', '.join(ELECTION_KINDS)}")
    if kind in ("ptl", "liaison"):
        if not project:
            raise InvalidInput("project", f"a {kind} election names its project")
        if project not in ws.projects:
            raise InvalidInput("project", f"unknown project {project!r}")
        if seats != 1:
            raise InvalidInput("seats", f"a {kind} election has one seat")
    else:
        project = project or None
        if project is not None and project not in ws.projects:
            raise InvalidInput("project", f"unknown project {project!r}")
    if kind == "liaison":
        if not area:
            raise InvalidInput("area", "a liaison election names its liaison area")
        if area not in ws.areas:
            raise InvalidInput("area", f"unknown liaison area {area!r}")
    else:
        area = None
    if not 1 <= seats <= MAX_SEATS:
        raise InvalidInput("seats", f"between 1 and {MAX_SEATS}")
    make_timeline({name: getattr(timeline, name) for name in TIMELINE_FIELDS})
    election = Election(
        id=election_id,
        title=title.strip(),
        kind=kind,
        project=project,
        area=area,
        seats=seats,
        timeline=timeline,
        unranked=unranked,
        roll=list(roll or []),
    )
    ws.save_election(election)
    return election


# --------------------------------------------------------------- nominations


class Nomination(msgspec.Struct, frozen=True):
    person: str
    name: str
    statement: str
    withdrawn: bool


def candidates(ws: Workspace, election: Election) -> list[Nomination]:
    return [
        Nomination(c.person, ws.person_name(c.person), c.statement, c.withdrawn)
        for c in election.candidates
    ]


def nomination_refusal(election: Election, now: datetime | None = None) -> str | None:
    """Why candidates cannot be nominated or withdraw now, or None while nominations are open."""
    current = phase(election, now)
    if current != "nominations":
        return f"only while nominations are open (the election is {current})"
    return None


def _in_nominations(election: Election, now: datetime | None, what: str) -> None:
    refusal = nomination_refusal(election, now)
    if refusal:
        raise InvalidInput("phase", f"{what} {refusal}")


def nominate(
    ws: Workspace, election_id: str, person: str, statement: str = "", now: datetime | None = None
) -> Election:
    """Add a candidate with a statement (or update the statement, or re-enter a withdrawn one);
    only while nominations are open."""
    election = ws.election(election_id)
    _in_nominations(election, now, "nominations are accepted")
    person = directory.person_id(ws, person) or ""
    if not person:
        raise InvalidInput("person", "name the candidate")
    entry = Candidate(person=person, statement=statement.strip())
    others = [c for c in election.candidates if c.person != person]
    existing = [c for c in election.candidates if c.person == person]
    listed = (
        [entry if c.person == person else c for c in election.candidates]
        if existing
        else [*others, entry]
    )
    updated = msgspec.structs.replace(election, candidates=listed)
    ws.save_election(updated)
    return updated


def withdraw(ws: Workspace, election_id: str, person: str, now: datetime | None = None) -> Election:
    """Mark a candidate withdrawn; only while nominations are open."""
    election = ws.election(election_id)
    _in_nominations(election, now, "candidates can withdraw")
    if person not in ws.people:
        person = directory.person_id(ws, person) or person
    if person not in active_candidates(election):
        raise NotFoundError(f"{person!r} is not a candidate in {election_id!r}")
    listed = [
        msgspec.structs.replace(c, withdrawn=True) if c.person == person else c
        for c in election.candidates
    ]
    updated = msgspec.structs.replace(election, candidates=listed)
    ws.save_election(updated)
    return updated
