"""What every screen of the app shares: the workspace, refreshing on change, saving."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from screens.saving import WorkspaceChanged, save, undo

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace
    from screens.app import MeetupApp

T = TypeVar("T")


class WorkspaceScreen(Screen[Any]):
    """A screen that shows part of the workspace and refreshes once per change.

    The App posts ``WorkspaceChanged`` after every save and reload; the screen's
    ``revision`` follows it and ``refresh_data`` runs once per new revision.
    """

    BINDINGS = [Binding("z", "undo", "Undo", id="undo", show=False)]
    """z undoes the last edit on every screen (ctrl+z, at the App, lists the history)."""

    revision: reactive[int] = reactive(0, init=False)
    """The workspace revision this screen shows."""

    def __init__(self) -> None:
        super().__init__()
        self._after_change: list[Callable[[], object]] = []

    @property
    def meetup_app(self) -> MeetupApp:
        return self.app  # type: ignore[return-value]

    @property
    def workspace(self) -> Workspace:
        return self.meetup_app.workspace

    def on_workspace_changed(self, message: WorkspaceChanged) -> None:
        self.revision = message.revision

    def watch_revision(self) -> None:
        if self.is_attached:
            self.refresh_data()
        callbacks, self._after_change = self._after_change, []
        for callback in callbacks:
            callback()

    def after_change(self, callback: Callable[[], object]) -> None:
        """Run ``callback`` once the screen has refreshed from the next change."""
        self._after_change.append(callback)

    def refresh_data(self) -> None:
        """Re-render from ``self.workspace`` (after a save or a reload)."""

    def action_undo(self) -> None:
        """Undo the last edit of this session (any screen's), through the one seam."""
        undo(self)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """(title, help, callback) entries this screen adds to the command palette."""
        return []

    def apply(self, operation: Callable[[], T], what: str = "") -> T | None:
        """Run a domain operation that saves, through the one seam (screens.saving).

        Returns what it returned, or None when it was refused (the user has been told).
        ``what`` names the edit in the undo history (default: the records it touched).
        """
        saved = save(self, operation, what=what)
        return None if saved is None else saved.value
