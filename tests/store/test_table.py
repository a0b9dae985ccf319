"""The record table: every file kind once, its path pattern, its reader and its scans."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from meetup.agenda import datepoll, releases
from meetup.store import table
from meetup.store.errors import BrokenFileError, WorkspaceError
from meetup.store.files import Store
from meetup.store.loading import load
from meetup.store.records import DatePoll, Topic

M = "kilo-midcycle"


def test_every_kind_has_one_pattern_and_paths_round_trip() -> None:
    assert len({k.pattern for k in table.KINDS}) == len(table.KINDS)
    for kind in table.KINDS:
        ids = tuple(f"id-{n}" for n in range(len(kind.keys)))
        rel = kind.path(*ids)
        assert kind.match(rel) == ids
        assert table.kind_of(rel) is kind
    assert table.TOPIC.path(M, "gate-triage") == f"meetups/{M}/topics/gate-triage.toml"
    assert table.kind_of("meetups/x/notes.txt") is None
    with pytest.raises(TypeError):
        table.TOPIC.path(M)


def test_lazy_kinds_are_the_ones_a_load_does_not_read() -> None:
    lazy = {k.name for k in table.KINDS if k.lazy}
    assert lazy == {
        "date poll",
        "release",
        "calendar state",
        "ballots",
        "voted roll",
        "result",
        "election calendar state",
    }


def test_every_file_of_the_demo_has_a_kind(demo_dir: Path) -> None:
    ws = load(demo_dir)
    datepoll.add_option(ws, M, date(2027, 2, 2), 2)
    releases.release(ws, M, "v1")
    found = {rel: kind for kind, rel, _ in table.every_file(Store(demo_dir))}
    on_disk = {
        str(p.relative_to(demo_dir)) for p in demo_dir.rglob("*.toml") if not p.name.startswith(".")
    }
    assert set(found) == on_disk
    for rel, kind in found.items():
        assert table.kind_of(rel) is kind
    assert found[table.POLL.path(M)] is table.POLL
    assert found[table.RELEASE.path(M, "v1")] is table.RELEASE


def test_scan_lists_ids_sorted_and_skips_hidden_and_stray_files(demo_dir: Path) -> None:
    folder = demo_dir / "meetups" / M / "topics"
    (folder / ".hidden.toml").write_text("title = 'x'\n")
    (folder / "README.md").write_text("not a topic\n")
    ids = [ident for ident, _ in table.TOPIC.scan(Store(demo_dir), M)]
    assert ids == sorted(p.stem for p in folder.glob("*.toml") if not p.name.startswith("."))
    assert [ident for ident, _ in table.ELECTION.scan(Store(demo_dir))] == [
        "neutron-release-liaison",
        "nova-ptl-l",
        "tc-2027",
    ]
    assert list(table.TOPIC.scan(Store(demo_dir), "no-such-meetup")) == []


def test_the_reader_names_records_by_file_and_locates_problems(demo_dir: Path) -> None:
    store = Store(demo_dir)
    topic = table.TOPIC.read(store, M, "gate-triage")
    assert isinstance(topic, Topic) and topic.id == "gate-triage"
    assert table.POLL.read(store, M) is None  # absent
    rel = table.POLL.path(M)
    (demo_dir / rel).write_text("schema = 1\n\n[[options]]\nid = 'a'\nstart = 'soon'\n")
    with pytest.raises(WorkspaceError) as caught:
        table.POLL.read(store, M)
    problem = caught.value.problem
    assert (problem.file, problem.line, problem.field) == (rel, 5, "options[0].start")
    assert store.is_broken(rel)
    with pytest.raises(BrokenFileError):  # a broken file is never rewritten
        store.write(rel, table.encode(DatePoll()))
    (demo_dir / rel).write_text("schema = 1\n")
    assert table.POLL.read(store, M) == DatePoll()
    assert not store.is_broken(rel)
