"""``meetup delete``: says what goes, deletes only with --yes, --json names what went."""

from __future__ import annotations

import io
import json
from pathlib import Path

from meetup.cli import main
from meetup.store.loading import load

M = "kilo-midcycle"


def cli(root: Path, *args: str) -> int:
    return main(["-w", str(root), *args])


def test_without_yes_lists_consequences_and_exits_1(demo_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli(demo_dir, "delete", "topic", "gate-triage", "--meetup", M) == 1
    captured = capsys.readouterr()
    assert "its 6 vote(s)" in captured.out and "place in the schedule" in captured.out
    assert "--yes" in captured.err
    assert "gate-triage" in load(demo_dir).meetup(M).topics


def test_yes_json_deletes_each_kind(demo_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    for args in (
        ("topic", f"{M}/gate-triage"),
        ("action", "vmt-contacts", "--meetup", M),
        ("issue", "gate-instability"),
        ("election", "nova-ptl-l"),
        ("meetup", M),
    ):
        assert cli(demo_dir, "delete", *args, "--yes", "--json") == 0, args
        report = json.loads(capsys.readouterr().out)
        assert report["deleted"] is True and report["kind"] == args[0]
    ws = load(demo_dir)
    assert M not in ws.meetups and "nova-ptl-l" not in ws.elections
    assert "gate-instability" not in ws.issues
    assert not [p for p in ws.problems if p.kind == "reference"]


def test_closed_election_is_refused(demo_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli(demo_dir, "delete", "election", "tc-2027", "--yes") == 1
    assert "closed" in capsys.readouterr().err
    assert (demo_dir / "elections" / "tc-2027" / "result.toml").exists()


def test_topic_needs_its_meetup(demo_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli(demo_dir, "delete", "topic", "gate-triage", "--yes") == 1
    assert "--meetup" in capsys.readouterr().err


def test_topic_delete_is_the_same_deletion(demo_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """``meetup topic delete`` clears what points at the topic, as ``meetup delete topic``."""
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert cli(demo_dir, "topic", "delete", M, "release-delegation") == 1  # no --yes
    captured = capsys.readouterr()
    assert "release-liaison-dup" in captured.out and "--yes" in captured.err
    assert cli(demo_dir, "topic", "delete", M, "release-delegation", "--yes", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"id": "release-delegation", "deleted": True}
    assert cli(demo_dir, "topic", "delete", M, "gate-triage", "--yes") == 0
    assert capsys.readouterr().out.strip() == "deleted gate-triage"
    ws = load(demo_dir)
    topics = ws.meetup(M).topics
    assert "release-delegation" not in topics and "gate-triage" not in topics
    assert topics["release-liaison-dup"].status == "proposed"
    assert ws.meetup(M).actions["gate-triage-rota"].topic in (None, "")
    assert not any("gate-triage" in str(link) for link in ws.issues["gate-instability"].topics)
