"""The record cache: a full load gives the same workspace from it as from the files, and
any change of a file's bytes, a broken or foreign cache, or no cache at all is harmless."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import msgspec
import pytest

from meetup.store import table, tomlio
from meetup.store.cache import ENV_CACHE, RecordCache, Shard
from meetup.store.errors import StaleWriteError
from meetup.store.loading import load
from meetup.store.references import records_to_check

ISSUE = "install-guide-drift"
LOG = '\n[[log]]\nat = 2026-11-23 09:30:00.250+02:00\nauthor = "ivan-petrov"\ntext = "Seen."\n'


def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one for every file parsed (not taken from the cache)."""
    calls: list[int] = []
    original = tomlio.parse_current

    def counting(raw: bytes) -> object:
        calls.append(1)
        return original(raw)

    monkeypatch.setattr(tomlio, "parse_current", counting)
    return calls


def shards(root: Path) -> list[Path]:
    """The cache's shard files of the workspace at ``root``."""
    folder = RecordCache.of(root).folder
    assert folder is not None
    return sorted(folder.glob("*.json"))


def cached_files(root: Path) -> set[str]:
    """Every file the cache holds a record of."""
    return {rel for path in shards(root) for rel in Shard(path)._old}


def test_a_second_load_takes_every_record_from_the_cache(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = demo_dir / table.ISSUE.path(ISSUE)
    path.write_text(path.read_text("utf-8") + LOG, "utf-8")  # a time with an offset
    first = load(demo_dir)
    # base files, projects, issues, elections, meetups, one meetup's topics and actions
    assert len(shards(demo_dir)) == 7
    assert len(cached_files(demo_dir)) == 50
    calls = parses(monkeypatch)
    second = load(demo_dir)
    assert not calls  # nothing parsed
    assert second.meetups == first.meetups and second.issues == first.issues
    assert (second.elections, second.projects, second.people, second.settings) == (
        first.elections,
        first.projects,
        first.people,
        first.settings,
    )
    assert sorted(second.problems) == sorted(first.problems)
    at = second.issues[ISSUE].log[-1].at
    assert at.utcoffset() is not None and at.utcoffset().total_seconds() == 7200
    # same data, same bytes: a record from the cache writes out as the file's own does
    parsed = dict(records_to_check(first))
    cached = records_to_check(second)
    assert len(cached) == len(parsed) > 40
    for rel, record in cached:
        assert type(record) is type(parsed[rel])
        assert tomlio.dumps(record) == tomlio.dumps(parsed[rel]), rel


def test_changed_bytes_are_parsed_even_with_the_same_size_and_time(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(demo_dir)
    path = demo_dir / table.ISSUE.path(ISSUE)
    before = path.stat()
    text = path.read_text("utf-8")
    changed = text.replace('title = "I', 'title = "Y', 1)  # one letter: same size
    assert len(changed) == len(text) and changed != text
    path.write_text(changed, "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    calls = parses(monkeypatch)
    ws = load(demo_dir)
    assert len(calls) == 1
    assert ws.issues[ISSUE].title.startswith("Y")


@pytest.mark.parametrize(
    "content",
    [b"", b"{not json", b'{"format": "someone else", "files": {}}', b"\x00" * 64],
    ids=["empty", "garbage", "other format", "binary"],
)
def test_a_broken_or_foreign_cache_is_ignored_and_replaced(demo_dir: Path, content: bytes) -> None:
    expected = load(demo_dir)
    for path in shards(demo_dir):
        path.write_bytes(content)
    ws = load(demo_dir)
    assert ws.meetups == expected.meetups and ws.issues == expected.issues
    assert sorted(ws.problems) == sorted(expected.problems)
    assert len(cached_files(demo_dir)) == 50  # written again, readable


def test_a_cached_record_that_does_not_validate_is_parsed(demo_dir: Path) -> None:
    expected = load(demo_dir)
    rel = table.ISSUE.path(ISSUE)
    path = next(p for p in shards(demo_dir) if rel in Shard(p)._old)
    cached = msgspec.json.decode(path.read_bytes())
    cached["files"][rel][1]["title"] = "bell\u0007"  # as a file would be refused
    path.write_bytes(msgspec.json.encode(cached))
    assert load(demo_dir).issues[ISSUE] == expected.issues[ISSUE]


def test_a_save_after_a_cached_load_still_refuses_a_stale_write(demo_dir: Path) -> None:
    load(demo_dir)
    ws = load(demo_dir)  # from the cache
    path = demo_dir / table.ISSUE.path(ISSUE)
    path.write_text(path.read_text("utf-8").replace('title = "', 'title = "Theirs ', 1), "utf-8")
    with pytest.raises(StaleWriteError):
        ws.save_issue(msgspec.structs.replace(ws.issues[ISSUE], title="Mine"))


def test_no_cache_when_it_is_off_or_cannot_be_written(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_CACHE, "off")
    assert RecordCache.of(demo_dir).folder is None
    expected = load(demo_dir)
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", "utf-8")
    monkeypatch.setenv(ENV_CACHE, str(blocked / "records"))
    ws = load(demo_dir)  # the cache cannot be written: loads all the same
    assert ws.meetups == expected.meetups and not (blocked / "records").exists()


def test_the_cache_lives_outside_the_workspace(demo_dir: Path) -> None:
    before = sorted(p for p in demo_dir.rglob("*"))
    load(demo_dir)
    load(demo_dir)
    assert sorted(p for p in demo_dir.rglob("*")) == before
    assert shards(demo_dir) and demo_dir not in shards(demo_dir)[0].parents


def test_a_removed_file_leaves_the_cache_and_a_removed_meetup_its_shards(
    demo_dir: Path,
) -> None:
    import shutil

    load(demo_dir)
    rel = table.ISSUE.path(ISSUE)
    assert rel in cached_files(demo_dir)
    (demo_dir / rel).unlink()
    assert ISSUE not in load(demo_dir).issues
    assert rel not in cached_files(demo_dir)
    before = len(shards(demo_dir))
    shutil.rmtree(demo_dir / "meetups" / "kilo-midcycle")
    load(demo_dir)
    assert len(shards(demo_dir)) == before - 2  # its topics' and action items' shards
    assert not any(rel.startswith("meetups/kilo-midcycle/") for rel in cached_files(demo_dir))


def test_a_change_rewrites_only_its_own_shard(demo_dir: Path) -> None:
    load(demo_dir)
    inodes = {p: p.stat().st_ino for p in shards(demo_dir)}  # os.replace: a new inode
    path = demo_dir / table.ISSUE.path(ISSUE)
    path.write_text(path.read_text("utf-8").replace('title = "', 'title = "New ', 1), "utf-8")
    assert load(demo_dir).issues[ISSUE].title.startswith("New ")
    changed = [p for p in shards(demo_dir) if p.stat().st_ino != inodes.get(p)]
    assert len(changed) == 1 and table.ISSUE.path(ISSUE) in Shard(changed[0])._old


def test_a_shard_that_is_a_fifo_a_link_or_too_deep_is_not_read(
    demo_dir: Path, tmp_path: Path
) -> None:
    import threading

    expected = load(demo_dir)
    fifo, link, deep = shards(demo_dir)[:3]
    fifo.unlink()
    os.mkfifo(fifo)  # opening it to read would wait for a writer
    target = tmp_path / "elsewhere.json"
    target.write_bytes(link.read_bytes())
    link.unlink()
    link.symlink_to(target)
    deep.write_bytes(b'{"format": "x", "files": {"a": ["d", ' + b"[" * 100_000 + b"]}}")
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(load(demo_dir)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert done, "the load hung on the cache"
    ws = done[0]
    assert isinstance(ws, type(expected)) and ws.meetups == expected.meetups
    assert target.read_bytes() and not link.is_symlink()  # replaced by a shard, not followed


def test_no_cache_without_a_home_or_with_a_relative_folder(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    from meetup.store.cache import cache_folder

    def no_home(*args: object, **options: object) -> Path:
        raise RuntimeError("could not determine the home directory")

    monkeypatch.delenv(ENV_CACHE)
    monkeypatch.setattr(platformdirs, "user_cache_path", no_home)
    assert cache_folder() is None
    load(demo_dir)  # loads without one
    monkeypatch.setenv(ENV_CACHE, "cache")
    monkeypatch.chdir(demo_dir)
    assert cache_folder() is None
    load(demo_dir)
    assert not (demo_dir / "cache").exists()


def test_a_cache_folder_that_is_a_link_is_not_used(demo_dir: Path, tmp_path: Path) -> None:
    folder = RecordCache.of(demo_dir).folder
    assert folder is not None
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "notes.txt").write_text("keep me", "utf-8")
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.symlink_to(victim)
    load(demo_dir)
    load(demo_dir)
    assert [p.name for p in victim.iterdir()] == ["notes.txt"]


def test_elections_read_without_rolls_keep_their_shard(demo_dir: Path) -> None:
    load(demo_dir)
    before = shards(demo_dir)
    load(demo_dir, rolls=False)
    assert shards(demo_dir) == before


def test_folders_of_workspaces_unused_for_long_are_swept(demo_dir: Path, tmp_path: Path) -> None:
    import time

    from meetup.store.cache import KEEP_DAYS

    gone = tmp_path / "gone"
    shutil.copytree(demo_dir, gone)
    load(gone)
    old = RecordCache.of(gone).folder
    assert old is not None and shards(gone)
    kept_file = tmp_path / "other"
    shutil.copytree(demo_dir, kept_file)
    load(kept_file)
    other = RecordCache.of(kept_file).folder
    assert other is not None
    (other / "mine.txt").write_text("not a shard", "utf-8")
    shutil.rmtree(gone)
    shutil.rmtree(kept_file)
    long_ago = time.time() - (KEEP_DAYS + 1) * 86400
    for folder in (old, other):
        os.utime(folder, (long_ago, long_ago))
    load(demo_dir)
    assert not old.exists()
    assert [p.name for p in other.iterdir()] == ["mine.txt"]  # only shards are removed
    assert shards(demo_dir)


def test_other_reading_code_misses_the_whole_cache(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetup.store import cache

    load(demo_dir)
    monkeypatch.setattr(cache, "code_key", lambda: "meetup 9.9 (an upgrade)")
    calls = parses(monkeypatch)
    load(demo_dir)
    assert len(calls) == 50  # every file parsed again
    calls.clear()
    load(demo_dir)
    assert not calls  # and kept under the new key
