"""A read-only text a CLI command prints (announcement, release diff, liaison gaps), with
a key to write it to a file outside the workspace."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, TextArea

from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.widgets import ReadOnlyText


class ReportScreen(WorkspaceScreen):
    """``produce()`` is the same ``meetup/`` function the CLI prints; redone on each change."""

    DEFAULT_CSS = """
    ReportScreen #report { height: 1fr; }
    """
    BINDINGS = [
        Binding("escape,q", "close", "Back", id="report-back"),
        Binding("w", "write", "Write to file", id="report-write"),
    ]

    def __init__(self, title: str, file_name: str, produce: Callable[[], str]) -> None:
        super().__init__()
        self.report_title = title
        self.file_name = file_name
        self.produce = produce

    def compose(self) -> ComposeResult:
        yield Header()
        yield ReadOnlyText(self.produce(), id="report", soft_wrap=True)
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = self.report_title
        self.query_one("#report").focus()

    def refresh_data(self) -> None:
        if self.is_attached:
            self.query_one("#report", TextArea).load_text(self.produce())

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_write(self) -> None:
        from screens.dialogs.export_file import ExportFileDialog, notify_written

        self.app.push_screen(
            ExportFileDialog(f"Write: {self.report_title}", self.file_name, self.produce),
            notify_written(self.app, "Written"),
        )
