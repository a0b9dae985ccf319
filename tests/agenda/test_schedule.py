"""Placing topics on a meetup's schedule (meetup.agenda.schedule)."""

from __future__ import annotations

from datetime import date, time

import pytest

from meetup.agenda import schedule
from meetup.store.errors import InvalidInput
from meetup.store.loading import load
from meetup.store.records import Placement
from meetup.store.workspace import Workspace

M = "kilo-midcycle"
TUE = date(2027, 1, 26)


def test_place_refuses_outside_hours_and_bumps_sequence(ws: Workspace) -> None:
    with pytest.raises(InvalidInput):
        schedule.place(ws, M, "stable-branch-liaisons", TUE, time(18, 0), "main")
    with pytest.raises(InvalidInput):
        schedule.place(ws, M, "stable-branch-liaisons", TUE, time(9, 0), "attic")
    placed = schedule.place(ws, M, "stable-branch-liaisons", TUE, time(14, 30), "breakout")
    assert placed.sequence == 1
    moved = schedule.place(ws, M, "stable-branch-liaisons", TUE, time(16, 0), "breakout")
    assert moved.sequence == 2
    assert load(ws.root).meetup(M).topics["stable-branch-liaisons"].placement == Placement(
        day=TUE, start=time(16, 0), room="breakout"
    )
    assert schedule.unschedule(ws, M, "stable-branch-liaisons").sequence == 3
