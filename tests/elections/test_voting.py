"""Casting, importing, tallying and closing elections; ballot secrecy."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
import tomli

from meetup.elections import phases as elections
from meetup.elections import voting
from meetup.elections.ballots import BallotError
from meetup.store.errors import InvalidInput
from meetup.store.loading import load
from meetup.store.workspace import Workspace
from tests.conftest import FIXED_NOW

E = "neutron-release-liaison"
CLOSED = FIXED_NOW + timedelta(days=8)
"""After the neutron election's voting closed."""


@pytest.fixture
def demo_dir(demo_dir: Path) -> Path:
    """The demo with no ballots in the liaison election yet (these tests count from none)."""
    for name in ("ballots.toml", "voted.toml"):
        (demo_dir / f"elections/{E}/{name}").unlink()
    return demo_dir


def read(path: Path) -> dict:
    return tomli.loads(path.read_text())


def test_cast_stores_ranks_without_voter_identity(demo_dir: Path) -> None:
    ws = load(demo_dir)
    # cast order: a wen-li first ballot, then a zoe-adams first one
    voting.cast_ballot(ws, E, "zoe-adams", [["wen-li"], ["zoe-adams"]], now=FIXED_NOW)
    voting.cast_ballot(ws, E, "dana-whitfield", [["zoe-adams"], ["wen-li"]], now=FIXED_NOW)
    voting.cast_ballot(ws, E, "hana-kobayashi", [["wen-li", "zoe-adams"]], now=FIXED_NOW)
    box_text = (demo_dir / f"elections/{E}/ballots.toml").read_text()
    for voter in ("zoe-adams", "dana-whitfield", "hana-kobayashi"):
        assert voter not in box_text.replace('"zoe-adams"', "")  # only as a candidate name
    box = read(demo_dir / f"elections/{E}/ballots.toml")
    assert box["candidates"] == ["wen-li", "zoe-adams"]
    # sorted canonically, not in cast order ([1, 2] was cast first, [2, 1] second)
    assert box["ballots"] == [[1, 1], [1, 2], [2, 1]]
    voted = read(demo_dir / f"elections/{E}/voted.toml")
    assert voted["voted"] == ["dana-whitfield", "hana-kobayashi", "zoe-adams"]


def test_secrecy_order_does_not_follow_cast_order(demo_dir: Path) -> None:
    """The same ballots cast in the opposite order give the same bytes on disk."""
    import shutil

    other = demo_dir.parent / "other"
    shutil.copytree(demo_dir, other)
    first, second = load(demo_dir), load(other)
    voting.cast_ballot(first, E, "wen-li", [["zoe-adams"], ["wen-li"]], now=FIXED_NOW)
    voting.cast_ballot(first, E, "ivan-petrov", [["wen-li"]], now=FIXED_NOW)
    voting.cast_ballot(second, E, "ivan-petrov", [["wen-li"]], now=FIXED_NOW)
    voting.cast_ballot(second, E, "wen-li", [["zoe-adams"], ["wen-li"]], now=FIXED_NOW)
    for name in ("ballots.toml", "voted.toml"):
        a = (demo_dir / f"elections/{E}/{name}").read_bytes()
        assert a == (other / f"elections/{E}/{name}").read_bytes()


def test_double_vote_refused(demo_dir: Path) -> None:
    ws = load(demo_dir)
    voting.cast_ballot(ws, E, "wen-li", [["wen-li"]], now=FIXED_NOW)
    before = (demo_dir / f"elections/{E}/ballots.toml").read_bytes()
    with pytest.raises(InvalidInput, match="voted already"):
        voting.cast_ballot(load(demo_dir), E, "wen-li", [["zoe-adams"]], now=FIXED_NOW)
    assert (demo_dir / f"elections/{E}/ballots.toml").read_bytes() == before


def test_vote_outside_window_or_off_roll_refused(demo_dir: Path) -> None:
    ws = load(demo_dir)
    late = ws.elections[E].timeline.voting_close + timedelta(seconds=1)
    with pytest.raises(InvalidInput, match="voting is not open"):
        voting.cast_ballot(ws, E, "wen-li", [["wen-li"]], now=late)
    with pytest.raises(InvalidInput, match="voting is not open"):
        voting.cast_ballot(ws, "nova-ptl-l", "chen-wei", [["dana-whitfield"]], now=FIXED_NOW)
    with pytest.raises(InvalidInput, match="not on the electorate roll"):
        voting.cast_ballot(ws, E, "chen-wei", [["wen-li"]], now=FIXED_NOW)
    with pytest.raises(InvalidInput, match="not a candidate"):
        voting.cast_ballot(ws, E, "wen-li", [["marcus-bell"]], now=FIXED_NOW)
    assert not (demo_dir / f"elections/{E}/ballots.toml").exists()
    assert not (demo_dir / f"elections/{E}/voted.toml").exists()


def test_import_civs_and_bad_line(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    good = tmp_path / "good.txt"
    good.write_text("# two candidates: wen-li, zoe-adams\n3x 1,2\n2,1\n-,1\n")
    assert voting.import_ballots(ws, E, good, CLOSED) == 5
    bad = tmp_path / "bad.txt"
    bad.write_text("1,2\n1,2,3\n")
    with pytest.raises(BallotError) as info:
        voting.import_ballots(ws, E, bad, CLOSED)
    assert info.value.line == 2 and str(info.value).startswith(f"{bad}:2:")
    box = read(demo_dir / f"elections/{E}/ballots.toml")
    assert box["ballots"] == [[0, 1], [1, 2], [1, 2], [1, 2], [2, 1]]


def test_import_elekto_csv_reorders_columns(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    csv_file = tmp_path / "ballots.csv"
    csv_file.write_text("zoe-adams,wen-li\n1,2\nNo opinion,1\n")
    assert voting.import_ballots(ws, E, csv_file, FIXED_NOW, during_voting=True) == 2
    assert read(demo_dir / f"elections/{E}/ballots.toml")["ballots"] == [[1, 0], [2, 1]]
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("a,b\n1,2\n")
    with pytest.raises(BallotError, match="header names a, b"):
        voting.import_ballots(ws, E, wrong, CLOSED)


def _contested_ptl(ws: Workspace) -> str:
    start = FIXED_NOW - timedelta(days=20)
    from tests.elections.test_phases import timeline

    elections.create_election(
        ws,
        election_id="heat-ptl",
        title="Heat PTL",
        kind="ptl",
        project="heat",
        timeline=timeline(start),
        roll=["aiko-sato", "ben-carter", "chen-wei", "wen-li"],
    )
    for person in ("aiko-sato", "ben-carter"):
        elections.nominate(ws, "heat-ptl", person, now=start + timedelta(hours=1))
    return "heat-ptl"


def test_close_updates_the_ptl(demo_dir: Path) -> None:
    ws = load(demo_dir)
    eid = _contested_ptl(ws)
    voting_time = ws.elections[eid].timeline.voting_open + timedelta(hours=1)
    for voter in ("aiko-sato", "chen-wei"):
        voting.cast_ballot(ws, eid, voter, [["ben-carter"], ["aiko-sato"]], now=voting_time)
    voting.cast_ballot(ws, eid, "ben-carter", [["aiko-sato"]], now=voting_time)
    with pytest.raises(InvalidInput, match="voting runs until"):
        voting.close_election(ws, eid, now=voting_time)
    result = voting.close_election(ws, eid, now=FIXED_NOW)
    assert result.winners == ["ben-carter"] and result.ballots == 3
    assert result.turnout == 0.75 and result.electorate == 4
    after = load(demo_dir)
    assert after.projects["heat"].ptl == "ben-carter"
    assert after.elections[eid].closed
    stored = read(demo_dir / f"elections/{eid}/result.toml")
    assert stored["ranking"] == [["ben-carter"], ["aiko-sato"]]
    assert stored["pairwise"]["ben-carter"]["aiko-sato"] == 2
    assert stored["checksum"] == voting.ballot_set(after, after.elections[eid]).checksum()
    assert after.read_result(eid) is not None


def test_tie_at_cut_is_broken_by_the_seed_fixed_at_voting_open(demo_dir: Path) -> None:
    ws = load(demo_dir)
    eid = _contested_ptl(ws)
    voting_time = ws.elections[eid].timeline.voting_open + timedelta(hours=1)
    voting.cast_ballot(ws, eid, "aiko-sato", [["aiko-sato"], ["ben-carter"]], now=voting_time)
    voting.cast_ballot(ws, eid, "ben-carter", [["ben-carter"], ["aiko-sato"]], now=voting_time)
    opened = load(demo_dir).elections[eid].opened
    assert opened is not None and opened.candidates == ["aiko-sato", "ben-carter"]
    seed = opened.tie_break_seed
    with pytest.raises(InvalidInput, match="fixed when voting opened"):
        voting.close_election(ws, eid, now=FIXED_NOW, seed=seed + 1)
    assert not (demo_dir / f"elections/{eid}/result.toml").exists()
    result = voting.close_election(ws, eid, now=FIXED_NOW)
    assert result.tie_at_cut and result.tie_break is not None and result.tie_break.seed == seed
    assert load(demo_dir).projects["heat"].ptl == result.winners[0]


def test_acclaimed_closes_without_poll(demo_dir: Path) -> None:
    ws = load(demo_dir)
    nova = ws.elections["nova-ptl-l"]
    with pytest.raises(InvalidInput, match="nominations run until"):
        voting.close_election(ws, "nova-ptl-l", now=FIXED_NOW)
    later = nova.timeline.nominations_close + timedelta(hours=1)
    result = voting.close_election(ws, "nova-ptl-l", now=later)
    assert result.winners == ["dana-whitfield"] and result.ballots == 0


def test_vote_files_are_written_together_or_not_at_all(demo_dir: Path) -> None:
    """If ballots.toml changed on disk since it was read, the voter is not marked either."""
    from meetup.store.election_records import BallotBox, VotedRoll
    from meetup.store.errors import StaleWriteError

    ws = load(demo_dir)
    ws.read_voted(E)
    ws.read_ballots(E)
    (demo_dir / f"elections/{E}/ballots.toml").write_text("schema = 1\n")
    with pytest.raises(StaleWriteError):
        ws.save_vote(E, VotedRoll(voted=["wen-li"]), BallotBox(candidates=["a"], ballots=[[1]]))
    assert not (demo_dir / f"elections/{E}/voted.toml").exists()
