"""Casting and importing ballots, tallying an election and closing it.

Secrecy: a ballot cast in the app is stored in ``ballots.toml`` as ranks only, and the
ballots are kept sorted, so neither the file nor its order tells who voted how; who voted
is in ``voted.toml`` (sorted).  Both files are written together under the workspace lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from meetup import clock
from meetup.elections.ballots import BallotSet
from meetup.elections.electorate import on_roll, roll_checksum
from meetup.elections.imports import import_ballots, parse_ballot_text
from meetup.elections.opening import frozen_candidates, opening_for, station_refusal
from meetup.elections.phases import active_candidates, outcome, phase
from meetup.store.election_records import BallotBox, Election, ElectionResult, TieBreak, VotedRoll
from meetup.store.errors import InvalidInput
from meetup.store.fields import Record
from meetup.store.records import Project

if TYPE_CHECKING:
    from meetup.elections.tally import TallyResult
    from meetup.store.workspace import Workspace

__all__ = [
    "ballot_refusal",
    "ballot_set",
    "cast_ballot",
    "close_election",
    "close_refusal",
    "import_ballots",
    "parse_ballot_text",
    "ranks_for",
    "tally_election",
    "voting_refusal",
]

Ranking = Sequence[Sequence[str]]
"""Tied groups of candidate ids, best first; candidates left out are unranked."""


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def ranks_for(candidates: Sequence[str], ranking: Ranking) -> list[int]:
    """The stored rank vector of a ranking: group k gets rank k+1; unranked gets 0."""
    position = {c: i for i, c in enumerate(candidates)}
    ranks = [0] * len(candidates)
    for rank, group in enumerate((g for g in ranking if g), start=1):
        for candidate in group:
            if candidate not in position:
                raise InvalidInput("ballot", f"{candidate!r} is not a candidate")
            if ranks[position[candidate]]:
                raise InvalidInput("ballot", f"{candidate!r} is ranked twice")
            ranks[position[candidate]] = rank
    return ranks


def ballot_refusal(ws: Workspace, election: Election, now: datetime) -> str | None:
    """Why nobody can cast a ballot for ``election`` now (phase, no poll, another
    polling station), or None when voting is open here."""
    current = phase(election, now)
    t = election.timeline
    if current != "voting":
        return (
            f"voting is not open: the election is {current}; voting runs "
            f"{_when(t.voting_open)} to {_when(t.voting_close)}"
        )
    if election.opened is None and outcome(election) != "contested":
        return f"there is no poll: the election is {outcome(election)}"
    return station_refusal(ws, election)


def voting_refusal(ws: Workspace, election: Election, voter: str, now: datetime) -> str | None:
    """Why ``voter`` cannot vote now, or None when they can (voted.toml is read fresh)."""
    refusal = ballot_refusal(ws, election, now)
    if refusal:
        return refusal
    if not on_roll(ws, election, voter):
        return f"{ws.person_name(voter)} is not on the electorate roll"
    if voter in ws.read_voted(election.id).voted:
        return f"{ws.person_name(voter)} has voted already; a ballot is cast only once"
    return None


def cast_ballot(
    ws: Workspace, election_id: str, voter: str, ranking: Ranking, now: datetime | None = None
) -> None:
    """Record ``voter``'s ranked ballot, anonymously, at this polling station; refused
    outside the window, off the roll, a second time, at another clone, or past the roll.
    The ballot, the voted roll and (at the first ballot) the opening are one transaction."""
    from meetup.store import table

    now = now or clock.now()
    election = ws.election(election_id)
    refusal = voting_refusal(ws, election, voter, now)
    if refusal:
        raise InvalidInput("voter", refusal)
    opened = opening_for(ws, election, now, station=True)
    assert opened.opened is not None
    voted = ws.read_voted(election_id)
    box = ws.read_ballots(election_id)
    candidates = opened.opened.candidates
    if box.ballots and box.candidates != candidates:
        raise InvalidInput("ballot", "the stored ballots name other candidates than the election")
    if len(box.ballots) + 1 > opened.opened.roll_size:
        raise InvalidInput(
            "ballot",
            f"the box holds {len(box.ballots)} ballots for a roll of "
            f"{opened.opened.roll_size}: no more ballots than voters",
        )
    ranks = ranks_for(candidates, ranking)
    items: list[tuple[str, Record]] = [
        (table.VOTED.path(election_id), VotedRoll(voted=sorted({*voted.voted, voter}))),
        (
            table.BALLOTS.path(election_id),
            BallotBox(candidates=list(candidates), ballots=sorted([*box.ballots, ranks])),
        ),
    ]
    if opened is not election:
        items.append((table.ELECTION.path(election_id), opened))
    ws._save_all(items)
    ws.elections[election_id] = opened


# ------------------------------------------------------------ tally, closing


def ballot_set(ws: Workspace, election: Election) -> BallotSet:
    """The stored ballots of an election (read from disk now), in the frozen candidate
    order; refused when the box names other candidates."""
    box = ws.read_ballots(election.id)
    candidates = frozen_candidates(election)
    if box.ballots and box.candidates != candidates:
        raise InvalidInput(
            "ballots",
            f"ballots.toml names {', '.join(box.candidates)}, but the candidates fixed when "
            f"voting opened are {', '.join(candidates)}",
        )
    rows = [tuple(r or None for r in ranks) for ranks in box.ballots]
    return BallotSet.from_rows(candidates, rows)


def interim_refusal(election: Election, now: datetime) -> str | None:
    """Results stay hidden while voting is open."""
    if not election.closed and phase(election, now) == "voting":
        return (
            f"voting is open until {_when(election.timeline.voting_close)}: no interim "
            "results are shown"
        )
    return None


def tally_election(ws: Workspace, election_id: str, now: datetime | None = None) -> TallyResult:
    """Schulze tally of the stored ballots with the frozen candidates, the election's
    seats, unranked rule and frozen tie-break seed; refused while voting is open."""

    election = ws.election(election_id)
    refusal = interim_refusal(election, now or clock.now())
    if refusal:
        raise InvalidInput("phase", refusal)
    return _tally(ws, election)


def _tally(ws: Workspace, election: Election) -> TallyResult:
    from meetup.elections.tally import schulze

    seed = election.opened.tie_break_seed if election.opened else election.tie_break_seed
    return schulze(
        ballot_set(ws, election),
        seats=election.seats,
        unranked=election.unranked,
        tie_break_seed=seed,
        electorate=len(election.roll) or None,
    )


def result_record(election: Election, tally: TallyResult, closed_at: datetime) -> ElectionResult:
    tie_break = None
    if tally.tie_break is not None:
        tie_break = TieBreak(
            seed=int(tally.tie_break["seed"]),
            group=list(tally.tie_break["group"]),
            order=list(tally.tie_break["order"]),
        )
    return ElectionResult(
        closed_at=closed_at,
        candidates=list(tally.candidates),
        ranking=[list(g) for g in tally.ranking],
        winners=list(tally.winners),
        tie_at_cut=tally.tie_at_cut,
        tie_break=tie_break,
        seats=tally.seats,
        unranked=tally.unranked,
        ballots=tally.ballots,
        electorate=len(election.roll),
        turnout=round(tally.turnout or 0.0, 6),
        checksum=tally.checksum,
        roll_checksum=roll_checksum(election.roll),
        pairwise={a: dict(row) for a, row in tally.pairwise.items()},
        strongest={a: {b: list(wl) for b, wl in row.items()} for a, row in tally.strongest.items()},
    )


def _uncontested(election: Election, closed_at: datetime) -> ElectionResult:
    winners = active_candidates(election)
    return ElectionResult(
        closed_at=closed_at,
        candidates=winners,
        ranking=[sorted(winners)] if winners else [],
        winners=sorted(winners),
        seats=election.seats,
        unranked=election.unranked,
        electorate=len(election.roll),
        roll_checksum=roll_checksum(election.roll),
    )


def _contested(election: Election) -> bool:
    return election.opened is not None or outcome(election) == "contested"


def _close_problem(ws: Workspace, election: Election, now: datetime) -> tuple[str, str] | None:
    """(field, message) of why ``election`` cannot be closed at ``now``, or None."""
    if election.closed:
        return "closed", f"{election.id} is closed already"
    current = phase(election, now)
    if _contested(election) and now < election.timeline.voting_close:
        return "phase", f"voting runs until {_when(election.timeline.voting_close)}; close after it"
    if not _contested(election) and current in ("upcoming", "nominations"):
        return (
            "phase",
            f"nominations run until {_when(election.timeline.nominations_close)}; close after",
        )
    away = station_refusal(ws, election)
    if away:
        return "station", away.replace("ballots are cast there", "it is closed there")
    return None


def close_refusal(ws: Workspace, election: Election, now: datetime) -> str | None:
    """Why ``election`` cannot be closed now (still open, closed already, another
    station's box), or None when :func:`close_election` would go ahead."""
    problem = _close_problem(ws, election, now)
    return None if problem is None else problem[1]


def close_election(
    ws: Workspace, election_id: str, now: datetime | None = None, seed: int | None = None
) -> ElectionResult:
    """Tally and close: write result.toml, mark the election closed and give the project
    its new PTL (or liaison, or mark it leaderless).  The tie-break seed is the one fixed
    when voting opened; ``seed`` may only repeat it."""
    from meetup.store import table

    now = now or clock.now()
    election = ws.election(election_id)
    problem = _close_problem(ws, election, now)
    if problem is not None:
        raise InvalidInput(*problem)
    contested = _contested(election)
    box: BallotBox | None = None
    if contested:
        election = opening_for(ws, election, now)
        assert election.opened is not None
        fixed = election.opened.tie_break_seed
        if seed is not None and seed != fixed:
            raise InvalidInput(
                "tie_break_seed",
                f"the tie-break seed was fixed when voting opened ({fixed}); close cannot "
                "change it",
            )
        tally = _tally(ws, election)
        result = result_record(election, tally, now)
        box = ws.read_ballots(election_id)
    else:
        result = _uncontested(election, now)
    closed = msgspec.structs.replace(election, closed=True)
    items: list[tuple[str, Record]] = [
        (table.RESULT.path(election_id), result),
        (table.ELECTION.path(election_id), closed),
    ]
    if box is not None and box.ballots:
        # the ballot box, sorted, goes into the closing commit (sync held it back so far)
        items.append(
            (
                table.BALLOTS.path(election_id),
                msgspec.structs.replace(box, ballots=sorted(box.ballots)),
            )
        )
    project = _project_update(ws, closed, result)
    if project is not None:
        items.append((table.PROJECT.path(project.id), project))
    ws._save_all(items)
    ws.elections[election_id] = closed
    if project is not None:
        ws.projects[project.id] = project
    return result


def _project_update(ws: Workspace, election: Election, result: ElectionResult) -> Project | None:
    """The project with its new PTL or liaison; with no winner, a PTL election leaves the
    project leaderless and a liaison election leaves the duty to the default."""
    if election.project not in ws.projects:
        return None
    project = ws.projects[election.project]
    winner = result.winners[0] if result.winners else None
    if election.kind == "ptl":
        return msgspec.structs.replace(project, ptl=winner, leaderless=winner is None)
    if election.kind == "liaison" and election.area:
        liaisons = dict(project.liaisons)
        if winner is None:
            liaisons.pop(election.area, None)
        else:
            liaisons[election.area] = winner
        return msgspec.structs.replace(project, liaisons=liaisons)
    return None
