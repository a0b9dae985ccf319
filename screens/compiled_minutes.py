"""The compiled minutes of a meetup, read-only, as they go to the mailing list."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, TextArea

from meetup.agenda.minutes import compiled_minutes
from meetup.store.errors import BrokenRecordsError
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.widgets import ReadOnlyText


class CompiledMinutesScreen(WorkspaceScreen):
    """Topics in agenda order with their notes and action items, then every action item."""

    DEFAULT_CSS = """
    CompiledMinutesScreen #compiled {
        height: 1fr;
    }
    """
    BINDINGS = [Binding("escape,q", "close", "Back", id="compiled-back")]

    def __init__(self, meetup_id: str) -> None:
        super().__init__()
        self.meetup_id = meetup_id

    def compose(self) -> ComposeResult:
        yield Header()
        # Read-only text, exactly as `meetup minutes` prints it for the mailing list.
        yield ReadOnlyText(
            self.minutes(),
            id="compiled",
            language="markdown",
            soft_wrap=True,
        )
        yield FittingFooter()

    def minutes(self) -> str:
        """The minutes, or why they cannot be compiled (a topic file is broken, say)."""
        try:
            return compiled_minutes(self.workspace, self.meetup_id)
        except BrokenRecordsError as exc:
            return f"The minutes cannot be compiled.\n\n{exc}"

    def on_mount(self) -> None:
        self.title = f"Minutes: {self.workspace.meetup(self.meetup_id).meetup.title}"
        self.query_one("#compiled").focus()

    def refresh_data(self) -> None:
        if self.is_attached:
            self.query_one("#compiled", TextArea).load_text(self.minutes())

    def action_close(self) -> None:
        self.app.pop_screen()
