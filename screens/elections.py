"""Elections: every election with its phase and standing; create one; open its detail."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Header, Static

from meetup.elections import phases as elections
from meetup.elections.drafts import ElectionDraft
from meetup.store.records import Election
from screens.base import WorkspaceScreen
from screens.widgets import PHASE_STYLE, Table, fit_columns, plain

STANDING_STYLE = {
    "leaderless": "bold red",
    "acclaimed": "green",
    "contested": "yellow",
    "nominating": "dim",
}


class ElectionsScreen(WorkspaceScreen):
    """The list of elections; enter opens one, n creates one."""

    CSS_PATH = "elections.tcss"
    area_name = "elections"
    BINDINGS = [
        Binding("enter", "open", "Open", id="open"),
        Binding("n", "new", "New election", id="new"),
        Binding("r", "results", "Results", id="results"),
        Binding("escape", "app.pop_screen", "Back", id="elections-back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ready = False
        self.pending: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="elections-help")
        yield Table(id="elections-list", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Elections"
        self.ready = True
        self.query_one("#elections-help", Static).update(
            "enter: timeline, candidates, roll and voting · n: new election · r: results"
        )
        self.refresh_data()
        self.query_one("#elections-list", DataTable).focus()
        if self.pending:
            self.select(self.pending)

    def on_resize(self) -> None:
        self.call_after_refresh(self.refresh_data)

    def refresh_data(self) -> None:
        if not self.ready:
            return
        ws = self.workspace
        now = self.meetup_app.clock()
        table = self.query_one("#elections-list", DataTable)
        row = table.cursor_row
        fit_columns(
            table,
            [("Election", None), ("Kind", 9), ("Phase", 11), ("Standing", 10), ("Cand.", 5)],
        )
        for summary in sorted(
            ws.elections.values(), key=lambda e: (e.timeline.voting_close, e.id), reverse=True
        ):
            current = elections.phase(summary, now)
            standing = elections.standing(summary, now)
            table.add_row(
                plain(summary.title),
                plain(summary.kind),
                plain(current, PHASE_STYLE.get(current, "")),
                plain(standing, STANDING_STYLE[standing]),
                str(len(elections.active_candidates(summary))),
                key=summary.id,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def select(self, ident: str) -> None:
        """Show election ``ident``'s detail (works before mount: opened once mounted)."""
        if not self.ready:
            self.pending = ident
            return
        self.pending = None
        table = self.query_one("#elections-list", DataTable)
        if ident in self.workspace.elections:
            table.move_cursor(row=table.get_row_index(ident))
            self.open(ident)

    def current_id(self) -> str | None:
        table = self.query_one("#elections-list", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def open(self, ident: str) -> None:
        from screens.election_detail import ElectionDetailScreen

        self.app.push_screen(ElectionDetailScreen(ident))

    @on(DataTable.RowSelected, "#elections-list")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(str(event.row_key.value))

    def action_open(self) -> None:
        ident = self.current_id()
        if ident:
            self.open(ident)

    def action_results(self) -> None:
        ident = self.current_id()
        if ident:
            from screens.results import ResultsScreen

            self.app.push_screen(ResultsScreen(ident))

    def action_new(self) -> None:
        from screens.forms.election import ElectionFormDialog

        now = self.meetup_app.clock().replace(minute=0, second=0, microsecond=0)

        def moment(days: int) -> str:
            return f"{now + timedelta(days=days):%Y-%m-%d %H:%M}"

        draft = ElectionDraft(
            nominations_open=moment(1),
            nominations_close=moment(8),
            voting_open=moment(10),
            voting_close=moment(17),
        )

        def done(election: Election | None) -> None:
            if election is not None:
                self.notify(f"Created election {election.id}", markup=False)

        self.app.push_screen(ElectionFormDialog(draft), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "results"):
            return self.ready and self.current_id() is not None
        return True

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            (
                "Elections: new election",
                "Kind, project or area, seats, UTC timeline",
                self.action_new,
            ),
            (
                "Elections: open the selected election",
                "Timeline, candidates, roll, voting",
                self.action_open,
            ),
            (
                "Elections: results of the selected election",
                "Ranking, pairwise matrix, paths",
                self.action_results,
            ),
        ]
