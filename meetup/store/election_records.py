"""An election's records: the election itself, its ballot box, voted roll and result."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from meetup.store.fields import (
    SCHEMA_VERSION,
    ElectionKind,
    Record,
    Ref,
    Slug,
    Text,
    Title,
    Unranked,
    Voter,
    check_years,
)

MAX_SEATS = 99
"""Most seats an election fills (how many candidates stand is only known later)."""


class Timeline(Record, kw_only=True):
    """An election's phases, all in UTC."""

    nominations_open: datetime
    nominations_close: datetime
    voting_open: datetime
    voting_close: datetime

    def __post_init__(self) -> None:
        check_years(
            self.nominations_open, self.nominations_close, self.voting_open, self.voting_close
        )


class Candidate(Record, kw_only=True):
    person: Ref
    statement: Text = ""
    withdrawn: bool = False


class VotingOpened(Record, kw_only=True):
    """What was fixed when voting opened: tally and close use exactly this."""

    at: datetime
    candidates: list[Ref]
    """The candidate list, in ballot column order."""
    roll_checksum: str
    roll_size: int
    tie_break_seed: int
    station: str = ""
    """The polling station (a clone's id) that holds the ballot box; "" = none yet."""


class RollCorrection(Record, kw_only=True):
    """A change of the roll before voting opened, with the checksums before and after."""

    at: datetime
    before: str
    after: str
    size_before: int = 0
    size_after: int = 0


class BallotImport(Record, kw_only=True):
    """A ballot file imported into the election; a file is imported once (by checksum)."""

    at: datetime
    file: str
    sha256: str
    ballots: int


class Election(Record, kw_only=True):
    """``elections/<id>/election.toml``: a PTL, liaison or committee election."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    kind: ElectionKind = "ptl"
    project: Ref | None = None
    area: Ref | None = None
    seats: Annotated[int, msgspec.Meta(ge=1, le=MAX_SEATS)] = 1
    timeline: Timeline
    candidates: list[Candidate] = []
    roll: list[Voter] = []
    """The electorate: person ids or emails."""
    unranked: Unranked = "ignore"
    tie_break_seed: int | None = None
    closed: bool = False
    cycle: str = ""
    """The release cycle (series) an election belongs to, e.g. ``2026.2``."""
    description: Text = ""
    officers: list[str] = []
    """Election officials (as named in Elekto's ``election_officers``)."""
    eligibility: Text = ""
    opened: VotingOpened | None = None
    roll_corrections: list[RollCorrection] = []
    imports: list[BallotImport] = []


Rank = Annotated[int, msgspec.Meta(ge=0)]
"""A ballot's rank for one candidate: 1 is preferred, equal ranks tie, 0 = unranked."""


class BallotBox(Record, kw_only=True):
    """``elections/<id>/ballots.toml``: the ballots, without any voter identity.

    Each ballot is a list of ranks in ``candidates`` order.  Ballots are kept sorted, so the
    file's order says nothing about who voted when.
    """

    schema: int = SCHEMA_VERSION
    candidates: list[str] = []
    ballots: list[list[Rank]] = []


class VotedRoll(Record, kw_only=True):
    """``elections/<id>/voted.toml``: who has voted (sorted), never how."""

    schema: int = SCHEMA_VERSION
    voted: list[str] = []


class TieBreak(Record, kw_only=True):
    """A documented, seeded tie-break: ``random.Random(seed).shuffle`` of the sorted group."""

    seed: int
    group: list[str]
    order: list[str]


class ElectionResult(Record, kw_only=True):
    """``elections/<id>/result.toml``: the audited outcome of a Schulze tally."""

    schema: int = SCHEMA_VERSION
    method: str = "schulze-winning-votes"
    closed_at: datetime
    candidates: list[str] = []
    ranking: list[list[str]] = []
    """Tied groups, best first."""
    winners: list[str] = []
    tie_at_cut: bool = False
    tie_break: TieBreak | None = None
    seats: int = 1
    unranked: Unranked = "ignore"
    ballots: int = 0
    electorate: int = 0
    turnout: float = 0.0
    checksum: str = ""
    """SHA-256 of the ballots (see meetup.ballots.BallotSet.checksum)."""
    roll_checksum: str = ""
    pairwise: dict[str, dict[str, int]] = {}
    strongest: dict[str, dict[str, list[int]]] = {}
    """Strongest path strength (W, L) from one candidate to another."""
