"""Every kind of schedule conflict, on the demo meetup (meetup.agenda.conflicts)."""

from __future__ import annotations

from datetime import date, time

import msgspec

from meetup.agenda import conflicts, schedule
from meetup.store.records import Placement
from meetup.store.workspace import Workspace

M = "kilo-midcycle"
TUE = date(2027, 1, 26)
WED = date(2027, 1, 27)


def kinds(ws: Workspace) -> set[str]:
    return {c.kind for c in conflicts.conflicts(ws.meetup(M))}


def force(ws: Workspace, topic_id: str, **fields: object) -> None:
    """Write a topic as a hand edit would (bypassing place()'s checks)."""
    data = ws.meetup(M)
    topic = msgspec.structs.replace(data.topics[topic_id], **fields)
    data.topics[topic_id] = topic


def test_demo_has_no_conflicts(ws: Workspace) -> None:
    assert conflicts.conflicts(ws.meetup(M)) == []


def test_room_double_booked(ws: Workspace) -> None:
    schedule.place(ws, M, "ptl-vs-program-lead", TUE, time(9, 0), "main")
    found = [c for c in conflicts.conflicts(ws.meetup(M)) if c.kind == "room-double-booked"]
    assert [set(c.topics) for c in found] == [{"liaison-roles", "ptl-vs-program-lead"}]
    assert found[0].room == "main" and found[0].hard


def test_person_double_booked(ws: Workspace) -> None:
    # bug-rotation requires marcus-bell; put a topic needing him in the other room at 13:30
    force(ws, "ptl-vs-program-lead", required=["marcus-bell"])
    schedule.place(ws, M, "ptl-vs-program-lead", TUE, time(14, 0), "main")
    schedule.unschedule(ws, M, "release-delegation")
    found = [c for c in conflicts.conflicts(ws.meetup(M)) if c.kind == "person-double-booked"]
    assert len(found) == 1 and found[0].person == "marcus-bell"


def test_person_declined(ws: Workspace) -> None:
    force(ws, "vuln-contacts", required=["eitan-mizrahi"])  # declined in the demo
    assert "person-declined" in kinds(ws)


def test_person_not_invited(ws: Workspace) -> None:
    force(ws, "vuln-contacts", required=["aiko-sato"])
    found = [c for c in conflicts.conflicts(ws.meetup(M)) if c.kind == "person-not-invited"]
    assert found[0].person == "aiko-sato" and not found[0].hard


def test_overlaps_break(ws: Workspace) -> None:
    schedule.place(ws, M, "stable-branch-liaisons", TUE, time(10, 0), "breakout")
    assert conflicts.conflicts(ws.meetup(M)) == []
    schedule.place(ws, M, "ptl-vs-program-lead", WED, time(10, 0), "breakout")  # 60 min
    assert kinds(ws) == {"overlaps-break"}


def test_past_the_days_end(ws: Workspace) -> None:
    schedule.place(ws, M, "ptl-vs-program-lead", WED, time(15, 30), "breakout")
    assert kinds(ws) == {"outside-day"}


def test_before_the_days_start(ws: Workspace) -> None:
    force(ws, "vuln-contacts", placement=Placement(day=WED, start=time(8, 0), room="main"))
    assert kinds(ws) == {"outside-day"}


def test_not_a_meetup_day(ws: Workspace) -> None:
    force(
        ws, "vuln-contacts", placement=Placement(day=date(2027, 1, 28), start=time(9), room="main")
    )
    assert kinds(ws) == {"not-a-meetup-day"}


def test_unknown_room(ws: Workspace) -> None:
    force(ws, "vuln-contacts", placement=Placement(day=WED, start=time(11), room="attic"))
    assert kinds(ws) == {"unknown-room"}


def test_not_accepted(ws: Workspace) -> None:
    force(ws, "vuln-contacts", status="deferred")
    assert kinds(ws) == {"not-accepted"}
