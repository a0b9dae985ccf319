"""meetup.sharing.sync_status against real git: where a clone stands against its remote."""

from __future__ import annotations

import json
from pathlib import Path

from meetup.cli import main
from meetup.sharing import sync_status
from tests.gitclones import retitle, run_git


def test_status_of_a_clean_clone_and_outside_git(organizers, tmp_path: Path) -> None:
    _, alice, _ = organizers
    state = sync_status.status(alice)
    assert state.state == "clean" and state.upstream == "origin/main"
    assert sync_status.status(tmp_path).state == "not-a-repo"


def test_status_ahead_and_behind(organizers) -> None:
    _, alice, bob = organizers
    retitle(alice, "gate-triage", "Ahead")
    run_git(alice, "commit", "--quiet", "-am", "local only")
    assert sync_status.status(alice).state == "ahead"
    run_git(alice, "push", "--quiet")
    state = sync_status.status(bob, fetch=True)
    assert (state.state, state.behind, state.ahead) == ("behind", 1, 0)


def test_cli_status_json(organizers, capsys) -> None:
    _, alice, _ = organizers
    retitle(alice, "gate-triage", "Dirty")
    assert main(["-w", str(alice), "sync", "--status", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["state"] == "dirty"
    assert data["dirty"] == ["meetups/kilo-midcycle/topics/gate-triage.toml"]
    assert data["ahead"] == 0 and data["upstream"] == "origin/main"
