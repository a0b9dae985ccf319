"""Auditing elections: ``meetup check``'s findings and ``meetup election verify``.

:func:`verify_folder` recomputes a closed election from its folder's files alone
(``election.toml``, ``ballots.toml``, ``result.toml``; ``voted.toml`` when present): the
ballot and roll checksums, the pairwise counts, the ranking, the tie-break and the winners.
README.md ("Verifying an election") documents the recipe for an independent verifier.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetup.store import tomlio
from meetup.store.election_records import BallotBox, Election, ElectionResult, VotedRoll
from meetup.store.errors import Problem, WorkspaceError

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace


@dataclass
class Verification:
    """What verify found: ``differences`` is empty when the result is verified."""

    election: str
    differences: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return not self.differences

    def describe(self) -> str:
        """What a person reads: verified and what was compared, or each difference."""
        if self.verified:
            return f"verified: {self.election} ({', '.join(self.checked)})"
        lines = [f"differs: {difference}" for difference in self.differences]
        return "\n".join([*lines, f"NOT verified: {self.election}"])

    def to_json(self) -> dict[str, Any]:
        return {
            "election": self.election,
            "verified": self.verified,
            "differences": self.differences,
            "checked": self.checked,
        }


def _load(folder: Path, name: str, kind: type[Any]) -> Any:
    path = folder / name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    data = tomlio.check_schema(tomlio.parse(raw, name), name, raw)
    return tomlio.convert(data, kind, name, raw)


def verify_folder(folder: Path) -> Verification:
    """Recompute a closed election from the files in ``folder``."""
    from meetup.elections.ballots import BallotSet
    from meetup.elections.electorate import roll_checksum
    from meetup.elections.tally import schulze

    report = Verification(election=folder.name)
    diff = report.differences.append
    try:
        election: Election | None = _load(folder, "election.toml", Election)
        box: BallotBox | None = _load(folder, "ballots.toml", BallotBox)
        result: ElectionResult | None = _load(folder, "result.toml", ElectionResult)
        voted: VotedRoll | None = _load(folder, "voted.toml", VotedRoll)
    except WorkspaceError as exc:
        diff(f"unreadable: {exc}")
        return report
    if election is None or result is None:
        diff("election.toml and result.toml are needed (is the election closed?)")
        return report
    box = box or BallotBox(candidates=list(result.candidates))
    opened = election.opened
    roll_sum = roll_checksum(election.roll)
    _same(report, "roll checksum", result.roll_checksum, roll_sum)
    if opened is not None:
        _same(report, "roll checksum at voting open", opened.roll_checksum, roll_sum)
        _same(report, "candidates fixed at voting open", opened.candidates, result.candidates)
        if result.tie_break is not None:
            _same(report, "tie-break seed", result.tie_break.seed, opened.tie_break_seed)
    if box.ballots:
        _same(report, "ballots.toml candidates", box.candidates, result.candidates)
    if len(box.ballots) > len(set(election.roll)):
        diff(f"{len(box.ballots)} ballots for a roll of {len(set(election.roll))}")
    if voted is not None:
        if len(voted.voted) != len(set(voted.voted)):
            diff("voted.toml names a voter twice")
        off = sorted(set(voted.voted) - set(election.roll))
        if off:
            diff(f"voted.toml names people not on the roll: {', '.join(off)}")
    if not result.candidates or not box.ballots:
        _same(report, "ballots", result.ballots, len(box.ballots))
        return report
    ballots = BallotSet.from_rows(
        result.candidates, (tuple(r or None for r in row) for row in box.ballots)
    )
    seed = (
        result.tie_break.seed if result.tie_break else (opened.tie_break_seed if opened else None)
    )
    tally = schulze(ballots, seats=result.seats, unranked=result.unranked, tie_break_seed=seed)
    _same(report, "ballot checksum", result.checksum, tally.checksum)
    _same(report, "ballots", result.ballots, tally.ballots)
    _same(report, "seats", result.seats, election.seats)
    _same(report, "unranked rule", result.unranked, election.unranked)
    _same(report, "pairwise counts", result.pairwise, tally.pairwise)
    _same(report, "ranking", result.ranking, [list(g) for g in tally.ranking])
    _same(report, "winners", result.winners, list(tally.winners))
    _same(report, "tie at the cut", result.tie_at_cut, tally.tie_at_cut)
    recorded = (
        None
        if result.tie_break is None
        else {"group": result.tie_break.group, "order": result.tie_break.order}
    )
    computed = (
        None
        if tally.tie_break is None
        else {"group": tally.tie_break["group"], "order": tally.tie_break["order"]}
    )
    _same(report, "tie-break", recorded, computed)
    return report


def _same(report: Verification, what: str, recorded: object, computed: object) -> None:
    if recorded == computed:
        report.checked.append(what)
    else:
        report.differences.append(f"{what}: the result says {recorded}, the files give {computed}")


def verify_election(ws: Workspace, election_id: str) -> Verification:
    ws.election(election_id)
    return verify_folder(ws.root / "elections" / election_id)


# -------------------------------------------------------------------- check


def election_problems(ws: Workspace) -> list[Problem]:
    """What ``meetup check`` says about the elections' ballot boxes and voted rolls."""
    from meetup.elections.opening import frozen_candidates, station_id
    from meetup.store import table

    found: list[Problem] = []

    def add(rel: str, field_name: str, message: str) -> None:
        found.append(Problem(rel, 0, 0, field_name, message, "election"))

    for election_id in sorted(ws.elections):
        try:
            election = ws.election(election_id)  # whole, with its roll
            voted = ws.read_voted(election.id)
            box = ws.read_ballots(election.id)
            result = ws.read_result(election.id)
        except WorkspaceError:
            continue  # already a problem of its own
        counts: dict[str, int] = {}
        for voter in voted.voted:
            counts[voter] = counts.get(voter, 0) + 1
        twice = sorted(v for v, n in counts.items() if n > 1)
        if twice:
            add(table.VOTED.path(election.id), "voted", f"voted twice: {', '.join(twice)}")
        roll = set(election.roll)
        if election.roll and len(box.ballots) > len(roll):
            add(
                table.BALLOTS.path(election.id),
                "ballots",
                f"{len(box.ballots)} ballots for a roll of {len(roll)}",
            )
        imported = sum(i.ballots for i in election.imports)
        holds_box = election.closed or (
            election.opened is not None and election.opened.station == station_id(ws, create=False)
        )
        if holds_box and len(box.ballots) < len(counts) + imported:
            add(
                table.BALLOTS.path(election.id),
                "ballots",
                f"{len(box.ballots)} ballots, but {len(counts)} voters marked and "
                f"{imported} imported: a ballot is missing",
            )
        if box.ballots and box.candidates != frozen_candidates(election):
            add(
                table.BALLOTS.path(election.id),
                "candidates",
                "names other candidates than the election",
            )
        if election.opened is not None:
            from meetup.elections.electorate import roll_checksum

            if roll_checksum(election.roll) != election.opened.roll_checksum:
                add(f"elections/{election.id}/election.toml", "roll", "changed after voting opened")
        if result is not None and election.opened is not None:
            stray = sorted(set(result.winners) - set(election.opened.candidates))
            if stray:
                add(
                    table.RESULT.path(election.id),
                    "winners",
                    f"{', '.join(stray)} was not a candidate when voting opened",
                )
    return found
