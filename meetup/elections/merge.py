"""Three-way merges of the ballot box (a multiset) and the voted roll (a set), for git.

Two clones that both add ballots must keep every ballot: the merged box holds, of each
distinct ballot, ``ours + theirs - base`` copies (a ballot added on both sides is kept
twice, one removed on one side is removed once).  The voted roll merges as a set: every
voter added on either side stays, and one removed on a side is removed.  Neither merge
can drop a ballot or a voter; a box whose two sides name different candidates cannot be
merged and raises :class:`MergeConflict`.

The record-aware merge driver (``meetup/sharing/merge.py``) calls
:func:`merge_ballot_boxes` and :func:`merge_voted`, or the ``*_toml`` forms on the
three files' bytes.
"""

from __future__ import annotations

from collections import Counter

from meetup.store import tomlio
from meetup.store.election_records import BallotBox, VotedRoll

__all__ = [
    "MergeConflict",
    "merge_ballot_boxes",
    "merge_ballots_toml",
    "merge_voted",
    "merge_voted_toml",
]


class MergeConflict(ValueError):
    """The two sides cannot be merged without a person deciding."""


def merge_ballot_boxes(base: BallotBox | None, ours: BallotBox, theirs: BallotBox) -> BallotBox:
    """Multiset three-way merge of two ballot boxes; the result is sorted."""
    base = base or BallotBox()
    named = {tuple(b.candidates) for b in (base, ours, theirs) if b.ballots or b.candidates}
    if len(named) > 1:
        raise MergeConflict(
            "the ballot boxes name different candidates: "
            + " / ".join(", ".join(c) for c in sorted(named))
        )
    candidates = list(next(iter(named))) if named else []
    counts = [Counter(tuple(b) for b in box.ballots) for box in (base, ours, theirs)]
    merged: Counter[tuple[int, ...]] = Counter()
    for ballot in counts[0].keys() | counts[1].keys() | counts[2].keys():
        copies = counts[1][ballot] + counts[2][ballot] - counts[0][ballot]
        if copies > 0:
            merged[ballot] = copies
    ballots = sorted(list(b) for b in merged.elements())
    return BallotBox(candidates=candidates, ballots=ballots)


def merge_voted(base: VotedRoll | None, ours: VotedRoll, theirs: VotedRoll) -> VotedRoll:
    """Set three-way merge of two voted rolls; the result is sorted, each voter once."""
    before = set(base.voted) if base else set()
    mine, other = set(ours.voted), set(theirs.voted)
    kept = before & mine & other
    return VotedRoll(voted=sorted(kept | (mine - before) | (other - before)))


def _read(raw: bytes, kind: type[BallotBox] | type[VotedRoll], rel: str) -> object | None:
    if not raw.strip():
        return None
    data = tomlio.check_schema(tomlio.parse(raw, rel), rel, raw)
    return tomlio.convert(data, kind, rel, raw)


def merge_ballots_toml(base: bytes, ours: bytes, theirs: bytes, rel: str = "ballots.toml") -> bytes:
    """:func:`merge_ballot_boxes` on the files' bytes (empty bytes: the file is absent)."""
    boxes = [_read(raw, BallotBox, rel) for raw in (base, ours, theirs)]
    merged = merge_ballot_boxes(
        boxes[0],  # type: ignore[arg-type]
        boxes[1] or BallotBox(),  # type: ignore[arg-type]
        boxes[2] or BallotBox(),  # type: ignore[arg-type]
    )
    return tomlio.to_bytes(merged)


def merge_voted_toml(base: bytes, ours: bytes, theirs: bytes, rel: str = "voted.toml") -> bytes:
    """:func:`merge_voted` on the files' bytes (empty bytes: the file is absent)."""
    rolls = [_read(raw, VotedRoll, rel) for raw in (base, ours, theirs)]
    merged = merge_voted(
        rolls[0],  # type: ignore[arg-type]
        rolls[1] or VotedRoll(),  # type: ignore[arg-type]
        rolls[2] or VotedRoll(),  # type: ignore[arg-type]
    )
    return tomlio.to_bytes(merged)
