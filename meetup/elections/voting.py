"""Casting and importing ballots, tallying an election and closing it.

Secrecy: a ballot cast in the app is stored in ``ballots.toml`` as ranks only, and the
ballots are kept sorted, so neither the file nor its order tells who voted how; who voted
is in ``voted.toml`` (sorted).  Both files are written together under the workspace lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from meetup import clock
from meetup.elections.ballots import (
    BallotError,
    BallotSet,
    ballot_format,
    parse_civs,
    parse_elekto_csv,
)
from meetup.elections.electorate import on_roll, roll_checksum
from meetup.elections.phases import active_candidates, outcome, phase
from meetup.store.errors import InvalidInput
from meetup.store.records import BallotBox, Election, ElectionResult, Project, TieBreak, VotedRoll

if TYPE_CHECKING:
    from meetup.elections.tally import TallyResult
    from meetup.store.workspace import Workspace

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


def voting_refusal(ws: Workspace, election: Election, voter: str, now: datetime) -> str | None:
    """Why ``voter`` cannot vote now, or None when they can (voted.toml is read fresh)."""
    current = phase(election, now)
    t = election.timeline
    if current != "voting":
        return (
            f"voting is not open: the election is {current}; voting runs "
            f"{_when(t.voting_open)} to {_when(t.voting_close)}"
        )
    if outcome(election) != "contested":
        return f"there is no poll: the election is {outcome(election)}"
    if not on_roll(ws, election, voter):
        return f"{ws.person_name(voter)} is not on the electorate roll"
    if voter in ws.read_voted(election.id).voted:
        return f"{ws.person_name(voter)} has voted already; a ballot is cast only once"
    return None


def cast_ballot(
    ws: Workspace, election_id: str, voter: str, ranking: Ranking, now: datetime | None = None
) -> None:
    """Record ``voter``'s ranked ballot, anonymously; refused outside the window, off the
    roll, or a second time."""
    election = ws.election(election_id)
    refusal = voting_refusal(ws, election, voter, now or clock.now())
    if refusal:
        raise InvalidInput("voter", refusal)
    voted = ws.read_voted(election_id)
    box = ws.read_ballots(election_id)
    candidates = box.candidates or active_candidates(election)
    if sorted(candidates) != sorted(active_candidates(election)):
        raise InvalidInput("ballot", "the stored ballots name other candidates than the election")
    ranks = ranks_for(candidates, ranking)
    ws.save_vote(
        election_id,
        VotedRoll(voted=sorted({*voted.voted, voter})),
        BallotBox(candidates=list(candidates), ballots=sorted([*box.ballots, ranks])),
    )


# ----------------------------------------------------------------- importing


def parse_ballot_text(text: str, candidates: Sequence[str], source: str) -> BallotSet:
    """A CIVS text (columns in ``candidates`` order) or an Elekto CSV (its header must name
    exactly ``candidates``), re-ordered to ``candidates``."""
    if ballot_format(text) == "civs":
        return parse_civs(text, source=source, candidates=list(candidates))
    ballots = parse_elekto_csv(text, source=source)
    if sorted(ballots.candidates) != sorted(candidates):
        raise BallotError(
            source,
            1,
            f"the header names {', '.join(ballots.candidates)}; "
            f"the election's candidates are {', '.join(candidates)}",
        )
    order = [ballots.candidates.index(c) for c in candidates]
    rows = [tuple(row[i] for i in order) for row in ballots.rows]
    return BallotSet.from_rows(candidates, rows, ballots.weights)


def import_ballots(
    ws: Workspace, election_id: str, path: str | Path, now: datetime | None = None
) -> int:
    """Add the ballots of a CIVS text or Elekto CSV file; any bad line raises BallotError
    (``file:line: message``) and nothing is imported.  Returns the number of ballots."""
    election = ws.election(election_id)
    if election.closed:
        raise InvalidInput("ballots", "the election is closed")
    if outcome(election) != "contested":
        raise InvalidInput("ballots", f"there is no poll: the election is {outcome(election)}")
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BallotError(str(path), 1, f"not UTF-8 text: {exc.reason}") from None
    box = ws.read_ballots(election_id)
    candidates = box.candidates or active_candidates(election)
    ballots = parse_ballot_text(text, candidates, str(path))
    added = [
        [0 if r is None else r for r in row]
        for row, weight in zip(ballots.rows, ballots.weights)
        for _ in range(weight)
    ]
    ws.save_ballots(
        election_id,
        BallotBox(candidates=list(candidates), ballots=sorted([*box.ballots, *added])),
    )
    return ballots.count


# ------------------------------------------------------------ tally, closing


def ballot_set(ws: Workspace, election: Election) -> BallotSet:
    """The stored ballots of an election (read from disk now)."""
    box = ws.read_ballots(election.id)
    candidates = box.candidates or active_candidates(election)
    rows = [tuple(r or None for r in ranks) for ranks in box.ballots]
    return BallotSet.from_rows(candidates, rows)


def tally_election(ws: Workspace, election_id: str, seed: int | None = None) -> TallyResult:
    """Schulze tally of the stored ballots with the election's seats and unranked rule."""
    from meetup.elections.tally import schulze

    election = ws.election(election_id)
    return schulze(
        ballot_set(ws, election),
        seats=election.seats,
        unranked=election.unranked,
        tie_break_seed=seed if seed is not None else election.tie_break_seed,
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


def close_election(
    ws: Workspace, election_id: str, now: datetime | None = None, seed: int | None = None
) -> ElectionResult:
    """Tally and close: write result.toml, mark the election closed and give the project
    its new PTL (or liaison).  A tie across the cut without a seed refuses to close."""
    now = now or clock.now()
    election = ws.election(election_id)
    if election.closed:
        raise InvalidInput("closed", f"{election_id} is closed already")
    current = phase(election, now)
    kind = outcome(election)
    if kind == "contested" and now < election.timeline.voting_close:
        raise InvalidInput(
            "phase", f"voting runs until {_when(election.timeline.voting_close)}; close after it"
        )
    if kind != "contested" and current in ("upcoming", "nominations"):
        raise InvalidInput(
            "phase",
            f"nominations run until {_when(election.timeline.nominations_close)}; close after",
        )
    if kind == "contested":
        tally = tally_election(ws, election_id, seed)
        if tally.tie_at_cut and tally.tie_break is None:
            tied = next(g for g in tally.ranking if set(g) - set(tally.winners))
            raise InvalidInput(
                "tie_break_seed",
                f"tie at the cut between {', '.join(tied)}: nothing was closed; re-run the "
                "poll or close with a tie-break seed (random.Random(seed).shuffle of the "
                "tied ids, sorted)",
            )
        result = result_record(election, tally, now)
    else:
        result = _uncontested(election, now)
    used_seed = result.tie_break.seed if result.tie_break else election.tie_break_seed
    closed = msgspec.structs.replace(election, closed=True, tie_break_seed=used_seed)
    ws.save_closing(closed, result, _project_update(ws, election, result))
    return result


def _project_update(ws: Workspace, election: Election, result: ElectionResult) -> Project | None:
    if not result.winners or election.project not in ws.projects:
        return None
    project = ws.projects[election.project]
    winner = result.winners[0]
    if election.kind == "ptl":
        return msgspec.structs.replace(project, ptl=winner)
    if election.kind == "liaison" and election.area:
        return msgspec.structs.replace(
            project, liaisons={**project.liaisons, election.area: winner}
        )
    return None
