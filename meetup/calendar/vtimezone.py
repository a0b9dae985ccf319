"""VTIMEZONE components that Outlook, Google and Apple read alike.

icalendar's ``Timezone.from_tzinfo`` lists every transition as RDATEs, which Outlook
misreads.  Here a zone's daylight-saving rule is written the way Outlook itself writes it:
one STANDARD and one DAYLIGHT part, each with a yearly RRULE (``BYMONTH`` + ``BYDAY``),
derived from the zone's actual transitions and checked against every year the calendar
covers.  A zone without DST gets a single STANDARD part.  When no yearly weekday rule
reproduces the transitions (a zone that changed its rules in those years), each transition
becomes its own part with a DTSTART only: still no RDATE lists.
"""

from __future__ import annotations

import calendar as _calendar
import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_DAY = 86_400


@dataclass(frozen=True)
class Transition:
    """A change of UTC offset: ``local`` is the wall-clock onset in the old offset."""

    local: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    dst: bool


def _offset(zone: ZoneInfo, ts: int) -> timedelta:
    offset = datetime.fromtimestamp(ts, zone).utcoffset()
    return offset if offset is not None else timedelta(0)


def transitions(zone: ZoneInfo, year: int) -> list[Transition]:
    """Every offset change of ``zone`` during ``year``, found by a day scan then bisection."""
    start = int(datetime(year, 1, 1, tzinfo=timezone.utc).timestamp())
    end = int(datetime(year + 1, 1, 1, tzinfo=timezone.utc).timestamp())
    found: list[Transition] = []
    before = _offset(zone, start)
    ts = start
    while ts < end:
        nxt = min(ts + _DAY, end)
        after = _offset(zone, nxt)
        if after != before:
            low, high = ts, nxt  # offset(low) == before, offset(high) != before
            while high - low > 1:
                mid = (low + high) // 2
                if _offset(zone, mid) == before:
                    low = mid
                else:
                    high = mid
            moment = datetime.fromtimestamp(high, zone)
            local = datetime.fromtimestamp(high, timezone.utc).replace(tzinfo=None) + before
            found.append(
                Transition(
                    local=local,
                    offset_from=before,
                    offset_to=moment.utcoffset() or timedelta(0),
                    name=moment.tzname() or "",
                    # by the offsets, not zoneinfo's dst(): Europe/Dublin's "negative DST"
                    # makes winter the DST period there, which Outlook and vobject misread
                    dst=(moment.utcoffset() or timedelta(0)) > before,
                )
            )
            before = moment.utcoffset() or timedelta(0)
        ts = nxt
    return found


def _byday(day: date) -> str:
    """The RRULE BYDAY of ``day`` within its month: ``2SU``, or ``-1SU`` in the last week."""
    last = _calendar.monthrange(day.year, day.month)[1]
    nth = -1 if day.day + 7 > last else (day.day - 1) // 7 + 1
    return f"{nth}{_WEEKDAYS[day.weekday()]}"


def _occurrence(year: int, month: int, byday: str) -> date:
    """The date a ``BYMONTH=month;BYDAY=byday`` rule gives in ``year``."""
    nth, weekday = int(byday[:-2]), _WEEKDAYS.index(byday[-2:])
    days = [
        d
        for d in range(1, _calendar.monthrange(year, month)[1] + 1)
        if date(year, month, d).weekday() == weekday
    ]
    return date(year, month, days[nth - 1] if nth > 0 else days[nth])


@functools.lru_cache(maxsize=64)
def _parts(tzid: str, first_year: int, last_year: int) -> tuple[tuple[Any, ...], ...]:
    """The parts of the VTIMEZONE as plain tuples (cached: the scan is the slow bit)."""
    zone = ZoneInfo(tzid)
    years = range(first_year, last_year + 1)
    per_year = {year: transitions(zone, year) for year in years}
    every = [t for year in years for t in per_year[year]]
    if not every:
        moment = datetime(first_year, 1, 1, tzinfo=zone)
        offset = moment.utcoffset() or timedelta(0)
        return (("STANDARD", datetime(1970, 1, 1), offset, offset, moment.tzname() or "", None),)
    rules = _yearly_rules(per_year)
    if rules is not None:
        return rules
    opening = datetime(first_year, 1, 1, tzinfo=zone)
    offset = opening.utcoffset() or timedelta(0)
    parts: list[tuple[Any, ...]] = [
        (
            "DAYLIGHT" if (opening.dst() or timedelta(0)) > timedelta(0) else "STANDARD",
            datetime(first_year, 1, 1),
            offset,
            offset,
            opening.tzname() or "",
            None,
        )
    ]
    parts.extend(
        ("DAYLIGHT" if t.dst else "STANDARD", t.local, t.offset_from, t.offset_to, t.name, None)
        for t in every
    )
    return tuple(parts)


def _yearly_rules(per_year: dict[int, list[Transition]]) -> tuple[tuple[Any, ...], ...] | None:
    """One STANDARD and one DAYLIGHT part with yearly RRULEs, if such rules fit every year."""
    first_year = min(per_year)
    model = per_year[first_year]
    if len(model) != 2 or model[0].dst == model[1].dst:
        return None
    parts: list[tuple[Any, ...]] = []
    for index, t in enumerate(model):
        byday = _byday(t.local.date())
        for year, found in per_year.items():
            if len(found) != 2:
                return None
            other = found[index]
            expected = datetime.combine(_occurrence(year, t.local.month, byday), t.local.time())
            if (other.local, other.offset_from, other.offset_to, other.dst) != (
                expected,
                t.offset_from,
                t.offset_to,
                t.dst,
            ):
                return None
        onset = datetime.combine(_occurrence(first_year - 1, t.local.month, byday), t.local.time())
        rule = {"FREQ": "YEARLY", "BYMONTH": t.local.month, "BYDAY": byday}
        kind = "DAYLIGHT" if t.dst else "STANDARD"
        parts.append((kind, onset, t.offset_from, t.offset_to, t.name, rule))
    return tuple(parts)


def vtimezone(tzid: str, first: date, last: date) -> Any:
    """An icalendar ``Timezone`` for ``tzid`` that is right for every date in first..last."""
    from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

    component = Timezone()
    component.add("TZID", tzid)
    for kind, onset, offset_from, offset_to, name, rule in _parts(tzid, first.year, last.year):
        part = TimezoneDaylight() if kind == "DAYLIGHT" else TimezoneStandard()
        part.add("DTSTART", onset)
        part.add("TZOFFSETFROM", offset_from)
        part.add("TZOFFSETTO", offset_to)
        if name:
            part.add("TZNAME", name)
        if rule is not None:
            part.add("RRULE", rule)
        component.add_component(part)
    return component


@functools.lru_cache(maxsize=8192)
def wall_time_problem(tzid: str, day: date, minute: int) -> str | None:
    """Why ``minute`` after midnight of ``day`` is no single instant in ``tzid``, or None.

    A wall time in a DST gap does not exist (clocks jump over it); one in a fold happens
    twice.  The message names the zone's transition (``2027-03-28 02:00 -> 03:00 CEST``).
    Remembered: a load asks for the same few slot times of every session.
    """
    zone = ZoneInfo(tzid)
    naive = datetime.combine(day, datetime.min.time()) + timedelta(minutes=minute)
    first = naive.replace(tzinfo=zone, fold=0)
    second = naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return None
    for t in transitions(zone, day.year):
        before, after = t.local, t.local + (t.offset_to - t.offset_from)
        low, high = min(before, after), max(before, after)
        if low <= naive < high:
            change = f"{t.local:%Y-%m-%d %H:%M} -> {after:%H:%M} {t.name}"
            if t.offset_to > t.offset_from:
                return (
                    f"{naive:%H:%M} on {day} does not exist in {tzid}: clocks jump "
                    f"forward ({change})"
                )
            return f"{naive:%H:%M} on {day} happens twice in {tzid}: clocks go back ({change})"
    return f"{naive:%H:%M} on {day} is not a single instant in {tzid}"
