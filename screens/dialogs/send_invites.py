"""Send a meetup's invitations from the TUI, with a preview of who gets what.

The preview is meetup.calendar.send.preview (nothing is sent); sending runs
meetup.calendar.send.send_invites in a worker thread, as ``meetup invite send`` does: each
message remembered once it went out, failures due again on the next send.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from meetup.store.errors import BrokenRecordsError, WorkspaceError

if TYPE_CHECKING:
    from meetup.calendar.itip import InvitePlan
    from meetup.calendar.send import SendReport
    from screens.app import MeetupApp

DELIVERY = (("Write .eml files into a folder", "eml"), ("Send by SMTP", "smtp"))


def preview_lines(plan: InvitePlan) -> list[str]:
    """One line per person: what they would get; then who is skipped and why."""
    lines = []
    for person, messages in plan.by_person().items():
        what = ", ".join(f"{m.key} ({m.method.upper()})" for m in messages)
        lines.append(f"{person}: {what}")
    lines += [f"{person}: skipped, {why}" for person, why in sorted(plan.skipped.items())]
    if plan.current:
        lines.append(f"up to date: {', '.join(plan.current)}")
    return lines


class SendInvitesDialog(ModalScreen[str | None]):
    """Preview, then deliver; returns the summary line (None when closed unsent)."""

    CSS_PATH = "send_invites.tcss"
    BINDINGS = [Binding("escape", "close", "Close", id="close-send")]

    class Progress(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done, self.total = done, total

    class Finished(Message):
        def __init__(self, report: SendReport | None, error: str) -> None:
            super().__init__()
            self.report, self.error = report, error

    def __init__(self, meetup_id: str) -> None:
        super().__init__()
        self.meetup_id = meetup_id
        self.running = False
        self.plan: InvitePlan | None = None

    @property
    def meetup_app(self) -> MeetupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        from meetup.calendar.send import preview

        ws = self.meetup_app.workspace
        try:
            self.plan = preview(ws, self.meetup_id, now=self.meetup_app.clock())
            lines = preview_lines(self.plan) or ["nothing to send"]
        except (WorkspaceError, BrokenRecordsError) as exc:
            lines = [f"cannot prepare the invitations: {exc}"]
        with Vertical(id="send-invites") as box:
            box.border_title = f"Send invitations: {escape(self.meetup_id)}"
            count = len(self.plan.messages) if self.plan else 0
            yield Label(f"{count} messages due", id="due")
            with VerticalScroll(id="preview"):
                yield Static(escape("\n".join(lines)), id="preview-text")
            yield Select(DELIVERY, value="eml", allow_blank=False, id="delivery")
            yield Label("Folder (for .eml) or SMTP HOST[:PORT]")
            yield Input(value=f"{self.meetup_id}-invites", id="target")
            yield Label("SMTP user (empty: no login) and password (never stored)")
            with Horizontal(classes="login"):
                yield Input(id="user")
                yield Input(password=True, id="password")
            yield ProgressBar(id="progress", show_eta=False)
            yield Label("", id="send-error", classes="problem")
            with Horizontal(classes="buttons"):
                yield Button("Send", variant="primary", id="send", disabled=not count)
                yield Button("Close", id="close")

    def action_close(self) -> None:
        if not self.running:
            self.dismiss(None)

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.action_close()

    @on(Button.Pressed, "#send")
    def start(self) -> None:
        if self.running or self.plan is None:
            return
        target = self.query_one("#target", Input).value.strip()
        if not target:
            self.query_one("#send-error", Label).update("Give a folder or an SMTP host")
            return
        delivery = str(self.query_one("#delivery", Select).value)
        user = self.query_one("#user", Input).value.strip() or None
        password = self.query_one("#password", Input).value
        self.running = True
        self.query_one("#send", Button).disabled = True
        self._send(delivery, target, user, password)

    @work(thread=True, exclusive=True)
    def _send(self, delivery: str, target: str, user: str | None, password: str) -> None:
        import smtplib
        from pathlib import Path

        from meetup.calendar.mail import EmlOutbox, Security, SmtpOutbox
        from meetup.calendar.send import send_invites

        outbox: Any
        if delivery == "eml":
            outbox = EmlOutbox(Path(target).expanduser())
        else:
            host, _, port = target.partition(":")
            number = int(port) if port.isdigit() else 587
            security: Security = "ssl" if number == 465 else "starttls" if number == 587 else "none"
            outbox = SmtpOutbox(host, number, security=security, user=user, password=password)

        def progress(done: int, total: int) -> None:
            self.post_message(self.Progress(done, total))

        assert self.plan is not None
        try:
            with outbox:
                report = send_invites(
                    self.meetup_app.workspace,
                    self.meetup_id,
                    outbox,
                    plan=self.plan,
                    on_progress=progress,
                )
        except (smtplib.SMTPException, OSError, WorkspaceError, BrokenRecordsError) as exc:
            self.post_message(self.Finished(None, str(exc).replace(password or "\0", "***")))
            return
        self.post_message(self.Finished(report, ""))

    def on_send_invites_dialog_progress(self, message: Progress) -> None:
        self.query_one("#progress", ProgressBar).update(total=message.total, progress=message.done)

    def on_send_invites_dialog_finished(self, message: Finished) -> None:
        self.running = False
        if message.report is None:
            self.query_one("#send", Button).disabled = False
            self.query_one("#send-error", Label).update(escape(message.error))
            return
        r = message.report
        summary = f"{len(r.sent)} sent, {len(r.skipped)} skipped, {len(r.failed)} failed"
        if r.failed:
            self.query_one("#send", Button).disabled = False
            failed = "; ".join(f"{p} {k}: {why}" for p, k, why in r.failed)
            self.query_one("#send-error", Label).update(escape(f"{summary}. {failed}"))
            return
        self.dismiss(summary)
