"""The live view: Pilot tests and snapshots at fixed times (before, in a session, in a
break, after the last session, on day 2), at 80x24 and a projector's 120x40."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from meetup.store.loading import load
from screens.app import create_app
from screens.live import LiveScreen, RoomPanel
from screens.minutes import MinutesScreen
from tests.uihelp import on_screen, text_of, until

M = "kilo-midcycle"
PARIS = ZoneInfo("Europe/Paris")
TIMES = {
    "before": datetime(2027, 1, 20, 9, 0, tzinfo=PARIS),
    "session": datetime(2027, 1, 26, 11, 10, tzinfo=PARIS),
    "break": datetime(2027, 1, 26, 12, 40, tzinfo=PARIS),
    "after-last": datetime(2027, 1, 26, 16, 0, tzinfo=PARIS),
    "day2": datetime(2027, 1, 27, 9, 20, tzinfo=PARIS),
}


def app_at(root: Path, when: datetime) -> Any:
    return create_app(root, clock=lambda: when)


def live_view(pilot: Pilot[Any]) -> LiveScreen:
    screen = pilot.app.screen
    assert isinstance(screen, LiveScreen)
    return screen


def panel_text(pilot: Pilot[Any], room: str) -> str:
    return str(pilot.app.screen.query_one(f"#room-{room}", RoomPanel).render())


async def open_live(pilot: Pilot[Any]) -> None:
    await pilot.press("L")
    await on_screen(pilot, LiveScreen)


async def test_L_from_the_dashboard_shows_now_and_next(demo_dir: Path) -> None:
    async with app_at(demo_dir, TIMES["session"]).run_test(size=(80, 24)) as pilot:
        await open_live(pilot)
        main, breakout = panel_text(pilot, "main"), panel_text(pilot, "breakout")
        assert "PTL burnout and succession planning" in main and "50 min left" in main
        assert "Delegating release management" in main  # next
        assert "Gate failure triage" in breakout and "A bug triage rotation" in breakout
        people = str(pilot.app.screen.query_one("#live-people").render())
        assert "Ivan Petrov (Breakout room)" in people


async def test_the_clock_ticks_without_reading_the_disk(demo_dir: Path) -> None:
    now = [TIMES["session"]]
    app = create_app(demo_dir, clock=lambda: now[0])
    async with app.run_test(size=(80, 24)) as pilot:
        await open_live(pilot)
        (demo_dir / "meetups" / M / "topics" / "ptl-burnout.toml").unlink()  # not read again
        now[0] = TIMES["break"]
        live_view(pilot).tick()
        await until(
            pilot,
            lambda: "Lunch until 13:30" in str(pilot.app.screen.query_one("#live-clock").render()),
        )
        assert "Nothing on now" in panel_text(pilot, "main")


async def test_running_late_previews_applies_and_undoes(demo_dir: Path) -> None:
    async with app_at(demo_dir, TIMES["session"]).run_test(size=(80, 24)) as pilot:
        await open_live(pilot)
        await pilot.press("r")
        await until(pilot, lambda: pilot.app.screen.__class__.__name__ == "PromptDialog")
        pilot.app.screen.query_one("#minutes", Input).value = "45"
        await pilot.press("enter")  # from 13:30 (the next session): 45 min later
        await until(pilot, lambda: pilot.app.screen.__class__.__name__ == "ConfirmDialog")
        question = text_of(pilot.app.screen.query_one("#confirm-question"))
        assert "13:30 → 14:15  Delegating release" in question
        assert "overlaps Coffee" in question and "Victor Leclerc" in question
        await pilot.press("y")
        await on_screen(pilot, LiveScreen)
        start = load(demo_dir).meetup(M).topics["release-delegation"].placement.start  # type: ignore[union-attr]
        assert f"{start:%H:%M}" == "14:15"
        assert "14:15-15:15" in panel_text(pilot, "main")
        await pilot.press("z")
        await until(pilot, lambda: "13:30-14:30" in panel_text(pilot, "main"))
        start = load(demo_dir).meetup(M).topics["release-delegation"].placement.start  # type: ignore[union-attr]
        assert f"{start:%H:%M}" == "13:30"


async def test_marks_and_skip(demo_dir: Path) -> None:
    async with app_at(demo_dir, TIMES["session"]).run_test(size=(80, 24)) as pilot:
        await open_live(pilot)
        pilot.app.screen.query_one("#room-main").focus()
        await pilot.press("t")
        await until(pilot, lambda: "✓" in panel_text(pilot, "main"))
        await pilot.press("c")
        await until(pilot, lambda: "Nothing on now" in panel_text(pilot, "main"))
        assert load(demo_dir).meetup(M).topics["ptl-burnout"].progress == "done"
        pilot.app.screen.query_one("#room-breakout").focus()
        await pilot.press("k")
        await until(pilot, lambda: "Gate failure triage" not in panel_text(pilot, "breakout"))
        assert load(demo_dir).meetup(M).topics["gate-triage"].placement is None
        await pilot.press("z")
        await until(pilot, lambda: "Gate failure triage" in panel_text(pilot, "breakout"))


async def test_notes_and_action_items_in_the_room(demo_dir: Path) -> None:
    async with app_at(demo_dir, TIMES["session"]).run_test(size=(80, 24)) as pilot:
        await open_live(pilot)
        pilot.app.screen.query_one("#room-breakout").focus()
        await pilot.press("a")
        await until(pilot, lambda: pilot.app.screen.__class__.__name__ == "ActionItemDialog")
        form = pilot.app.screen
        form.query_one("#title").value = "Post the triage rota"  # type: ignore[attr-defined]
        form.query_one("#owner").value = "ivan-petrov"  # type: ignore[attr-defined]
        form.query_one("#due").value = "2027-02-01"  # type: ignore[attr-defined]
        form.query_one("#issue").value = "gate-instability"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await on_screen(pilot, LiveScreen)
        ws = load(demo_dir)
        action = next(a for a in ws.meetup(M).actions.values() if a.title == "Post the triage rota")
        assert (action.topic, action.owner, action.issue) == (
            "gate-triage",
            "ivan-petrov",
            "gate-instability",
        )
        assert f"{M}/{action.id}" in ws.issues["gate-instability"].actions
        await pilot.press("enter")
        await on_screen(pilot, MinutesScreen)
        minutes = pilot.app.screen
        assert isinstance(minutes, MinutesScreen) and minutes.topic_id == "gate-triage"
        assert minutes.focused is minutes.editor


async def test_live_from_a_meetup_screen_and_the_palette(demo_dir: Path) -> None:
    async with app_at(demo_dir, TIMES["day2"]).run_test(size=(80, 24)) as pilot:
        pilot.app.open_record("meetups", M)
        await until(pilot, lambda: pilot.app.screen.__class__.__name__ == "MeetupScreen")
        await open_live(pilot)
        assert "Oslo library adoption" in panel_text(pilot, "main")
        titles = [t for t, _, _ in pilot.app.screen_stack[-2].palette_commands()]
        assert "Live: now and next" in titles


@pytest.mark.parametrize("moment", list(TIMES))
def test_live_snapshot(snap_compare: Any, demo_dir: Path, moment: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_live(pilot)

    app = app_at(demo_dir, TIMES[moment])
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("moment", ["session", "break"])
def test_live_projector_snapshot(snap_compare: Any, demo_dir: Path, moment: str) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_live(pilot)

    app = app_at(demo_dir, TIMES[moment])
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


async def test_running_late_refusal_stays_in_the_dialog(demo_dir: Path) -> None:
    async with app_at(demo_dir, TIMES["session"]).run_test(size=(80, 24)) as pilot:
        await open_live(pilot)
        await pilot.press("r")
        await until(pilot, lambda: pilot.app.screen.__class__.__name__ == "PromptDialog")
        dialog = pilot.app.screen
        error = dialog.query_one("#minutes-error")
        for typed, said in [
            ("99999999999", "at most 600 minutes"),
            ("600", "Running 600 minutes late would push 'Delegating release"),
        ]:
            dialog.query_one("#minutes", Input).value = typed
            await pilot.press("ctrl+s")
            await until(pilot, lambda said=said: said in text_of(error))
            assert pilot.app.screen is dialog
        assert "release-delegation" not in text_of(error)
        start = load(demo_dir).meetup(M).topics["release-delegation"].placement.start  # type: ignore[union-attr]
        assert f"{start:%H:%M}" == "13:30"
