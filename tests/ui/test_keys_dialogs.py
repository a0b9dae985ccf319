"""The key map in dialogs (issue 17): escape cancels every dialog, nothing saved, and the
one global key that reaches a dialog (ctrl+q, a priority binding) quits from each.

The digits and the App's other keys wait until the dialog is closed (a modal screen cuts
them from its bindings): in a form they are typed text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.screen import ModalScreen

from meetup.store.loading import load
from screens import keys
from screens.app import MeetupApp, create_app
from screens.dashboard import DashboardScreen
from screens.dialogs.autoschedule import AutoScheduleDialog
from screens.dialogs.ballot import BallotDialog
from screens.dialogs.confirm import ConfirmDialog
from screens.dialogs.export_calendar import ExportCalendarDialog
from screens.dialogs.export_file import ExportFileDialog
from screens.dialogs.help import HelpScreen
from screens.dialogs.history import HistoryDialog
from screens.dialogs.import_agenda import ImportAgendaDialog, ImportDialog, ImportRosterDialog
from screens.dialogs.link import LinkChoice, LinkDialog
from screens.dialogs.person_picker import PersonPickerDialog
from screens.dialogs.pick import PickDialog
from screens.dialogs.problems import ProblemsDialog
from screens.dialogs.publish import PublishDialog
from screens.dialogs.send_invites import SendInvitesDialog
from screens.forms.kit import FormDialog
from tests.conftest import fixed_clock
from tests.ui.test_keys import SCREENS
from tests.ui.test_saving import FORMS
from tests.uihelp import on_screen, until

M = "kilo-midcycle"
PEOPLE = [("aiko-tanaka", "Aiko Tanaka"), ("wen-li", "Wen Li")]

Opener = Callable[[MeetupApp], ModalScreen[Any]]

DIALOGS: dict[str, Opener] = {
    "auto-schedule": lambda app: AutoScheduleDialog(M),
    "ballot": lambda app: BallotDialog("neutron-release-liaison", "hana-kobayashi"),
    "confirm": lambda app: ConfirmDialog("Delete it?", consequence="Its votes go too."),
    "export-calendar": lambda app: ExportCalendarDialog(M),
    "export-file": lambda app: ExportFileDialog("Write", "gaps.txt", lambda: "No gaps."),
    "help": lambda app: HelpScreen(app.screen),
    "history": lambda app: HistoryDialog(app.history),
    "import-agenda": lambda app: ImportAgendaDialog(),
    "import-roster": lambda app: ImportRosterDialog(),
    "link": lambda app: LinkDialog([LinkChoice("topic", f"{M}/ptl-burnout", "PTL burnout")]),
    "person-picker": lambda app: PersonPickerDialog("Who?", PEOPLE, clear_label="nobody"),
    "pick": lambda app: PickDialog("Who are you?", PEOPLE),
    "problems": lambda app: ProblemsDialog([]),
    "publish": lambda app: PublishDialog(M),
    "send-invites": lambda app: SendInvitesDialog(M),
    **{f"form: {name}": case.open for name, case in FORMS.items()},
}
"""Every dialog of the app, opened on the demo (the forms as the save-seam tests open them)."""


def test_every_dialog_is_walked(demo_dir: Path) -> None:
    app = create_app(load(demo_dir), clock=fixed_clock)
    opened = {type(open_(app)) for name, open_ in DIALOGS.items() if name != "help"}
    bases = {FormDialog, ImportDialog}  # shown only as one of their kinds
    dialogs = {s for s in SCREENS if issubclass(s, ModalScreen)} - bases
    assert dialogs == opened | {HelpScreen}


@pytest.mark.parametrize("name", list(DIALOGS))
async def test_escape_cancels_every_dialog(name: str, demo_dir: Path) -> None:
    """Escape closes the dialog with nothing chosen and nothing written; ctrl+q quits."""
    app = create_app(demo_dir, clock=fixed_clock)
    answers: list[object] = []
    async with app.run_test(size=(80, 24)) as pilot:
        below = await on_screen(pilot, DashboardScreen)
        revision = app.revision
        dialog = DIALOGS[name](app)
        app.push_screen(dialog, answers.append)
        await on_screen(pilot, type(dialog))
        await pilot.press(keys.BACK)
        await until(pilot, lambda: app.screen is below and answers)
        assert not answers[0]  # None or False: cancelled
        assert app.revision == revision and len(app.history) == 0
        app.push_screen(DIALOGS[name](app))
        await on_screen(pilot, type(dialog))
        await pilot.press(keys.QUIT)
        await until(pilot, lambda: not app.is_running)
