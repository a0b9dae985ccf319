"""The meetup App and the one factory that builds it (CLI and tests alike)."""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from meetup.workspace import Workspace, empty, load, require_workspace

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Area:
    """A top-level area of the app, reachable by one key and the command palette."""

    name: str
    title: str
    key: str
    screen: str | None
    """``module:Class`` of its screen, or None while a later issue fills it."""
    help: str
    issue: int = 0

    @property
    def short(self) -> str:
        """Footer label."""
        return {"dashboard": "Home", "issues": "Issues"}.get(self.name, self.title)


AREAS: dict[str, Area] = {
    a.name: a
    for a in (
        Area(
            "dashboard",
            "Dashboard",
            "d",
            "screens.dashboard:DashboardScreen",
            "Upcoming meetups, open issues, liaison gaps and elections",
        ),
        Area(
            "meetups",
            "Meetups",
            "m",
            "screens.meetups:MeetupsScreen",
            "Attendees, topics, votes, the schedule grid and minutes",
            3,
        ),
        Area(
            "issues",
            "Cross-project issues",
            "i",
            None,
            "Problems that span several projects, their owners and history",
            3,
        ),
        Area(
            "liaisons",
            "Liaisons",
            "l",
            "screens.liaisons:LiaisonsScreen",
            "The project x duty roster, PTL fallbacks and gaps",
            6,
        ),
        Area(
            "elections",
            "Elections",
            "e",
            "screens.elections:ElectionsScreen",
            "PTL and liaison elections, ballots and the Schulze tally",
            6,
        ),
    )
}


BASE_DEPTH = 2
"""Textual's default screen, then the dashboard; area screens go on top."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class MeetupApp(App[int]):
    """The terminal UI over one workspace."""

    TITLE = "meetup"
    CSS_PATH = "app.tcss"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        *(Binding(a.key, f"go('{a.name}')", a.short, id=f"go-{a.name}") for a in AREAS.values()),
        Binding("question_mark,f1", "help", "Help", id="help"),
        Binding("ctrl+r", "reload", "Reload", id="reload", show=False),
    ]

    def __init__(self, workspace: Workspace | Path, *, clock: Clock = utc_now) -> None:
        """On a loaded workspace the app is ready at once; on a directory it starts with an
        empty workspace and loads the real one in a thread after the first paint."""
        super().__init__()
        self.clock = clock
        self.workspace_ready = asyncio.Event()
        """Set once ``workspace`` holds the loaded workspace (await it in tests)."""
        self._pending: tuple[str, str | None] | None = None
        """An area (and record) asked for while loading, opened when the load is done."""
        if isinstance(workspace, Workspace):
            self.workspace = workspace
            self.workspace_ready.set()
        else:
            self.workspace = empty(workspace)
        self.sub_title = self.workspace.settings.name

    @property
    def loading(self) -> bool:
        """True while the workspace is still being read in the background."""
        return not self.workspace_ready.is_set()

    def on_mount(self) -> None:
        # Pushed (not the default screen) so that its CSS_PATH is loaded like any screen's.
        from screens.dashboard import DashboardScreen

        self.push_screen(DashboardScreen())

    def on_ready(self) -> None:
        if self.loading:
            self.run_worker(self._load_in_thread, name="load workspace", thread=True)

    def _load_in_thread(self) -> None:
        workspace = load(self.workspace.root)
        self.call_from_thread(self._loaded, workspace)

    def _loaded(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.sub_title = workspace.settings.name
        self.workspace_ready.set()
        self._refresh_screens()
        if self._pending is not None:
            name, ident = self._pending
            self._pending = None
            if ident is None:
                self.action_go(name)
            else:
                self.open_record(name, ident)

    def _wait_for_load(self, name: str, ident: str | None) -> bool:
        """While loading, remember where the user wants to go; True if they must wait."""
        if not self.loading or name == "dashboard":
            return False
        self._pending = (name, ident)
        self.notify(f"Opening {AREAS[name].title} once the workspace is loaded…")
        return True

    # ------------------------------------------------------------- navigation

    def screen_for(self, name: str) -> Screen[object]:
        area = AREAS[name]
        if area.screen is None:
            from screens.placeholder import PlaceholderScreen

            return PlaceholderScreen(area)
        module, _, cls = area.screen.partition(":")
        return getattr(importlib.import_module(module), cls)()

    def action_go(self, name: str) -> None:
        """Show an area: back to the dashboard, then its screen on top."""
        if getattr(self.screen, "area_name", None) == name or self._wait_for_load(name, None):
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

    def action_help(self) -> None:
        from screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_reload(self) -> None:
        if self.loading:
            self.notify("The workspace is still loading")
            return
        self.reload_workspace()
        self.notify("Workspace reloaded from disk")

    def reload_workspace(self) -> None:
        if self.loading:
            return  # the background load brings the files as they are now
        self.workspace = load(self.workspace.root)
        self._refresh_screens()

    def _refresh_screens(self) -> None:
        for screen in self.screen_stack:
            refresh = getattr(screen, "refresh_data", None)
            if refresh is not None:
                refresh()

    # ---------------------------------------------------------- command palette

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for area in AREAS.values():
            yield SystemCommand(
                f"Go to {area.title}", area.help, lambda n=area.name: self.action_go(n)
            )
        yield SystemCommand("Help: keys", "Every key of the current screen", self.action_help)
        yield SystemCommand(
            "Reload workspace", "Read every file again from disk", self.action_reload
        )
        yield from self.meetup_commands()
        palette = getattr(screen, "palette_commands", None)
        if palette is not None:
            for title, help_text, callback in palette():
                yield SystemCommand(title, help_text, callback)
        from screens.export_calendar import calendar_commands

        yield from calendar_commands(self)
        yield from super().get_system_commands(screen)

    def meetup_commands(self) -> Iterable[SystemCommand]:
        """Per-meetup dialogs (issue 7): the automatic scheduler and the date poll."""
        from screens.autoschedule import AutoScheduleDialog
        from screens.date_poll import DatePollScreen

        for mid, data in sorted(self.workspace.meetups.items()):
            title = data.meetup.title
            yield SystemCommand(
                f"Auto-schedule {title}",
                "Preview the automatic schedule's moves, then apply them",
                lambda m=mid: self.push_screen(AutoScheduleDialog(m)),
            )
            yield SystemCommand(
                f"Date poll {title}",
                "Candidate dates, who can come, the ranking; choose the dates",
                lambda m=mid: self.push_screen(DatePollScreen(m)),
            )


def create_app(
    workspace: Workspace | Path | str,
    *,
    clock: Clock = utc_now,
    background_load: bool = False,
) -> MeetupApp:
    """Build the App on a workspace directory or an already loaded workspace.

    A directory is loaded here, before the app starts, unless ``background_load``: then
    the first screen paints at once and the workspace is read in a thread worker (the
    CLI does this, so a large workspace opens quickly); ``app.workspace_ready`` is set when
    it is loaded.
    """
    if isinstance(workspace, Workspace):
        return MeetupApp(workspace, clock=clock)
    root = Path(workspace)
    if not background_load:
        return MeetupApp(load(root), clock=clock)
    require_workspace(root)
    return MeetupApp(root, clock=clock)
