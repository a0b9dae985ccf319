"""Ballot import: CIVS text, Elekto/Kubernetes CSV, format detection, checksums."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetup.elections.ballots import (
    BallotError,
    BallotSet,
    ballot_digest,
    load_ballots,
    parse_civs,
    parse_elekto_csv,
    rank_matrix,
)
from tests.elections.shared import SHARED_BALLOTS

# file -> (ballots, candidates), from the table in shared/ballots/README.md
SHARED_FILES = {
    "code-of-conduct_2023.csv": (7, 9),
    "code-of-conduct_2025.csv": (6, 5),
    "steering_2017.csv": (309, 20),
    "steering_2018.csv": (307, 8),
    "steering_2021.csv": (256, 13),
    "steering_2022.csv": (219, 8),
    "steering_2023-GB.csv": (6, 2),
    "steering_2023.csv": (209, 11),
    "steering_2024.csv": (233, 7),
    "steering_2025-GB.csv": (7, 4),
    "steering_2025.csv": (210, 8),
    "steering_2026.csv": (308, 6),
}


# --- CIVS text -------------------------------------------------------------------------------


def test_civs_basic_comments_blanks_and_no_opinion() -> None:
    text = """# poll exported from CIVS
1,2,-,3

2 1 3 3
   # indented comment
1, 2, -, 3
"""
    b = parse_civs(text)
    assert b.candidates == ("1", "2", "3", "4")
    assert b.count == 3
    # identical ballots are merged into one weighted row
    assert dict(zip(b.rows, b.weights, strict=True)) == {
        (1, 2, None, 3): 2,
        (2, 1, 3, 3): 1,
    }


def test_civs_multiplier_prefix() -> None:
    # CIVS upload_ballots syntax: "<count>x" or "<count> X" before the ranks
    b = parse_civs("3x 1,2,-\n2 X 2,1,3\n1x1,1,1\n", candidates=["a", "b", "c"])
    assert b.candidates == ("a", "b", "c")
    assert b.count == 6
    assert dict(zip(b.rows, b.weights, strict=True)) == {
        (1, 2, None): 3,
        (2, 1, 3): 2,
        (1, 1, 1): 1,
    }


@pytest.mark.parametrize("count", ["0", "1000000001", "9007199254740992"])
def test_civs_multiplier_bounded(count: str) -> None:
    with pytest.raises(BallotError, match=r"outside 1\.\.1,000,000,000"):
        parse_civs(f"1,2\n{count}x 2,1\n")


def test_csv_rank_bounded() -> None:
    parse_elekto_csv("a,b\n1000000,1\n")
    with pytest.raises(BallotError, match="bad rank '4294967296'"):
        parse_elekto_csv("a,b\n4294967296,1\n")


def test_civs_candidates_must_match_column_count() -> None:
    with pytest.raises(BallotError) as exc:
        parse_civs("1,2,3\n", candidates=["a", "b"])
    assert exc.value.line == 1
    assert "2 candidates" in exc.value.message


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("1,2,3\n# c\n1,2\n", 3, "expected 3 ranks, found 2"),
        ("1,2,3\n\n1,2,4\n", 3, "outside 1..3"),
        ("1,2,3\n1,0,3\n", 2, "outside 1..3"),
        ("1,2,3\n1,b,3\n", 2, "illegal rank 'b'"),
        ("1,2,3\n1,02,3\n", 2, "illegal rank '02'"),
        ("1,,3\n", 1, "missing rank for choice 2"),
        ("1,2,3\nm3 1,2,3\n", 2, "'3x 1,2,-', not 'm3'"),
        ("1,2,3\nax 1,2,3\n", 2, "multiplier 'a' is not a number"),
        ("1,2,3\n3x\n", 2, "bad syntax"),
        ("# only comments\n\n", 2, "no ballots"),
    ],
)
def test_civs_errors_report_line_and_import_nothing(text: str, line: int, fragment: str) -> None:
    with pytest.raises(BallotError) as exc:
        parse_civs(text, source="poll.txt")
    err = exc.value
    assert err.source == "poll.txt"
    assert err.line == line
    assert fragment in err.message
    assert str(err) == f"poll.txt:{line}: {err.message}"


def test_ballot_error_is_value_error_and_picklable() -> None:
    err = BallotError("f.csv", 7, "bad rank")
    assert isinstance(err, ValueError)
    assert str(err) == "f.csv:7: bad rank"
    again = pickle.loads(pickle.dumps(err))
    assert (again.source, again.line, again.message) == ("f.csv", 7, "bad rank")


# --- BallotSet ---------------------------------------------------------------------------------


def test_ballotset_merges_and_checksum_ignores_order() -> None:
    rows = [(1, 2, None), (2, 1, 1), (1, 2, None)]
    a = BallotSet.from_rows(["x", "y", "z"], rows)
    b = BallotSet.from_rows(["x", "y", "z"], list(reversed(rows)))
    assert a.count == b.count == 3
    assert len(a.rows) == 2
    assert a.checksum() == b.checksum()
    assert len(a.checksum()) == 64
    c = BallotSet.from_rows(["x", "y", "z"], [(1, 2, None), (2, 1, 1), (2, 1, 1)])
    assert c.checksum() != a.checksum()
    renamed = BallotSet.from_rows(["x", "y", "w"], rows)
    assert renamed.checksum() != a.checksum()


def test_ballotset_validates_shape() -> None:
    with pytest.raises(ValueError, match="duplicate"):
        BallotSet(("a", "a"), (), ())
    with pytest.raises(ValueError, match="ranks"):
        BallotSet(("a", "b"), ((1,),), (1,))


# --- Elekto CSV --------------------------------------------------------------------------------


def test_elekto_csv_parses_no_opinion_and_quoted_names() -> None:
    text = 'alice,"Bob, Jr.",C. D.\n1,2,No opinion\nNo opinion,No opinion,No opinion\n2,1,1\n'
    b = parse_elekto_csv(text, source="b.csv")
    assert b.candidates == ("alice", "Bob, Jr.", "C. D.")
    assert b.count == 3
    assert set(b.rows) == {(1, 2, None), (None, None, None), (2, 1, 1)}


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a,b\n1,2\n1\n", 3, "expected 2 columns, found 1"),
        ("a,b\n1,2\n\n1,x\n", 4, "bad rank 'x' for 'b'"),
        ("a,b\n0,1\n", 2, "bad rank '0'"),
        ("a,a\n1,2\n", 1, "duplicate candidate"),
        ("", 1, "no header"),
    ],
)
def test_elekto_csv_errors(text: str, line: int, fragment: str) -> None:
    with pytest.raises(BallotError) as exc:
        parse_elekto_csv(text, source="b.csv")
    assert exc.value.line == line
    assert fragment in exc.value.message


needs_shared = pytest.mark.skipif(
    not SHARED_BALLOTS.is_dir(), reason=f"shared ballots not found at {SHARED_BALLOTS}"
)


@needs_shared
@pytest.mark.parametrize("name", sorted(SHARED_FILES))
def test_every_shared_file_imports(name: str) -> None:
    ballots, candidates = SHARED_FILES[name]
    b = load_ballots(SHARED_BALLOTS / name)
    assert b.count == ballots
    assert len(b.candidates) == candidates
    assert all(r is None or r >= 1 for row in b.rows for r in row)


@needs_shared
def test_shared_files_are_all_listed() -> None:
    assert {p.name for p in SHARED_BALLOTS.glob("*.csv")} == set(SHARED_FILES)


@needs_shared
def test_civs_exported_files_details() -> None:
    b = load_ballots(SHARED_BALLOTS / "steering_2017.csv")
    assert "Timothy St. Clair" in b.candidates
    assert "Jaice Singer DuMars" in b.candidates
    b18 = load_ballots(SHARED_BALLOTS / "steering_2018.csv")
    empty = (None,) * len(b18.candidates)
    # three 2018 ballots are all "No opinion": merged into one row, still counted
    assert dict(zip(b18.rows, b18.weights, strict=True))[empty] == 3


# --- load_ballots ------------------------------------------------------------------------------


def test_load_detects_civs_and_csv(tmp_path: Path) -> None:
    civs = tmp_path / "poll.txt"
    civs.write_text("# civs\n2x 1 2 -\n2,1,3\n", encoding="utf-8")
    b = load_ballots(civs, candidates=["a", "b", "c"])
    assert b.candidates == ("a", "b", "c")
    assert b.count == 3

    csv_file = tmp_path / "ballots.csv"
    csv_file.write_text("\ufeffxavier,yolanda\n1,2\nNo opinion,1\n", encoding="utf-8")
    c = load_ballots(csv_file)
    assert c.candidates == ("xavier", "yolanda")
    assert c.count == 2
    with pytest.raises(BallotError, match="differ"):
        load_ballots(csv_file, candidates=["yolanda", "xavier"])


def test_load_reports_path_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("1,2\n2,1\n1 2 3\n", encoding="utf-8")
    with pytest.raises(BallotError) as exc:
        load_ballots(bad)
    assert exc.value.source == str(bad)
    assert exc.value.line == 3


# --- checksum: numpy and pure-Python digests agree ---------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=4),
    data=st.data(),
)
def test_digest_same_with_and_without_numpy(n: int, data: st.DataObject) -> None:
    rank = st.one_of(st.none(), st.integers(min_value=1, max_value=300))
    rows = data.draw(st.lists(st.tuples(*([rank] * n)), max_size=20))
    weights = data.draw(st.lists(st.integers(0, 3), min_size=len(rows), max_size=len(rows)))
    # built directly: duplicate rows and zero weights are allowed here
    b = BallotSet(tuple(f"c{i}" for i in range(n)), tuple(rows), tuple(weights))
    merged = BallotSet.from_rows(b.candidates, rows, weights)
    assert ballot_digest(b, None) == ballot_digest(b, rank_matrix(b)) == merged.checksum()
