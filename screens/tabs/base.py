"""The base of each tab of a meetup: access to its data, saving, confirming."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.containers import Vertical

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace
    from screens.meetup import MeetupScreen

T = TypeVar("T")
Command = tuple[str, str, Callable[[], Any]]


class MeetupView(Vertical):
    """A tab's content; the MeetupScreen refreshes every view after each save."""

    DEFAULT_CLASSES = "meetup-view"
    ready = False
    """Set on mount: refresh_data() before that has no widgets to fill."""

    @property
    def page(self) -> MeetupScreen:
        return self.screen  # type: ignore[return-value]

    @property
    def ws(self) -> Workspace:
        return self.page.workspace

    @property
    def meetup_id(self) -> str:
        return self.page.meetup_id

    @property
    def data(self) -> MeetupData:
        return self.ws.meetup(self.meetup_id)

    def on_mount(self) -> None:
        self.ready = True
        self.refresh_data()

    def on_resize(self) -> None:
        # Column widths follow the view's width (0 while its tab is hidden).
        self.call_after_refresh(self._refit_if_attached)

    def _refit_if_attached(self) -> None:
        # Gone already when a key right after the resize left the meetup's screen.
        if self.is_attached:
            self.refresh_data()

    def refresh_data(self) -> None:
        """Re-render from the workspace."""

    def focus_main(self) -> None:
        """Focus the view's main widget (when its tab is shown)."""

    def palette_commands(self) -> list[Command]:
        return []

    def apply(self, operation: Callable[[], T], what: str = "") -> T | None:
        return self.page.apply(operation, what)

    def confirm(self, question: str, then: Callable[[], object]) -> None:
        """Run ``then`` only if the user says yes."""
        from screens.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(ConfirmDialog(question), answered)
