"""The meetup App and the one factory that builds it (CLI and tests alike)."""

from __future__ import annotations

import asyncio
import importlib
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import get_current_worker

from meetup import clock
from meetup.store.errors import WorkspaceError
from meetup.store.history import History
from meetup.store.integrity import note_lazy_problems
from meetup.store.loading import (
    NotAWorkspace,
    complete,
    empty,
    load,
    load_dashboard,
    require_workspace,
)
from meetup.store.workspace import Workspace
from screens import keys
from screens.areas import AREAS
from screens.palette import system_commands
from screens.saving import (
    IO_ERRORS,
    ReloadRequested,
    WorkspaceChanged,
    WorkspaceSaved,
    describe_os_error,
)
from screens.syncing import SharingApp
from screens.typeahead import mark_origin, redirected

if TYPE_CHECKING:
    from screens.listsearch import ListState

Clock = Callable[[], datetime]


LOAD_ERRORS: tuple[type[Exception], ...] = (NotAWorkspace, WorkspaceError, *IO_ERRORS)
"""What reading the workspace in a worker can meet; the user is told, the app goes on."""

BASE_DEPTH = 1
"""The dashboard (the default screen); area screens go on top."""


def load_with_lazy_problems(root: Path) -> Workspace:
    """The whole workspace but the election rolls (read when a screen asks for an election);
    its problems list broken polls, ballots, calendar state too."""
    workspace = load(root, rolls=False, share=True)  # kept in memory: ids shared
    note_lazy_problems(workspace)
    return workspace


def utc_now() -> datetime:
    return clock.now()


class MeetupApp(SharingApp):
    """The terminal UI over one workspace."""

    TITLE = "meetup"
    CSS_PATH = ["app.tcss", "dashboard.tcss"]
    BINDINGS = [
        Binding(keys.QUIT, "quit", "Quit", id="quit", priority=True),
        # The digits reach every area from every screen: no screen binds them (the key
        # map in screens/keys.py; tests/ui/test_keys.py checks every screen).
        *(
            Binding(a.number, f"go('{a.name}')", a.short, id=f"go-{a.name}", show=False)
            for a in AREAS.values()
        ),
        Binding(keys.HELP, "help", "Help", id="help"),
        Binding(keys.RELOAD, "reload", "Reload", id="reload", show=False),
        Binding(keys.HISTORY, "history", "Undo history", id="history", show=False),
        Binding(keys.SYNC, "sync", "Sync (git)", id="sync", show=False),
    ]

    def __init__(
        self, workspace: Workspace | Path, *, clock: Clock = utc_now, live: str | None = None
    ) -> None:
        """On a loaded workspace the app is ready at once; on a directory it starts with an
        empty workspace and loads the real one in a thread after the first paint.  ``live``
        names a meetup whose live view opens first."""
        super().__init__()
        self.clock = clock
        self.start_live = live
        self.history = History()
        """The undo history of this session: every edit made through screens.saving."""
        self.workspace_ready = asyncio.Event()
        """Set once ``workspace`` holds the loaded workspace (await it in tests)."""
        self.dashboard_ready = asyncio.Event()
        """Set once the dashboard's records are in (before the rest when loading)."""
        self._pending: tuple[str, str | None] | None = None
        """An area (and record) asked for while loading, opened when the load is done."""
        self.revision = 0
        """Counts saves and reloads; every screen refreshes once per revision."""
        self.list_states: dict[str, ListState] = {}
        """Each list's search query and order, by list name, kept while the app runs."""
        self._reloading = False
        self._saved_while_reloading = False
        self._announce_reload = False
        if isinstance(workspace, Workspace):
            self.workspace = workspace
            self.workspace_ready.set()
            self.dashboard_ready.set()
        else:
            self.workspace = empty(workspace)
        self.sub_title = self.workspace.settings.name

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and self.screen_stack:
            if not event.is_forwarded:  # just typed: remember which screen was on top
                mark_origin(event, self.screen)
            elif redirected(event, self.screen):
                return  # typed for the screen below while a dialog opened: its text now
        await super().on_event(event)

    @property
    def loading(self) -> bool:
        """True while the workspace is still being read in the background."""
        return not self.workspace_ready.is_set()

    def get_default_screen(self) -> Screen[Any]:
        # The dashboard is the base of the stack; its stylesheet is in CSS_PATH because
        # Textual loads a screen's own CSS_PATH only for screens that are pushed.
        from screens.dashboard import DashboardScreen

        return DashboardScreen()

    def on_mount(self) -> None:
        self.refresh_sync_status()

    def on_ready(self) -> None:
        if self.loading:
            self.run_worker(self._load_in_thread, name="load workspace", thread=True)
        elif self.start_live:
            self.open_live(self.start_live)

    def _load_in_thread(self) -> None:
        """The dashboard's records first (shown at once), then the rest of the workspace."""
        try:
            first = load_dashboard(self.workspace.root)
            shown = threading.Event()
            self.call_from_thread(self._dashboard_loaded, first, shown)
            shown.wait(timeout=2)  # the rest waits for the dashboard's data on screen (GIL)
            revision = first.revision
            workspace = complete(first)
            if first.revision != revision:  # saved meanwhile: read it all as it is now
                workspace = load_with_lazy_problems(self.workspace.root)
        except LOAD_ERRORS as exc:
            text = describe_os_error(exc) if isinstance(exc, IO_ERRORS) else str(exc)
            self.call_from_thread(self._load_failed, text)
            return
        self.call_from_thread(self._loaded, workspace)

    def _dashboard_loaded(self, workspace: Workspace, shown: threading.Event) -> None:
        if not self.loading:
            shown.set()
            return
        self.call_after_refresh(shown.set)
        self.workspace = workspace
        self.sub_title = workspace.settings.name
        self.dashboard_ready.set()
        self.workspace_changed()

    def _load_failed(self, message: str) -> None:
        self.notify(message, title="Cannot load the workspace", severity="error", markup=False)

    def _loaded(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.sub_title = workspace.settings.name
        self.refresh_sync_status()
        self.dashboard_ready.set()
        self.workspace_ready.set()
        self.workspace_changed()
        if self.start_live and self._pending is None:
            self.open_live(self.start_live)
        if self._pending is not None:
            name, ident = self._pending
            self._pending = None
            if ident is None:
                self.action_go(name)
            else:
                self.open_record(name, ident)

    # ------------------------------------------------- the workspace changed

    def workspace_changed(self) -> None:
        """Tell every screen on the stack, once, that ``workspace`` holds new data."""
        self.revision += 1
        for screen in self.screen_stack:
            screen.post_message(WorkspaceChanged(self.revision))

    def on_notify(self) -> None:
        """At most MAX_TOASTS toasts at once: the oldest makes room for a new one."""
        from screens.toasts import make_room

        make_room(self)

    def on_workspace_saved(self, message: WorkspaceSaved) -> None:
        if self._reloading:
            self._saved_while_reloading = True
        self.workspace_changed()

    def on_reload_requested(self, message: ReloadRequested) -> None:
        self.reload()

    def reload(self, *, announce: bool = False) -> None:
        """Read the workspace again in a thread worker; screens refresh when it is in."""
        self._announce_reload = self._announce_reload or announce
        if self.loading:
            return  # the background load brings the files as they are now
        self._reloading = True
        self._saved_while_reloading = False
        self._reload_in_thread()

    @work(thread=True, exclusive=True, group="reload")
    def _reload_in_thread(self) -> None:
        worker = get_current_worker()
        try:
            workspace = load_with_lazy_problems(self.workspace.root)
        except LOAD_ERRORS as exc:
            text = describe_os_error(exc) if isinstance(exc, IO_ERRORS) else str(exc)
            self.call_from_thread(self._reload_failed, text)
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._reloaded, workspace)

    def _reload_failed(self, message: str) -> None:
        self._reloading = False
        self.notify(message, title="Not reloaded", severity="error", markup=False)

    def _reloaded(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._reloading = False
        self.workspace_changed()
        if self._saved_while_reloading:
            self.reload()  # that save may have been read before it was written
        elif self._announce_reload:
            self._announce_reload = False
            self.notify("Workspace reloaded from disk")

    def _wait_for_load(self, name: str, ident: str | None) -> bool:
        """While loading, remember where the user wants to go; True if they must wait."""
        if not self.loading or name == "dashboard":
            return False
        self._pending = (name, ident)
        self.notify(f"Opening {AREAS[name].title} once the workspace is loaded…")
        return True

    # ------------------------------------------------------------- navigation

    def screen_for(self, name: str) -> Screen[object]:
        module, _, cls = AREAS[name].screen.partition(":")
        return getattr(importlib.import_module(module), cls)()

    def action_go(self, name: str) -> None:
        """Show an area: back to the dashboard, then its screen on top."""
        # Already there only on the area's own screen: 2 inside a meetup goes to the list.
        on_it = len(self.screen_stack) == (BASE_DEPTH if name == "dashboard" else BASE_DEPTH + 1)
        if (on_it and getattr(self.screen, "area_name", None) == name) or self._wait_for_load(
            name, None
        ):
            return
        while len(self.screen_stack) > BASE_DEPTH:
            self.pop_screen()
        if name != "dashboard":
            self.push_screen(self.screen_for(name))

    def open_record(self, name: str, ident: str) -> None:
        """Show an area with one record selected (area screens implement ``select``)."""
        if self._wait_for_load(name, ident):
            return
        self.action_go(name)
        select = getattr(self.screen, "select", None)
        if select is not None:
            select(ident)

    def open_live(self, meetup_id: str | None = None) -> None:
        """The live view of a meetup (default: the one running today, else the next)."""
        from screens.live import LiveScreen, live_meetup

        if self.loading:
            self.notify("The workspace is still loading")
            return
        meetup_id = meetup_id or live_meetup(self.workspace, self.clock())
        if meetup_id is None or meetup_id not in self.workspace.meetups:
            self.notify("No meetup with dates to follow live", severity="warning")
            return
        self.push_screen(LiveScreen(meetup_id))

    def open_minutes(self, meetup_id: str) -> None:
        """Show the minutes of a meetup on top of the current screen."""
        from screens.minutes import MinutesScreen

        self.push_screen(MinutesScreen(meetup_id))

    def action_help(self) -> None:
        from screens.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_history(self) -> None:
        """The session's edits, newest first; the chosen one is undone with all after it."""
        from screens.dialogs.history import HistoryDialog
        from screens.saving import undo

        def chosen(index: int | None) -> None:
            if index is not None:
                undo(self.screen, index)

        self.push_screen(HistoryDialog(self.history), chosen)

    def action_reload(self) -> None:
        if self.loading:
            self.notify("The workspace is still loading")
            return
        self.reload(announce=True)

    # ---------------------------------------------------------- command palette

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from system_commands(self, screen)
        yield from super().get_system_commands(screen)


def create_app(
    workspace: Workspace | Path | str,
    *,
    clock: Clock = utc_now,
    background_load: bool = False,
    live: str | None = None,
) -> MeetupApp:
    """Build the App on a workspace directory or an already loaded workspace.

    A directory is loaded here, before the app starts, unless ``background_load``: then
    the first screen paints at once and the workspace is read in a thread worker (the
    CLI does this, so a large workspace opens quickly); ``app.workspace_ready`` is set when
    it is loaded.
    """
    if isinstance(workspace, Workspace):
        return MeetupApp(workspace, clock=clock, live=live)
    root = Path(workspace)
    if not background_load:
        return MeetupApp(load_with_lazy_problems(root), clock=clock, live=live)
    require_workspace(root)
    return MeetupApp(root, clock=clock, live=live)
