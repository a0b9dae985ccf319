"""The ballot set every format parses into, its errors and its order-independent checksum.

Split from :mod:`meetup.elections.ballots` so that the format modules (CIVS and Elekto
there, Debian in :mod:`meetup.elections.debian`) share it without importing each other.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain

from meetup.elections.digest import CHECKSUM_VERSION as _CHECKSUM_VERSION
from meetup.elections.digest import sha256 as _sha256

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time: the tally starts fast
    from typing import Any

__all__ = ["BallotError", "BallotSet", "Rank", "Row", "ballot_digest", "rank_matrix"]

Rank = int | None
Row = tuple[Rank, ...]


class BallotError(ValueError):
    """A ballot file that cannot be imported; ``str()`` is ``source:line: message``."""

    def __init__(self, source: str, line: int, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        super().__init__(f"{source}:{line}: {message}")

    def __reduce__(self) -> tuple[type[BallotError], tuple[str, int, str]]:
        return (type(self), (self.source, self.line, self.message))


class _MatrixRows(Sequence[Row]):
    """The rows of a rank matrix (no opinion = 0), made into tuples only when read."""

    def __init__(self, matrix: Any) -> None:
        self.matrix = matrix

    def __len__(self) -> int:
        return int(self.matrix.shape[0])

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [tuple(r or None for r in row) for row in self.matrix[index].tolist()]
        return tuple(r or None for r in self.matrix[index].tolist())

    def __iter__(self) -> Iterator[Row]:
        for row in self.matrix.tolist():
            yield tuple(r or None for r in row)


class _Ones(Sequence[int]):
    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [1] * len(range(*index.indices(self.n)))
        if not -self.n <= index < self.n:
            raise IndexError(index)
        return 1

    def __iter__(self) -> Iterator[int]:
        return iter([1] * self.n)


class BallotSet:
    """Ranked ballots: ``rows[k][i]`` is the rank of ``candidates[i]``, ``weights[k]`` copies.

    A large file parsed in one vectorised pass keeps its numpy rank ``matrix`` (rows x
    candidates, no opinion = 0, one ballot per row) and reads ``rows`` from it lazily.
    (A plain class, not a dataclass: ``election tally`` must start fast.)"""

    __slots__ = ("candidates", "matrix", "rows", "weights")

    def __init__(
        self,
        candidates: tuple[str, ...],
        rows: Sequence[Row],
        weights: Sequence[int],
        matrix: Any = None,
    ) -> None:
        self.candidates = candidates
        self.rows = rows
        self.weights = weights
        self.matrix = matrix
        self._check()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BallotSet):
            return NotImplemented
        return (self.candidates, tuple(self.rows), tuple(self.weights)) == (
            other.candidates,
            tuple(other.rows),
            tuple(other.weights),
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"BallotSet({self.candidates!r}, {len(self.rows)} rows, {self.count} ballots)"

    @classmethod
    def from_matrix(cls, candidates: Sequence[str], matrix: Any) -> BallotSet:
        """One ballot per row of an int matrix (no opinion = 0)."""
        return cls(tuple(candidates), _MatrixRows(matrix), _Ones(len(matrix)), matrix)

    def _check(self) -> None:
        n = len(self.candidates)
        if self.matrix is not None:
            if len(set(self.candidates)) != n or self.matrix.shape[1:] != (n,):
                raise ValueError("the rank matrix does not match the candidates")
            return
        if len(set(self.candidates)) != n:
            raise ValueError("duplicate candidate ids")
        if len(self.rows) != len(self.weights):
            raise ValueError("rows and weights differ in length")
        for row in self.rows:
            if len(row) != n:
                raise ValueError(f"row {row!r} has {len(row)} ranks, expected {n}")
        if any(w < 0 for w in self.weights):
            raise ValueError("negative ballot weight")

    @classmethod
    def from_rows(
        cls,
        candidates: Iterable[str],
        rows: Iterable[Sequence[Rank]],
        weights: Iterable[int] | None = None,
    ) -> BallotSet:
        """Build a set from raw rows, merging identical rows and dropping weight-0 rows."""
        merged: dict[Row, int] = {}
        get = merged.get
        if weights is None:
            for row in rows:
                key = tuple(row)
                merged[key] = get(key, 0) + 1
        else:
            for row, w in zip(rows, weights, strict=True):
                key = tuple(row)
                merged[key] = get(key, 0) + w
        kept = {row: w for row, w in merged.items() if w}
        return cls(tuple(candidates), tuple(kept), tuple(kept.values()))

    @property
    def count(self) -> int:
        """Total number of ballots (all weights)."""
        if self.matrix is not None:
            return int(self.matrix.shape[0])
        return sum(self.weights)

    @property
    def unit(self) -> bool:
        """Every row is one ballot."""
        return self.matrix is not None or all(w == 1 for w in self.weights)

    def checksum(self) -> str:
        """SHA-256 hex digest of the ballots, independent of ballot order (for audits).

        Digest input: ``meetup-ballots-v1\n``, the JSON list of candidate ids and ``\n`` (UTF-8),
        then one record per distinct rank vector in ascending order (ranks compared column
        by column as numbers, no opinion = 0): each rank as a 4-byte big-endian unsigned
        int, then the total weight as an 8-byte big-endian unsigned int. Weight-0 rows are
        left out, and duplicate rows are merged first.
        """
        return ballot_digest(self, rank_matrix(self))

    def _merged(self) -> list[tuple[tuple[int, ...], int]]:
        merged: dict[tuple[int, ...], int] = {}
        get = merged.get
        for row, w in zip(self.rows, self.weights, strict=True):
            key: tuple[int, ...] = tuple([r or 0 for r in row]) if None in row else row  # type: ignore[assignment]
            merged[key] = get(key, 0) + w
        return sorted((k, w) for k, w in merged.items() if w)


def rank_matrix(ballots: BallotSet) -> Any:
    """The rows as a (rows x candidates) int64 numpy array with no opinion = 0, or None when
    numpy is not installed."""
    if ballots.matrix is not None:
        return ballots.matrix
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy is optional
        return None
    n = len(ballots.candidates)
    flat = np.fromiter(
        chain.from_iterable(ballots.rows), dtype=np.float64, count=len(ballots.rows) * n
    )  # None -> NaN
    return np.nan_to_num(flat, nan=0.0).astype(np.int64).reshape(len(ballots.rows), n)


def ballot_digest(ballots: BallotSet, matrix: Any = None) -> str:
    """:meth:`BallotSet.checksum`, reusing a :func:`rank_matrix` when one is at hand."""
    h = _sha256()
    h.update(f"{_CHECKSUM_VERSION}\n".encode())
    import json

    h.update(json.dumps(list(ballots.candidates), ensure_ascii=False).encode("utf-8") + b"\n")
    n = len(ballots.candidates)
    if matrix is None or n == 0 or not ballots.rows:
        merged = ballots._merged()
        flat = [x for key, w in merged for x in (*key, w)]
        h.update(struct.pack(">" + f"{n}IQ" * len(merged), *flat))
        return h.hexdigest()
    import numpy as np

    if matrix.min() < 0 or matrix.max() >= 2**32:
        raise ValueError("ranks must be between 1 and 2**32 - 1")
    keys = np.ascontiguousarray(matrix.astype(">u4")).view(f"V{4 * n}").ravel()
    uniq, inverse = np.unique(keys, return_inverse=True)
    if ballots.unit:
        weights = np.bincount(inverse.ravel(), minlength=len(uniq)).astype(np.int64)
    else:  # exact integer sums (float64 would round past 2**53)
        weights = np.zeros(len(uniq), dtype=np.int64)
        np.add.at(weights, inverse.ravel(), np.asarray(ballots.weights, dtype=np.int64))
    records = np.empty(len(uniq), dtype=[("ranks", f"V{4 * n}"), ("weight", ">u8")])
    records["ranks"] = uniq
    records["weight"] = weights.astype(np.uint64)
    h.update(records[weights > 0].tobytes())
    return h.hexdigest()
