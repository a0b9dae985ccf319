"""Refusals before work (issue 17): an action the phase forbids is disabled in the footer
and its palette entry says why; nothing opens that would only refuse at the end."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Label

from meetup.elections import voting
from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.ballot import BallotDialog
from screens.dialogs.confirm import ConfirmDialog
from screens.dialogs.person_picker import PersonPickerDialog
from screens.election_detail import ElectionDetailScreen
from tests.conftest import FIXED_NOW, fixed_clock
from tests.uihelp import first_command, on_screen, text_of, until

VOTING = "neutron-release-liaison"
NOMINATIONS = "nova-ptl-l"


def footer_state(screen: ElectionDetailScreen, action: str) -> tuple[bool, str]:
    """(enabled, tooltip) of the footer key of ``action``."""
    active = next(a for a in screen.active_bindings.values() if a.binding.action == action)
    return active.enabled, active.tooltip


async def test_close_is_disabled_while_voting_is_open(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", VOTING)
        screen = await on_screen(pilot, ElectionDetailScreen)
        enabled, tooltip = footer_state(screen, "close")
        assert not enabled and "voting runs until" in tooltip
        await pilot.press("c")  # press waits until the key is handled
        assert app.screen is screen  # no "publish its result?" question first
        await pilot.press("ctrl+p", *"Election: close")
        await until(pilot, lambda: first_command(app).startswith("Election: close"))
        await pilot.press("enter")
        await until(
            pilot, lambda: any("voting runs until" in str(n.message) for n in app._notifications)
        )
        assert not isinstance(app.screen, ConfirmDialog)
    assert not load(demo_dir).elections[VOTING].closed


async def test_palette_says_why_close_is_refused(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", VOTING)
        screen = await on_screen(pilot, ElectionDetailScreen)
        commands = {c.title: c.help for c in app.get_system_commands(screen)}
        assert commands["Election: close and publish the result"].startswith("Not now: voting")
        assert commands["Election: results"] == "Ranking, pairwise matrix, strongest paths"


async def test_cast_is_disabled_during_nominations(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", NOMINATIONS)
        screen = await on_screen(pilot, ElectionDetailScreen)
        enabled, tooltip = footer_state(screen, "cast")
        assert not enabled and "voting is not open" in tooltip
        assert footer_state(screen, "nominate")[0]
        screen.action_cast()  # as the palette entry would, were it not refused
        await until(
            pilot, lambda: any("voting is not open" in str(n.message) for n in app._notifications)
        )
        assert app.screen is screen  # no voter picker, no ballot to rank
        assert (
            "Not now: voting is not open"
            in {c.title: c.help for c in app.get_system_commands(screen)}["Election: cast a ballot"]
        )


async def test_a_voter_who_voted_gets_no_ballot(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    ws = load(demo_dir)
    voter = next(iter(ws.read_voted(VOTING).voted))
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", VOTING)
        screen = await on_screen(pilot, ElectionDetailScreen)
        await pilot.press("b")
        picker = await on_screen(pilot, PersonPickerDialog)
        picker.dismiss(voter)
        await until(
            pilot, lambda: any("voted already" in str(n.message) for n in app._notifications)
        )
        assert app.screen is screen


async def test_an_empty_ballot_asks_first(demo_dir: Path) -> None:
    ws = load(demo_dir)
    voter = next(
        p
        for p in ws.elections[VOTING].roll
        if voting.voting_refusal(ws, ws.elections[VOTING], p, FIXED_NOW) is None
    )
    before = len(ws.read_ballots(VOTING).ballots)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(BallotDialog(VOTING, voter))
        dialog = await on_screen(pilot, BallotDialog)
        await pilot.press("ctrl+s")
        confirm = await on_screen(pilot, ConfirmDialog)
        assert "abstention" in text_of(confirm.query_one("#confirm-consequence"))
        await pilot.press("n")
        await on_screen(pilot, BallotDialog)
        assert len(load(demo_dir).read_ballots(VOTING).ballots) == before
        await pilot.press("ctrl+s")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await until(
            pilot, lambda: app.screen is not dialog and not isinstance(app.screen, ConfirmDialog)
        )
    assert len(load(demo_dir).read_ballots(VOTING).ballots) == before + 1


async def test_a_refused_ballot_disables_cast(demo_dir: Path) -> None:
    ws = load(demo_dir)
    voter = next(iter(ws.read_voted(VOTING).voted))
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(BallotDialog(VOTING, voter))
        dialog = await on_screen(pilot, BallotDialog)
        assert "voted already" in text_of(dialog.query_one("#ballot-message", Label))
        cast = next(a for a in dialog.active_bindings.values() if a.binding.action == "cast")
        assert not cast.enabled
