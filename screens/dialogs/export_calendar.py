"""Export a meetup's calendar (.ics) or RFC 5546 invites to a file, from the TUI.

Also holds ``calendar_commands(app)``: the command-palette entries (export and publish, per
meetup) that the App adds to its system commands.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.markup import escape
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select

from meetup.calendar import export as calendar
from meetup.sharing.exports import default_folder, export_target
from meetup.store.errors import InvalidInput
from screens.saving import save

if TYPE_CHECKING:
    from screens.app import MeetupApp

METHOD_LABELS = (
    ("Publish: a calendar to import or subscribe to", "publish"),
    ("Request: invites with attendees and RSVP", "request"),
    ("Cancel: cancel every event", "cancel"),
)


def calendar_commands(app: MeetupApp) -> Iterator[SystemCommand]:
    """Palette entries: export and publish the calendar of each meetup."""
    from screens.dialogs.publish import PublishDialog
    from screens.dialogs.send_invites import SendInvitesDialog

    for meetup_id, data in sorted(app.workspace.meetups.items()):
        title = escape(data.meetup.title)
        yield SystemCommand(
            f"Export calendar (.ics) of {title}",
            "Write the meetup's calendar, invites or cancellations to a file",
            lambda m=meetup_id: app.push_screen(ExportCalendarDialog(m), _notify_written(app)),
        )
        yield SystemCommand(
            f"Send invitations of {title}",
            "Preview who gets what, then mail the invitations (SMTP or .eml files)",
            lambda m=meetup_id: app.push_screen(SendInvitesDialog(m), _notify_sent(app)),
        )
        yield SystemCommand(
            f"Publish {title} to CalDAV",
            "Make a CalDAV calendar hold the meetup's events",
            lambda m=meetup_id: app.push_screen(PublishDialog(m)),
        )


def _notify_written(app: MeetupApp) -> Callable[[list[str] | None], None]:
    def done(paths: list[str] | None) -> None:
        if paths:
            app.notify("Wrote " + " and ".join(paths), title="Calendar exported", markup=False)

    return done


def _notify_sent(app: MeetupApp) -> Callable[[str | None], None]:
    def done(summary: str | None) -> None:
        if summary:
            app.notify(summary, title="Invitations sent")

    return done


class ExportCalendarDialog(ModalScreen[list[str] | None]):
    """Method, person and file; writes with meetup.calendar; returns the files written."""

    CSS_PATH = "export_calendar.tcss"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel-export"),
        Binding("ctrl+s", "export", "Export", id="export-calendar-save", priority=True),
    ]

    def __init__(self, meetup_id: str) -> None:
        super().__init__()
        self.meetup_id = meetup_id

    @property
    def meetup_app(self) -> MeetupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        ws = self.meetup_app.workspace
        data = ws.meetups.get(self.meetup_id)
        title = data.meetup.title if data else self.meetup_id
        people = [
            (ws.person_name(a.person), a.person) for a in (data.meetup.attendees if data else [])
        ]
        with Vertical(id="export-calendar") as box:
            box.border_title = f"Export calendar: {escape(title)}"
            yield Label("Method")
            # Compact fields: the whole form and its buttons fit a 60x20 terminal.
            yield Select(
                METHOD_LABELS, value="publish", allow_blank=False, id="method", compact=True
            )
            yield Label("For (a personal calendar)")
            yield Select(sorted(people), prompt="Everyone", id="person", compact=True)
            yield Label("Folder (outside the workspace: a sync would commit it)")
            yield Input(value=str(default_folder(ws.root)), id="folder", compact=True)
            yield Label("File name")
            yield Input(value=f"{self.meetup_id}.ics", id="path", compact=True)
            yield Label("", id="export-error", classes="problem")
            with Horizontal(classes="buttons"):
                yield Label("ctrl+s export · esc cancel", classes="form-hint")
                yield Button("Export", variant="primary", id="export", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        self.export()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """The seam's refusal, in the dialog's error line (as plain text)."""
        label = self.query_one("#export-error", Label)
        label.update(Text("; ".join(m for m in errors.values() if m)))

    @on(Input.Submitted, "#path")
    @on(Input.Submitted, "#folder")
    @on(Button.Pressed, "#export")
    def export(self) -> None:
        error = self.query_one("#export-error", Label)
        folder = self.query_one("#folder", Input).value
        name = self.query_one("#path", Input).value
        try:
            path = export_target(folder, name, self.meetup_app.workspace.root)
        except InvalidInput as exc:
            error.update(Text(exc.message))
            return
        method = self.query_one("#method", Select).value
        person = self.query_one("#person", Select).value
        ws = self.meetup_app.workspace

        def export_to_file() -> list[Path]:
            export = calendar.export_meetup(
                ws,
                self.meetup_id,
                method=str(method),  # type: ignore[arg-type]
                person=None if person is Select.NULL else str(person),
                now=self.meetup_app.clock(),
            )
            return calendar.write_export(ws, export, path)

        saved = save(self, export_to_file, form=self, title="Not exported")
        if saved is None:
            return
        written = saved.value
        self.dismiss([str(p.absolute()) for p in written])
