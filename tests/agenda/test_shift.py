"""Running late: shift the rest of a room's day, conflicts first, one write, undo; marks."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import msgspec
import pytest

from meetup.agenda import schedule, shift
from meetup.store.errors import InvalidInput, StaleWriteError
from meetup.store.loading import load

M = "kilo-midcycle"
D1 = date(2027, 1, 26)


def starts(root: Path) -> dict[str, str]:
    return {
        t.id: f"{t.placement.day} {t.placement.start:%H:%M} {t.placement.room}"
        for t in load(root).meetup(M).topics.values()
        if t.placement is not None
    }


def test_main_room_15_minutes_from_11_moves_exactly_the_later_sessions(demo_dir: Path) -> None:
    before = starts(demo_dir)
    ws = load(demo_dir)
    change = shift.plan_shift(ws, M, "main", D1, time(11), 15)
    assert [m.topic for m in change.moves] == ["ptl-burnout", "release-delegation"]
    assert starts(demo_dir) == before  # planning writes nothing
    assert change.conflicts == ()
    assert change.affected == {"victor-leclerc": ("release-delegation",)}
    shift.apply(ws, change)
    after = starts(demo_dir)
    moved = {k for k in after if after[k] != before[k]}
    assert moved == {"ptl-burnout", "release-delegation"}
    assert after["ptl-burnout"] == "2027-01-26 11:15 main"
    assert after["release-delegation"] == "2027-01-26 13:45 main"
    topics = load(demo_dir).meetup(M).topics
    assert topics["ptl-burnout"].sequence == 1  # calendars see the new time
    shift.undo(ws, change)
    assert starts(demo_dir) == before
    assert load(demo_dir).meetup(M).topics["ptl-burnout"].sequence == 2


def test_pushed_into_lunch_or_past_the_days_end_is_a_conflict(demo_dir: Path) -> None:
    ws = load(demo_dir)
    lunch = shift.plan_shift(ws, M, "main", D1, time(11), 45)
    kinds = {(c.kind, c.topics) for c in lunch.conflicts}
    assert ("overlaps-break", ("ptl-burnout",)) in kinds
    late = shift.plan_shift(ws, M, "main", D1, time(13), 210)
    assert [c.kind for c in late.conflicts] == ["outside-day"]
    assert "release-delegation" in late.conflicts[0].topics
    assert "outside the day's hours" in late.summary()


def test_person_in_two_places_is_a_conflict(demo_dir: Path) -> None:
    ws = load(demo_dir)
    # hana-kobayashi is required by gate-triage (breakout 11:00); move liaison-roles onto it
    topic = ws.meetup(M).topics["liaison-roles"]
    ws.save_topic(M, msgspec.structs.replace(topic, required=["hana-kobayashi"]))
    change = shift.plan_shift(ws, M, "main", D1, time(9), 120)
    assert any(c.kind == "person-double-booked" for c in change.conflicts)


def test_a_stale_file_refuses_the_whole_shift(demo_dir: Path) -> None:
    ws = load(demo_dir)
    change = shift.plan_shift(ws, M, "main", D1, time(11), 15)
    other = load(demo_dir)
    schedule.set_pinned(other, M, "release-delegation", True)  # someone else saves meanwhile
    with pytest.raises(StaleWriteError):
        shift.apply(ws, change)
    assert load(demo_dir).meetup(M).topics["ptl-burnout"].placement.start == time(11)  # type: ignore[union-attr]


def test_bad_input(demo_dir: Path) -> None:
    ws = load(demo_dir)
    with pytest.raises(InvalidInput, match="unknown room"):
        shift.plan_shift(ws, M, "attic", D1, time(11), 15)
    with pytest.raises(InvalidInput, match="not a day"):
        shift.plan_shift(ws, M, "main", date(2027, 1, 28), time(11), 15)
    with pytest.raises(InvalidInput, match="HH:MM"):
        shift.parse_hhmm("eleven")


def test_skipped_becomes_unplaced_with_its_votes_and_undo(demo_dir: Path) -> None:
    ws = load(demo_dir)
    votes = list(ws.meetup(M).topics["ptl-burnout"].votes)
    change = shift.mark(ws, M, "ptl-burnout", "skipped")
    data = load(demo_dir).meetup(M)
    assert "ptl-burnout" in [t.id for t in schedule.unplaced(data)]
    assert data.topics["ptl-burnout"].votes == votes
    shift.undo(ws, change)
    assert load(demo_dir).meetup(M).topics["ptl-burnout"].placement is not None


def test_started_and_done(demo_dir: Path) -> None:
    ws = load(demo_dir)
    shift.mark(ws, M, "ptl-burnout", "started")
    assert load(demo_dir).meetup(M).topics["ptl-burnout"].progress == "started"
    shift.mark(ws, M, "ptl-burnout", "done")
    change = shift.plan_shift(ws, M, "main", D1, time(11), 15)
    assert [m.topic for m in change.moves] == ["release-delegation"]  # done ones stay
    shift.mark(ws, M, "ptl-burnout", "none")
    assert load(demo_dir).meetup(M).topics["ptl-burnout"].progress is None


def test_minutes_are_bounded_and_leaving_the_day_is_said_in_words(demo_dir: Path) -> None:
    ws = load(demo_dir)
    with pytest.raises(InvalidInput, match="at most 600 minutes") as big:
        shift.plan_shift(ws, M, "main", D1, time(13), 99999999999)
    assert big.value.field == "by"
    with pytest.raises(InvalidInput) as late:
        shift.plan_shift(ws, M, "main", D1, time(13), 600)
    assert late.value.field == "by"
    assert "Running 600 minutes late would push 'Delegating release" in str(late.value)
    assert "release-delegation" not in str(late.value)
    with pytest.raises(InvalidInput, match=r"earlier would pull .* before midnight"):
        shift.plan_shift(ws, M, "main", D1, time(9), -600)
