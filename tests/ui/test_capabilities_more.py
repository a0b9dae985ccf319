"""The CLI's remaining capabilities from the palette: roster import (meetup import roster),
verifying a closed election, exporting one for remote voting, importing an Elekto folder."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Static, TextArea

from meetup.elections.audit import verify_election
from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.import_agenda import ImportRosterDialog
from screens.forms.prompt import PromptDialog
from screens.report import ReportScreen
from tests.conftest import fixed_clock
from tests.elections.shared import REALDATA, needs_realdata
from tests.uihelp import on_screen, run_command, toasts, until

GOVERNANCE = REALDATA / "governance" / "projects.yaml"


@needs_realdata
async def test_palette_imports_the_governance_roster_after_a_preview(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Import roster")
        dialog = await on_screen(pilot, ImportRosterDialog)
        dialog.query_one("#import-source", Input).value = str(GOVERNANCE)
        await pilot.press("enter")
        summary = dialog.query_one("#import-summary", Static)
        await until(pilot, lambda: "42 projects" in str(summary.render()))
        assert "freezer" not in load(demo_dir).projects  # nothing written by the preview
        assert not dialog.query_one("#import-merge", Button).disabled
        await pilot.click("#import-merge")
        await until(pilot, lambda: not isinstance(app.screen, ImportRosterDialog))
        await until(pilot, lambda: "Imported 42 projects" in toasts(app))
    ws = load(demo_dir)
    assert "freezer" in ws.projects and len(ws.projects) >= 42


async def test_roster_import_refuses_a_broken_file_in_the_dialog(
    demo_dir: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "projects.yaml"
    broken.write_text("nova: [unclosed\n", encoding="utf-8")
    before = sorted(p.name for p in (demo_dir / "projects").iterdir())
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Import roster")
        dialog = await on_screen(pilot, ImportRosterDialog)
        dialog.query_one("#import-source", Input).value = str(broken)
        await pilot.press("enter")
        error = dialog.query_one("#import-error")
        await until(pilot, lambda: "not YAML" in str(error.render()))
        assert f"{broken}:" in str(error.render())
        assert dialog.query_one("#import-merge", Button).disabled
    assert sorted(p.name for p in (demo_dir / "projects").iterdir()) == before


async def test_palette_verifies_the_closed_election(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Verify result of Technical committee")
        report = await on_screen(pilot, ReportScreen)
        text = report.query_one("#report", TextArea).text
    assert text.startswith("verified: tc-2027")
    assert text == verify_election(load(demo_dir), "tc-2027").describe()


async def test_palette_exports_an_election_as_an_elekto_folder(demo_dir: Path, home: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Export Technical committee (2 seats) for remote voting (Elekto")
        dialog = await on_screen(pilot, PromptDialog)
        assert dialog.query_one("#folder", Input).value == str(home / "Documents")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, PromptDialog))
        out = home / "Documents" / "tc-2027-elekto"
        await until(pilot, lambda: f"Wrote {out}" in toasts(app))
    assert (out / "election.yaml").is_file()


async def test_election_export_refused_inside_the_workspace(demo_dir: Path, home: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Export Technical committee (2 seats) for remote voting (CIVS")
        dialog = await on_screen(pilot, PromptDialog)
        dialog.query_one("#folder", Input).value = str(demo_dir)
        await pilot.press("ctrl+s")
        error = dialog.query_one("#folder-error")
        await until(pilot, lambda: "inside the workspace" in str(error.render()))
    assert not (demo_dir / "tc-2027-civs").exists()


@needs_realdata
async def test_palette_imports_an_elekto_folder_and_undo_removes_it(demo_dir: Path) -> None:
    folder = REALDATA / "k8s-steering-2025"
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Import Elekto election folder")
        dialog = await on_screen(pilot, PromptDialog)
        dialog.query_one("#folder", Input).value = str(folder)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not isinstance(app.screen, PromptDialog))
        await until(pilot, lambda: "Created election" in toasts(app))
        assert "k8s-steering-2025" in load(demo_dir).elections
        assert "653 voters" in toasts(app)
        await pilot.press("z")  # undo: the imported election goes again
        await until(pilot, lambda: "k8s-steering-2025" not in load(demo_dir).elections)
        assert not (demo_dir / "elections" / "k8s-steering-2025").exists() or not any(
            (demo_dir / "elections" / "k8s-steering-2025").iterdir()
        )
    # a folder that is not there is said at the field
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Import Elekto election folder")
        dialog = await on_screen(pilot, PromptDialog)
        dialog.query_one("#folder", Input).value = str(demo_dir / "nowhere")
        await pilot.press("ctrl+s")
        error = dialog.query_one("#folder-error")
        await until(pilot, lambda: "no folder" in str(error.render()))
