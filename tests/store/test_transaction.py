"""Changes of several files are all-or-nothing, also across a crash (the journal)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import msgspec
import pytest

from meetup.cli import main
from meetup.elections import voting
from meetup.store import durable, table
from meetup.store.errors import InvalidInput, StaleWriteError, StoreIOError
from meetup.store.files import Store
from meetup.store.loading import load
from meetup.store.transaction import JOURNAL_NAME, temp_name
from tests.conftest import FIXED_NOW

MEETUP = "kilo-midcycle"
E = "neutron-release-liaison"


def leftovers(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob(".*.tmp"))


def test_write_all_writes_every_file_and_leaves_no_journal(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.write_all([("a.toml", b"a = 1\n"), ("sub/b.toml", b"b = 1\n")])
    assert (tmp_path / "a.toml").read_bytes() == b"a = 1\n"
    assert (tmp_path / "sub/b.toml").read_bytes() == b"b = 1\n"
    assert not (tmp_path / JOURNAL_NAME).exists()
    assert leftovers(tmp_path) == []


def test_a_failure_before_the_commit_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk on the second temporary: both files keep their old bytes."""
    store = Store(tmp_path)
    store.write_all([("a.toml", b"a = 1\n"), ("b.toml", b"b = 1\n")])
    calls = []
    original = durable.write_temp

    def full_disk(temp: Path, data: bytes, *, like: Path) -> None:
        calls.append(temp)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        original(temp, data, like=like)

    monkeypatch.setattr(durable, "write_temp", full_disk)
    with pytest.raises(StoreIOError, match=r"cannot write a\.toml: no space left on device"):
        store.write_all([("a.toml", b"a = 2\n"), ("b.toml", b"b = 2\n")])
    assert (tmp_path / "a.toml").read_bytes() == b"a = 1\n"
    assert (tmp_path / "b.toml").read_bytes() == b"b = 1\n"
    assert not (tmp_path / JOURNAL_NAME).exists()
    assert leftovers(tmp_path) == []


def test_a_crash_after_the_commit_is_finished_on_load(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = load(demo_dir)
    before = len(ws.read_ballots(E).ballots)  # the demo's box already holds some
    renames = []
    real_replace = os.replace

    def crash_after_first_rename(src: str, dst: str) -> None:
        if str(src).endswith(".tmp") and JOURNAL_NAME not in str(dst):
            renames.append(dst)
            if len(renames) == 2:
                raise KeyboardInterrupt("power cut")  # stands for the process dying here
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_after_first_rename)
    with pytest.raises(KeyboardInterrupt):
        voting.cast_ballot(ws, E, "wen-li", [["wen-li"]], now=FIXED_NOW)
    monkeypatch.setattr(os, "replace", real_replace)
    assert (demo_dir / JOURNAL_NAME).exists()
    again = load(demo_dir)
    [notice] = again.problems
    assert notice.kind == "repair" and "finished" in notice.message
    assert not (demo_dir / JOURNAL_NAME).exists()
    assert "wen-li" in again.read_voted(E).voted
    assert len(again.read_voted(E).voted) == before + 1
    assert len(again.read_ballots(E).ballots) == before + 1
    assert leftovers(demo_dir) == []


def test_a_crash_before_the_commit_is_rolled_back_on_load(demo_dir: Path) -> None:
    """A prepared journal with half its temporaries written: nothing of it is kept."""
    before = (demo_dir / "people.toml").read_bytes()
    writes = [
        {"target": "people.toml", "temp": temp_name("people.toml", "0123456789ab")},
        {"target": "areas.toml", "temp": temp_name("areas.toml", "0123456789ab")},
    ]
    (demo_dir / writes[0]["temp"]).write_bytes(b"half a")
    journal = {"meetup-journal": 1, "state": "prepared", "writes": writes, "deletes": []}
    (demo_dir / JOURNAL_NAME).write_text(json.dumps(journal))
    ws = load(demo_dir)
    [notice] = ws.problems
    assert notice.kind == "repair" and "rolled back" in notice.message
    assert "people.toml" in notice.message
    assert (demo_dir / "people.toml").read_bytes() == before
    assert leftovers(demo_dir) == []
    assert not (demo_dir / JOURNAL_NAME).exists()


def test_check_reports_the_repair_and_exits_0(demo_dir: Path, capsys) -> None:
    writes = [{"target": "people.toml", "temp": temp_name("people.toml", "0123456789ab")}]
    journal = {"meetup-journal": 1, "state": "prepared", "writes": writes, "deletes": []}
    (demo_dir / JOURNAL_NAME).write_text(json.dumps(journal))
    (demo_dir / "meetups" / ".meetup.toml.deadbeef.tmp").write_bytes(b"x")
    assert main(["--workspace", str(demo_dir), "check"]) == 0
    err = capsys.readouterr().err
    assert "rolled back a change interrupted by a crash" in err
    assert "removed 1 temporary file(s)" in err
    assert leftovers(demo_dir) == []


@pytest.mark.parametrize(
    "journal",
    [
        b"{not json",
        json.dumps(
            {"meetup-journal": 1, "state": "committed", "writes": [], "deletes": ["/etc/x"]}
        ),
        json.dumps(
            {
                "meetup-journal": 1,
                "state": "committed",
                "writes": [{"target": "people.toml", "temp": "areas.toml"}],
                "deletes": [],
            }
        ),
        json.dumps({"meetup-journal": 1, "state": "committed", "writes": [], "deletes": ["../x"]}),
    ],
)
def test_a_strange_journal_is_reported_and_obeyed_in_nothing(
    demo_dir: Path, journal: bytes | str, capsys
) -> None:
    path = demo_dir / JOURNAL_NAME
    path.write_bytes(journal if isinstance(journal, bytes) else journal.encode())
    before = (demo_dir / "areas.toml").read_bytes()
    assert main(["--workspace", str(demo_dir), "check"]) == 1
    assert JOURNAL_NAME in capsys.readouterr().err
    assert path.exists() and (demo_dir / "areas.toml").read_bytes() == before


def test_a_refused_change_writes_nothing_and_restores_memory(demo_dir: Path) -> None:
    ws = load(demo_dir)
    topic = ws.meetups[MEETUP].topics["gate-triage"]
    people = dict(ws.people)
    with pytest.raises(InvalidInput), ws.transaction():
        ws.save_people([*ws.people.values()][:1])
        ws.save_topic(MEETUP, msgspec.structs.replace(topic, title="Renamed"))
        ws.save_topic(MEETUP, msgspec.structs.replace(topic, id="Not A Slug"))
    assert ws.people == people
    assert ws.meetups[MEETUP].topics["gate-triage"] == topic
    assert load(demo_dir).people == people
    assert b"Renamed" not in (demo_dir / table.TOPIC.path(MEETUP, "gate-triage")).read_bytes()


def test_a_stale_file_refuses_the_whole_change(demo_dir: Path) -> None:
    ws = load(demo_dir)
    a, b = ws.meetups[MEETUP].topics["gate-triage"], ws.meetups[MEETUP].topics["bug-rotation"]
    path = demo_dir / table.TOPIC.path(MEETUP, b.id)
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(StaleWriteError), ws.transaction():
        ws.save_topic(MEETUP, msgspec.structs.replace(a, title="A"))
        ws.save_topic(MEETUP, msgspec.structs.replace(b, title="B"))
    assert b'title = "A"' not in (demo_dir / table.TOPIC.path(MEETUP, a.id)).read_bytes()
    assert ws.meetups[MEETUP].topics[a.id] == a


def test_deletions_are_part_of_the_change(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetups[MEETUP]
    first, second = sorted(data.topics)[:2]
    with ws.transaction():
        ws.delete_topic(MEETUP, first)
        ws.save_topic(MEETUP, msgspec.structs.replace(data.topics[second], title="Kept"))
    assert not (demo_dir / table.TOPIC.path(MEETUP, first)).exists()
    assert b"Kept" in (demo_dir / table.TOPIC.path(MEETUP, second)).read_bytes()
