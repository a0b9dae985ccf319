"""The record-aware merge with real git: a bare remote and organizers' clones in tmp dirs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meetup.sharing import resolve, sync, sync_status
from meetup.sharing.gitcmd import SyncError
from meetup.store.loading import load
from tests.gitclones import (
    MEETUP,
    cli,
    clone,
    email_of,
    make_remote,
    run_git,
    tree_bytes,
)

TOPIC = "meeting-times"
TOPIC_FILE = f"meetups/{MEETUP}/topics/{TOPIC}.toml"
PEOPLE = ("dana-whitfield", "marcus-bell", "quinn-harper")


@pytest.fixture
def clones(tmp_path: Path) -> list[Path]:
    remote = make_remote(tmp_path)
    return [clone(remote, tmp_path / p, email_of(p)) for p in PEOPLE]


def topic(root: Path, ident: str = TOPIC):  # type: ignore[no-untyped-def]
    return load(root).meetup(MEETUP).topics[ident]


def attendee(root: Path, person: str):  # type: ignore[no-untyped-def]
    return next(a for a in load(root).meetup(MEETUP).meetup.attendees if a.person == person)


def converge(roots: list[Path]) -> None:
    for root in roots + roots:
        result = sync.sync(root)
        assert not result.conflicts, result.describe()
    first = tree_bytes(roots[0])
    for root in roots[1:]:
        assert tree_bytes(root) == first


def test_three_clones_vote_retitle_append_and_rsvp_without_conflict(clones, capsys) -> None:
    a, b, c = clones
    for root in clones:  # each +1s as themselves (found by git user.email)
        assert cli(root, "topic", "vote", MEETUP, TOPIC) == 0
    assert cli(a, "--as", "dana-whitfield", "topic", "status", MEETUP, TOPIC, "accepted") == 0
    assert cli(b, "topic", "notes", MEETUP, TOPIC, "--append", "Bob's first line") == 0
    assert cli(c, "rsvp", MEETUP, "quinn-harper", "declined") == 0
    a_topic = topic(a)
    import msgspec

    ws = load(a)
    ws.save_topic(MEETUP, msgspec.structs.replace(ws.meetup(MEETUP).topics[TOPIC], title="New"))
    converge(clones)
    done = topic(a)
    assert done.title == "New" and done.status == "accepted" == a_topic.status
    assert set(PEOPLE) <= set(done.votes) and {"chen-wei", "hana-kobayashi"} <= set(done.votes)
    assert done.notes == "Bob's first line"
    assert attendee(a, "quinn-harper").rsvp == "declined"
    assert cli(a, "check") == 0


def test_two_rsvps_and_two_note_appends_merge(clones) -> None:
    a, b, _ = clones
    cli(a, "rsvp", MEETUP, "dana-whitfield", "declined")
    cli(b, "rsvp", MEETUP, "marcus-bell", "tentative")
    cli(a, "topic", "notes", MEETUP, "liaison-roles", "--append", "from A")
    cli(b, "topic", "notes", MEETUP, "liaison-roles", "--append", "from B")
    before = topic(a, "liaison-roles").notes
    converge([a, b])
    assert attendee(b, "dana-whitfield").rsvp == "declined"
    assert attendee(a, "marcus-bell").rsvp == "tentative"
    notes = topic(a, "liaison-roles").notes
    assert notes.startswith(before.rstrip("\n")) and notes.endswith("from A\nfrom B")


def test_vote_and_undo_on_both_sides(clones) -> None:
    a, b, _ = clones
    cli(a, "topic", "vote", MEETUP, TOPIC)
    cli(b, "--as", "chen-wei", "topic", "vote", MEETUP, TOPIC, "--undo")
    converge([a, b])
    assert topic(b).votes == ["hana-kobayashi", "dana-whitfield"]


def test_attendee_removed_here_and_edited_there_is_a_field_conflict(clones, capsys) -> None:
    from meetup.agenda.attendees import remove_attendee

    a, b, _ = clones
    remove_attendee(load(a), MEETUP, "priya-raman")
    cli(b, "rsvp", MEETUP, "priya-raman", "declined")
    assert sync.sync(a).pushed
    result = sync.sync(b)
    path = f"meetups/{MEETUP}/meetup.toml"
    assert result.conflicts == (path,)
    assert result.fields == [
        f"{path}: attendees[priya-raman]: yours "
        '{"person": "priya-raman", "projects": ["glance"], "rsvp": "declined"}, theirs removed'
    ]
    assert cli(b, "check") == 1
    assert "attendees[priya-raman]" in capsys.readouterr().err
    resolve.resolve(b, path, "theirs")
    assert sync.continue_sync(b).pushed
    converge([a, b])
    assert all(x.person != "priya-raman" for x in load(a).meetup(MEETUP).meetup.attendees)


def test_two_titles_are_one_conflict_resolvable_by_field(clones, capsys) -> None:
    import msgspec

    a, b, _ = clones
    for root, title in ((a, "Title A"), (b, "Title B")):
        ws = load(root)
        t = ws.meetup(MEETUP).topics[TOPIC]
        ws.save_topic(MEETUP, msgspec.structs.replace(t, title=title))
    cli(b, "topic", "vote", MEETUP, TOPIC)  # merges cleanly beside the conflict
    assert cli(a, "sync") == 0
    capsys.readouterr()
    assert cli(b, "sync") == 3
    out = capsys.readouterr().out
    assert f'{TOPIC_FILE}: title: yours "Title B", theirs "Title A"' in out
    assert cli(b, "sync", "--status", "--no-fetch") == 0
    assert 'title: yours "Title B"' in capsys.readouterr().out
    text = (b / TOPIC_FILE).read_text()
    assert "<<<<<<< yours" in text and text.count("=======") == 1  # only the title differs
    assert cli(b, "sync", "--resolve", TOPIC_FILE, "--field", "title", "--theirs") == 0
    assert cli(b, "sync", "--continue") == 0
    converge([a, b])
    done = topic(a)
    assert done.title == "Title A" and "marcus-bell" in done.votes


def test_resolve_edited_needs_a_valid_record(clones) -> None:
    import msgspec

    a, b, _ = clones
    for root, title in ((a, "Title A"), (b, "Title B")):
        ws = load(root)
        t = ws.meetup(MEETUP).topics[TOPIC]
        ws.save_topic(MEETUP, msgspec.structs.replace(t, title=title, duration=45))
    sync.sync(a)
    assert sync.sync(b).conflicts
    with pytest.raises(SyncError, match="not resolved"):
        resolve.resolve(b, TOPIC_FILE, "edited")
    text = (b / TOPIC_FILE).read_text()
    lines = text.splitlines()
    start = lines.index("<<<<<<< yours")
    end = lines.index(">>>>>>> theirs")
    kept = [*lines[:start], 'title = "Both"', *lines[end + 1 :]]
    (b / TOPIC_FILE).write_text("\n".join(kept) + "\n")
    resolve.resolve(b, TOPIC_FILE, "edited")
    assert sync.continue_sync(b).pushed
    assert topic(b).title == "Both" and topic(b).duration == 45


def test_plain_git_pull_uses_the_driver_after_one_sync(clones) -> None:
    a, b, _ = clones
    assert sync.sync(a).notes  # first sync sets up the driver (and commits .gitattributes)
    sync.sync(b)
    attributes = (b / ".gitattributes").read_text()
    assert "*.toml merge=meetup" in attributes
    assert "merge-driver %O %A %B %P" in run_git(b, "config", "--local", "merge.meetup.driver")
    assert sync.setup(b) == []  # idempotent
    cli(a, "topic", "vote", MEETUP, TOPIC)
    cli(b, "topic", "vote", MEETUP, TOPIC)
    run_git(a, "commit", "-qam", "a votes")
    run_git(a, "push", "-q")
    run_git(b, "commit", "-qam", "b votes")
    run_git(b, "pull", "-q", "--no-rebase", "--no-edit")  # a merge commit, no conflict
    assert {"dana-whitfield", "marcus-bell"} <= set(topic(b).votes)
    assert "<<<<<<<" not in (b / TOPIC_FILE).read_text()


def test_init_in_a_git_repo_registers_the_driver_and_ignores_exports(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    run_git(repo, "init", "-q")
    assert cli(tmp_path, "init", str(repo / "ws")) == 0
    ws = repo / "ws"
    assert "*.toml merge=meetup" in (ws / ".gitattributes").read_text()
    assert "exports/" in (ws / ".gitignore").read_text()
    assert run_git(repo, "config", "--local", "merge.meetup.name").strip()


def test_dry_run_lists_records_and_message_and_skips_other_files(clones, capsys) -> None:
    a, _, _ = clones
    sync.sync(a)
    cli(a, "topic", "vote", MEETUP, TOPIC)
    (a / "notes.txt").write_text("scratch")
    assert cli(a, "sync", "--dry-run") == 0
    out = capsys.readouterr().out
    assert TOPIC_FILE in out and "meetup: kilo-midcycle: 1 topic" in out
    assert "not committed (not a workspace record): notes.txt" in out
    head = run_git(a, "rev-parse", "HEAD")
    assert run_git(a, "rev-parse", "HEAD") == head  # nothing committed by the dry run
    sync.sync(a)
    assert "notes.txt" not in run_git(a, "ls-files")
    assert sync_status.status(a).dirty == ("notes.txt",)


def test_list_meetups_inside_a_workspace_folder(clones, monkeypatch, capsys) -> None:
    from meetup.cli import main

    a, _, _ = clones
    monkeypatch.delenv("MEETUP_WORKSPACE", raising=False)
    monkeypatch.chdir(a / "meetups" / MEETUP / "topics")
    assert main(["list", "meetups", "--json"]) == 0
    assert MEETUP in [m["id"] for m in json.loads(capsys.readouterr().out)]
