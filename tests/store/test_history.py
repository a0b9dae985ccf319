"""The undo history: bytes before and after each edit, undone as one change or refused."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from meetup.agenda import autoschedule, schedule
from meetup.store.history import History, UndoRefused, describe_file
from meetup.store.loading import load

M = "kilo-midcycle"


def topic_file(root: Path, topic: str) -> Path:
    return root / f"meetups/{M}/topics/{topic}.toml"


def test_undo_restores_the_bytes_of_every_file(demo_dir: Path) -> None:
    ws = load(demo_dir)
    history = History()
    before = topic_file(demo_dir, "ptl-vs-program-lead").read_bytes()
    with history.recording(ws.store, "place it"):
        schedule.place(ws, M, "ptl-vs-program-lead", date(2027, 1, 26), time(14, 30), "breakout")
    assert len(history) == 1
    assert history.entries[0].summary() == f"topic ptl-vs-program-lead ({M}) changed"
    assert topic_file(demo_dir, "ptl-vs-program-lead").read_bytes() != before
    undone = history.undo_last(ws.store)
    assert undone.what == "place it"
    assert topic_file(demo_dir, "ptl-vs-program-lead").read_bytes() == before
    assert len(history) == 0
    with pytest.raises(UndoRefused, match="nothing to undo"):
        history.undo_last(ws.store)


def test_an_edit_that_changes_nothing_is_not_recorded(demo_dir: Path) -> None:
    ws = load(demo_dir)
    history = History()
    with history.recording(ws.store, "nothing"):
        pass
    assert len(history) == 0


def test_auto_schedule_is_one_entry_undone_as_a_whole(demo_dir: Path) -> None:
    ws = load(demo_dir)
    history = History()
    with history.recording(ws.store, "move"):
        schedule.place(ws, M, "ptl-vs-program-lead", date(2027, 1, 26), time(14, 30), "breakout")
    files = {p: p.read_bytes() for p in (demo_dir / f"meetups/{M}/topics").iterdir()}
    plan = autoschedule.plan(ws.meetup(M))
    assert plan.moves
    with history.recording(ws.store, "auto"):
        autoschedule.apply(ws, M, plan)
    assert len(history.entries[-1].effective) > 1
    history.undo_last(ws.store)
    assert {p: p.read_bytes() for p in files} == files  # the manual move is still there
    assert [e.what for e in history.entries] == ["move"]


def test_undo_is_refused_after_an_outside_edit(demo_dir: Path) -> None:
    ws = load(demo_dir)
    history = History()
    with history.recording(ws.store, "place"):
        schedule.place(ws, M, "ptl-vs-program-lead", date(2027, 1, 26), time(14, 30), "breakout")
    path = topic_file(demo_dir, "ptl-vs-program-lead")
    edited = path.read_bytes() + b"# edited by hand\n"
    path.write_bytes(edited)
    with pytest.raises(UndoRefused, match=r"ptl-vs-program-lead\.toml changed since"):
        history.undo_last(ws.store)
    assert path.read_bytes() == edited
    assert len(history) == 1  # still there, to try again once the file is put back


def test_undo_to_an_older_entry_undoes_all_after_it(demo_dir: Path) -> None:
    ws = load(demo_dir)
    history = History()
    first = topic_file(demo_dir, "ptl-vs-program-lead").read_bytes()
    with history.recording(ws.store, "one"):
        schedule.place(ws, M, "ptl-vs-program-lead", date(2027, 1, 26), time(14, 30), "breakout")
    with history.recording(ws.store, "two"):
        schedule.place(ws, M, "ptl-vs-program-lead", date(2027, 1, 26), time(15, 30), "breakout")
    with history.recording(ws.store, "three"):
        schedule.unschedule(ws, M, "ptl-vs-program-lead")
    undone = history.undo_to(ws.store, 0)
    assert [e.what for e in undone] == ["three", "two", "one"]
    assert topic_file(demo_dir, "ptl-vs-program-lead").read_bytes() == first


def test_undo_brings_back_a_deleted_file_and_removes_a_created_one(demo_dir: Path) -> None:
    ws = load(demo_dir)
    history = History()
    path = topic_file(demo_dir, "ptl-vs-program-lead")
    before = path.read_bytes()
    with history.recording(ws.store, "delete"):
        ws.delete_topic(M, "ptl-vs-program-lead")
    assert not path.exists()
    assert history.entries[0].summary().endswith("deleted")
    history.undo_last(ws.store)
    assert path.read_bytes() == before


def test_describe_file_names_the_record() -> None:
    assert describe_file("issues/gate.toml") == "issue gate"
    assert describe_file("people.toml") == "people"
    assert describe_file("elections/e1/voted.toml") == "voted roll e1"
    assert describe_file(f"meetups/{M}/topics/t.toml") == f"topic t ({M})"
