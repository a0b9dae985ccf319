"""Ballot boxes merge as multisets, voted rolls as sets: no conflict drops a ballot."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from meetup.elections.merge import (
    MergeConflict,
    merge_ballot_boxes,
    merge_ballots_toml,
    merge_voted,
    merge_voted_toml,
)
from meetup.store import tomlio
from meetup.store.election_records import BallotBox, VotedRoll

C = ["a", "b"]


def box(*ballots: list[int]) -> BallotBox:
    return BallotBox(candidates=C, ballots=sorted(list(b) for b in ballots))


def test_both_sides_add_the_same_ballot_and_both_are_kept() -> None:
    base = box([1, 2])
    merged = merge_ballot_boxes(base, box([1, 2], [2, 1]), box([1, 2], [2, 1]))
    assert merged.ballots == [[1, 2], [2, 1], [2, 1]]


def test_additions_on_both_sides_and_a_removal() -> None:
    merged = merge_ballot_boxes(
        box([1, 2], [1, 1]), box([1, 1], [0, 1]), box([1, 2], [1, 1], [2, 1])
    )
    assert merged.ballots == [[0, 1], [1, 1], [2, 1]]


def test_different_candidates_conflict() -> None:
    with pytest.raises(MergeConflict):
        merge_ballot_boxes(None, box([1, 2]), BallotBox(candidates=["a", "c"], ballots=[[1, 2]]))


def test_voted_merges_as_a_set() -> None:
    base = VotedRoll(voted=["x"])
    merged = merge_voted(base, VotedRoll(voted=["x", "y"]), VotedRoll(voted=["x", "y", "z"]))
    assert merged.voted == ["x", "y", "z"]
    assert merge_voted(base, VotedRoll(voted=[]), VotedRoll(voted=["x", "w"])).voted == ["w"]


def test_toml_forms() -> None:
    base = tomlio.to_bytes(box([1, 2]))
    ours = tomlio.to_bytes(box([1, 2], [2, 1]))
    theirs = tomlio.to_bytes(box([1, 2], [1, 1]))
    merged = tomlio.parse(merge_ballots_toml(base, ours, theirs), "ballots.toml")
    assert merged["ballots"] == [[1, 1], [1, 2], [2, 1]]
    voted = merge_voted_toml(
        b"", tomlio.to_bytes(VotedRoll(voted=["p"])), tomlio.to_bytes(VotedRoll(voted=["q"]))
    )
    assert tomlio.parse(voted, "voted.toml")["voted"] == ["p", "q"]


ballot = st.lists(st.integers(0, 2), min_size=2, max_size=2)


@given(st.lists(ballot), st.lists(ballot), st.lists(ballot))
def test_no_ballot_is_lost_or_doubled(base: list, mine: list, other: list) -> None:
    """Each side only adds to the base: the merge holds base + both additions, exactly."""
    ours, theirs = box(*base, *mine), box(*base, *other)
    merged = merge_ballot_boxes(box(*base), ours, theirs)
    assert merged.ballots == sorted([*base, *mine, *other])
