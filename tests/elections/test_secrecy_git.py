"""Ballot secrecy with real git: a bare remote, a polling station and a second clone.

With ``meetup sync`` after every cast, the history holds who voted (turnout) but no ballot
until the election closes; the ballot box is committed once, sorted, with the close; the
other clone can neither cast, import nor close, so no ballot is lost or doubled.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from meetup.cli import main
from meetup.sharing import sync
from meetup.store.loading import load
from tests.gitclones import demo_clones, run_git

E = "neutron-release-liaison"
VOTING = "2026-12-15T12:00Z"
CLOSED = "2026-12-23T12:00Z"
VOTERS = ("wen-li", "zoe-adams", "ivan-petrov")


@pytest.fixture
def clones(tmp_path: Path) -> tuple[Path, Path]:
    """(station, other): clones of the demo before the liaison election opened."""
    _, (station, other) = demo_clones(tmp_path, "Alice", "Bob", prepare=unopened)
    return station, other


def unopened(root: Path) -> None:
    """The demo's liaison election as before voting opened: no ballots, no station yet."""
    import shutil

    import msgspec

    from meetup.store.loading import load as load_ws

    for name in ("ballots.toml", "voted.toml"):
        (root / f"elections/{E}/{name}").unlink()
    ws = load_ws(root)
    ws.save_election(msgspec.structs.replace(ws.elections[E], opened=None))
    (root / ".meetup-station").unlink()
    shutil.rmtree(root / "elections" / "tc-2027")  # a closed election's box is public


def meetup(root: Path, mp: pytest.MonkeyPatch, at: str, *args: str) -> int:
    mp.setenv("MEETUP_NOW", at)
    return main(["-w", str(root), *args])


def test_no_ballot_in_history_before_close_and_none_lost(
    clones: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    station, other = clones
    monkeypatch.setenv("MEETUP_NOW", VOTING)
    assert meetup(station, monkeypatch, VOTING, "election", "open", E) == 0
    sync.sync(station)
    sync.sync(other)
    for voter in VOTERS:
        rank = "zoe-adams,wen-li" if voter != "wen-li" else "wen-li"
        assert (
            meetup(
                station, monkeypatch, VOTING, "election", "vote", E, "--as", voter, "--rank", rank
            )
            == 0
        )
        sync.sync(station)
        sync.sync(other)
    # the other clone: turnout is visible, the ballots are not; it cannot cast or import
    assert load(other).read_voted(E).voted == sorted(VOTERS)
    assert not (other / f"elections/{E}/ballots.toml").exists()
    assert (
        meetup(
            other,
            monkeypatch,
            VOTING,
            "election",
            "vote",
            E,
            "--as",
            "marcus-bell",
            "--rank",
            "wen-li",
        )
        == 1
    )
    extra = tmp_path / "extra.txt"
    extra.write_text("1,2\n")
    assert (
        meetup(
            other,
            monkeypatch,
            VOTING,
            "election",
            "import-ballots",
            E,
            str(extra),
            "--during-voting",
        )
        == 1
    )
    history = run_git(station, "log", "-p", "--all")
    assert "ballots.toml" not in history and "ballots = " not in history
    assert "voted = " in history
    # closing: only at the station; the box goes into the closing commit, sorted
    assert meetup(other, monkeypatch, CLOSED, "election", "close", E, "--yes") == 1
    assert meetup(station, monkeypatch, CLOSED, "election", "close", E, "--yes") == 0
    monkeypatch.setenv("MEETUP_NOW", CLOSED)
    sync.sync(station)
    sync.sync(other)
    last = run_git(station, "show", "--stat", "--format=%s", "HEAD")
    assert f"elections/{E}/ballots.toml" in last and f"elections/{E}/result.toml" in last
    before_close = run_git(station, "log", "-p", "HEAD~1")
    assert "ballots = " not in before_close
    ws = load(other)
    assert len(ws.read_ballots(E).ballots) == len(VOTERS) == len(ws.read_voted(E).voted)
    assert meetup(other, monkeypatch, CLOSED, "election", "verify", E) == 0
    assert ".meetup-station" not in run_git(station, "ls-files")
