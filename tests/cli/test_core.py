"""The CLI contract: init, check, list, exit codes, --json shapes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetup import __version__
from meetup.cli import main
from tests.clihelp import meetup_cli as run

ROOT = Path(__file__).resolve().parents[2]


def test_version_and_help() -> None:
    out = run("--version")
    assert out.returncode == 0 and __version__ in out.stdout
    out = run("--help")
    assert out.returncode == 0
    for command in ("init", "check", "list", "schedule"):
        assert command in out.stdout


def test_check_on_demo_is_clean(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--workspace", str(demo_dir), "check"]) == 0
    assert "ok:" in capsys.readouterr().out


def test_check_broken_file_names_file_and_line_and_keeps_bytes(demo_dir: Path) -> None:
    path = demo_dir / "people.toml"
    broken = path.read_bytes().replace(b'name = "Chen Wei"', b"name = Chen Wei", 1)
    path.write_bytes(broken)
    out = run("--workspace", str(demo_dir), "check")
    assert out.returncode == 1
    line = broken.split(b"\n").index(b"name = Chen Wei") + 1
    assert f"people.toml:{line}:" in out.stderr
    assert path.read_bytes() == broken


def test_check_json(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = demo_dir / "issues" / "install-guide-drift.toml"
    path.write_text(path.read_text().replace('priority = "low"', 'priority = "urgent"'))
    assert main(["-w", str(demo_dir), "check", "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False
    (problem,) = report["problems"]
    assert problem["file"] == "issues/install-guide-drift.toml"
    assert problem["field"] == "priority" and problem["line"] > 1
    assert "expected one of: critical, high, low, medium" in problem["message"]


def test_check_on_a_directory_that_is_not_a_workspace(tmp_path: Path) -> None:
    out = run("--workspace", str(tmp_path), "check")
    assert out.returncode == 2
    assert "not a meetup workspace" in out.stderr


def test_workspace_from_environment(demo_dir: Path) -> None:
    out = run("list", "meetups", "--json", env={"MEETUP_WORKSPACE": str(demo_dir)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)[0]["id"] == "kilo-midcycle"


@pytest.mark.parametrize("what", ["meetups", "topics", "attendees", "issues", "elections"])
def test_list_json_has_ids_and_titles(
    what: str, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-w", str(demo_dir), "list", what, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows, what
    for row in rows:
        assert row["id"]
        assert row.get("title") or row.get("name")


def test_list_text_and_meetup_filter(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-w", str(demo_dir), "list", "attendees", "--meetup", "kilo-midcycle"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["id", "name", "meetup"]
    assert "wen-li" in out and "delegate" in out
    assert main(["-w", str(demo_dir), "list", "topics", "--meetup", "nope"]) == 1
    assert "no meetup 'nope'" in capsys.readouterr().err


def test_init_empty_and_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "empty")]) == 0
    assert main(["-w", str(tmp_path / "empty"), "check"]) == 0
    assert main(["-w", str(tmp_path / "empty"), "list", "meetups", "--json"]) == 0
    assert main(["init", str(tmp_path / "demo"), "--demo"]) == 0
    assert (tmp_path / "demo" / "meetups" / "kilo-midcycle" / "meetup.toml").is_file()
    assert not (tmp_path / "demo" / ".meetup.lock").exists()
    capsys.readouterr()
    assert main(["init", str(tmp_path / "demo")]) == 1
    assert "already holds" in capsys.readouterr().err


def test_schedule_json_contract(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-w", str(demo_dir), "schedule", "kilo-midcycle", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["conflicts"] == []
    session = doc["sessions"][0]
    assert {"topic", "day", "start", "room"} <= set(session)
    assert session["start_utc"].endswith("+00:00")
    assert {t["topic"] for t in doc["unplaced"]} == {
        "ptl-vs-program-lead",
        "stable-branch-liaisons",
    }
