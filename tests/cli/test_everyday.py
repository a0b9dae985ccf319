"""Everyday edits from the shell and who is acting (no git needed)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetup.cli import main
from meetup.identity import UnknownIdentity, acting_person
from meetup.store.loading import load

M = "kilo-midcycle"


def cli(root: Path, *args: str) -> int:
    return main(["-w", str(root), *args])


def test_identity_order_as_then_env_then_git_email(demo_dir: Path) -> None:
    ws = load(demo_dir)
    git = lambda root: "Dana.Whitfield@example.org"  # noqa: E731
    assert acting_person(ws, "Marcus Bell", environ={"MEETUP_USER": "x"}) == "marcus-bell"
    assert acting_person(ws, environ={"MEETUP_USER": "chen-wei"}, email_of=git) == "chen-wei"
    assert acting_person(ws, environ={}, email_of=git) == "dana-whitfield"
    with pytest.raises(UnknownIdentity, match="--as PERSON"):
        acting_person(ws, environ={}, email_of=lambda root: "")
    with pytest.raises(UnknownIdentity, match="no such person"):
        acting_person(ws, environ={"MEETUP_USER": "nobody"})


def test_topic_commands(demo_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("MEETUP_USER", "dana-whitfield")
    assert cli(demo_dir, "topic", "propose", M, "--title", "Gate [x]", "--project", "nova") == 0
    assert capsys.readouterr().out.strip() == "gate-x"
    assert cli(demo_dir, "topic", "vote", M, "gate-x", "--json") == 0
    assert json.loads(capsys.readouterr().out)["votes"] == ["dana-whitfield"]
    assert cli(demo_dir, "--as", "marcus-bell", "topic", "vote", M, "gate-x") == 0
    assert cli(demo_dir, "topic", "vote", M, "gate-x", "--undo") == 0
    assert load(demo_dir).meetup(M).topics["gate-x"].votes == ["marcus-bell"]
    assert cli(demo_dir, "topic", "notes", M, "gate-x", "--append", "one") == 0
    assert cli(demo_dir, "topic", "notes", M, "gate-x", "--append", "two") == 0
    assert load(demo_dir).meetup(M).topics["gate-x"].notes == "one\ntwo"
    assert cli(demo_dir, "topic", "status", M, "gate-x", "duplicate") == 1
    assert (
        cli(demo_dir, "topic", "status", M, "gate-x", "duplicate", "--duplicate-of", "gate-triage")
        == 0
    )
    assert "marcus-bell" in load(demo_dir).meetup(M).topics["gate-triage"].votes
    assert cli(demo_dir, "topic", "status", M, "gate-triage", "deferred", "--json") == 0
    capsys.readouterr()
    # gate-x points at it: the reference goes with it (as ``meetup delete topic``)
    assert cli(demo_dir, "topic", "delete", M, "gate-triage", "--yes", "--json") == 0
    assert json.loads(capsys.readouterr().out) == {"id": "gate-triage", "deleted": True}
    assert load(demo_dir).meetup(M).topics["gate-x"].duplicate_of in (None, "")
    assert cli(demo_dir, "topic", "delete", M, "gate-x", "--yes") == 0
    assert "gate-x" not in load(demo_dir).meetup(M).topics


def test_rsvp_invite_and_comment(demo_dir: Path, capsys, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert cli(demo_dir, "rsvp", M, "Marcus Bell", "declined", "--json") == 0
    assert json.loads(capsys.readouterr().out)["rsvp"] == "declined"
    with pytest.raises(SystemExit):  # argparse: not a status
        cli(demo_dir, "rsvp", M, "marcus-bell", "maybe")
    assert cli(demo_dir, "invite", M, "--all-ptls", "--json") == 0
    assert json.loads(capsys.readouterr().out)["invited"] == []
    assert cli(demo_dir, "invite", M, "aiko-sato") == 1
    assert "PTL-only" in capsys.readouterr().err
    ws = load(demo_dir)
    ptl = next(
        a.person
        for a in ws.meetup(M).meetup.attendees
        if a.role == "ptl"
        and not any(d.delegate_for == a.person for d in ws.meetup(M).meetup.attendees)
    )
    assert cli(demo_dir, "invite", M, "aiko-sato", "--delegate-for", ptl) == 0
    added = next(a for a in load(demo_dir).meetup(M).meetup.attendees if a.person == "aiko-sato")
    assert (added.role, added.delegate_for) == ("delegate", ptl)
    monkeypatch.setenv("MEETUP_USER", "chen-wei")
    capsys.readouterr()
    assert cli(demo_dir, "issue", "comment", "gate-instability", "seen it", "--json") == 0
    assert json.loads(capsys.readouterr().out)["author"] == "chen-wei"
    assert load(demo_dir).issues["gate-instability"].log[-1].text == "seen it"


def test_the_parser_can_be_built_again_and_again() -> None:
    """Command groups belong to their parser (an id()-keyed cache once reused a dead one)."""
    from meetup.cli import ALL, build_parser

    for _ in range(40):
        args = build_parser(ALL).parse_args(["invite", M, "--all-ptls"])
        assert args.all_ptls and args.meetup == M
