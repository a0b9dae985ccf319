"""The rules of issue 13, each failure proved through the CLI (``meetup election ...``)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import tomli
import tomli_w

from meetup.cli import main
from meetup.store.loading import load

E = "heat-ptl"
NOMINATIONS = "2027-01-02T12:00Z"
VOTING = "2027-01-10T12:00Z"
CLOSED = "2027-01-20T12:00Z"


class Cli:
    """Runs ``meetup -w DIR ...`` at a given time; returns (exit code, stdout, stderr)."""

    def __init__(self, root: Path, capsys: pytest.CaptureFixture[str], mp: pytest.MonkeyPatch):
        self.root, self.capsys, self.mp = root, capsys, mp

    def __call__(self, at: str, *args: str) -> tuple[int, str, str]:
        self.mp.setenv("MEETUP_NOW", at)
        self.capsys.readouterr()
        code = main(["-w", str(self.root), *args])
        out = self.capsys.readouterr()
        return code, out.out, out.err

    def ok(self, at: str, *args: str) -> str:
        code, out, err = self(at, *args)
        assert code == 0, err
        return out

    def refused(self, at: str, *args: str) -> str:
        code, _, err = self(at, *args)
        assert code != 0 and "Traceback" not in err, err
        return err


@pytest.fixture
def cli(demo_dir: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Cli:
    """The demo with a Heat PTL election: nominations 2027-01-01..07, voting 01-08..15."""
    run = Cli(demo_dir, capsys, monkeypatch)
    run.ok(
        "2026-12-20T00:00Z",
        *("election", "create", E, "--title", "Heat PTL", "--project", "heat"),
        *("--nominations-open", "2027-01-01 00:00", "--nominations-close", "2027-01-07 00:00"),
        *("--voting-open", "2027-01-08 00:00", "--voting-close", "2027-01-15 00:00"),
    )
    roll = demo_dir.parent / "roll.txt"
    roll.write_text("aiko-sato\nben-carter\nchen-wei\n")
    run.ok("2026-12-20T00:00Z", "election", "roll", E, str(roll))
    for person in ("aiko-sato", "ben-carter"):
        run.ok(NOMINATIONS, "election", "nominate", E, person)
    return run


def ballots(tmp: Path, name: str, text: str) -> str:
    path = tmp / name
    path.write_text(text)
    return str(path)


def election_toml(root: Path) -> dict:
    return tomli.loads((root / f"elections/{E}/election.toml").read_text())


def test_withdrawn_candidate_cannot_win(cli: Cli, tmp_path: Path) -> None:
    early = ballots(tmp_path, "early.txt", "1,2\n1,2\n")
    assert "voting has not opened" in cli.refused(
        NOMINATIONS, "election", "import-ballots", E, early
    )
    cli.ok(NOMINATIONS, "election", "withdraw", E, "aiko-sato")
    cli.ok(NOMINATIONS, "election", "nominate", E, "chen-wei")
    cli.ok(VOTING, "election", "open", E)
    assert election_toml(cli.root)["opened"]["candidates"] == ["ben-carter", "chen-wei"]
    cli.ok(VOTING, "election", "vote", E, "--as", "aiko-sato", "--rank", "chen-wei,ben-carter")
    cli.ok(VOTING, "election", "vote", E, "--as", "chen-wei", "--rank", "chen-wei")
    cli.ok(CLOSED, "election", "close", E, "--yes")
    ws = load(cli.root)
    assert ws.projects["heat"].ptl == "chen-wei"
    assert ws.read_result(E).candidates == ["ben-carter", "chen-wei"]  # type: ignore[union-attr]
    assert cli.ok(CLOSED, "check").startswith("ok")


def test_imports_only_after_voting_each_file_once_never_past_the_roll(
    cli: Cli, tmp_path: Path
) -> None:
    two = ballots(tmp_path, "two.txt", "1,2\n2,1\n")
    err = cli.refused(VOTING, "election", "import-ballots", E, two)
    assert "--during-voting" in err
    cli.ok(VOTING, "election", "import-ballots", E, two, "--during-voting")
    assert "imported already" in cli.refused(CLOSED, "election", "import-ballots", E, two)
    more = ballots(tmp_path, "more.txt", "1,2\n1,2\n")
    err = cli.refused(CLOSED, "election", "import-ballots", E, more)
    assert "more than the roll allows" in err
    assert len(load(cli.root).read_ballots(E).ballots) == 2
    out = cli.ok(CLOSED, "election", "close", E, "--yes", "--json")
    assert json.loads(out)["ballots"] == 2 and json.loads(out)["turnout"] <= 1


def test_roll_frozen_at_voting_open_and_corrections_recorded(cli: Cli, tmp_path: Path) -> None:
    before = election_toml(cli.root)["roll"]
    roll = tmp_path / "roll2.txt"
    roll.write_text("aiko-sato\nben-carter\nchen-wei\nwen-li\n")
    cli.ok(NOMINATIONS, "election", "roll", E, str(roll))
    fixes = election_toml(cli.root)["roll_corrections"]
    assert len(fixes) == 1 and fixes[0]["before"] != fixes[0]["after"]
    assert fixes[0]["size_before"] == len(before) and fixes[0]["size_after"] == 4
    roll.write_text("aiko-sato\n")
    assert "frozen" in cli.refused(VOTING, "election", "roll", E, str(roll))
    assert len(election_toml(cli.root)["roll"]) == 4


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("big.csv", "aiko-sato,ben-carter\n4294967296,1\n", "bad rank '4294967296'"),
        ("mult.txt", "9007199254740992x 1,2\n", "outside 1..1,000,000,000"),
        ("empty.csv", "aiko-sato,ben-carter\n", "holds no ballot"),
    ],
)
def test_bad_ballot_files_refused(
    cli: Cli, tmp_path: Path, name: str, text: str, message: str
) -> None:
    path = ballots(tmp_path, name, text)
    assert message in cli.refused(CLOSED, "election", "import-ballots", E, path)
    assert not (cli.root / f"elections/{E}/ballots.toml").exists()


def test_seats_zero_refused(cli: Cli, tmp_path: Path) -> None:
    path = ballots(tmp_path, "b.txt", "1,2\n")
    assert "at least one seat" in cli.refused(
        CLOSED, "election", "tally", "--ballots", path, "--seats", "0"
    )


def test_seed_fixed_at_open_interim_hidden_close_cannot_override(cli: Cli) -> None:
    cli.ok(VOTING, "election", "vote", E, "--as", "aiko-sato", "--rank", "aiko-sato,ben-carter")
    cli.ok(VOTING, "election", "vote", E, "--as", "ben-carter", "--rank", "ben-carter,aiko-sato")
    seed = election_toml(cli.root)["opened"]["tie_break_seed"]
    assert "no interim results" in cli.refused(VOTING, "election", "tally", E)
    err = cli.refused(CLOSED, "election", "close", E, "--yes", "--seed", str(seed + 1))
    assert "fixed when voting opened" in err
    out = json.loads(cli.ok(CLOSED, "election", "close", E, "--yes", "--json"))
    assert out["tie_at_cut"] and out["tie_break"]["seed"] == seed


def test_leaderless_close_marks_the_project(cli: Cli) -> None:
    ws = load(cli.root)
    old = ws.projects["heat"].ptl
    cli.ok(NOMINATIONS, "election", "withdraw", E, "aiko-sato")
    cli.ok(NOMINATIONS, "election", "withdraw", E, "ben-carter")
    out = cli.ok(CLOSED, "election", "close", E, "--yes")
    assert "leaderless" in out
    project = load(cli.root).projects["heat"]
    assert project.ptl is None and project.leaderless and old is not None


def test_vote_from_the_shell_has_the_ballot_screen_checks(cli: Cli) -> None:
    assert "not open" in cli.refused(
        NOMINATIONS, "election", "vote", E, "--as", "aiko-sato", "--rank", "ben-carter"
    )
    cli.ok(VOTING, "election", "vote", E, "--as", "aiko-sato", "--rank", "ben-carter=aiko-sato")
    assert "voted already" in cli.refused(
        VOTING, "election", "vote", E, "--as", "aiko-sato", "--rank", "ben-carter"
    )
    assert "not on the electorate roll" in cli.refused(
        VOTING, "election", "vote", E, "--as", "wen-li", "--rank", "ben-carter"
    )
    assert "not a candidate" in cli.refused(
        VOTING, "election", "vote", E, "--as", "chen-wei", "--rank", "wen-li"
    )
    assert load(cli.root).read_ballots(E).ballots == [[1, 1]]


def test_other_clone_refuses_to_cast(cli: Cli, tmp_path: Path) -> None:
    cli.ok(VOTING, "election", "open", E)
    other = tmp_path / "clone"
    shutil.copytree(cli.root, other, ignore=shutil.ignore_patterns(".meetup-station"))
    clone = Cli(other, cli.capsys, cli.mp)
    err = clone.refused(VOTING, "election", "vote", E, "--as", "aiko-sato", "--rank", "ben-carter")
    assert "polling station" in err
    cli.ok(VOTING, "election", "vote", E, "--as", "aiko-sato", "--rank", "ben-carter")


def test_verify_and_a_tampered_box(cli: Cli) -> None:
    cli.ok(VOTING, "election", "vote", E, "--as", "aiko-sato", "--rank", "ben-carter")
    cli.ok(VOTING, "election", "vote", E, "--as", "chen-wei", "--rank", "ben-carter,aiko-sato")
    cli.ok(CLOSED, "election", "close", E, "--yes")
    assert cli.ok(CLOSED, "election", "verify", E).startswith("verified")
    folder = cli.root / f"elections/{E}"
    assert cli.ok(CLOSED, "election", "verify", str(folder)).startswith("verified")
    box = folder / "ballots.toml"
    data = tomli.loads(box.read_text())
    assert data["ballots"] == [[0, 1], [2, 1]]
    box.write_text(tomli_w.dumps({**data, "ballots": [[1, 0], [2, 1]]}))
    err = cli.refused(CLOSED, "election", "verify", E)
    assert "ballot checksum" in err and "NOT verified" in err


def test_check_flags_a_voter_twice(cli: Cli) -> None:
    cli.ok(VOTING, "election", "vote", E, "--as", "aiko-sato", "--rank", "ben-carter")
    voted = cli.root / f"elections/{E}/voted.toml"
    voted.write_text('schema = 1\nvoted = ["aiko-sato", "aiko-sato"]\n')
    code, _, err = cli(VOTING, "check")
    assert code == 1 and "voted twice: aiko-sato" in err


@pytest.mark.parametrize(
    ("seats", "said"), [("99999999999", "between 1 and 99"), ("0", "between 1 and 99")]
)
def test_committee_seats_are_bounded(cli: Cli, seats: str, said: str) -> None:
    err = cli.refused(
        "2026-12-20T00:00Z",
        *("election", "create", "tc-2031", "--title", "TC", "--kind", "committee"),
        *("--seats", seats),
        *("--nominations-open", "2027-01-01 00:00", "--nominations-close", "2027-01-07 00:00"),
        *("--voting-open", "2027-01-08 00:00", "--voting-close", "2027-01-15 00:00"),
    )
    assert f"seats: {said}" in err
    assert not (cli.root / "elections" / "tc-2031").exists()


def test_an_empty_election_id_is_asked_for(cli: Cli) -> None:
    from meetup.elections.drafts import ElectionDraft, election_errors
    from meetup.store.loading import load

    errors = election_errors(load(cli.root), ElectionDraft(id="", title="T", kind="committee"))
    assert errors["id"].startswith("an id is needed")
