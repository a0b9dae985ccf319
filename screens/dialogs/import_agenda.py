"""Import from a file or URL: a preview of what would change, applied only on confirmation.

One dialog for each import the CLI has: an agenda (TOML, frab, ptgbot's JSON; ``meetup import
agenda``) and the governance roster (``meetup import roster``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Static

from meetup.store.errors import InvalidInput, WorkspaceError
from screens.saving import save
from screens.widgets import Table, plain

if TYPE_CHECKING:
    from meetup.roster import RosterPlan
    from meetup.sharing.agenda_import import ImportPlan
    from meetup.store.workspace import Workspace
    from screens.app import MeetupApp

STATUS_STYLE = {
    "new": "green",
    "changed": "cyan",
    "conflict": "bold red",
    "removed": "yellow",
    "kept": "dim",
    "unchanged": "dim",
}


class ImportDialog(ModalScreen[bool]):
    """Path or URL, a preview table, then Apply or Cancel; True when something was written.

    A subclass says what it imports: its title, columns, how a source becomes a plan (the
    domain's function, shared with the CLI), the plan's rows and summary, and how to apply it.
    """

    CSS_PATH = "import_agenda.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel-import")]
    TITLE: ClassVar[str] = "Import"
    PLACEHOLDER: ClassVar[str] = "file or https://…"
    APPLY: ClassVar[str] = "Apply"
    COLUMNS: ClassVar[tuple[tuple[str, int], ...]] = ()

    def __init__(self, source: str = "") -> None:
        super().__init__()
        self.initial = source
        self.raw: bytes | None = None
        self.fetched_from = ""
        self.plan: Any = None

    @property
    def meetup_app(self) -> MeetupApp:
        return self.app  # type: ignore[return-value]

    # ------------------------------------------------------- what a subclass says

    def options(self) -> ComposeResult:
        """Widgets between the source and the preview (none by default)."""
        yield from ()

    def make_plan(self, ws: Workspace, raw: bytes, source: str) -> Any:
        raise NotImplementedError

    def rows(self, plan: Any) -> Iterable[tuple[str, ...]]:
        """The preview's rows, the first cell a status of STATUS_STYLE."""
        raise NotImplementedError

    def summary(self, plan: Any) -> str:
        raise NotImplementedError

    def will_write(self, plan: Any) -> bool:
        raise NotImplementedError

    def applier(self, ws: Workspace, plan: Any) -> Callable[[], Any]:
        raise NotImplementedError

    def done(self, plan: Any, value: Any) -> str:
        raise NotImplementedError

    # ------------------------------------------------------------- the dialog

    def compose(self) -> ComposeResult:
        with Vertical(id="import-box") as box:
            box.border_title = self.TITLE
            yield Input(self.initial, placeholder=self.PLACEHOLDER, id="import-source")
            yield Label("", id="import-error")
            yield from self.options()
            yield Table(id="import-preview", cursor_type="row", zebra_stripes=True)
            yield Static("Enter a file or URL and press Enter to preview.", id="import-summary")
            with Horizontal(id="import-buttons"):
                yield Button("Preview", id="import-preview-button")
                yield Button(self.APPLY, id="import-merge", variant="primary", disabled=True)
                yield Button("Cancel", id="import-cancel")

    def on_mount(self) -> None:
        table = self.query_one("#import-preview", DataTable)
        for label, width in self.COLUMNS:
            table.add_column(label, width=width, key=label)

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

    @work(thread=True, exclusive=True, group="import")
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

    def _plan(self) -> None:
        assert self.raw is not None
        try:
            plan = self.make_plan(self.meetup_app.workspace, self.raw, self.fetched_from)
        except (WorkspaceError, InvalidInput) as exc:
            self.plan = None
            self._show(None)
            self._error(f"Refused: {exc}")
            return
        self.plan = plan
        self._error("")
        self._show(plan)
        self.query_one("#import-box").border_title = self.title_for(plan)

    def title_for(self, plan: Any) -> str:
        """The dialog's title once a preview is made (what it will merge into)."""
        return self.TITLE

    def _show(self, plan: Any) -> None:
        table = self.query_one("#import-preview", DataTable)
        table.clear()
        apply = self.query_one("#import-merge", Button)
        summary = self.query_one("#import-summary", Static)
        if plan is None:
            apply.disabled = True
            summary.update("")
            return
        for index, (status, *cells) in enumerate(self.rows(plan)):
            table.add_row(
                plain(status, STATUS_STYLE.get(status, "")),
                *(plain(cell) for cell in cells),
                key=f"{index}",
            )
        summary.update(Text(self.summary(plan)))
        apply.disabled = not self.will_write(plan)

    def _error(self, message: str) -> None:
        label = self.query_one("#import-error", Label)
        label.update(Text(message))
        label.display = bool(message)
        if message:
            self.query_one("#import-summary", Static).update("")

    @on(Button.Pressed, "#import-merge")
    def merge(self) -> None:
        if self.plan is None or not self.will_write(self.plan):
            return
        plan = self.plan
        saved = save(self, self.applier(self.meetup_app.workspace, plan), form=self)
        if saved is None:
            # Stale: the workspace is being reloaded; the preview must be made again.
            self.plan = None
            self.query_one("#import-merge", Button).disabled = True
            return
        self.notify(self.done(plan, saved.value), title=self.TITLE, markup=False)
        self.dismiss(True)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """The seam's refusal, in the dialog's error line."""
        self._error("Not written: " + "; ".join(m for m in errors.values() if m))

    @on(Button.Pressed, "#import-cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)


class ImportAgendaDialog(ImportDialog):
    """An agenda file or URL merged into its meetup (``meetup import agenda``)."""

    TITLE = "Import agenda"
    PLACEHOLDER = "agenda.toml, frab .xml, ptgbot .json or https://…"
    APPLY = "Merge"
    COLUMNS = (("Change", 9), ("Kind", 8), ("Id", 22), ("Fields", 26))

    def options(self) -> ComposeResult:
        yield Checkbox(
            "Conflicts take the file's version (replace local edits)", id="import-theirs"
        )

    @on(Checkbox.Changed, "#import-theirs")
    def _policy_changed(self) -> None:
        if self.raw is not None:
            self._plan()

    def make_plan(self, ws: Workspace, raw: bytes, source: str) -> ImportPlan:
        from meetup.sharing.agenda_import import import_agenda

        theirs = self.query_one("#import-theirs", Checkbox).value
        return import_agenda(ws, raw, source, theirs=theirs)

    def rows(self, plan: ImportPlan) -> Iterable[tuple[str, ...]]:
        for change in plan.changes:
            if change.status != "unchanged":
                yield change.status, change.kind, change.ident, ", ".join(change.fields)

    def summary(self, plan: ImportPlan) -> str:
        text = plan.summary().split(": ", 1)[-1]
        if plan.count("conflict") and not plan.theirs:
            text += " — conflicts keep the local version"
        if plan.warnings:
            text += f" — {len(plan.warnings)} warning(s): {plan.warnings[0]}"
        return text

    def will_write(self, plan: ImportPlan) -> bool:
        return plan.will_write

    def applier(self, ws: Workspace, plan: ImportPlan) -> Callable[[], Any]:
        from meetup.sharing.agenda_import import apply_plan

        return lambda: apply_plan(ws, plan)

    def meetup_title(self, plan: ImportPlan) -> str:
        data = self.meetup_app.workspace.meetups.get(plan.meetup_id)
        return data.meetup.title if data is not None else plan.meetup_id

    def title_for(self, plan: ImportPlan) -> str:
        return f"Import agenda into {self.meetup_title(plan)}"

    def done(self, plan: ImportPlan, value: Any) -> str:
        return f"Merged into {self.meetup_title(plan)}: {value} file(s) written"


class ImportRosterDialog(ImportDialog):
    """Projects, PTLs and liaisons from governance's projects.yaml (``meetup import roster``)."""

    TITLE = "Import roster"
    PLACEHOLDER = "reference/projects.yaml or https://…"
    APPLY = "Apply"
    COLUMNS = (("Change", 9), ("Kind", 8), ("Id", 24), ("Detail", 24))

    def make_plan(self, ws: Workspace, raw: bytes, source: str) -> RosterPlan:
        from meetup.roster import roster_plan

        return roster_plan(ws, raw, source)

    def rows(self, plan: RosterPlan) -> Iterable[tuple[str, ...]]:
        for change in plan.changes:
            if change.status != "unchanged":
                yield change.status, change.kind, change.key, change.detail

    def summary(self, plan: RosterPlan) -> str:
        text = plan.summary()
        if plan.skipped:
            text += f" — skipped {len(plan.skipped)}: {plan.skipped[0]}"
        return text

    def will_write(self, plan: RosterPlan) -> bool:
        return plan.changed

    def applier(self, ws: Workspace, plan: RosterPlan) -> Callable[[], Any]:
        from meetup.roster import apply_roster

        return lambda: apply_roster(ws, plan)

    def done(self, plan: RosterPlan, value: Any) -> str:
        return f"Imported {len(plan.projects)} projects from {plan.source}"
