"""CLI arguments that name a person or a project take a name or an e-mail as well as an id
(case- and accent-insensitive, see meetup/directory.py); --json still prints ids."""

from __future__ import annotations

import json
from pathlib import Path

from meetup.cli import main
from meetup.store.loading import load

M = "kilo-midcycle"


def cli(root: Path, *args: str) -> int:
    return main(["-w", str(root), *args])


def test_topic_propose_takes_names_for_people_and_projects(demo_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = cli(
        demo_dir,
        "--as",
        "Dana Whitfield",
        "topic",
        "propose",
        M,
        "--title",
        "Gate health",
        "--project",
        "Nova",
        "--project",
        "neutron",
        "--required",
        "Bjorn",
        "--required",
        "tomas.novak@example.org",
        "--json",
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["id"] == "gate-health"
    topic = load(demo_dir).meetup(M).topics["gate-health"]
    assert topic.proposer == "dana-whitfield"
    assert topic.projects == ["nova", "neutron"]
    assert topic.required == ["bjorn-lindqvist", "tomas-novak"]


def test_an_unknown_name_is_refused_with_the_closest_match(demo_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = set(load(demo_dir).meetup(M).topics)
    code = cli(demo_dir, "topic", "propose", M, "--title", "Gate", "--required", "Bjrn")
    assert code == 1
    err = capsys.readouterr().err
    assert "required: unknown person 'Bjrn': did you mean Björn Lindqvist (bjorn-lindqvist)?" in err
    assert set(load(demo_dir).meetup(M).topics) == before  # nothing half-written


def test_rsvp_and_nominate_take_a_name(demo_dir: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert cli(demo_dir, "rsvp", M, "bjorn lindqvist", "declined", "--json") == 0
    assert json.loads(capsys.readouterr().out)["person"] == "bjorn-lindqvist"
    ws = load(demo_dir)
    bjorn = next(a for a in ws.meetup(M).meetup.attendees if a.person == "bjorn-lindqvist")
    assert bjorn.rsvp == "declined"
    assert cli(demo_dir, "election", "nominate", "nova-ptl-l", "Björn") == 0
    assert capsys.readouterr().out.strip() == "bjorn-lindqvist is a candidate in nova-ptl-l"
    candidates = [c.person for c in load(demo_dir).election("nova-ptl-l").candidates]
    assert "bjorn-lindqvist" in candidates
