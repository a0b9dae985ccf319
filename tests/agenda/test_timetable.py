"""The rooms x slots grid of a day (meetup.agenda.timetable)."""

from __future__ import annotations

from datetime import date, time

from meetup.agenda import schedule, timetable
from meetup.store.workspace import Workspace

M = "kilo-midcycle"
TUE = date(2027, 1, 26)


def test_grid_shows_sessions_continuations_and_breaks(ws: Workspace) -> None:
    g = timetable.grid(ws.meetup(M), TUE)
    assert g.slots[0] == 9 * 60 and g.slots[-1] == 17 * 60
    assert [r for r, _ in g.rooms] == ["main", "breakout"]
    first = g.cell(9 * 60, "main")
    assert first.kind == "topic" and first.topics == ("liaison-roles",)
    assert g.cell(9 * 60 + 30, "main").kind == "continuation"
    assert g.cell(9 * 60, "breakout").kind == "empty"
    assert g.cell(10 * 60 + 30, "breakout") == timetable.Cell("break", title="Coffee")
    assert not any(c.conflict for c in g.cells.values())


def test_grid_flags_conflicting_cells(ws: Workspace) -> None:
    schedule.place(ws, M, "ptl-vs-program-lead", TUE, time(9, 30), "main")
    g = timetable.grid(ws.meetup(M), TUE)
    cell = g.cell(9 * 60 + 30, "main")
    assert cell.conflict and set(cell.topics) == {"liaison-roles", "ptl-vs-program-lead"}
    assert cell.kind == "topic"
    assert g.cell(9 * 60, "main").conflict
