"""Publish a meetup's events to a CalDAV calendar, from the TUI.

The password lives only in its Input while the dialog is open: it is never stored. The
publish runs in a thread worker that only posts messages; the dialog shows progress and
then the report, or the server's error, inline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar

if TYPE_CHECKING:
    from meetup.calendar.caldav import PublishReport
    from screens.app import MeetupApp


class PublishDialog(ModalScreen[None]):
    """URL, user, password; publishes with meetup.calendar.publish_meetup."""

    CSS_PATH = "publish.tcss"
    BINDINGS = [Binding("escape", "close", "Close", id="close-publish")]

    @dataclass
    class Progress(Message):
        done: int
        total: int

    @dataclass
    class Finished(Message):
        report: PublishReport | None
        error: str

    def __init__(self, meetup_id: str) -> None:
        super().__init__()
        self.meetup_id = meetup_id
        self.running = False

    @property
    def meetup_app(self) -> MeetupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        data = self.meetup_app.workspace.meetups.get(self.meetup_id)
        title = data.meetup.title if data else self.meetup_id
        with Vertical(id="publish") as box:
            box.border_title = f"Publish to CalDAV: {escape(title)}"
            yield Label("Calendar URL")
            yield Input(placeholder="https://dav.example.org/user/calendar/", id="url")
            yield Label("User (empty: no login)")
            yield Input(id="user")
            yield Label("Password (never stored)")
            yield Input(password=True, id="password")
            yield ProgressBar(id="progress", show_eta=False)
            yield Label("", id="publish-error", classes="problem")
            yield Label("", id="publish-result")
            with Horizontal(classes="buttons"):
                yield Button("Publish", variant="primary", id="publish-button")
                yield Button("Close", id="close")

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_close()

    @on(Input.Submitted)
    @on(Button.Pressed, "#publish-button")
    def start(self) -> None:
        if self.running:
            return
        error = self.query_one("#publish-error", Label)
        url = self.query_one("#url", Input).value.strip()
        user = self.query_one("#user", Input).value.strip() or None
        password = self.query_one("#password", Input).value
        if not url.startswith(("http://", "https://")):
            error.update("Give the calendar's http:// or https:// URL")
            self.query_one("#url", Input).focus()
            return
        error.update("")
        self.query_one("#publish-result", Label).update("Publishing...")
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("running")
        self.running = True
        self.query_one("#publish-button", Button).disabled = True
        self._publish(url, user, password)

    @work(thread=True, exclusive=True)
    def _publish(self, url: str, user: str | None, password: str) -> None:
        from meetup.calendar import events as calendar
        from meetup.calendar.dav_client import CalDAVError
        from meetup.store.errors import (
            BrokenRecordsError,
            InvalidInput,
            NotFoundError,
            WorkspaceError,
        )

        def progress(done: int, total: int) -> None:
            self.post_message(self.Progress(done, total))

        try:
            report = calendar.publish_meetup(
                self.meetup_app.workspace,
                self.meetup_id,
                url,
                user=user,
                password=password if user else None,
                on_progress=progress,
            )
        except (
            CalDAVError,
            NotFoundError,
            BrokenRecordsError,
            WorkspaceError,
            InvalidInput,
            OSError,
        ) as exc:
            self.post_message(self.Finished(None, str(exc)))
            return
        self.post_message(self.Finished(report, ""))

    def on_publish_dialog_progress(self, message: Progress) -> None:
        self.query_one("#progress", ProgressBar).update(total=message.total, progress=message.done)

    def on_publish_dialog_finished(self, message: Finished) -> None:
        self.running = False
        self.query_one("#publish-button", Button).disabled = False
        self.query_one("#progress", ProgressBar).remove_class("running")
        result = self.query_one("#publish-result", Label)
        if message.report is None:
            result.update("")
            self.query_one("#publish-error", Label).update(escape(message.error))
            return
        r = message.report
        result.update(
            f"Done: {len(r.created)} created, {len(r.updated)} updated, "
            f"{len(r.deleted)} deleted, {len(r.unchanged)} unchanged"
        )
