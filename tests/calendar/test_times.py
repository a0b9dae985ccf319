"""Times that calendars read alike: DST gaps and folds refused, negative-DST zones."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import msgspec
import pytest

from meetup.agenda import schedule
from meetup.calendar.export import export_meetup
from meetup.calendar.vtimezone import wall_time_problem
from meetup.store.errors import InvalidInput
from meetup.store.loading import load
from meetup.store.records import Day
from tests.ical_checks import assert_valid

M = "kilo-midcycle"


def test_gap_and_fold_are_named() -> None:
    gap = wall_time_problem("Europe/Paris", date(2027, 3, 28), 2 * 60 + 30)
    assert gap is not None and "does not exist" in gap and "2027-03-28 02:00 -> 03:00" in gap
    fold = wall_time_problem("Europe/Paris", date(2027, 10, 31), 2 * 60 + 30)
    assert fold is not None and "happens twice" in fold and "CET" in fold
    assert wall_time_problem("Europe/Paris", date(2027, 3, 28), 4 * 60) is None
    assert wall_time_problem("UTC", date(2027, 3, 28), 2 * 60 + 30) is None


def _meetup_on(demo_dir: Path, day: date, tz: str) -> None:
    ws = load(demo_dir)
    meetup = ws.meetup(M).meetup
    days = [Day(date=day, start=time(0), end=time(23, 0))]
    for topic in ws.meetup(M).topics.values():
        if topic.placement is not None:
            ws.save_topic(M, msgspec.structs.replace(topic, placement=None))
    ws.save_meetup(msgspec.structs.replace(meetup, days=days, timezone=tz))


def test_session_in_a_dst_gap_is_refused(demo_dir: Path) -> None:
    _meetup_on(demo_dir, date(2027, 3, 28), "Europe/Paris")
    ws = load(demo_dir)
    room = ws.meetup(M).meetup.rooms[0].id
    with pytest.raises(InvalidInput, match=r"does not exist in Europe/Paris.*02:00 -> 03:00"):
        schedule.place(ws, M, "gate-triage", date(2027, 3, 28), time(2, 15), room)
    with pytest.raises(InvalidInput, match="end"):  # ends inside the gap
        schedule.place(ws, M, "gate-triage", date(2027, 3, 28), time(1, 30), room)
    schedule.place(ws, M, "gate-triage", date(2027, 3, 28), time(3, 0), room)


def test_session_in_a_fold_is_refused(demo_dir: Path) -> None:
    _meetup_on(demo_dir, date(2027, 10, 31), "Europe/Paris")
    ws = load(demo_dir)
    room = ws.meetup(M).meetup.rooms[0].id
    with pytest.raises(InvalidInput, match="happens twice"):
        schedule.place(ws, M, "gate-triage", date(2027, 10, 31), time(2, 0), room)


@pytest.mark.parametrize("day", [date(2027, 7, 14), date(2027, 1, 14)])
def test_dublin_vtimezone_read_alike_by_vobject_and_icalendar(demo_dir: Path, day: date) -> None:
    import vobject

    _meetup_on(demo_dir, day, "Europe/Dublin")
    ws = load(demo_dir)
    room = ws.meetup(M).meetup.rooms[0].id
    schedule.place(ws, M, "gate-triage", day, time(10, 0), room)
    text = export_meetup(load(demo_dir), M, tz="Europe/Dublin").text
    cal = assert_valid(text, "publish")
    expected = datetime.combine(day, time(10), tzinfo=ZoneInfo("Europe/Dublin"))
    summer = day.month == 7
    (tz,) = cal.walk("VTIMEZONE")
    parts = {c.name: c for c in tz.subcomponents}
    assert str(parts["DAYLIGHT"]["TZNAME"]) == "IST"  # summer is DAYLIGHT (Outlook's way)
    assert str(parts["STANDARD"]["TZNAME"]) == "GMT"
    event = next(e for e in cal.walk("VEVENT") if "gate-triage" in str(e["UID"]))
    assert event.decoded("DTSTART").astimezone(timezone.utc) == expected.astimezone(timezone.utc)
    parsed = vobject.readOne(text)
    found = next(e for e in parsed.vevent_list if "gate-triage" in e.uid.value)
    start = found.dtstart.value
    assert start.utcoffset() == (timedelta(hours=1) if summer else timedelta(0))
    assert start.astimezone(timezone.utc) == expected.astimezone(timezone.utc)
