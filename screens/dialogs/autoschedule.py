"""A dialog that previews the automatic scheduler's plan and applies it on confirmation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Static
from textual.worker import Worker, WorkerState

from meetup.agenda import autoschedule
from meetup.store.errors import NotFoundError
from screens.saving import WorkspaceChanged, save
from screens.widgets import Table, fit_columns, plain

if TYPE_CHECKING:
    from meetup.store.records import Placement
    from meetup.store.workspace import MeetupData, Workspace
    from screens.app import MeetupApp


def where(p: Placement | None) -> str:
    return "—" if p is None else f"{p.day:%a %d} {p.start:%H:%M} {p.room}"


class AutoScheduleDialog(ModalScreen[bool]):
    """The moves the scheduler proposes and why some topics fit nowhere; Apply saves them."""

    CSS_PATH = "autoschedule.tcss"
    BINDINGS = [
        Binding("a", "apply", "Apply", id="autoschedule-apply"),
        Binding("k", "toggle_keep", "Keep placed", id="autoschedule-keep"),
        Binding("escape", "cancel", "Cancel", id="autoschedule-cancel"),
    ]

    def __init__(self, meetup_id: str) -> None:
        super().__init__()
        self.meetup_id = meetup_id
        self.keep_existing = False
        self.plan: autoschedule.Plan | None = None

    @property
    def workspace(self) -> Workspace:
        app: MeetupApp = self.app  # type: ignore[assignment]
        return app.workspace

    def compose(self) -> ComposeResult:
        with Vertical(id="autoschedule-box"):
            yield Static(id="autoschedule-summary")
            yield Table(id="autoschedule-moves", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="autoschedule-unplaced"):
                yield Static(id="autoschedule-reasons")
            with Horizontal(id="autoschedule-buttons"):
                yield Button(Text("Apply [a]"), id="apply", variant="primary")
                yield Button(Text("Keep placed [k]"), id="keep")
                yield Button(Text("Cancel [esc]"), id="cancel")

    def on_mount(self) -> None:
        title = self.workspace.meetup(self.meetup_id).meetup.title
        self.query_one("#autoschedule-box").border_title = Text(f"Auto-schedule {title}")
        # After the first layout, so the table knows its width for fit_columns.
        self.call_after_refresh(self.recompute)

    def recompute(self) -> None:
        """Plan in a thread (it takes seconds on a big meetup), saying so meanwhile."""
        try:
            data = self.workspace.meetup(self.meetup_id)
        except NotFoundError as exc:
            self.notify(str(exc), severity="error")
            self.dismiss(False)
            return
        self.plan = None
        self.query_one("#autoschedule-summary", Static).update(
            Text("Computing the schedule…", style="italic")
        )
        self.query_one("#autoschedule-moves", DataTable).clear()
        self.query_one("#autoschedule-reasons", Static).update("")
        self.query_one("#apply", Button).disabled = True
        self.refresh_bindings()
        self._planning = self._plan(data, self.keep_existing)

    @work(thread=True, exclusive=True, group="autoschedule", exit_on_error=False)
    def _plan(self, data: MeetupData, keep_existing: bool) -> autoschedule.Plan:
        return autoschedule.plan(data, keep_existing=keep_existing)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker is not getattr(self, "_planning", None):
            return  # another worker, or a plan for a setting changed since
        if event.state == WorkerState.ERROR:
            self.query_one("#autoschedule-summary", Static).update(
                Text(f"The scheduler failed: {event.worker.error}", style="bold red")
            )
        elif event.state == WorkerState.SUCCESS and isinstance(
            event.worker.result, autoschedule.Plan
        ):
            self.show_plan(event.worker.result)

    def show_plan(self, plan: autoschedule.Plan) -> None:
        """The plan's moves, score and the reasons some topics fit nowhere."""
        self.plan = plan
        s = plan.score
        mode = "keeping every placed topic" if self.keep_existing else "placed topics may move"
        summary = Text.assemble(
            (f"{len(plan.moves)} move(s)", "bold"),
            f" · {s.placed} placed · {s.unplaced} not placed · {mode}",
        )
        if s.stopped:
            summary.append(f" · search stopped early (out of {s.stopped})", style="yellow")
        elif not s.proven:
            summary.append(" · search stopped at its budget", style="yellow")
        self.query_one("#autoschedule-summary", Static).update(summary)
        table = self.query_one("#autoschedule-moves", DataTable)
        fit_columns(table, [("Topic", None), ("From", 21), ("To", 21)])
        for m in plan.moves:
            table.add_row(plain(m.title), where(m.before), where(m.after), key=m.topic)
        reasons = Text()
        if not plan.unplaced:
            reasons.append("Every accepted topic has a place.", style="green")
        for u in plan.unplaced:
            if reasons:
                reasons.append("\n")
            reasons.append(f"Not placed: {u.title}", style="bold yellow")
            reasons.append(f" ({u.votes} votes, {u.duration} min)")
            for r in u.reasons:
                reasons.append(f"\n  · {r.message}")
        self.query_one("#autoschedule-reasons", Static).update(reasons)
        self.query_one("#apply", Button).disabled = not plan.moves
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "apply":
            return bool(self.plan and self.plan.moves)
        return True

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        plan = self.plan
        if plan is None or not plan.moves:
            return
        saved = save(
            self,
            lambda: autoschedule.apply(self.workspace, self.meetup_id, plan),
            title="Not applied",
            what=f"auto-schedule {self.meetup_id} ({len(plan.moves)} move(s))",
        )
        if saved is None:
            return
        self.notify(f"Applied {len(saved.value)} move(s) (z undoes them all)")
        self.dismiss(True)

    def on_workspace_changed(self, message: WorkspaceChanged) -> None:
        """Reloaded (after a stale file, say): plan again from what is on disk now."""
        if self.is_mounted:
            self.recompute()

    @on(Button.Pressed, "#keep")
    def action_toggle_keep(self) -> None:
        self.keep_existing = not self.keep_existing
        self.recompute()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)
