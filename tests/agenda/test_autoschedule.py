"""The automatic scheduler: exact optimum on small instances, rules, determinism, reasons."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from meetup.agenda import autoschedule, conflicts, schedule
from meetup.store.records import Attendee, Break, Day, Meetup, Placement, Room, Topic
from meetup.store.workspace import MeetupData

D1, D2 = date(2027, 3, 1), date(2027, 3, 2)
PEOPLE = ["ann", "bob", "cat", "dan"]


def meetup_data(
    topics: list[Topic],
    *,
    days: list[Day] | None = None,
    rooms: list[Room] | None = None,
    breaks: list[Break] | None = None,
) -> MeetupData:
    m = Meetup(
        id="m",
        title="M",
        days=days or [Day(date=D1, start=time(9), end=time(11))],
        rooms=rooms or [Room(id="big", name="Big", capacity=30), Room(id="small", name="S")],
        breaks=breaks or [],
        attendees=[Attendee(person=p, rsvp="accepted") for p in PEOPLE],
    )
    return MeetupData(m, {t.id: t for t in topics})


def topic(
    ident: str,
    votes: int = 0,
    duration: int = 30,
    required: tuple[str, ...] = (),
    placement: Placement | None = None,
) -> Topic:
    return Topic(
        id=ident,
        title=ident.upper(),
        duration=duration,
        required=list(required),
        votes=[f"v{i}" for i in range(votes)],
        status="accepted",
        placement=placement,
    )


# ------------------------------------------------------------------ brute force


def brute_force(data: MeetupData) -> dict[str, tuple[date, int, str]]:
    """The exact optimum by enumerating every assignment of every movable topic.

    Objective, independent of the scheduler's code: minimize
    (tuple(topic unplaced? for topics in priority order),
     tuple(rank of the cell of each placed topic, in priority order)),
    cells ranked by (day, start, room by capacity desc then meetup order).
    """
    m = data.meetup
    rooms = [r.id for _, r in sorted(enumerate(m.rooms), key=lambda x: (-x[1].capacity, x[0]))]
    cells = [
        (d.date, s, r)
        for d in sorted(m.days, key=lambda d: d.date)
        for s in range(schedule.minutes(d.start), schedule.minutes(d.end), m.slot_minutes)
        for r in rooms
    ]
    ends = {d.date: schedule.minutes(d.end) for d in m.days}
    pauses = [(b.day, schedule.minutes(b.start), schedule.minutes(b.end)) for b in m.breaks]
    fixed = [t for t in data.topics.values() if t.placement is not None and t.placement.pinned]
    movable = sorted(
        (t for t in data.topics.values() if t not in fixed), key=lambda t: (-len(t.votes), t.id)
    )
    sessions: list[tuple[date, int, int, str, set[str]]] = []
    for t in fixed:
        assert t.placement is not None
        s = schedule.minutes(t.placement.start)
        sessions.append((t.placement.day, s, s + t.duration, t.placement.room, set(t.required)))

    def fits(t: Topic, cell: tuple[date, int, str]) -> bool:
        day, s, room = cell
        e = s + t.duration
        if e > ends[day]:
            return False
        if any((bd is None or bd == day) and s < be and bs < e for bd, bs, be in pauses):
            return False
        return not any(
            d == day and s < oe and os < e and (r == room or people & set(t.required))
            for d, os, oe, r, people in sessions
        )

    best: list[Any] = [None, None]

    def rec(k: int, chosen: list[int | None]) -> None:
        if k == len(movable):
            key = (
                tuple(c is None for c in chosen),
                tuple(c for c in chosen if c is not None),
            )
            if best[0] is None or key < best[0]:
                best[0], best[1] = key, list(chosen)
            return
        t = movable[k]
        for rank, cell in enumerate(cells):
            if fits(t, cell):
                day, s, room = cell
                sessions.append((day, s, s + t.duration, room, set(t.required)))
                rec(k + 1, [*chosen, rank])
                sessions.pop()
        rec(k + 1, [*chosen, None])

    rec(0, [])
    return {
        t.id: cells[c]
        for t, c in zip(movable, best[1])
        if c is not None  # type: ignore[union-attr]
    }


def planned(result: autoschedule.Plan, data: MeetupData) -> dict[str, tuple[date, int, str]]:
    return {
        tid: (p.day, schedule.minutes(p.start), p.room)
        for tid, p in result.placements.items()
        if not (data.topics[tid].placement and data.topics[tid].placement.pinned)  # type: ignore[union-attr]
    }


@st.composite
def instances(draw: st.DrawFn) -> MeetupData:
    ndays = draw(st.integers(1, 2))
    slots = draw(st.integers(2, 4))
    days = [
        Day(date=d, start=time(9), end=schedule.time_of_day(9 * 60 + 30 * slots))
        for d in (D1, D2)[:ndays]
    ]
    nrooms = draw(st.integers(1, 2))
    rooms = [
        Room(id=f"r{i}", name=f"R{i}", capacity=draw(st.sampled_from([0, 10, 20])))
        for i in range(nrooms)
    ]
    breaks = []
    if draw(st.booleans()):
        at = draw(st.integers(1, max(1, slots - 1)))
        breaks.append(
            Break(
                start=schedule.time_of_day(9 * 60 + 30 * at),
                end=schedule.time_of_day(9 * 60 + 30 * at + 30),
                day=draw(st.sampled_from([None, D1])),
            )
        )
    topics = []
    for i in range(draw(st.integers(1, 5))):
        placement = None
        if draw(st.integers(0, 4)) == 0:  # sometimes already placed, sometimes pinned
            placement = Placement(
                day=days[0].date,
                start=schedule.time_of_day(9 * 60 + 30 * draw(st.integers(0, slots - 1))),
                room=rooms[draw(st.integers(0, nrooms - 1))].id,
                pinned=draw(st.booleans()),
            )
        topics.append(
            topic(
                f"t{i}",
                votes=draw(st.integers(0, 3)),
                duration=draw(st.sampled_from([30, 30, 60, 90])),
                required=tuple(draw(st.lists(st.sampled_from(PEOPLE), max_size=2, unique=True))),
                placement=placement,
            )
        )
    return meetup_data(topics, days=days, rooms=rooms, breaks=breaks)


@settings(max_examples=200, deadline=None)
@given(instances())
def test_plan_equals_brute_force_optimum(data: MeetupData) -> None:
    result = autoschedule.plan(data)
    assert result.score.proven
    assert planned(result, data) == brute_force(data)


@settings(max_examples=100, deadline=None)
@given(instances())
def test_plan_has_no_hard_conflict_unless_pinned(data: MeetupData) -> None:
    after = autoschedule.preview(data, autoschedule.plan(data))
    pinned = {t.id for t in data.topics.values() if t.placement and t.placement.pinned}
    for c in conflicts.conflicts(after):
        assert not c.hard or set(c.topics) <= pinned, c


# ------------------------------------------------------------------ rules


def test_most_voted_first_into_best_cell() -> None:
    data = meetup_data([topic("a", votes=1), topic("b", votes=5), topic("c", votes=5)])
    result = autoschedule.plan(data)
    got = planned(result, data)
    assert got["b"] == (D1, 540, "big")  # 5 votes, id b < c
    assert got["c"] == (D1, 540, "small")
    assert got["a"] == (D1, 570, "big")


def test_pinned_stays_and_blocks() -> None:
    pin = Placement(day=D1, start=time(9), room="big", pinned=True)
    data = meetup_data([topic("p", placement=pin, required=("ann",)), topic("x", 9, 30, ("ann",))])
    result = autoschedule.plan(data)
    assert result.placements["p"] == pin
    assert all(m.topic != "p" for m in result.moves)
    assert planned(result, data)["x"] == (D1, 570, "big")


def test_keep_existing_only_fills_gaps() -> None:
    where = Placement(day=D1, start=time(10), room="small")
    data = meetup_data([topic("low", 0, placement=where), topic("high", 9)])
    moved = autoschedule.plan(data)
    assert {m.topic for m in moved.moves} == {"low", "high"}
    kept = autoschedule.plan(data, keep_existing=True)
    assert [m.topic for m in kept.moves] == ["high"]
    assert kept.placements["low"] == where


def test_breaks_respected_and_too_long_explained() -> None:
    data = meetup_data(
        [topic("short", 3, 30), topic("long", 2, 90)],
        breaks=[Break(title="Coffee", start=time(10), end=time(10, 30))],
    )
    result = autoschedule.plan(data)
    assert planned(result, data)["short"] == (D1, 540, "big")
    [left] = result.unplaced
    assert left.topic == "long"
    kinds = [r.kind for r in left.reasons]
    assert kinds == ["too-long", "break"]
    assert left.reasons[1].message == "would overlap Coffee 10:00-10:30"
    assert "longest stretch between breaks is 60 min" in left.reasons[0].message


def test_person_busy_explained() -> None:
    data = meetup_data(
        [topic(f"t{i}", 9 - i, 60, ("ann",)) for i in range(3)],
        rooms=[Room(id="a", name="A"), Room(id="b", name="B")],
    )
    result = autoschedule.plan(data)
    sessions = schedule.sessions(autoschedule.preview(data, result))
    assert [(s.topic, s.start) for s in sessions] == [("t0", 540), ("t1", 600)]
    [left] = result.unplaced
    assert left.topic == "t2"
    [reason] = left.reasons
    assert (reason.kind, reason.person, reason.topics) == ("person-busy", "ann", ("t0", "t1"))
    assert reason.message == "ann is busy in t0, t1"


def test_no_room_explained() -> None:
    data = meetup_data([topic(f"t{i}", 0, 60) for i in range(5)])
    result = autoschedule.plan(data)
    [left] = result.unplaced
    assert left.topic == "t4"
    assert [r.kind for r in left.reasons] == ["no-room"]
    assert left.reasons[0].topics == ("t0", "t1", "t2", "t3")


REPAIR = [
    topic("t3", 3, 90),
    topic("t0", 1, 30),
    topic("t1", 1, 60, ("cat",)),
    topic("t2", 0, 60, ("bob", "ann")),
]
"""The greedy pass fills 09:00 with t3 and t0 and puts t1 at 09:30, leaving t2 (ann and
bob, 60 min) only 30-minute holes: the exact repair moves t0 and t1 to make room."""


def test_repair_moves_placed_topics_to_fit_one_more() -> None:
    rooms = [Room(id="x", name="X"), Room(id="y", name="Y")]
    data = meetup_data(REPAIR, rooms=rooms)
    greedy = autoschedule.plan(data, node_budget=0, total_budget=0)
    assert [u.topic for u in greedy.unplaced] == ["t2"]
    result = autoschedule.plan(data)
    assert result.unplaced == ()
    assert result.score.proven
    after = autoschedule.preview(data, result)
    assert not [c for c in conflicts.conflicts(after) if c.hard]


def test_person_never_double_booked() -> None:
    topics = [topic(f"t{i}", i % 4, 30 * (1 + i % 3), (PEOPLE[i % 3], "dan")) for i in range(9)]
    data = meetup_data(topics, days=[Day(date=D1), Day(date=D2)])
    after = autoschedule.preview(data, autoschedule.plan(data))
    assert not [c for c in conflicts.conflicts(after) if c.kind == "person-double-booked"]
    dan = [s for s in schedule.sessions(after) if "dan" in s.required]
    assert len(dan) == 9


def test_deterministic_and_independent_of_dict_order() -> None:
    topics = [topic(f"t{i}", i % 3, 30 * (1 + i % 2), (PEOPLE[i % 4],)) for i in range(12)]
    one = autoschedule.plan(meetup_data(topics))
    two = autoschedule.plan(meetup_data(list(reversed(topics))))
    assert one == two


def test_no_days_or_rooms() -> None:
    data = meetup_data([topic("a")], rooms=[Room(id="r", name="R")])
    data.meetup = Meetup(id="m", title="M")
    [left] = autoschedule.plan(data).unplaced
    assert left.reasons[0].kind == "no-grid"


def test_search_limit_is_reported() -> None:
    rooms = [Room(id="x", name="X"), Room(id="y", name="Y")]
    result = autoschedule.plan(meetup_data(REPAIR, rooms=rooms), node_budget=1, total_budget=1)
    assert not result.score.proven
    [left] = result.unplaced
    assert left.topic == "t2"
    assert [r.kind for r in left.reasons][-1] == "search-limit"


def test_time_budget_stops_the_search_and_says_so() -> None:
    rooms = [Room(id="x", name="X"), Room(id="y", name="Y")]
    result = autoschedule.plan(meetup_data(REPAIR, rooms=rooms), seconds=0.0)
    assert result.score.stopped == "time"
    assert not result.score.proven
    assert [r.kind for r in result.unplaced[0].reasons][-1] == "search-limit"
    unbounded = autoschedule.plan(meetup_data(REPAIR, rooms=rooms), seconds=None)
    assert unbounded.score.stopped == "" and unbounded.score.proven


def test_explanations_from_one_index_equal_a_fresh_one_per_topic() -> None:
    data = meetup_data(REPAIR, rooms=[Room(id="x", name="X")])
    result = autoschedule.plan(data)
    for u in result.unplaced:
        alone = autoschedule.explain(data, data.topics[u.topic], result.placements)
        assert alone == u.reasons
