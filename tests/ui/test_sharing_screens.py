"""The import dialog and the sync conflict screen, driven like a user at 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button, DataTable, Input

from meetup.sharing import agenda_toml as agenda
from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.import_agenda import ImportAgendaDialog
from screens.sync_conflict import SyncConflictScreen
from tests.conftest import fixed_clock
from tests.gitclones import retitle, run_git
from tests.uihelp import on_screen, steady_cursors, until

MEETUP = "kilo-midcycle"
NEW_TOPIC = (
    '\n[[topics]]\nid = "new-topic"\ntitle = "Brand [new] topic"\nproposer = "ivan-petrov"\n'
)


@pytest.fixture
def incoming(demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A relative path (so no tmp path shows on screen) to the demo agenda plus one topic,
    with one topic retitled locally so that it conflicts."""
    text = agenda.agenda_toml(load(demo_dir), MEETUP)
    text = text.replace('title = "PTL burnout and succession planning"', 'title = "Theirs"')
    (tmp_path / "theirs.toml").write_text(text + NEW_TOPIC)
    monkeypatch.chdir(tmp_path)
    return "theirs.toml"


async def open_preview(pilot: Any, source: str) -> None:
    pilot.app.action_import_agenda()
    dialog = await on_screen(pilot, ImportAgendaDialog)
    dialog.query_one("#import-source", Input).value = source
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await until(
        pilot,
        lambda: (
            dialog.query_one("#import-preview", DataTable).row_count
            or dialog.query_one("#import-error").display
        ),
    )
    steady_cursors(pilot)


async def test_import_dialog_previews_then_merges(demo_dir: Path, incoming: str) -> None:
    before = (demo_dir / "meetups/kilo-midcycle/topics/ptl-burnout.toml").read_bytes()
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Import agenda (file or URL)" in titles and "Sync workspace (git)" in titles
        await open_preview(pilot, incoming)
        dialog = app.screen
        assert isinstance(dialog, ImportAgendaDialog)
        table = dialog.query_one("#import-preview", DataTable)
        rows = {
            str(table.get_row_at(i)[2]): str(table.get_row_at(i)[0]) for i in range(table.row_count)
        }
        assert rows == {"new-topic": "new", "ptl-burnout": "conflict"}
        assert not (demo_dir / "meetups/kilo-midcycle/topics/new-topic.toml").exists()
        await pilot.click("#import-merge")
        await until(pilot, lambda: not isinstance(app.screen, ImportAgendaDialog))
    merged = load(demo_dir).meetup(MEETUP).topics
    assert merged["new-topic"].title == "Brand [new] topic"
    assert (demo_dir / "meetups/kilo-midcycle/topics/ptl-burnout.toml").read_bytes() == before


async def test_import_dialog_refuses_a_hostile_file(demo_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('schema = 1\nformat = "meetup-agenda"\nversion = 9\n')
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_preview(pilot, str(bad))
        error = str(app.screen.query_one("#import-error").render())
        assert "newer than this meetup understands" in error
        assert app.screen.query_one("#import-merge", Button).disabled
        await pilot.press("escape")


def test_import_dialog_snapshot(snap_compare: Any, demo_dir: Path, incoming: str) -> None:
    async def preview(pilot: Any) -> None:
        await open_preview(pilot, incoming)

    assert snap_compare(
        create_app(demo_dir, clock=fixed_clock), terminal_size=(80, 24), run_before=preview
    )


def conflicted(organizers: tuple[Path, Path, Path]) -> Path:
    _, alice, bob = organizers
    retitle(alice, "gate-triage", "Alice's title")
    retitle(bob, "gate-triage", "Bob's title")
    from meetup.sharing import sync

    sync.sync(alice)
    assert sync.sync(bob).conflicts
    return bob


async def open_conflicts(pilot: Any) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.press("ctrl+g")
    await pilot.app.workers.wait_for_complete()
    await on_screen(pilot, SyncConflictScreen)
    await pilot.app.workers.wait_for_complete()
    pilot.app.clear_notifications()
    await until(pilot, lambda: not pilot.app.screen.query("Toast"))


async def test_conflict_screen_takes_mine_and_continues(organizers: Any) -> None:
    _, alice, _ = organizers
    bob = conflicted(organizers)
    app = create_app(bob, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_conflicts(pilot)
        assert isinstance(app.screen, SyncConflictScreen)
        assert "CONFLICT" in app.sub_title
        await pilot.press("o")
        await pilot.press("c")
        await until(pilot, lambda: not isinstance(app.screen, SyncConflictScreen))
        await until(pilot, lambda: app.sub_title.endswith("git: clean"))
        await until(
            pilot,
            lambda: app.workspace.meetup(MEETUP).topics["gate-triage"].title == "Bob's title",
        )
    run_git(alice, "pull", "--quiet", "--rebase")
    assert load(alice).meetup(MEETUP).topics["gate-triage"].title == "Bob's title"


def test_conflict_screen_snapshot(snap_compare: Any, organizers: Any) -> None:
    bob = conflicted(organizers)
    assert snap_compare(
        create_app(bob, clock=fixed_clock), terminal_size=(80, 24), run_before=open_conflicts
    )


async def test_conflict_screen_names_the_field_and_both_values(organizers: Any) -> None:
    bob = conflicted(organizers)
    app = create_app(bob, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_conflicts(pilot)
        shown = str(app.screen.query_one("#conflict-path").render())
        assert 'title: yours "Bob\'s title", theirs "Alice\'s title"' in shown


async def test_sync_says_what_it_will_commit_first(organizers: Any) -> None:
    from screens.dialogs.confirm import ConfirmDialog

    _, alice, _ = organizers
    retitle(alice, "gate-triage", "Changed here")
    app = create_app(alice, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.press("ctrl+g")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog), tries=500)
        assert "meetups/kilo-midcycle/topics/gate-triage.toml" in app.screen.question
        assert "meetup: kilo-midcycle: 1 topic" in app.screen.question
        await pilot.press("y")
        await until(pilot, lambda: "Changed here" in run_git(alice, "log", "-p"), tries=500)
