"""Pilot tests of the elections screens: create, nominate, cast a ballot, results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import tomli
from textual.widgets import Input, Label, Static

from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.ballot import BallotDialog, BallotModel
from screens.dialogs.person_picker import PersonPickerDialog
from screens.election_detail import ElectionDetailScreen
from screens.elections import ElectionsScreen
from screens.forms.election import ElectionFormDialog
from screens.forms.prompt import PromptDialog
from screens.results import ResultsScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, text_of, until

E = "neutron-release-liaison"


@pytest.fixture
def demo_dir(demo_dir: Path) -> Path:
    """The demo with no ballots in the liaison election yet (these tests count from none)."""
    for name in ("ballots.toml", "voted.toml"):
        (demo_dir / f"elections/{E}/{name}").unlink()
    return demo_dir


async def test_cast_a_ballot_in_the_dialog(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", E)
        await on_screen(pilot, ElectionDetailScreen)
        await pilot.press("b")
        picker = await on_screen(pilot, PersonPickerDialog)
        picker.query_one(Input).focus()
        await pilot.press(*"ivan", "enter")  # the filter has focus; Enter picks Ivan Petrov
        await on_screen(pilot, BallotDialog)
        # candidates listed by name: Wen Li, Zoe Adams; rank Zoe first, then Wen
        await pilot.press("down", "enter", "enter", "ctrl+s")
        await on_screen(pilot, ElectionDetailScreen)
    box = tomli.loads((demo_dir / f"elections/{E}/ballots.toml").read_text())
    assert box == {"schema": 1, "candidates": ["wen-li", "zoe-adams"], "ballots": [[2, 1]]}
    voted = tomli.loads((demo_dir / f"elections/{E}/voted.toml").read_text())
    assert voted["voted"] == ["ivan-petrov"]
    assert len(load(demo_dir).read_ballots(E).ballots) == 1


async def test_second_ballot_refused_with_a_message(demo_dir: Path) -> None:
    from meetup.elections.voting import cast_ballot
    from tests.conftest import FIXED_NOW

    cast_ballot(load(demo_dir), E, "wen-li", [["wen-li"]], now=FIXED_NOW)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(BallotDialog(E, "wen-li"))
        dialog = await on_screen(pilot, BallotDialog)
        message = dialog.query_one("#ballot-message", Label)
        assert "has voted already" in text_of(message)
        await pilot.press("enter", "ctrl+s")
        await until(pilot, lambda: "Cannot vote" in text_of(message))
        assert app.screen is dialog
    assert len(load(demo_dir).read_ballots(E).ballots) == 1


def test_ballot_model_moves_and_ties() -> None:
    model = BallotModel(["a", "b", "c"])
    for c in ("c", "a", "b"):
        model.toggle_unranked(c)
    assert model.groups == [["c"], ["a"], ["b"]]
    model.tie_with_above("b")
    assert model.groups == [["c"], ["a", "b"]]
    model.move_up("b")
    assert model.groups == [["c"], ["b"], ["a"]]
    model.move_up("b")
    assert model.groups == [["b"], ["c"], ["a"]]
    model.move_down("b")
    model.toggle_unranked("a")
    assert model.groups == [["c"], ["b"]] and model.unranked == ["a"]


async def test_create_dialog_shows_inline_errors(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        elections = await on_screen(pilot, ElectionsScreen)
        await pilot.press("n")
        form = await on_screen(pilot, ElectionFormDialog)
        form.query_one("#id", Input).value = "heat-ptl"
        form.query_one("#title", Input).value = "Heat PTL"
        form.query_one("#project", Input).value = "nope"
        form.query_one("#timeline-voting_open", Input).value = "2026-12-17 12:00"
        await pilot.press("ctrl+s")
        error = form.query_one("#timeline-voting_open-error")
        await until(pilot, lambda: "must come after nominations close" in text_of(error))
        assert "unknown project" in text_of(form.query_one("#project-error"))
        # fixing a field clears its error at once
        form.query_one("#timeline-voting_open", Input).value = "2026-12-25 12:00"
        await until(pilot, lambda: not text_of(error))
        assert "unknown project" in text_of(form.query_one("#project-error"))
        form.query_one("#project", Input).value = "heat"
        await pilot.press("ctrl+s")
        await on_screen(pilot, ElectionsScreen)
        table = elections.query_one("#elections-list")
        await until(pilot, lambda: "heat-ptl" in {str(k.value) for k in table.rows})
    assert load(demo_dir).elections["heat-ptl"].project == "heat"


async def nominate(pilot: Any, name: str, statement: str) -> None:
    await pilot.press("n")
    picker = await on_screen(pilot, PersonPickerDialog)
    picker.query_one(Input).focus()
    await pilot.press(*name, "enter")  # the filter has focus; Enter picks the match
    await on_screen(pilot, PromptDialog)
    await pilot.press(*statement, "enter")


async def test_nominate_in_the_detail(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", "nova-ptl-l")
        detail = await on_screen(pilot, ElectionDetailScreen)
        await nominate(pilot, "chen", "Ready.")
        await on_screen(pilot, ElectionDetailScreen)
        table = detail.query_one("#candidates")
        await until(pilot, lambda: table.row_count == 2)
    e = load(demo_dir).elections["nova-ptl-l"]
    assert [c.person for c in e.candidates] == ["dana-whitfield", "chen-wei"]
    assert e.candidates[1].statement == "Ready."


async def test_elections_list_counts_new_candidates(demo_dir: Path) -> None:
    """The list one level up follows the nominations made in the detail."""
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        elections = await on_screen(pilot, ElectionsScreen)
        table = elections.query_one("#elections-list")

        def candidates() -> str:
            return str(table.get_row("nova-ptl-l")[-1])

        before = int(candidates())
        elections.select("nova-ptl-l")
        await on_screen(pilot, ElectionDetailScreen)
        await nominate(pilot, "chen", "Ready.")
        await on_screen(pilot, ElectionDetailScreen)
        await nominate(pilot, "aiko", "Me too.")
        await on_screen(pilot, ElectionDetailScreen)
        await until(pilot, lambda: int(candidates()) == before + 2)
        await pilot.press("escape")
        await on_screen(pilot, ElectionsScreen)
        assert int(candidates()) == before + 2


async def test_nominate_after_someone_edited_the_election(demo_dir: Path) -> None:
    """election.toml changed on disk: no traceback; reloaded, told, the statement kept."""
    app = create_app(demo_dir, clock=fixed_clock)
    path = demo_dir / "elections/nova-ptl-l/election.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", "nova-ptl-l")
        detail = await on_screen(pilot, ElectionDetailScreen)
        path.write_text(path.read_text().replace("Nova PTL", "Nova PTL (edited)"))
        await nominate(pilot, "chen", "Ready.")
        prompt = await on_screen(pilot, PromptDialog)
        error = prompt.query_one("#form-error")
        await until(pilot, lambda: "changed on disk" in text_of(error))
        assert prompt.query_one("#statement", Input).value == "Ready."
        await until(pilot, lambda: "(edited)" in app.workspace.elections["nova-ptl-l"].title)
        await pilot.press("ctrl+s")  # again, on the reloaded election
        await on_screen(pilot, ElectionDetailScreen)
        await until(pilot, lambda: detail.query_one("#candidates").row_count == 2)
    e = load(demo_dir).elections["nova-ptl-l"]
    assert "(edited)" in e.title
    assert [c.person for c in e.candidates] == ["dana-whitfield", "chen-wei"]


async def test_results_preview(demo_dir: Path, tmp_path: Path) -> None:
    from datetime import timedelta

    from meetup.elections.voting import import_ballots
    from tests.conftest import FIXED_NOW

    after_voting = FIXED_NOW + timedelta(days=8)
    ballots = tmp_path / "b.txt"
    ballots.write_text("3x 1,2\n2,1\n")
    import_ballots(load(demo_dir), E, ballots, FIXED_NOW, during_voting=True)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ResultsScreen(E))
        await on_screen(pilot, ResultsScreen)
        summary = str(app.screen.query_one("#results-summary").render())
        assert "no interim results" in summary and "Wen Li" not in summary
    app = create_app(demo_dir, clock=lambda: after_voting)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ResultsScreen(E))
        await on_screen(pilot, ResultsScreen)
        summary = str(app.screen.query_one("#results-summary").render())
        assert "PREVIEW" in summary and "Winners: Wen Li" in summary


async def test_results_of_a_closed_election(demo_dir: Path) -> None:
    from datetime import timedelta

    from meetup.elections.voting import close_election
    from tests.conftest import FIXED_NOW

    ws = load(demo_dir)
    later = ws.elections["nova-ptl-l"].timeline.nominations_close + timedelta(hours=1)
    close_election(ws, "nova-ptl-l", now=later)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ResultsScreen("nova-ptl-l"))
        await on_screen(pilot, ResultsScreen)
        summary = str(app.screen.query_one("#results-summary").render())
        assert "closed 2026-12-26 00:59 UTC" in summary
        assert "Winners: Dana Whitfield" in summary
    assert later > FIXED_NOW


async def test_close_with_a_tie_uses_the_seed_fixed_at_voting_open(demo_dir: Path) -> None:
    from datetime import timedelta

    from meetup.elections.voting import cast_ballot
    from tests.elections.test_voting import _contested_ptl

    ws = load(demo_dir)
    eid = _contested_ptl(ws)
    at = ws.elections[eid].timeline.voting_open + timedelta(hours=1)
    cast_ballot(ws, eid, "aiko-sato", [["aiko-sato"], ["ben-carter"]], now=at)
    cast_ballot(ws, eid, "ben-carter", [["ben-carter"], ["aiko-sato"]], now=at)
    seed = load(demo_dir).elections[eid].opened.tie_break_seed  # type: ignore[union-attr]
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", eid)
        await on_screen(pilot, ElectionDetailScreen)
        await pilot.press("c", "y")
        await on_screen(pilot, ResultsScreen)
    after = load(demo_dir)
    assert after.elections[eid].closed
    assert after.read_result(eid).tie_break.seed == seed  # type: ignore[union-attr]
    assert after.projects["heat"].ptl in ("aiko-sato", "ben-carter")


async def test_the_cycle_at_a_glance(demo_dir: Path, tmp_path: Path) -> None:
    from textual.widgets import DataTable, Static

    from tests.elections.shared import make_cycle

    series = make_cycle(demo_dir, tmp_path)
    cycle_ids = {e.id for e in load(demo_dir).elections.values() if e.cycle == series}
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        screen = await on_screen(pilot, ElectionsScreen)
        table = screen.query_one("#elections-list", DataTable)
        await until(pilot, lambda: table.row_count == len(load(demo_dir).elections))
        await pilot.press("c")
        line = screen.query_one("#elections-cycle", Static)
        await until(pilot, lambda: f"Cycle {series}" in text_of(line))
        assert "14 leaderless" in text_of(line)
        assert "1 contested" in text_of(line) and "1 acclaimed" in text_of(line)
        keys = [str(k.value) for k in table.rows]
        assert set(keys) == cycle_ids
        outcomes = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert outcomes == ["leaderless"] * 14 + ["contested", "acclaimed"]  # grouped
        assert "Aiko Sato" in str(table.get_row_at(15)[3])
        await pilot.press("enter")  # a cycle's row opens its election
        detail = await on_screen(pilot, ElectionDetailScreen)
        assert detail is app.screen
        await pilot.press("escape")
        await on_screen(pilot, ElectionsScreen)
        await pilot.press("c")  # the only cycle: back to every election
        await until(pilot, lambda: not line.display)
        await until(pilot, lambda: table.row_count == len(load(demo_dir).elections))


async def test_no_cycle_says_how_to_make_one(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5")
        screen = await on_screen(pilot, ElectionsScreen)
        await pilot.press("c")
        await until(pilot, lambda: any("No cycle" in str(n.message) for n in app._notifications))
        assert screen.cycle is None


async def test_the_roll_is_read_when_the_election_opens(demo_dir: Path) -> None:
    roll = load(demo_dir).elections[E].roll
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: not app.loading)
        assert roll and app.workspace.elections[E].roll == []  # the load leaves rolls out
        app.open_record("elections", E)
        screen = await on_screen(pilot, ElectionDetailScreen)
        info = screen.query_one("#election-info", Static)
        await until(pilot, lambda: f"Roll {len(roll)} voters" in text_of(info))
        assert app.workspace.elections[E].roll == roll


async def test_an_election_broken_since_the_load_is_not_opened(demo_dir: Path) -> None:
    from tests.uihelp import toasts

    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: not app.loading)
        (demo_dir / f"elections/{E}/election.toml").write_text("title = [\n", "utf-8")
        app.open_record("elections", E)
        await until(pilot, lambda: f"elections/{E}/election.toml:2:1: invalid TOML" in toasts(app))
        assert isinstance(app.screen, ElectionsScreen)
