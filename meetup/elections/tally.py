"""Schulze (beatpath) tally with winning votes, as CIVS computes it.

* Pairwise matrix: ``d[i][j]`` = number of ballots ranking i strictly above j. With
  ``unranked="ignore"`` (CIVS/Elekto "no opinion") an unranked candidate is left out of that
  ballot's comparisons; with ``"last"`` (Debian) it is ranked below every ranked candidate
  and tied with the other unranked ones.
* A direct defeat of i over j (``d[i][j] > d[j][i]``) has strength ``(W, L) = (d[i][j],
  d[j][i])``; a stronger defeat has more W, then fewer L. Non-defeats have strength (0, 0).
* Strongest paths by Floyd-Warshall (path = its weakest link, best path = the strongest);
  i is ranked above j iff ``p[i][j] > p[j][i]``.
* Ranking: repeatedly take, as the next tied group, the remaining candidates that no remaining
  candidate beats (CIVS does the same). Ids within a group are sorted.
* Winners: the top ``seats`` following the groups. A group that straddles the cut sets
  ``tie_at_cut``; it is never broken silently. Without ``tie_break_seed`` the winners are only
  the candidates definitely in. With a seed, exactly that group is ordered by
  ``random.Random(seed).shuffle`` applied to its sorted ids, the first ones fill the remaining
  seats, and ``tie_break = {"seed", "group", "order"}`` records it (``tie_at_cut`` stays True).

numpy is used when installed (imported lazily); a pure-Python path gives the same results.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # neither typing nor the ballot set is imported at run time: the tally
    # of a plain file (meetup.cli.tally_fast) starts fast
    from collections.abc import Sequence
    from typing import Any, Literal

    from meetup.elections.ballotset import BallotSet

    Unranked = Literal["ignore", "last"]

__all__ = [
    "TallyResult",
    "pairwise_matrix",
    "schulze",
    "schulze_from_pairwise",
    "strongest_paths",
]

METHOD = "schulze-winning-votes"
NUMPY_FROM = 2_000_000
"""Rows x candidates**2 above which numpy counts the pairs (below, importing it costs more)."""


class TallyResult:
    """Outcome of a Schulze tally, with everything needed to audit it."""

    __slots__ = (
        "ballots",
        "candidates",
        "checksum",
        "electorate",
        "pairwise",
        "ranking",
        "seats",
        "strongest",
        "tie_at_cut",
        "tie_break",
        "unranked",
        "winners",
    )

    def __init__(
        self,
        *,
        candidates: tuple[str, ...],
        ranking: tuple[tuple[str, ...], ...],
        winners: tuple[str, ...],
        tie_at_cut: bool,
        ballots: int,
        pairwise: dict[str, dict[str, int]],
        strongest: dict[str, dict[str, tuple[int, int]]],
        unranked: Unranked,
        seats: int,
        checksum: str,
        electorate: int | None = None,
        tie_break: dict[str, Any] | None = None,
    ) -> None:
        self.candidates = candidates
        self.ranking = ranking
        self.winners = winners
        self.tie_at_cut = tie_at_cut
        self.ballots = ballots
        self.pairwise = pairwise
        self.strongest = strongest
        self.unranked = unranked
        self.seats = seats
        self.checksum = checksum
        self.electorate = electorate
        self.tie_break = tie_break

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TallyResult):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # type: ignore[assignment]

    @property
    def turnout(self) -> float | None:
        """Ballots / electorate, when the electorate size is known."""
        if not self.electorate:
            return None
        return self.ballots / self.electorate

    def to_json(self) -> dict[str, Any]:
        """Plain-JSON form (the ``election tally --json`` contract)."""
        return {
            "method": METHOD,
            "candidates": list(self.candidates),
            "ranking": [list(group) for group in self.ranking],
            "winners": list(self.winners),
            "tie_at_cut": self.tie_at_cut,
            "tie_break": self.tie_break,
            "seats": self.seats,
            "unranked": self.unranked,
            "ballots": self.ballots,
            "electorate": self.electorate,
            "turnout": self.turnout,
            "checksum": self.checksum,
            "pairwise": {a: dict(row) for a, row in self.pairwise.items()},
            "strongest": {
                a: {b: list(wl) for b, wl in row.items()} for a, row in self.strongest.items()
            },
        }


def _pairwise_numpy(ballots: BallotSet, unranked: Unranked, matrix: Any = None) -> list[list[int]]:
    import numpy as np

    from meetup.elections.ballotset import rank_matrix

    n = len(ballots.candidates)
    if not ballots.rows:
        return [[0] * n for _ in range(n)]
    ranks = rank_matrix(ballots) if matrix is None else matrix  # rows x n, no opinion = 0
    top = int(ranks.max()) + 1
    dtype = np.int16 if top < 2**15 - 1 else np.int64
    cols = np.ascontiguousarray(ranks.T, dtype=dtype)  # n x rows
    unset = cols == 0
    # left side: unranked never wins; right side: "ignore" -> 0 so nothing is below it,
    # "last" -> below every rank (tied with other unranked, since left uses the same value).
    left = np.where(unset, top, cols).astype(dtype)
    right = cols if unranked == "ignore" else left
    unit = ballots.unit
    weights = None if unit else np.asarray(ballots.weights, dtype=np.int64)
    d = np.empty((n, n), dtype=np.int64)
    for i in range(n):
        wins = left[i] < right
        if weights is None:
            d[i] = np.count_nonzero(wins, axis=1)
        else:  # exact integer sums (a float64 product loses counts past 2**53)
            d[i] = wins.astype(np.int64) @ weights
    np.fill_diagonal(d, 0)
    result: list[list[int]] = d.tolist()
    return result


def _pairwise_bits(ballots: BallotSet, unranked: Unranked) -> list[list[int]] | None:
    """Pairwise counts with one byte per ballot and big-integer AND + popcount: for each
    rank r, ``d[i][j] += |{rank_i == r} & {rank_j worse than r}|`` (per weight class).
    None when a rank does not fit in a byte."""
    n = len(ballots.candidates)
    d = [[0] * n for _ in range(n)]
    classes: dict[int, list[Sequence[int | None]]] = {}
    if not ballots.rows:
        return d
    for row, weight in zip(ballots.rows, ballots.weights, strict=True):
        classes.setdefault(weight, []).append(row)
    for weight, rows in classes.items():
        if any(r is not None and r > 250 for row in rows for r in row):
            return None
        cols = [bytes([r or 0 for r in col]) for col in zip(*rows, strict=True)]
        top = max(max(col) for col in cols) if cols else 0
        ranks = range(1, top + 1)
        same = [_eq_table(r) for r in ranks]
        worse = [_worse_table(r, unranked == "last") for r in ranks]
        eq = [[int.from_bytes(c.translate(t), "big") for t in same] for c in cols]
        below = [[int.from_bytes(c.translate(t), "big") for t in worse] for c in cols]
        for i in range(n):
            counts, mine = d[i], eq[i]
            for j in range(n):
                if i != j:
                    won = sum((a & b).bit_count() for a, b in zip(mine, below[j], strict=True))
                    counts[j] += weight * won
    return d


def _eq_table(r: int) -> bytes:
    """bytes.translate table: rank ``r`` -> 1, anything else -> 0."""
    return bytes(r) + b"\x01" + bytes(255 - r)


def _worse_table(r: int, last: bool) -> bytes:
    """Ranks worse than ``r`` -> 1 (and unranked, 0, when it counts as last)."""
    return (b"\x01" if last else b"\x00") + bytes(r) + b"\x01" * (255 - r)


def _pairwise_python(ballots: BallotSet, unranked: Unranked) -> list[list[int]]:
    """Pure-Python pairwise counts (bit-parallel when the ranks fit in a byte)."""
    fast = _pairwise_bits(ballots, unranked)
    if fast is not None:
        return fast
    return _pairwise_columns(ballots, unranked)


def _pairwise_columns(ballots: BallotSet, unranked: Unranked) -> list[list[int]]:
    from itertools import compress
    from operator import lt

    n = len(ballots.candidates)
    # Sentinels: "last" -> unranked is worse than any rank; "ignore" -> a value that makes
    # every comparison False, which needs separate sentinels on the two sides.
    hi = max((r for row in ballots.rows for r in row if r is not None), default=0) + 1
    cols = list(zip(*ballots.rows, strict=True)) if ballots.rows else [() for _ in range(n)]
    unit = ballots.unit
    weights = ballots.weights
    left = [tuple(hi if r is None else r for r in col) for col in cols]
    if unranked == "last":
        right = left
    else:
        right = [tuple(0 if r is None else r for r in col) for col in cols]
        left = [tuple(hi + 1 if r is None else r for r in col) for col in cols]
    d = [[0] * n for _ in range(n)]
    for i in range(n):
        li = left[i]
        for j in range(n):
            if i == j:
                continue
            wins = map(lt, li, right[j])
            d[i][j] = sum(wins) if unit else sum(compress(weights, wins))
    return d


def pairwise_matrix(ballots: BallotSet, unranked: Unranked = "ignore") -> list[list[int]]:
    """``d[i][j]`` = ballots preferring candidate i over j (numpy if available)."""
    if unranked not in ("ignore", "last"):
        raise ValueError(f"unranked must be 'ignore' or 'last', not {unranked!r}")
    from meetup.elections.ballotset import rank_matrix

    matrix = rank_matrix(ballots)
    if matrix is None:  # pragma: no cover - numpy missing; _pairwise_python is tested directly
        return _pairwise_python(ballots, unranked)
    return _pairwise_numpy(ballots, unranked, matrix)


def _widest(d: Sequence[Sequence[int]]) -> tuple[list[list[int]], int]:
    """Floyd-Warshall widest paths on defeat strengths encoded as ints.

    (W, L) is encoded as ``W*m - L`` with ``m`` larger than any L, so integer order is the
    defeat order (more W, then fewer L) and a non-defeat (0, 0) is 0.
    """
    n = len(d)
    m = max((x for row in d for x in row), default=0) + 1
    p = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j and d[i][j] > d[j][i]:
                p[i][j] = d[i][j] * m - d[j][i]
    for k in range(n):
        pk = p[k]
        for i in range(n):
            pi = p[i]
            pik = pi[k]
            if i == k or not pik:
                continue
            for j in range(n):
                via = pk[j]
                if via > pik:
                    via = pik
                if via > pi[j] and j != i:
                    pi[j] = via
    return p, m


def _decode(key: int, m: int) -> tuple[int, int]:
    w = -(-key // m)
    return (w, w * m - key)


def strongest_paths(d: Sequence[Sequence[int]]) -> list[list[tuple[int, int]]]:
    """Strongest path strengths ``(W, L)`` between every ordered pair of candidates."""
    p, m = _widest(d)
    return [[_decode(key, m) for key in row] for row in p]


def _groups(names: Sequence[str], p: Sequence[Sequence[int]]) -> list[list[int]]:
    """Tied groups best first: repeatedly the remaining candidates no remaining one beats."""
    n = len(names)
    beaten_by = [[j for j in range(n) if p[j][i] > p[i][j]] for i in range(n)]
    remaining = set(range(n))
    groups: list[list[int]] = []
    while remaining:
        top = [i for i in remaining if not any(j in remaining for j in beaten_by[i])]
        if not top:  # impossible for Schulze (its relation is transitive); stay total anyway
            top = list(remaining)
        top.sort(key=lambda i: names[i])
        groups.append(top)
        remaining.difference_update(top)
    return groups


def schulze(
    ballots: BallotSet,
    *,
    seats: int = 1,
    unranked: Unranked = "ignore",
    tie_break_seed: int | None = None,
    electorate: int | None = None,
) -> TallyResult:
    """Tally ``ballots`` by the Schulze method with winning votes (see module docstring)."""
    if seats < 1:
        raise ValueError("seats must be at least 1")
    if unranked not in ("ignore", "last"):
        raise ValueError(f"unranked must be 'ignore' or 'last', not {unranked!r}")
    from meetup.elections.ballotset import ballot_digest, rank_matrix

    names = ballots.candidates
    matrix = None
    if ballots.matrix is not None or len(ballots.rows) * len(names) ** 2 > NUMPY_FROM:
        matrix = rank_matrix(ballots)  # shared by the pairwise counts and the checksum
    if matrix is None:  # pragma: no cover - numpy missing
        d = _pairwise_python(ballots, unranked)
    else:
        d = _pairwise_numpy(ballots, unranked, matrix)
    return schulze_from_pairwise(
        names,
        d,
        ballots=ballots.count,
        checksum=ballot_digest(ballots, matrix),
        seats=seats,
        unranked=unranked,
        tie_break_seed=tie_break_seed,
        electorate=electorate,
    )


def schulze_from_pairwise(
    names: tuple[str, ...],
    d: list[list[int]],
    *,
    ballots: int,
    checksum: str,
    seats: int = 1,
    unranked: Unranked = "ignore",
    tie_break_seed: int | None = None,
    electorate: int | None = None,
) -> TallyResult:
    """The rest of :func:`schulze` once the pairwise counts ``d`` (and the ballots'
    checksum) are known: strongest paths, ranking, winners and tie-break."""
    if seats < 1:
        raise ValueError("seats must be at least 1")
    p, m = _widest(d)
    groups = _groups(names, p)

    winners: list[str] = []
    tie_at_cut = False
    tie_break: dict[str, Any] | None = None
    for group in groups:
        free = seats - len(winners)
        if free <= 0:
            break
        ids = [names[i] for i in group]
        if len(ids) <= free:
            winners.extend(ids)
            continue
        tie_at_cut = True
        if tie_break_seed is not None:
            import random

            order = sorted(ids)
            random.Random(tie_break_seed).shuffle(order)
            winners.extend(order[:free])
            tie_break = {"seed": tie_break_seed, "group": sorted(ids), "order": order}
        break

    n = len(names)
    return TallyResult(
        candidates=names,
        ranking=tuple(tuple(names[i] for i in g) for g in groups),
        winners=tuple(winners),
        tie_at_cut=tie_at_cut,
        ballots=ballots,
        pairwise={names[i]: {names[j]: d[i][j] for j in range(n) if j != i} for i in range(n)},
        strongest={
            names[i]: {names[j]: _decode(p[i][j], m) for j in range(n) if j != i} for i in range(n)
        },
        unranked=unranked,
        seats=seats,
        checksum=checksum,
        electorate=electorate,
        tie_break=tie_break,
    )
