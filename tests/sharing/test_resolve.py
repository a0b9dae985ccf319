"""meetup.sharing.resolve against real git: settling a sync stopped on a conflict."""

from __future__ import annotations

import pytest

from meetup.sharing import resolve, sync, sync_status
from meetup.sharing.gitcmd import SyncError
from meetup.store.loading import load
from tests.gitclones import MEETUP, retitle


def test_resolve_theirs_and_edited_and_abort(organizers) -> None:
    _, alice, bob = organizers
    path = "meetups/kilo-midcycle/topics/gate-triage.toml"
    retitle(alice, "gate-triage", "Remote title")
    retitle(bob, "gate-triage", "Local title")
    sync.sync(alice)
    assert sync.sync(bob).conflicts
    with pytest.raises(SyncError, match="not resolved"):
        resolve.resolve(bob, path, "edited")  # still has the conflict markers
    sync.abort_sync(bob)
    assert load(bob).meetup(MEETUP).topics["gate-triage"].title == "Local title"
    assert sync_status.status(bob).state == "diverged"  # local commit kept, remote fetched
    assert sync.sync(bob).conflicts
    resolve.resolve(bob, path, "theirs")
    result = sync.continue_sync(bob)  # the local commit became empty: skipped, then pushed
    assert result.pushed and not result.conflicts
    assert load(bob).meetup(MEETUP).topics["gate-triage"].title == "Remote title"
