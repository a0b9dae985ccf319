"""The detail lines of the schedule grid and the topics table at 80x24: the focused session's
whole title and the links ``meetup.agenda.links.session_links`` gives it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import DataTable

from meetup.agenda import schedule, topics
from meetup.agenda.links import session_links
from meetup.store.loading import load
from meetup.store.workspace import Workspace
from screens.app import MeetupApp, create_app
from screens.meetup import MeetupScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, until

M = "kilo-midcycle"
TABS = {"3": "topics", "4": "schedule"}


async def open_tab(app: MeetupApp, pilot: Any, tab: str) -> MeetupScreen:
    app.open_record("meetups", M)
    screen = await on_screen(pilot, MeetupScreen)
    await pilot.press(*["right_square_bracket"] * (int(tab) - 1))  # from the first tab
    await until(pilot, lambda: screen.query_one("#meetup-tabs").active == TABS[tab])
    await until(pilot, lambda: isinstance(app.focused, DataTable))
    return screen


def shown(widget: Widget) -> list[str]:
    """The lines the widget puts on the screen, as cut to its width."""
    width, height = widget.outer_size
    return [strip.text.strip() for strip in widget.render_lines(Region(0, 0, width, height))]


def pad_of(ws: Workspace, topic_id: str) -> str:
    return session_links(ws, M, ws.meetup(M).topics[topic_id]).etherpad


def showing(widget: Widget, *texts: str) -> bool:
    """Each of ``texts`` whole on one line of ``widget``, none of them cut."""
    lines = shown(widget)
    return all(any(text in line for line in lines) for text in texts)


async def test_grid_detail_follows_the_cursor(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup(M)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tab(app, pilot, "4")
        detail = screen.query_one("#grid-detail")
        first = data.topics["liaison-roles"]  # Tue 09:00, main room (which has a video link)
        video = session_links(ws, M, first).video
        assert video
        await until(pilot, lambda: showing(detail, first.title, pad_of(ws, first.id), video))
        assert any("Main room · Tue 09:00–10:00" in line for line in shown(detail))
        await pilot.press("down", "down")  # 10:00: nothing there
        await until(pilot, lambda: shown(detail)[0].startswith("Main room · Tue 10:00 · free"))
        await pilot.press("down", "down", "right")  # 11:00 in the breakout room
        gate = data.topics["gate-triage"]
        assert len(gate.title) > 22  # the cell cuts it; the detail does not
        await until(pilot, lambda: showing(detail, gate.title, pad_of(ws, gate.id)))
        assert not any("video" in line for line in shown(detail))  # that room has none
        await pilot.press("tab")  # the unplaced list: its topic's pad too
        waiting = schedule.unplaced(data)[0]
        await until(pilot, lambda: showing(detail, waiting.title, pad_of(ws, waiting.id)))
        assert "unplaced" in shown(detail)[0]


async def test_every_placed_session_shows_its_etherpad_when_focused(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup(M)
    sessions = schedule.sessions(data)
    assert len(sessions) >= 7 and {s.day for s in sessions} == {d.date for d in data.meetup.days}
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tab(app, pilot, "4")
        grid = screen.query_one("#grid", DataTable)
        detail = screen.query_one("#grid-detail")
        rooms = [r.id for r in data.meetup.rooms]
        days = [d.date for d in data.meetup.days]
        day = 0
        for s in sessions:
            while days[day] != s.day:
                await pilot.press("full_stop")  # the next day
                day += 1
            slots = schedule.slot_starts(data.meetup, s.day)
            row = max(i for i, slot in enumerate(slots) if slot <= s.start)
            column = rooms.index(s.room) + 1
            here = grid.cursor_coordinate
            rows, columns = row - here.row, column - here.column
            await pilot.press(*["down" if rows > 0 else "up"] * abs(rows))
            await pilot.press(*["right" if columns > 0 else "left"] * abs(columns))
            wanted = (s.title, pad_of(ws, s.topic))
            assert wanted[1], s.topic
            await until(pilot, lambda wanted=wanted: showing(detail, *wanted))


async def test_topics_detail_follows_the_cursor(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup(M)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tab(app, pilot, "3")
        table = screen.query_one("#topics-table", DataTable)
        detail = screen.query_one("#topics-detail")
        seen = 0
        for _ in range(len(data.topics)):
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            t = data.topics[str(key)]
            owner = ws.person_name(t.proposer) if t.proposer else "—"
            wanted = (t.title, pad_of(ws, t.id), t.status, f"by {owner}")
            await until(pilot, lambda wanted=wanted: showing(detail, *wanted))
            seen += 1
            await pilot.press("down")
        assert seen == len(data.topics)
        # An unplaced topic has its pad (the workspace's pattern), and no video.
        await pilot.press("home")
        await pilot.press("slash", *"program technical lead", "enter")
        unplaced = data.topics["ptl-vs-program-lead"]
        assert unplaced.placement is None
        await until(pilot, lambda: showing(detail, unplaced.title, pad_of(ws, unplaced.id)))
        assert not any("video" in line for line in shown(detail))


async def test_titles_with_brackets_are_not_markup(demo_dir: Path) -> None:
    ws = load(demo_dir)
    title = "Kilo [b]mid[/b]-cycle [link=x]notes[/link] and [bold]"
    draft = topics.draft_of(ws.meetup(M).topics["liaison-roles"])
    draft.title = title
    topics.edit(ws, M, "liaison-roles", draft)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_tab(app, pilot, "4")
        await until(pilot, lambda: showing(screen.query_one("#grid-detail"), title))
        await pilot.press("left_square_bracket")  # back to the topics tab
        await until(pilot, lambda: screen.query_one("#meetup-tabs").active == "topics")
        await until(pilot, lambda: showing(screen.query_one("#topics-detail"), title))
