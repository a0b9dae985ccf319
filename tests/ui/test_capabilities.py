"""Every CLI capability from the command palette: agenda exports in each format, minutes,
the announcement, releases and their diff, liaison gaps; files go outside the workspace."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, TextArea

from meetup.agenda import releases
from meetup.agenda.minutes import compiled_minutes
from meetup.sharing.exports import agenda_text, default_folder
from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.export_file import ExportFileDialog
from screens.dialogs.pick import PickDialog
from screens.forms.prompt import PromptDialog
from screens.report import ReportScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, run_command, toasts, until

M = "kilo-midcycle"
TITLE = "Kilo mid-cycle PTL meetup"


async def export_via_palette(pilot: Any, words: str, folder: Path | None = None) -> Path:
    await run_command(pilot, words)
    dialog = await on_screen(pilot, ExportFileDialog)
    if folder is not None:
        dialog.query_one("#folder", Input).value = str(folder)
    target = Path(dialog.query_one("#folder", Input).value) / dialog.query_one("#name", Input).value
    await pilot.press("ctrl+s")
    await until(pilot, lambda: not isinstance(pilot.app.screen, ExportFileDialog))
    await until(pilot, lambda: str(target) in toasts(pilot.app))
    return target


@pytest.mark.parametrize(
    ("label", "fmt", "check"),
    [
        ("TOML", "toml", lambda t: "[meetup]" in t or "title" in t),
        ("Markdown", "markdown", lambda t: t.startswith("#")),
        ("HTML page", "html", lambda t: "<html" in t.lower()),
        ("frab XML", "frab", lambda t: "<schedule" in t),
        ("ptgbot JSON", "ptgbot", lambda t: "tracks" in json.loads(t)),
    ],
)
async def test_palette_exports_agenda_in_each_format(
    demo_dir: Path, home: Path, label: str, fmt: str, check: Any
) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        target = await export_via_palette(pilot, f"Export agenda ({label}) of Kilo")
    assert target.parent == home / "Documents"  # the default folder
    text = target.read_text(encoding="utf-8")
    assert check(text)
    if fmt != "ptgbot":  # ptgbot's now/next follow the clock: the same at FIXED_NOW
        assert text == agenda_text(load(demo_dir), M, fmt)


async def test_export_refused_inside_the_workspace(demo_dir: Path, home: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Export agenda (Markdown) of Kilo")
        dialog = await on_screen(pilot, ExportFileDialog)
        dialog.query_one("#folder", Input).value = str(demo_dir)
        await pilot.press("ctrl+s")
        error = dialog.query_one("#folder-error")
        await until(pilot, lambda: "inside the workspace" in str(error.render()))
        assert isinstance(app.screen, ExportFileDialog)
    assert not list(demo_dir.glob("*agenda*"))


def test_default_folder_is_never_the_workspace(tmp_path: Path) -> None:
    ws, home = tmp_path / "ws", tmp_path / "home"
    ws.mkdir()
    home.mkdir()
    env = {"HOME": str(home)}
    assert default_folder(ws, cwd=ws, environ=env) == home
    assert default_folder(ws, cwd=tmp_path, environ=env) == tmp_path
    (home / "Documents").mkdir()
    assert default_folder(ws, cwd=ws, environ=env) == home / "Documents"


async def test_palette_exports_compiled_minutes(demo_dir: Path, home: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        target = await export_via_palette(pilot, "Export compiled minutes of Kilo")
    assert target.read_text(encoding="utf-8") == compiled_minutes(load(demo_dir), M)


async def test_palette_announcement_written_to_a_file(demo_dir: Path, home: Path) -> None:
    from meetup.sharing.announce import announcement

    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Announcement of Kilo")
        report = await on_screen(pilot, ReportScreen)
        expected = announcement(app.workspace, M)
        assert report.query_one("#report", TextArea).text == expected
        await pilot.press("w")
        dialog = await on_screen(pilot, ExportFileDialog)
        name = dialog.query_one("#name", Input).value
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReportScreen))
    assert (home / "Documents" / name).read_text(encoding="utf-8") == expected


async def test_palette_release_and_diff(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Release agenda of Kilo")
        await on_screen(pilot, PromptDialog)
        await pilot.press(*"v1", "enter")
        await until(pilot, lambda: "Released v1" in toasts(app))
        assert [r.name for r in releases.list_releases(load(demo_dir), M)] == ["v1"]
        await run_command(pilot, "Release diff of Kilo")
        await on_screen(pilot, PickDialog)
        await pilot.press("enter")  # from v1
        await until(pilot, lambda: "Compare v1" in str(app.screen.title_text))
        await pilot.press("enter")  # with the current schedule
        report = await on_screen(pilot, ReportScreen)
        text = report.query_one("#report", TextArea).text
    assert text.startswith("v1 -> current")
    assert "no changes" in text


async def test_palette_liaison_gaps(demo_dir: Path) -> None:
    from meetup.liaisons import roster_rows, roster_text

    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Liaison gaps")
        report = await on_screen(pilot, ReportScreen)
        ws = app.workspace
        expected = roster_text(ws, roster_rows(ws, only_gaps=True), only_gaps=True)
        assert report.query_one("#report", TextArea).text == expected
