"""What every screen of the app shares: access to the workspace and safe saving."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen

from meetup.store.errors import (
    BrokenFileError,
    InvalidInput,
    NotFoundError,
    StaleWriteError,
    WorkspaceError,
)

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace
    from screens.app import MeetupApp

T = TypeVar("T")


class WorkspaceScreen(Screen[Any]):
    """A screen that shows part of the workspace and refreshes when it is reloaded."""

    @property
    def meetup_app(self) -> MeetupApp:
        return self.app  # type: ignore[return-value]

    @property
    def workspace(self) -> Workspace:
        return self.meetup_app.workspace

    def refresh_data(self) -> None:
        """Re-render from ``self.workspace`` (called after a save or a reload)."""

    def palette_commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        """(title, help, callback) entries this screen adds to the command palette."""
        return []

    def apply(self, operation: Callable[[], T]) -> T | None:
        """Run a domain operation that saves; report what went wrong instead of raising.

        A file changed on disk by someone else is reloaded and the user is told; nothing
        they did is silently overwritten.
        """
        try:
            result = operation()
        except StaleWriteError as exc:
            self.meetup_app.reload_workspace()
            self.notify(
                str(exc), title="Changed on disk", severity="error", timeout=10, markup=False
            )
            return None
        except (InvalidInput, NotFoundError, BrokenFileError, WorkspaceError) as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=8, markup=False)
            return None
        self.refresh_data()
        return result
