"""Debian's tally sheets (devotee) as a ballot format.

A sheet has an option legend, ``Option 1----->: Jonathan Carter`` (one line per option), and
one ``V: 1-23  HMAC`` line per ballot: a character per option in legend order, ``1``-``9``
then ``A``-``Z`` for ranks 10-35, ``-`` for unranked.  Debian ranks an unranked option below
every ranked one (tied with the other unranked ones), so such a file is tallied with
``unranked="last"``.  Candidate ids are the option names as slugs (``jonathan-carter``).
"""

from __future__ import annotations

import re

from meetup.elections.ballotset import BallotError, BallotSet, Rank

__all__ = ["debian_candidate_id", "is_debian_tally", "parse_debian_tally"]

_OPTION = re.compile(r"^[\s|/]*Option\s+(?P<number>[0-9]+)\s*-*>\s*:\s*(?P<name>.+?)\s*$")
_VOTE = re.compile(r"^V:\s*(?P<ranks>\S+)(?:\s+(?P<hmac>[0-9a-fA-F]+))?\s*$")
_RANKS = "123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def debian_candidate_id(name: str) -> str:
    """``Jonathan Carter`` -> ``jonathan-carter``."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")
    return slug or "option"


def is_debian_tally(text: str) -> bool:
    """True when the text has a ``V:`` ballot line and an option legend."""
    head = text[:20000]
    has_vote = head.startswith("V:") or "\nV:" in head
    return has_vote and "Option 1" in head


def parse_debian_tally(text: str, *, source: str = "<tally>") -> BallotSet:
    """Parse a devotee tally sheet; any bad line raises BallotError, nothing is kept."""
    options: dict[int, str] = {}
    merged: dict[tuple[Rank, ...], int] = {}
    n = 0
    for lineno, raw in enumerate(text.splitlines(), start=1):
        option = _OPTION.match(raw)
        if option:
            options[int(option.group("number"))] = option.group("name")
            continue
        if not raw.startswith("V:"):
            continue
        vote = _VOTE.match(raw)
        if vote is None:
            raise BallotError(source, lineno, "bad vote line (want 'V: 1-23  HMAC')")
        if not n:
            n = len(options)
            if not n or sorted(options) != list(range(1, n + 1)):
                raise BallotError(source, lineno, "the option legend (Option 1, 2, ...) is missing")
        ranks = vote.group("ranks").upper()
        if len(ranks) != n:
            raise BallotError(source, lineno, f"expected {n} ranks, found {len(ranks)}")
        row: list[Rank] = []
        for i, char in enumerate(ranks, start=1):
            if char == "-":
                row.append(None)
            elif char in _RANKS and _RANKS.index(char) < n:
                row.append(_RANKS.index(char) + 1)
            else:
                raise BallotError(source, lineno, f"illegal rank {char!r} for option {i}")
        key = tuple(row)
        merged[key] = merged.get(key, 0) + 1
    if not n:
        raise BallotError(source, 1, "no ballots found (no 'V:' lines)")
    names = [debian_candidate_id(options[i]) for i in range(1, n + 1)]
    if len(set(names)) != n:
        raise BallotError(source, 1, "two options have the same name")
    return BallotSet.from_rows(names, merged.keys(), merged.values())


def debian_names(text: str) -> dict[str, str]:
    """Candidate id -> option name, from a sheet's legend."""
    found = {}
    for raw in text.splitlines():
        option = _OPTION.match(raw)
        if option:
            found[debian_candidate_id(option.group("name"))] = option.group("name")
    return found
