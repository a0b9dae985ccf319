"""Comparing iCalendar texts as a CalDAV server rewrites them (meetup.calendar.ics_compare)."""

from __future__ import annotations

import datetime as dt

from meetup.calendar.ics_compare import same_event
from tests.calendar.davhelp import DOMAIN, PREFIX, make_event


def test_comparison_ignores_dtstamp_folding_and_line_ends() -> None:
    uid = f"{PREFIX}x{DOMAIN}"
    long_summary = "A very long title " * 10
    a = make_event(uid, long_summary, stamp=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    b = make_event(uid, long_summary, stamp=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    unfolded = b.replace("\r\n ", "").replace("\r\n", "\n")
    assert same_event(a, unfolded)
    assert not same_event(a, make_event(uid, long_summary + "!"))
