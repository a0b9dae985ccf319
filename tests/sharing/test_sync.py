"""meetup.sync against real git repositories: a bare remote and two organizers' clones."""

from __future__ import annotations

import msgspec
import pytest

from meetup.cli import main
from meetup.sharing import resolve, sync, sync_status
from meetup.sharing.gitcmd import SyncError
from meetup.store.loading import load
from tests.gitclones import MEETUP, retitle, run_git


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
    assert result.pushed and sync_status.status(alice).state == "clean"
    log = run_git(alice, "log", "-1", "--format=%B")
    assert "meetups/kilo-midcycle/topics/gate-triage.toml" in log


def test_two_organizers_editing_different_topics_merge_cleanly(organizers) -> None:
    _, alice, bob = organizers
    retitle(alice, "gate-triage", "Alice's gate triage")
    retitle(bob, "ptl-burnout", "Bob's burnout")
    assert sync.sync(alice).pushed
    bob_state = sync_status.status(bob, fetch=True)
    assert (bob_state.behind, bob_state.state) == (2, "dirty")  # + the merge setup commit
    result = sync.sync(bob)
    assert result.pushed and not result.conflicts
    assert sync.sync(alice).pulled  # alice's second sync brings bob's change
    for root in (alice, bob):
        topics = load(root).meetup(MEETUP).topics
        assert topics["gate-triage"].title == "Alice's gate triage"
        assert topics["ptl-burnout"].title == "Bob's burnout"
        assert sync_status.status(root, fetch=True).state == "clean"


def test_same_topic_conflict_is_surfaced_and_nothing_is_lost(organizers, capsys) -> None:
    _, alice, bob = organizers
    retitle(alice, "gate-triage", "Alice's title")
    retitle(bob, "gate-triage", "Bob's title")
    sync.sync(alice)
    result = sync.sync(bob)
    path = "meetups/kilo-midcycle/topics/gate-triage.toml"
    assert result.conflicts == (path,) and not result.pushed
    state = sync_status.status(bob)
    assert state.state == "conflicted" and state.rebasing
    sides = resolve.conflict_sides(bob, path)
    assert 'title = "Bob\'s title"' in (sides.local or "")
    assert 'title = "Alice\'s title"' in (sides.remote or "")
    with pytest.raises(SyncError, match="stopped on a conflict"):
        sync.sync(bob)
    with pytest.raises(SyncError, match="still in conflict"):
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


def test_conflict_exit_code(organizers, capsys) -> None:
    _, alice, bob = organizers
    retitle(alice, "gate-triage", "A")
    retitle(bob, "gate-triage", "B")
    assert main(["-w", str(alice), "sync"]) == 0
    assert main(["-w", str(bob), "sync"]) == 3
    out = capsys.readouterr().out
    assert "CONFLICT" in out and 'title: yours "B", theirs "A"' in out
