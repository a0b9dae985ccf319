"""What every screen of the app shares: the workspace, refreshing on change, saving."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual import events
from textual.binding import ActiveBinding, Binding
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

    def refit_later(self) -> None:
        """After a resize: refit column widths to the new size once it has been painted."""
        self.call_after_refresh(self._refit_if_attached)

    def _refit_if_attached(self) -> None:
        # A key right after a resize (an area switch, a pop) may have removed the screen
        # before this runs: its widgets are gone then, and there is nothing to refit.
        if self.is_attached:
            self.refresh_data()

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

    def as_author(self, then: Callable[[str], object]) -> None:
        """Run ``then`` with the acting person; when nobody is named (--as, $MEETUP_USER,
        git), ask "who are you?" once first, so a log entry never says "someone"."""
        from meetup.identity import known_person, remember
        from screens.dialogs.pick import PickDialog

        person = known_person(self.workspace)
        if person is not None:
            then(person)
            return

        def chosen(picked: str | None) -> None:
            if picked:
                remember(picked)
                then(picked)

        people = sorted(self.workspace.people.values(), key=lambda p: p.name.lower())
        self.app.push_screen(
            PickDialog(
                "Who are you? (the issue log and votes name you)",
                [(p.id, p.name) for p in people],
            ),
            chosen,
        )

    def refusal(self, action: str) -> str | None:
        """Why ``action`` cannot run now (its phase or state), or None when it can.

        A refused action is disabled in the footer (``check_action`` returns None) and its
        palette entry says why instead of running: refused before any work, never after.
        """
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if self.refusal(action) else True

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The screen's bindings; a disabled one carries its refusal as the footer tooltip."""
        bindings = super().active_bindings
        for key, active in bindings.items():
            if active.enabled or active.node is not self:
                continue
            reason = self.refusal(active.binding.action)
            if reason:
                bindings[key] = active._replace(tooltip=f"Not now: {reason}")
        return bindings

    def on_key(self, event: events.Key) -> None:
        """A key shown dimmed in the footer tells why instead of doing nothing.

        Textual skips a binding whose ``check_action`` is None and lets the key go on to
        the focused widget, which bubbles it here: the first binding of the key along the
        focus chain whose node refuses its action says why (as its palette entry does).
        """
        for namespace, bindings in self._modal_binding_chain:
            for binding in bindings.key_to_bindings.get(event.key, ()):
                refusal = getattr(namespace, "refusal", None)
                reason = refusal(binding.action) if callable(refusal) else None
                if reason:
                    event.stop()
                    event.prevent_default()
                    self.notify(reason, title="Not now", severity="warning", markup=False)
                    return

    def refused(self, action: str) -> bool:
        """Tell the user why ``action`` cannot run now; True when it was refused."""
        reason = self.refusal(action)
        if reason:
            self.notify(reason, title="Not now", severity="warning", markup=False)
        return bool(reason)

    def apply(self, operation: Callable[[], T], what: str = "") -> T | None:
        """Run a domain operation that saves, through the one seam (screens.saving).

        Returns what it returned, or None when it was refused (the user has been told).
        ``what`` names the edit in the undo history (default: the records it touched).
        """
        saved = save(self, operation, what=what)
        return None if saved is None else saved.value
