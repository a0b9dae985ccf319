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

import os
import re
from collections.abc import Sequence

from meetup.elections.ballotset import (
    BallotError,
    BallotSet,
    Rank,
    Row,
    ballot_digest,
    rank_matrix,
)

TYPE_CHECKING = False
if TYPE_CHECKING:  # neither is imported at run time: the tally starts fast
    from pathlib import Path
    from typing import NoReturn

__all__ = [
    "BallotError",
    "BallotSet",
    "Rank",
    "Row",
    "ballot_digest",
    "ballot_format",
    "load_ballots",
    "parse_civs",
    "parse_elekto_csv",
    "rank_matrix",
]


NO_OPINION = "no opinion"
MAX_RANK = 10**6
"""The largest rank a ballot file may give (CIVS files: the number of candidates)."""
MAX_MULTIPLIER = 10**9
"""The largest ``Nx`` multiplier of a CIVS ballot line."""
_MULTIPLIER = re.compile(r"(?P<count>[^\sxX]*)\s*[xX](?P<rest>.*)")
_SPLIT = re.compile(r"\s*,\s*|\s+")
_CIVS_TOKEN = re.compile(r"-|0|[1-9][0-9]*")


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
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read()
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
        fast = _load_large_civs(path, candidates)
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


def _load_large_civs(path: str | Path, candidates: Sequence[str] | None) -> BallotSet | None:
    """A large plain CIVS file read in one vectorised pass (see meetup.elections.fastparse);
    None when the file is small or not of the plainest form."""
    from meetup.elections.fastparse import MIN_BYTES, civs_matrix

    try:
        if os.stat(path).st_size < MIN_BYTES:
            return None
        with open(path, "rb") as handle:
            matrix = civs_matrix(handle.read())
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
