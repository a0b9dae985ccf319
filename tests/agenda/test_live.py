"""The live board: now / next per room, breaks, who is required now, at fixed times."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from meetup.agenda import live, shift
from meetup.store.loading import load

M = "kilo-midcycle"
PARIS = ZoneInfo("Europe/Paris")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2027, 1, 25 + day, hour, minute, tzinfo=PARIS)


def now_next(demo_dir: Path, when: datetime) -> dict[str, tuple[str | None, str | None]]:
    b = live.board(load(demo_dir).meetup(M), when)
    return {
        r.room: (r.now.topic if r.now else None, r.next.topic if r.next else None) for r in b.rooms
    }


def test_first_morning_session(demo_dir: Path) -> None:
    b = live.board(load(demo_dir).meetup(M), at(1, 11, 10))
    assert b.state == "running" and b.day_number == 1
    assert {r.room: r.now.topic for r in b.rooms if r.now} == {
        "main": "ptl-burnout",
        "breakout": "gate-triage",
    }
    assert b.rooms[0].now is not None and b.rooms[0].now.left == 50
    assert b.rooms[0].next is not None and b.rooms[0].next.topic == "release-delegation"
    assert [(p.person, p.room) for p in b.people] == [
        ("hana-kobayashi", "breakout"),
        ("ivan-petrov", "breakout"),
    ]
    assert b.next_pause is not None and b.next_pause.title == "Lunch"


def test_in_a_break(demo_dir: Path) -> None:
    b = live.board(load(demo_dir).meetup(M), at(1, 10, 40))
    assert b.state == "break" and b.pause is not None and b.pause.title == "Coffee"
    assert now_next(demo_dir, at(1, 10, 40)) == {
        "main": (None, "ptl-burnout"),
        "breakout": (None, "gate-triage"),
    }
    assert "Coffee until 11:00 (20 min)" in b.headline()


def test_before_between_day_two_and_after(demo_dir: Path) -> None:
    before = live.board(load(demo_dir).meetup(M), at(-6, 9))
    assert before.state == "before" and before.rooms[0].next is not None
    assert before.rooms[0].next.topic == "liaison-roles"
    evening = live.board(load(demo_dir).meetup(M), at(1, 18))
    assert evening.state == "day-over" and evening.day_number == 2
    assert now_next(demo_dir, at(2, 9, 20)) == {
        "main": ("oslo-adoption", "vuln-contacts"),
        "breakout": (None, None),
    }
    assert live.board(load(demo_dir).meetup(M), at(2, 14)).state == "after"
    assert live.board(load(demo_dir).meetup(M), at(4, 9)).state == "after"


def test_marks_change_what_is_on(demo_dir: Path) -> None:
    ws = load(demo_dir)
    shift.mark(ws, M, "ptl-burnout", "done")
    assert now_next(demo_dir, at(1, 11, 30))["main"] == (None, "release-delegation")
    ws = load(demo_dir)
    shift.mark(ws, M, "ptl-burnout", "started")
    over = live.board(load(demo_dir).meetup(M), at(1, 12, 10))
    assert over.rooms[0].now is not None and over.rooms[0].now.left == -10  # running over


def test_json_is_stable(demo_dir: Path) -> None:
    doc = live.board(load(demo_dir).meetup(M), at(1, 11, 10)).to_json()
    assert doc["state"] == "running" and doc["day"] == "2027-01-26"
    room = doc["rooms"][0]  # type: ignore[index]
    assert room["now"]["topic"] == "ptl-burnout" and room["now"]["minutes_left"] == 50
    assert room["next"]["topic"] == "release-delegation"


def test_live_demo_has_a_session_on_now_in_every_room(demo_at) -> None:  # type: ignore[no-untyped-def]
    from datetime import timezone

    for hour in (0, 3, 8, 12, 17, 21, 23):
        when = datetime(2027, 3, 10, hour, 7, tzinfo=timezone.utc)
        root = demo_at(when, live=True)
        b = live.board(load(root).meetup(M), when)
        assert b.state == "running", (hour, b.headline())
        assert all(r.now is not None for r in b.rooms), hour
