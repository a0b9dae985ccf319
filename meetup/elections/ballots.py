"""Ballot import: CIVS text files and Elekto/Kubernetes ``ballots.csv``.

A ballot gives each candidate a rank: lower is preferred, equal ranks are ties and ``None``
means "no opinion" (unranked). Identical ballots are merged into one row with a weight, so a
:class:`BallotSet` stays compact for large elections.

CIVS text format (as accepted by CIVS's own ``upload_ballots``): one ballot per line, the
ranks of the N choices in column order separated by commas and/or whitespace, ``-`` for no
opinion, ranks between 1 and N. A line may start with a multiplier ``3x`` (or ``3 X``) meaning
three identical ballots. Lines starting with ``#`` are comments; blank lines are ignored.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any, NoReturn

__all__ = [
    "BallotError",
    "BallotSet",
    "ballot_digest",
    "ballot_format",
    "load_ballots",
    "parse_civs",
    "parse_elekto_csv",
    "rank_matrix",
]

Rank = int | None
Row = tuple[Rank, ...]

NO_OPINION = "no opinion"
MAX_RANK = 10**6
"""The largest rank a ballot file may give (CIVS files: the number of candidates)."""
MAX_MULTIPLIER = 10**9
"""The largest ``Nx`` multiplier of a CIVS ballot line."""
_CHECKSUM_VERSION = "meetup-ballots-v1"
_MULTIPLIER = re.compile(r"(?P<count>[^\sxX]*)\s*[xX](?P<rest>.*)")
_SPLIT = re.compile(r"\s*,\s*|\s+")
_CIVS_TOKEN = re.compile(r"-|0|[1-9][0-9]*")


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
        for row, w in zip(self.rows, self.weights, strict=True):
            key = tuple(0 if r is None else r for r in row)
            merged[key] = merged.get(key, 0) + w
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
        fmt = f">{n}IQ"
        for key, w in ballots._merged():
            h.update(struct.pack(fmt, *key, w))
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


def _sha256() -> Any:
    """A SHA-256 hash object; the built-in module when there is one (no OpenSSL start-up)."""
    try:
        from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        try:
            from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:  # pragma: no cover
            from hashlib import sha256  # type: ignore[no-redef,unused-ignore]
    return sha256()


def _default_names(n: int) -> tuple[str, ...]:
    return tuple(str(i) for i in range(1, n + 1))


def _check_candidates(
    candidates: Sequence[str] | None, n: int, source: str, line: int
) -> tuple[str, ...]:
    if candidates is None:
        return _default_names(n)
    names = tuple(candidates)
    if len(names) != n:
        raise BallotError(source, line, f"{len(names)} candidates given but ballots rank {n}")
    if len(set(names)) != n:
        raise BallotError(source, line, "duplicate candidate ids")
    return names


def _civs_line(text: str, source: str, lineno: int) -> tuple[int, list[str]]:
    """Split one CIVS ballot line into (multiplier, rank tokens)."""
    multiplier = 1
    if "x" in text or "X" in text:
        m = _MULTIPLIER.fullmatch(text)
        if m is None or not m.group("rest").strip():
            raise BallotError(source, lineno, "bad syntax")
        count = m.group("count")
        if not re.fullmatch(r"0|[1-9][0-9]*", count):
            raise BallotError(source, lineno, f"ballot multiplier {count!r} is not a number")
        multiplier = int(count) if len(count) <= 10 else MAX_MULTIPLIER + 1
        if not 1 <= multiplier <= MAX_MULTIPLIER:
            raise BallotError(
                source, lineno, f"ballot multiplier {count} is outside 1..{MAX_MULTIPLIER:,}"
            )
        text = m.group("rest").strip()
    elif text[:1] in ("m", "M"):
        raise BallotError(
            source, lineno, "bad syntax (CIVS writes a multiplier as '3x 1,2,-', not 'm3')"
        )
    if text.isascii() and " " not in text and "\t" not in text:
        return multiplier, text.split(",")  # fast path, same result as _SPLIT here
    return multiplier, _SPLIT.split(text)


def _civs_bad_token(tokens: list[str], n: int, source: str, lineno: int) -> NoReturn:
    """Raise the error for the first invalid rank token on a CIVS line."""
    for i, tok in enumerate(tokens, start=1):
        if not tok:
            raise BallotError(source, lineno, f"missing rank for choice {i}")
        if tok == "-":
            continue
        if not _CIVS_TOKEN.fullmatch(tok):
            raise BallotError(source, lineno, f"illegal rank {tok!r} for choice {i}")
        if not 1 <= int(tok) <= n:
            raise BallotError(source, lineno, f"rank {tok} for choice {i} is outside 1..{n}")
    raise BallotError(source, lineno, "bad ranks")


def parse_civs(
    text: str, *, source: str = "<ballots>", candidates: Sequence[str] | None = None
) -> BallotSet:
    """Parse CIVS ballot text; any bad line raises :class:`BallotError` and nothing is kept."""
    n: int | None = None
    first_line = 0
    merged: dict[Row, int] = {}
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        multiplier, tokens = _civs_line(line, source, lineno)
        if n is None:
            n, first_line = len(tokens), lineno
            table: dict[str, Rank] = {str(r): r for r in range(1, n + 1)}
            table["-"] = None
            if candidates is not None and len(candidates) != n:
                raise BallotError(
                    source, lineno, f"{len(candidates)} candidates given but ballot ranks {n}"
                )
        elif len(tokens) != n:
            raise BallotError(source, lineno, f"expected {n} ranks, found {len(tokens)}")
        try:
            key = tuple([table[tok] for tok in tokens])
        except KeyError:
            _civs_bad_token(tokens, n, source, lineno)
        merged[key] = merged.get(key, 0) + multiplier
    if n is None:
        raise BallotError(source, max(1, len(text.splitlines())), "no ballots found")
    names = _check_candidates(candidates, n, source, first_line)
    kept = {row: w for row, w in merged.items() if w}
    return BallotSet(names, tuple(kept), tuple(kept.values()))


def parse_elekto_csv(text: str, *, source: str = "<ballots.csv>") -> BallotSet:
    """Parse an Elekto/Kubernetes ``ballots.csv``: a header of candidate ids, then one
    ballot per row with a positive rank or ``No opinion`` per candidate."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    header: list[str] | None = None
    merged: dict[Row, int] = {}
    try:
        for cells in reader:
            lineno = reader.line_num
            if not cells or all(not c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip() for c in cells]
                if any(not c for c in header):
                    raise BallotError(source, lineno, "empty candidate id in header")
                if len(set(header)) != len(header):
                    raise BallotError(source, lineno, "duplicate candidate id in header")
                continue
            if len(cells) != len(header):
                raise BallotError(
                    source, lineno, f"expected {len(header)} columns, found {len(cells)}"
                )
            row: list[Rank] = []
            for name, cell in zip(header, cells, strict=True):
                value = cell.strip()
                if value.casefold() == NO_OPINION:
                    row.append(None)
                elif (
                    value.isascii()
                    and value.isdigit()
                    and len(value) <= 7
                    and 1 <= int(value) <= MAX_RANK
                ):
                    row.append(int(value))
                else:
                    raise BallotError(
                        source,
                        lineno,
                        f"bad rank {cell!r} for {name!r} (want 1..{MAX_RANK:,} or 'No opinion')",
                    )
            key = tuple(row)
            merged[key] = merged.get(key, 0) + 1
    except csv.Error as exc:
        raise BallotError(source, reader.line_num, f"malformed CSV: {exc}") from None
    if header is None:
        raise BallotError(source, 1, "no header line")
    return BallotSet.from_rows(header, merged.keys(), merged.values())


def _looks_like_civs(text: str) -> bool:
    """True when the first data line is a CIVS ballot (numbers, '-', optional 'Nx')."""
    for raw in text.splitlines():
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        m = _MULTIPLIER.fullmatch(line)
        if m is not None and m.group("count").isdigit():
            line = m.group("rest").strip()
        return all(_CIVS_TOKEN.fullmatch(tok) for tok in _SPLIT.split(line))
    return True


def read_ballot_text(path: str | Path) -> str:
    """A ballot file's text (UTF-8, BOM dropped); BallotError when it is not UTF-8."""
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BallotError(str(path), 1, f"not UTF-8 text: {exc.reason}") from None


def load_ballots(
    path: str | Path, *, candidates: Sequence[str] | None = None, text: str | None = None
) -> BallotSet:
    """Read a ballot file, detecting the format: CIVS text when the first data line holds only
    ranks, a Debian tally sheet, else a CSV whose header names the candidates (which must
    then match ``candidates`` if given).  ``text``: the file's text, already read."""
    source = str(path)
    if text is None:
        fast = _load_large_civs(Path(path), candidates)
        if fast is not None:
            return fast
        text = read_ballot_text(path)
    kind = ballot_format(text)
    if kind == "civs":
        return parse_civs(text, source=source, candidates=candidates)
    if kind == "debian":
        from meetup.elections.debian import parse_debian_tally

        ballots = parse_debian_tally(text, source=source)
    else:
        ballots = parse_elekto_csv(text, source=source)
    if candidates is not None and tuple(candidates) != ballots.candidates:
        raise BallotError(
            source,
            1,
            "header candidates differ from the given candidates: " + ", ".join(ballots.candidates),
        )
    return ballots


def _load_large_civs(path: Path, candidates: Sequence[str] | None) -> BallotSet | None:
    """A large plain CIVS file read in one vectorised pass (see meetup.elections.fastparse);
    None when the file is small or not of the plainest form."""
    from meetup.elections.fastparse import MIN_BYTES, civs_matrix

    try:
        if path.stat().st_size < MIN_BYTES:
            return None
        matrix = civs_matrix(path.read_bytes())
    except (OSError, ImportError):
        return None
    if matrix is None:
        return None
    n = matrix.shape[1]
    if candidates is not None and len(candidates) != n:
        return None  # the line parser says what is wrong
    return BallotSet.from_matrix(_check_candidates(candidates, n, str(path), 1), matrix)


def ballot_format(text: str) -> str:
    """``"debian"`` for a devotee tally sheet, ``"civs"`` when the first data line holds
    only ranks, else ``"csv"`` (as load_ballots decides)."""
    from meetup.elections.debian import is_debian_tally

    if is_debian_tally(text):
        return "debian"
    return "civs" if _looks_like_civs(text) else "csv"
