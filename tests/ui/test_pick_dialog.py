"""The pick dialog filters as the lists do (meetup.finding): case and accents folded."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from screens.app import create_app
from screens.dashboard import DashboardScreen
from screens.dialogs.pick import PickDialog
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, until

OPTIONS = [("aiko-tanaka", "Aiko Tanaka"), ("jg", "José García"), ("wen-li", "Wen Li")]


def shown(dialog: PickDialog) -> list[str | None]:
    options = dialog.query_one("#pick-list", OptionList)
    return [options.get_option_at_index(i).id for i in range(options.option_count)]


async def test_typing_without_accents_finds_an_accented_option(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    answers: list[str | None] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, DashboardScreen)
        app.push_screen(PickDialog("Who are you?", OPTIONS), answers.append)
        dialog = await on_screen(pilot, PickDialog)
        await until(pilot, lambda: len(shown(dialog)) == len(OPTIONS))
        await pilot.press(*"jose")
        await until(pilot, lambda: shown(dialog) == ["jg"])
        await pilot.press("enter")
        await until(pilot, lambda: answers == ["jg"])
