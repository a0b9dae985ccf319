"""Snapshots at 80x24 of the liaison and election screens (FIXED_NOW clock)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from meetup.elections.voting import import_ballots
from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.ballot import BallotDialog
from screens.election_detail import ElectionDetailScreen
from screens.results import ResultsScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, steady_cursors, until

E = "neutron-release-liaison"


def test_liaisons_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=(80, 24), press=["4", "down", "right", "right"])


def test_elections_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=(80, 24), press=["5"])


def test_elections_cycle_snapshot(snap_compare: Any, demo_dir: Path, tmp_path: Path) -> None:
    from textual.widgets import Static

    from screens.elections import ElectionsScreen
    from tests.elections.shared import make_cycle

    series = make_cycle(demo_dir, tmp_path)
    app = create_app(demo_dir, clock=fixed_clock)

    async def show_cycle(pilot: Any) -> None:
        await pilot.press("5")
        screen = await on_screen(pilot, ElectionsScreen)
        await pilot.press("c")
        line = screen.query_one("#elections-cycle", Static)
        await until(pilot, lambda: f"Cycle {series}" in str(line.render()))
        steady_cursors(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=show_cycle)


def test_election_detail_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)

    async def open_detail(pilot: Any) -> None:
        pilot.app.open_record("elections", E)
        await on_screen(pilot, ElectionDetailScreen)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_detail)


def test_ballot_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)

    async def open_ballot(pilot: Any) -> None:
        await pilot.app.push_screen(BallotDialog(E, "hana-kobayashi"))
        dialog = await on_screen(pilot, BallotDialog)
        await pilot.press("down", "enter")
        await until(pilot, lambda: dialog.model.groups)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_ballot)


def test_results_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    from datetime import timedelta

    from tests.conftest import FIXED_NOW

    after_voting = FIXED_NOW + timedelta(days=8)
    ballots = demo_dir.parent / "ballots.txt"
    ballots.write_text("3x 1,2\n2,1\n-,1\n")
    import_ballots(load(demo_dir), E, ballots, after_voting)
    app = create_app(demo_dir, clock=lambda: after_voting)

    async def open_results(pilot: Any) -> None:
        await pilot.app.push_screen(ResultsScreen(E))
        await on_screen(pilot, ResultsScreen)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_results)


def test_new_election_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    from screens.elections import ElectionsScreen
    from screens.forms.election import ElectionFormDialog

    app = create_app(demo_dir, clock=fixed_clock)

    async def open_form(pilot: Any) -> None:
        await pilot.press("5")
        await on_screen(pilot, ElectionsScreen)
        await pilot.press("n")
        await on_screen(pilot, ElectionFormDialog)
        steady_cursors(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_form)
