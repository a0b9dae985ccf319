"""The auto-schedule dialog: preview, reasons, apply through the command palette."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec
from textual.widgets import DataTable, Static

from meetup.agenda import conflicts
from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.autoschedule import AutoScheduleDialog
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, run_command, until

M = "kilo-midcycle"


def make_unplaceable(root: Path) -> None:
    """Accept a 4-hour topic (no gap between breaks is that long) for the dialog to explain."""
    ws = load(root)
    t = ws.meetup(M).topics["horizon-plugins"]
    ws.save_topic(M, msgspec.structs.replace(t, status="accepted", duration=240))


async def test_palette_opens_preview_and_apply_saves(demo_dir: Path) -> None:
    make_unplaceable(demo_dir)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Auto-schedule Kilo")
        dialog = await on_screen(pilot, AutoScheduleDialog)
        table = dialog.query_one("#autoschedule-moves", DataTable)
        await until(pilot, lambda: table.row_count == 7)
        reasons = str(dialog.query_one("#autoschedule-reasons", Static).render())
        assert "Not placed: Horizon plugin interface" in reasons
        assert "needs 240 min" in reasons
        await pilot.press("a")
        await until(pilot, lambda: not isinstance(app.screen, AutoScheduleDialog))
    data = load(demo_dir).meetup(M)
    assert data.topics["stable-branch-liaisons"].placement is not None
    assert not [c for c in conflicts.conflicts(data) if c.hard]


async def test_cancel_and_keep_existing(demo_dir: Path) -> None:
    before = (demo_dir / f"meetups/{M}/topics/ptl-burnout.toml").read_bytes()
    app = create_app(demo_dir, clock=fixed_clock)
    result: list[Any] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(AutoScheduleDialog(M), result.append)
        dialog = await on_screen(pilot, AutoScheduleDialog)
        table = dialog.query_one("#autoschedule-moves", DataTable)
        await until(pilot, lambda: table.row_count > 2)
        await pilot.press("k")
        await until(pilot, lambda: table.row_count == 2)  # only the two unplaced get a place
        await pilot.press("escape")
        await until(pilot, lambda: result == [False])
    assert result == [False]
    assert (demo_dir / f"meetups/{M}/topics/ptl-burnout.toml").read_bytes() == before


def test_autoschedule_dialog_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    make_unplaceable(demo_dir)

    async def open_dialog(pilot: Any) -> None:
        pilot.app.push_screen(AutoScheduleDialog(M))
        dialog = await on_screen(pilot, AutoScheduleDialog)
        await until(pilot, lambda: dialog.query_one("#autoschedule-moves").row_count > 0)

    assert snap_compare(
        create_app(demo_dir, clock=fixed_clock), terminal_size=(80, 24), run_before=open_dialog
    )
