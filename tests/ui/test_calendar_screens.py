"""The export-calendar and publish dialogs, driven with Pilot; snapshots at 80x24."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Label, Select

from meetup.calendar import events as calendar
from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.export_calendar import ExportCalendarDialog
from screens.dialogs.publish import PublishDialog
from tests.conftest import fixed_clock
from tests.ical_checks import assert_valid
from tests.radicale_server import RadicaleServer
from tests.uihelp import click_button, on_screen, until

M = "kilo-midcycle"


def _label(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Label).render())


async def test_palette_has_calendar_commands(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Export calendar (.ics) of Kilo mid-cycle PTL meetup" in titles
        assert "Publish Kilo mid-cycle PTL meetup to CalDAV" in titles


async def test_export_dialog_writes_invites(demo_dir: Path, tmp_path: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(ExportCalendarDialog(M))
        screen = await on_screen(pilot, ExportCalendarDialog)
        screen.query_one("#folder", Input).value = str(demo_dir / "meetups")
        await click_button(pilot, "#export")
        await until(pilot, lambda: "inside the workspace" in _label(app, "#export-error"))
        screen.query_one("#folder", Input).value = str(tmp_path)
        screen.query_one("#path", Input).value = ""
        await click_button(pilot, "#export")
        await until(pilot, lambda: "file name" in _label(app, "#export-error"))
        screen.query_one("#method", Select).value = "request"
        screen.query_one("#person", Select).value = "eitan-mizrahi"  # declined: refused inline
        screen.query_one("#path", Input).value = "invite.ics"
        await click_button(pilot, "#export")
        await until(pilot, lambda: "declined" in _label(app, "#export-error"))
        assert not (tmp_path / "invite.ics").exists()
        screen.query_one("#person", Select).clear()
        await click_button(pilot, "#export")
        await until(pilot, lambda: not isinstance(app.screen, ExportCalendarDialog))
    text = (tmp_path / "invite.ics").read_bytes().decode("utf-8")
    assert_valid(text, "request")
    assert (demo_dir / "meetups" / M / "calendar.toml").is_file()
    assert calendar.load_state(load(demo_dir), M).sent


async def publish(pilot: Any, reached: Any) -> None:
    """Press Publish until the dialog shows ``reached``: a press that a loaded machine lets
    fall into the button's pressed effect is not a publish, so it is made again."""
    for _ in range(3):
        await click_button(pilot, "#publish-button")
        await pilot.app.workers.wait_for_complete()
        try:
            await until(pilot, reached, timeout=10)
            return
        except AssertionError:
            continue
    await until(pilot, reached)


async def test_publish_dialog(demo_dir: Path, radicale_server: RadicaleServer) -> None:
    url = radicale_server.new_calendar_url("tui")
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(PublishDialog(M))
        screen = await on_screen(pilot, PublishDialog)
        screen.query_one("#url", Input).value = "dav.example.org"
        await click_button(pilot, "#publish-button")
        await until(pilot, lambda: "http" in _label(app, "#publish-error"))
        screen.query_one("#url", Input).value = url
        screen.query_one("#user", Input).value = radicale_server.user
        screen.query_one("#password", Input).value = "not-the-password"
        await publish(pilot, lambda: "401" in _label(app, "#publish-error"))
        assert "not-the-password" not in _label(app, "#publish-error")
        screen.query_one("#password", Input).value = radicale_server.password
        await publish(pilot, lambda: "created" in _label(app, "#publish-result"))
        assert _label(app, "#publish-error") == ""
        assert screen.query_one("#password", Input).password is True
    again = calendar.publish_meetup(
        load(demo_dir), M, url, user=radicale_server.user, password=radicale_server.password
    )
    assert not again.changed
    assert "not-the-password" not in "".join(
        p.read_text(errors="replace") for p in demo_dir.rglob("*") if p.is_file()
    )


def test_export_dialog_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    async def open_dialog(pilot: Pilot[Any]) -> None:
        pilot.app.push_screen(ExportCalendarDialog(M))
        screen = await on_screen(pilot, ExportCalendarDialog)
        screen.query_one("#folder", Input).value = "/home/ada/Documents"  # not this machine's
        screen.query_one("#folder", Input).cursor_blink = False

    assert snap_compare(
        create_app(demo_dir, clock=fixed_clock), terminal_size=(80, 24), run_before=open_dialog
    )


def test_publish_dialog_snapshot(snap_compare: Any, demo_dir: Path) -> None:
    async def open_dialog(pilot: Pilot[Any]) -> None:
        pilot.app.push_screen(PublishDialog(M))
        screen = await on_screen(pilot, PublishDialog)
        for field in screen.query(Input):  # a blinking cursor differs run to run
            field.cursor_blink = False

    assert snap_compare(
        create_app(demo_dir, clock=fixed_clock), terminal_size=(80, 24), run_before=open_dialog
    )


async def test_send_invites_dialog_previews_then_writes_eml(demo_dir: Path, tmp_path: Path) -> None:
    from textual.widgets import Static

    from screens.dialogs.send_invites import SendInvitesDialog

    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Send invitations of Kilo mid-cycle PTL meetup" in titles
        app.push_screen(SendInvitesDialog(M))
        screen = await on_screen(pilot, SendInvitesDialog)
        await until(
            pilot, lambda: "ivan-petrov" in str(screen.query_one("#preview-text", Static).render())
        )
        preview = str(screen.query_one("#preview-text", Static).render())
        assert "ivan-petrov: meetup (REQUEST), gate-triage (REQUEST)" in preview
        assert "eitan-mizrahi: skipped, declined" in preview
        screen.query_one("#target", Input).value = str(tmp_path / "out")
        await click_button(pilot, "#send")
        await until(pilot, lambda: not isinstance(app.screen, SendInvitesDialog))
    files = sorted((tmp_path / "out").glob("*.eml"))
    assert "ivan-petrov-gate-triage.eml" in {f.name for f in files}
    assert calendar.load_state(load(demo_dir), M).delivered["ivan-petrov"]
