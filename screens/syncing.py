"""The App's sharing actions: git sync with its status and conflicts, agenda import."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import App

if TYPE_CHECKING:
    from meetup.sharing.sync import SyncResult
    from meetup.sharing.sync_status import SyncStatus
    from meetup.store.workspace import Workspace


class SharingApp(App[int]):
    """The git sync and agenda import half of MeetupApp (which supplies the workspace)."""

    workspace: Workspace

    def reload(self, *, announce: bool = False) -> None:
        raise NotImplementedError

    def action_import_agenda(self) -> None:
        from screens.dialogs.import_agenda import ImportAgendaDialog

        self.push_screen(ImportAgendaDialog())

    def action_import_roster(self) -> None:
        from screens.dialogs.import_agenda import ImportRosterDialog

        self.push_screen(ImportRosterDialog())

    @work(thread=True, exclusive=True, group="sync-status")
    def refresh_sync_status(self) -> None:
        """Ahead/behind/clean in the sub-title (git status runs off the UI thread)."""
        from meetup.sharing.gitcmd import SyncError
        from meetup.sharing.sync_status import status

        try:
            state = status(self.workspace.root)
        except SyncError:
            return
        self.call_from_thread(self.show_sync_status, state)

    def show_sync_status(self, state: SyncStatus) -> None:
        name = self.workspace.settings.name
        self.sub_title = f"{name} · {state.short()}" if state.repo else name

    def action_sync(self) -> None:
        """Commit, pull --rebase and push the workspace; a stopped sync shows its conflicts."""
        self.notify("Syncing the workspace with git…", title="Sync")
        self._sync()

    @work(thread=True, exclusive=True, group="sync")
    def _sync(self, confirmed: bool = False) -> None:
        from meetup.sharing.gitcmd import SyncError, rebasing
        from meetup.sharing.sync import SyncResult, plan, sync
        from meetup.sharing.sync_status import status

        root = self.workspace.root
        try:
            if rebasing(root):  # a sync stopped earlier: back to its conflicts
                state = status(root)
                result = SyncResult(conflicts=state.conflicted, status=state)
            else:
                if not confirmed:
                    todo = plan(root)
                    if todo.records:  # say what will be committed first, as --dry-run does
                        self.call_from_thread(self._confirm_sync, todo.describe())
                        return
                result = sync(root)
        except SyncError as exc:
            self.call_from_thread(self.notify, str(exc), title="Sync failed", severity="error")
            return
        self.call_from_thread(self.after_sync, result, True)

    def _confirm_sync(self, summary: str) -> None:
        from screens.dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self._sync(confirmed=True)

        self.push_screen(ConfirmDialog(summary, yes="Commit and sync"), answered)

    def after_sync(self, result: SyncResult, open_conflicts: bool = False) -> None:
        """Back on the UI thread: reload what git changed and say what happened."""
        from screens.sync_conflict import SyncConflictScreen

        self.reload()
        self.show_sync_status(result.status)
        if result.conflicts:
            if open_conflicts and not isinstance(self.screen, SyncConflictScreen):
                self.push_screen(SyncConflictScreen(result.conflicts))
            self.notify(
                f"{len(result.conflicts)} file(s) changed here and remotely: pick a side",
                title="Sync stopped",
                severity="warning",
            )
        else:
            self.notify(result.describe(), title="Sync")
