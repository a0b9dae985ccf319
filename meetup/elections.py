"""Elections: the phase derived from the UTC timeline, and the nomination outcome."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Literal

from meetup.model import Election

Phase = Literal["upcoming", "nominations", "campaigning", "voting", "closed"]


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def phase(election: Election, now: datetime | None = None) -> Phase:
    """Where the election stands at ``now`` (UTC)."""
    now = now or utcnow()
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


def outcome(election: Election) -> Literal["leaderless", "acclaimed", "contested"]:
    """0 candidates: leaderless; 1: acclaimed without a poll; 2+: an election is needed."""
    count = len(active_candidates(election))
    if count == 0:
        return "leaderless"
    if count <= election.seats:
        return "acclaimed"
    return "contested"
