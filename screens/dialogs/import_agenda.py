"""Import an agenda file or URL: a preview of what would change, merged only on confirmation."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Static

from meetup.store.errors import WorkspaceError
from screens.saving import save
from screens.widgets import Table, plain

if TYPE_CHECKING:
    from meetup.sharing.agenda_import import ImportPlan
    from screens.app import MeetupApp

STATUS_STYLE = {
    "new": "green",
    "changed": "cyan",
    "conflict": "bold red",
    "kept": "dim",
    "unchanged": "dim",
}


class ImportAgendaDialog(ModalScreen[bool]):
    """Path or URL, a preview table, then Merge or Cancel; True when something was merged."""

    CSS_PATH = "import_agenda.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-import")]

    def __init__(self, source: str = "") -> None:
        super().__init__()
        self.initial = source
        self.raw: bytes | None = None
        self.fetched_from = ""
        self.plan: ImportPlan | None = None

    @property
    def meetup_app(self) -> MeetupApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box") as box:
            box.border_title = "Import agenda"
            yield Input(self.initial, placeholder="agenda.toml or https://…", id="import-source")
            yield Label("", id="import-error")
            yield Checkbox(
                "Conflicts take the file's version (replace local edits)", id="import-theirs"
            )
            yield Table(id="import-preview", cursor_type="row", zebra_stripes=True)
            yield Static("Enter a file or URL and press Enter to preview.", id="import-summary")
            with Horizontal(id="import-buttons"):
                yield Button("Preview", id="import-preview-button")
                yield Button("Merge", id="import-merge", variant="primary", disabled=True)
                yield Button("Cancel", id="import-cancel")

    def on_mount(self) -> None:
        table = self.query_one("#import-preview", DataTable)
        for label, width in (("Change", 9), ("Kind", 8), ("Id", 22), ("Fields", 26)):
            table.add_column(label, width=width, key=label)

    # ------------------------------------------------------------- preview

    @on(Input.Submitted, "#import-source")
    @on(Button.Pressed, "#import-preview-button")
    def preview(self) -> None:
        source = self.query_one("#import-source", Input).value.strip()
        if not source:
            self._error("Enter a file path or an http(s) URL")
            return
        self._error("")
        self.query_one("#import-summary", Static).update(Text(f"Reading {source}…"))
        self.fetch(source)

    @work(thread=True, exclusive=True, group="import-agenda")
    def fetch(self, source: str) -> None:
        """Read the file or URL off the UI thread; the result is handled on the UI thread."""
        from meetup.sharing.fetch import FetchError, read_source

        try:
            raw = read_source(source)
        except FetchError as exc:
            self.app.call_from_thread(self._error, str(exc))
            return
        self.app.call_from_thread(self._fetched, source, raw)

    def _fetched(self, source: str, raw: bytes) -> None:
        self.raw, self.fetched_from = raw, source
        self._plan()

    @on(Checkbox.Changed, "#import-theirs")
    def _policy_changed(self) -> None:
        if self.raw is not None:
            self._plan()

    def _plan(self) -> None:
        from meetup.sharing.agenda_import import import_agenda

        assert self.raw is not None
        theirs = self.query_one("#import-theirs", Checkbox).value
        try:
            plan = import_agenda(
                self.meetup_app.workspace, self.raw, self.fetched_from, theirs=theirs
            )
        except WorkspaceError as exc:
            self.plan = None
            self._show(None)
            self._error(f"Refused: {exc}")
            return
        self.plan = plan
        self._error("")
        self._show(plan)

    def _show(self, plan: ImportPlan | None) -> None:
        table = self.query_one("#import-preview", DataTable)
        table.clear()
        merge = self.query_one("#import-merge", Button)
        summary = self.query_one("#import-summary", Static)
        if plan is None:
            merge.disabled = True
            summary.update("")
            return
        for index, change in enumerate(c for c in plan.changes if c.status != "unchanged"):
            table.add_row(
                plain(change.status, STATUS_STYLE[change.status]),
                plain(change.kind),
                plain(change.ident),
                plain(", ".join(change.fields)),
                key=f"{index}",
            )
        text = plan.summary().split(": ", 1)[-1]
        if plan.count("conflict") and not plan.theirs:
            text += " — conflicts keep the local version"
        if plan.warnings:
            text += f" — {len(plan.warnings)} warning(s): {plan.warnings[0]}"
        summary.update(Text(text))
        merge.disabled = not plan.will_write

    def _error(self, message: str) -> None:
        label = self.query_one("#import-error", Label)
        label.update(Text(message))
        label.display = bool(message)
        if message:
            self.query_one("#import-summary", Static).update("")

    # --------------------------------------------------------------- merge

    @on(Button.Pressed, "#import-merge")
    def merge(self) -> None:
        from meetup.sharing.agenda_import import apply_plan

        if self.plan is None or not self.plan.will_write:
            return
        plan = self.plan
        saved = save(self, lambda: apply_plan(self.meetup_app.workspace, plan), form=self)
        if saved is None:
            # Stale: the workspace is being reloaded; the preview must be made again.
            self.plan = None
            self.query_one("#import-merge", Button).disabled = True
            return
        self.notify(
            f"Merged {plan.meetup_id}: {saved.value} file(s) written", title="Import", markup=False
        )
        self.dismiss(True)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """The seam's refusal, in the dialog's error line."""
        self._error("Not merged: " + "; ".join(m for m in errors.values() if m))

    @on(Button.Pressed, "#import-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
