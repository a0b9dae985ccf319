"""A stopped sync: both versions of each conflicted file, side by side, and the user's pick."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from meetup.sharing.gitcmd import SyncError
from meetup.sharing.resolve import ConflictSides
from meetup.sharing.sync import SyncResult
from screens.footer import FittingFooter
from screens.saving import request_reload

if TYPE_CHECKING:
    from screens.app import MeetupApp


def _side(text: str | None, other: str | None) -> Text:
    """A file's text with the lines the other side lacks highlighted."""
    if text is None:
        return Text("(file deleted on this side)", style="italic")
    theirs = set((other or "").splitlines())
    out = Text()
    for line in text.splitlines():
        out.append(line + "\n", style="" if line in theirs else "bold yellow")
    return out


def _field_lines(root: object, path: str) -> list[str]:
    """What conflicts in a record, by field (mine = o keeps mine for these fields only)."""
    from meetup.sharing.conflicts import record_conflict

    try:
        found = record_conflict(root, path)  # type: ignore[arg-type]
    except (SyncError, OSError):
        return []
    if found is None:
        return []
    return [line.removeprefix(f"{path}: ") for line in found.lines()]


class SyncConflictScreen(Screen[None]):
    """Pick, per file, your local change (o) or the remote version (t); then continue (c)."""

    CSS_PATH = "sync_conflict.tcss"
    BINDINGS = [
        Binding("o", "take('ours')", "Take mine", id="take-ours"),
        Binding("t", "take('theirs')", "Take remote", id="take-theirs"),
        Binding("f", "next", "Next file", id="next-conflict"),
        Binding("c", "finish", "Continue sync", id="continue-sync"),
        Binding("a", "abort", "Abort sync", id="abort-sync"),
        Binding("escape", "close", "Close", id="close-conflicts"),
    ]

    def __init__(self, paths: tuple[str, ...]) -> None:
        super().__init__()
        self.paths = list(paths)
        self.index = 0
        self.picked: dict[str, str] = {}

    @property
    def meetup_app(self) -> MeetupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="conflict-path")
        with Horizontal(id="conflict-sides"):
            with VerticalScroll(id="conflict-ours", classes="panel"):
                yield Static(id="ours-text")
            with VerticalScroll(id="conflict-theirs", classes="panel"):
                yield Static(id="theirs-text")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = "Sync conflict"
        self.query_one("#conflict-ours").border_title = escape("Mine, changed here: o")
        self.query_one("#conflict-theirs").border_title = escape("Remote, already pushed: t")
        self.show_current()

    def show_current(self) -> None:
        from meetup.sharing.resolve import conflict_sides

        if not self.paths:
            self.query_one("#conflict-path", Static).update("No conflicts left.")
            return
        path = self.paths[self.index]
        try:
            sides = conflict_sides(self.meetup_app.workspace.root, path)
        except SyncError:  # already resolved: show what was picked
            sides = ConflictSides(path, None, None, "")
        picked = self.picked.get(path)
        state = f"took {picked}" if picked else "changed on both sides"
        fields = [] if picked else _field_lines(self.meetup_app.workspace.root, path)
        self.query_one("#conflict-path", Static).update(
            Text("\n".join([f"{self.index + 1}/{len(self.paths)} {path}: {state}", *fields]))
        )
        self.query_one("#ours-text", Static).update(_side(sides.local, sides.remote))
        self.query_one("#theirs-text", Static).update(_side(sides.remote, sides.local))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "finish":
            return bool(self.paths) and len(self.picked) == len(self.paths)
        if action == "next":
            return len(self.paths) > 1
        return True

    def action_take(self, side: str) -> None:
        from meetup.sharing.resolve import resolve

        path = self.paths[self.index]
        try:
            resolve(self.meetup_app.workspace.root, path, "ours" if side == "ours" else "theirs")
        except SyncError as exc:
            self.notify(str(exc), title="Not resolved", severity="error")
            return
        self.picked[path] = "mine" if side == "ours" else "remote"
        if len(self.picked) < len(self.paths):
            self.action_next()
        self.show_current()
        self.refresh_bindings()

    def action_next(self) -> None:
        self.index = (self.index + 1) % max(1, len(self.paths))
        self.show_current()

    def action_finish(self) -> None:
        self.notify("Continuing the sync…")
        self._continue()

    @work(thread=True, exclusive=True, group="sync")
    def _continue(self) -> None:
        from meetup.sharing.sync import continue_sync

        try:
            result = continue_sync(self.meetup_app.workspace.root)
        except SyncError as exc:
            self.app.call_from_thread(self.notify, str(exc), title="Sync", severity="error")
            return
        self.app.call_from_thread(self._continued, result)

    def _continued(self, result: SyncResult) -> None:
        self.meetup_app.after_sync(result)
        if result.conflicts:  # the next local commit conflicts too
            self.paths, self.index, self.picked = list(result.conflicts), 0, {}
            self.show_current()
            self.refresh_bindings()
        else:
            self.dismiss()

    def action_abort(self) -> None:
        from meetup.sharing.sync import abort_sync

        try:
            state = abort_sync(self.meetup_app.workspace.root)
        except SyncError as exc:
            self.notify(str(exc), title="Sync", severity="error")
            return
        request_reload(self)
        self.meetup_app.show_sync_status(state)
        self.notify("Sync aborted; your local commit is kept", title="Sync")
        self.dismiss()

    def action_close(self) -> None:
        self.notify("The sync waits: ctrl+g to come back here", title="Sync")
        self.dismiss()
