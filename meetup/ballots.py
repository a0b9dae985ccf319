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

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "BallotError",
    "BallotSet",
    "load_ballots",
    "parse_civs",
    "parse_elekto_csv",
]

Rank = int | None
Row = tuple[Rank, ...]

NO_OPINION = "no opinion"
_CHECKSUM_VERSION = "meetup-ballots-v1"
_MULTIPLIER = re.compile(r"(?P<count>[^\sxX]*)\s*[xX](?P<rest>.*)")
_SPLIT = re.compile(r"\s*,\s*|\s+")
_CIVS_TOKEN = re.compile(r"-|\d+")


class BallotError(ValueError):
    """A ballot file that cannot be imported; ``str()`` is ``source:line: message``."""

    def __init__(self, source: str, line: int, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        super().__init__(f"{source}:{line}: {message}")

    def __reduce__(self) -> tuple[type[BallotError], tuple[str, int, str]]:
        return (type(self), (self.source, self.line, self.message))


@dataclass(frozen=True)
class BallotSet:
    """Ranked ballots: ``rows[k][i]`` is the rank of ``candidates[i]``, ``weights[k]`` copies."""

    candidates: tuple[str, ...]
    rows: tuple[Row, ...]
    weights: tuple[int, ...]

    def __post_init__(self) -> None:
        n = len(self.candidates)
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
        return sum(self.weights)

    def canonical(self) -> str:
        """Order-independent text form: candidates, then sorted ``weight x ranks`` lines."""
        lines = sorted(
            f"{w}x" + ",".join("-" if r is None else str(r) for r in row)
            for row, w in zip(self.rows, self.weights, strict=True)
            if w
        )
        header = json.dumps(list(self.candidates), ensure_ascii=False)
        return "\n".join([_CHECKSUM_VERSION, header, *lines]) + "\n"

    def checksum(self) -> str:
        """SHA-256 hex of :meth:`canonical`; the same ballots in any order give the same sum."""
        return hashlib.sha256(self.canonical().encode("utf-8")).hexdigest()


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
        multiplier = int(count)
        text = m.group("rest").strip()
    elif text[:1] in ("m", "M"):
        raise BallotError(
            source, lineno, "bad syntax (CIVS writes a multiplier as '3x 1,2,-', not 'm3')"
        )
    return multiplier, _SPLIT.split(text)


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
            if candidates is not None and len(candidates) != n:
                raise BallotError(
                    source, lineno, f"{len(candidates)} candidates given but ballot ranks {n}"
                )
        elif len(tokens) != n:
            raise BallotError(source, lineno, f"expected {n} ranks, found {len(tokens)}")
        row: list[Rank] = []
        for i, tok in enumerate(tokens, start=1):
            if not tok:
                raise BallotError(source, lineno, f"missing rank for choice {i}")
            if tok == "-":
                row.append(None)
                continue
            if not _CIVS_TOKEN.fullmatch(tok):
                raise BallotError(source, lineno, f"illegal rank {tok!r} for choice {i}")
            rank = int(tok)
            if not 1 <= rank <= n:
                raise BallotError(source, lineno, f"rank {rank} for choice {i} is outside 1..{n}")
            row.append(rank)
        key = tuple(row)
        merged[key] = merged.get(key, 0) + multiplier
    if n is None:
        raise BallotError(source, max(1, len(text.splitlines())), "no ballots found")
    names = _check_candidates(candidates, n, source, first_line)
    return BallotSet.from_rows(names, merged.keys(), merged.values())


def parse_elekto_csv(text: str, *, source: str = "<ballots.csv>") -> BallotSet:
    """Parse an Elekto/Kubernetes ``ballots.csv``: a header of candidate ids, then one
    ballot per row with a positive rank or ``No opinion`` per candidate."""
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
                elif value.isascii() and value.isdigit() and int(value) >= 1:
                    row.append(int(value))
                else:
                    raise BallotError(
                        source,
                        lineno,
                        f"bad rank {cell!r} for {name!r} (want 1, 2, ... or 'No opinion')",
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


def load_ballots(path: str | Path, *, candidates: Sequence[str] | None = None) -> BallotSet:
    """Read a ballot file, detecting the format: CIVS text when the first data line holds only
    ranks, else a CSV whose header names the candidates (which must then match
    ``candidates`` if given)."""
    p = Path(path)
    source = str(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BallotError(source, 1, f"not UTF-8 text: {exc.reason}") from None
    if _looks_like_civs(text):
        return parse_civs(text, source=source, candidates=candidates)
    ballots = parse_elekto_csv(text, source=source)
    if candidates is not None and tuple(candidates) != ballots.candidates:
        raise BallotError(
            source,
            1,
            "header candidates differ from the given candidates: " + ", ".join(ballots.candidates),
        )
    return ballots
