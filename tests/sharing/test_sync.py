"""meetup.sync against real git repositories: a bare remote and two organizers' clones."""

from __future__ import annotations

import json
from pathlib import Path

import msgspec
import pytest

from meetup.cli import main
from meetup.sharing import sync
from meetup.store.workspace import load
from tests.gitclones import demo_clones, run_git

MEETUP = "kilo-midcycle"


@pytest.fixture
def organizers(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(remote, alice, bob): clones of the demo's remote."""
    remote, (alice, bob) = demo_clones(tmp_path, "Alice", "Bob")
    return remote, alice, bob


def retitle(root: Path, topic_id: str, title: str) -> None:
    ws = load(root)
    topic = ws.meetup(MEETUP).topics[topic_id]
    ws.save_topic(MEETUP, msgspec.structs.replace(topic, title=title))


def test_status_of_a_clean_clone_and_outside_git(organizers, tmp_path: Path) -> None:
    _, alice, _ = organizers
    state = sync.status(alice)
    assert state.state == "clean" and state.upstream == "origin/main"
    assert sync.status(tmp_path).state == "not-a-repo"


def test_commit_message_names_the_records(organizers) -> None:
    _, alice, _ = organizers
    retitle(alice, "gate-triage", "Gate triage v2")
    retitle(alice, "ptl-burnout", "Burnout v2")
    ws = load(alice)
    meetup = ws.meetup(MEETUP).meetup
    attendees = [
        msgspec.structs.replace(meetup.attendees[0], rsvp="declined"),
        *meetup.attendees[1:],
    ]
    ws.save_meetup(msgspec.structs.replace(meetup, attendees=attendees))
    result = sync.sync(alice)
    assert result.committed == "meetup: kilo-midcycle: 2 topics, 1 attendee change"
    assert result.pushed and sync.status(alice).state == "clean"
    log = run_git(alice, "log", "-1", "--format=%B")
    assert "meetups/kilo-midcycle/topics/gate-triage.toml" in log


def test_two_organizers_editing_different_topics_merge_cleanly(organizers) -> None:
    _, alice, bob = organizers
    retitle(alice, "gate-triage", "Alice's gate triage")
    retitle(bob, "ptl-burnout", "Bob's burnout")
    assert sync.sync(alice).pushed
    bob_state = sync.status(bob, fetch=True)
    assert (bob_state.behind, bob_state.state) == (2, "dirty")  # + the merge setup commit
    result = sync.sync(bob)
    assert result.pushed and not result.conflicts
    assert sync.sync(alice).pulled  # alice's second sync brings bob's change
    for root in (alice, bob):
        topics = load(root).meetup(MEETUP).topics
        assert topics["gate-triage"].title == "Alice's gate triage"
        assert topics["ptl-burnout"].title == "Bob's burnout"
        assert sync.status(root, fetch=True).state == "clean"


def test_status_ahead_and_behind(organizers) -> None:
    _, alice, bob = organizers
    retitle(alice, "gate-triage", "Ahead")
    run_git(alice, "commit", "--quiet", "-am", "local only")
    assert sync.status(alice).state == "ahead"
    run_git(alice, "push", "--quiet")
    state = sync.status(bob, fetch=True)
    assert (state.state, state.behind, state.ahead) == ("behind", 1, 0)


def test_same_topic_conflict_is_surfaced_and_nothing_is_lost(organizers, capsys) -> None:
    _, alice, bob = organizers
    retitle(alice, "gate-triage", "Alice's title")
    retitle(bob, "gate-triage", "Bob's title")
    sync.sync(alice)
    result = sync.sync(bob)
    path = "meetups/kilo-midcycle/topics/gate-triage.toml"
    assert result.conflicts == (path,) and not result.pushed
    state = sync.status(bob)
    assert state.state == "conflicted" and state.rebasing
    sides = sync.conflict_sides(bob, path)
    assert 'title = "Bob\'s title"' in (sides.local or "")
    assert 'title = "Alice\'s title"' in (sides.remote or "")
    with pytest.raises(sync.SyncError, match="stopped on a conflict"):
        sync.sync(bob)
    with pytest.raises(sync.SyncError, match="still in conflict"):
        sync.continue_sync(bob)
    # the CLI shows both sides too, and resolving takes the user's pick
    assert main(["-w", str(bob), "sync", "--show", path]) == 0
    shown = capsys.readouterr().out
    assert "Bob's title" in shown and "Alice's title" in shown
    assert main(["-w", str(bob), "sync", "--resolve", path, "--ours"]) == 0
    assert main(["-w", str(bob), "sync", "--continue"]) == 0
    assert sync.sync(alice).pulled
    for root in (alice, bob):
        assert load(root).meetup(MEETUP).topics["gate-triage"].title == "Bob's title"
    # alice's version is still in the history: nothing was dropped
    assert "Alice's title" in run_git(alice, "log", "-p", "--", path)


def test_resolve_theirs_and_edited_and_abort(organizers) -> None:
    _, alice, bob = organizers
    path = "meetups/kilo-midcycle/topics/gate-triage.toml"
    retitle(alice, "gate-triage", "Remote title")
    retitle(bob, "gate-triage", "Local title")
    sync.sync(alice)
    assert sync.sync(bob).conflicts
    with pytest.raises(sync.SyncError, match="not resolved"):
        sync.resolve(bob, path, "edited")  # still has the conflict markers
    sync.abort_sync(bob)
    assert load(bob).meetup(MEETUP).topics["gate-triage"].title == "Local title"
    assert sync.status(bob).state == "diverged"  # local commit kept, remote fetched
    assert sync.sync(bob).conflicts
    sync.resolve(bob, path, "theirs")
    result = sync.continue_sync(bob)  # the local commit became empty: skipped, then pushed
    assert result.pushed and not result.conflicts
    assert load(bob).meetup(MEETUP).topics["gate-triage"].title == "Remote title"


def test_cli_status_json(organizers, capsys) -> None:
    _, alice, _ = organizers
    retitle(alice, "gate-triage", "Dirty")
    assert main(["-w", str(alice), "sync", "--status", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["state"] == "dirty"
    assert data["dirty"] == ["meetups/kilo-midcycle/topics/gate-triage.toml"]
    assert data["ahead"] == 0 and data["upstream"] == "origin/main"


def test_conflict_exit_code(organizers, capsys) -> None:
    _, alice, bob = organizers
    retitle(alice, "gate-triage", "A")
    retitle(bob, "gate-triage", "B")
    assert main(["-w", str(alice), "sync"]) == 0
    assert main(["-w", str(bob), "sync"]) == 3
    out = capsys.readouterr().out
    assert "CONFLICT" in out and 'title: yours "B", theirs "A"' in out
