"""CLI: ``meetup election ...`` and ``meetup liaisons``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from meetup.cli import main
from meetup.store.loading import load

ROOT = Path(__file__).resolve().parents[2]
from tests.elections.shared import SHARED_BALLOTS  # noqa: E402

needs_shared = pytest.mark.skipif(not SHARED_BALLOTS.is_dir(), reason="no shared ballots")


@needs_shared
def test_tally_real_file_in_a_fresh_process() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "meetup",
            "election",
            "tally",
            "--ballots",
            str(SHARED_BALLOTS / "steering_2018.csv"),
            "--seats",
            "3",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    data = json.loads(done.stdout)
    assert data["ballots"] == 307
    assert data["winners"] == ["Aaron Crickenberger", "Timothy St. Clair", "Davanum Srinivas"]
    assert data["tie_at_cut"] is False
    assert data["ranking"][0] == ["Aaron Crickenberger"]
    assert data["pairwise"]["Aaron Crickenberger"]["Kris Nova"] == 186


def test_tally_civs_candidates_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    civs = tmp_path / "b.txt"
    civs.write_text("# a b c\n3x 1,2,3\n2 1 3\n1,-,2\n")
    assert main(["election", "tally", "--ballots", str(civs), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["candidates"] == ["1", "2", "3"]
    assert (
        main(["election", "tally", "--ballots", str(civs), "--candidates", "a,b,c", "--json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert {"ranking", "winners", "tie_at_cut", "ballots", "pairwise"} <= set(data)
    assert data["ranking"] == [["a"], ["b"], ["c"]] and data["winners"] == ["a"]
    assert data["ballots"] == 5 and data["pairwise"]["a"]["b"] == 3


def test_tally_tie_flag_and_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    civs = tmp_path / "tie.txt"
    civs.write_text("1,2\n2,1\n")
    main(["election", "tally", "--ballots", str(civs), "--candidates", "x,y", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["tie_at_cut"] is True and data["winners"] == []
    main(["election", "tally", "--ballots", str(civs), "--candidates", "x,y"])
    assert "TIE AT THE CUT" in capsys.readouterr().out
    main(
        [
            "election",
            "tally",
            "--ballots",
            str(civs),
            "--candidates",
            "x,y",
            "--seed",
            "3",
            "--json",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert len(data["winners"]) == 1 and data["tie_break"]["seed"] == 3


def test_tally_bad_file_exit_code_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("# fine\n1,2,3\n1,2\n")
    assert main(["election", "tally", "--ballots", str(bad)]) == 1
    assert f"{bad}:3:" in capsys.readouterr().err
    assert main(["election", "tally", "--ballots", str(tmp_path / "missing.txt")]) == 2
    assert main(["election", "tally"]) == 2


def test_tally_election_and_import(
    demo_dir: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MEETUP_NOW", "2026-12-23T12:00Z")  # after voting closed
    ballots = tmp_path / "b.txt"
    ballots.write_text("2,1\n2,1\n1,2\n")
    ws = ["-w", str(demo_dir)]
    e = "neutron-release-liaison"
    assert main([*ws, "election", "tally", e, "--ballots", str(ballots), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["winners"] == ["zoe-adams"] and data["electorate"] == 8
    cast = len(load(demo_dir).read_ballots(e).ballots)  # the demo's ballots so far
    assert main([*ws, "election", "import-ballots", e, str(ballots)]) == 0
    assert "imported 3 ballots" in capsys.readouterr().out
    assert main([*ws, "election", "tally", e, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["ballots"] == cast + 3
    bad = tmp_path / "bad.txt"
    bad.write_text("1,2\n1,2,3\n")
    assert main([*ws, "election", "import-ballots", e, str(bad)]) == 1
    assert f"{bad}:2:" in capsys.readouterr().err
    assert len(load(demo_dir).read_ballots(e).ballots) == cast + 3


def test_roll_and_create(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roll = tmp_path / "roll.csv"
    roll.write_text("WEN.LI@example.org\nwen-li\nghost\n")
    ws = ["-w", str(demo_dir)]
    assert main([*ws, "election", "roll", "nova-ptl-l", str(roll), "--dry-run", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["roll"] == ["wen-li"] and data["unknown"] == [{"line": 3, "entry": "ghost"}]
    assert len(data["checksum"]) == 64 and not data["saved"]
    assert (
        main(
            [
                *ws,
                "election",
                "create",
                "x",
                "--title",
                "X",
                "--project",
                "nope",
                "--nominations-open",
                "2027-01-01",
                "--nominations-close",
                "2027-01-05",
                "--voting-open",
                "2027-01-04",
                "--voting-close",
                "2027-01-09",
            ]
        )
        == 1
    )
    assert "voting_open" in capsys.readouterr().err
    assert (
        main(
            [
                *ws,
                "election",
                "create",
                "x",
                "--title",
                "X",
                "--project",
                "heat",
                "--nominations-open",
                "2027-01-01",
                "--nominations-close",
                "2027-01-05",
                "--voting-open",
                "2027-01-06",
                "--voting-close",
                "2027-01-09",
            ]
        )
        == 0
    )
    assert load(demo_dir).elections["x"].project == "heat"


def test_liaisons_gaps_json(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-w", str(demo_dir), "liaisons", "--gaps", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert any(r["project"] == "neutron" and r["area"] == "vmt" for r in rows)
    assert all(r["person"] is None for r in rows)
    assert main(["-w", str(demo_dir), "liaisons"]) == 0
    out = capsys.readouterr().out
    assert "Marcus Bell (PTL)" in out and "-- nobody --" in out
