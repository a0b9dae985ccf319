"""Elections: every election with its phase and standing; create one; open its detail.

``c`` steps through the OpenStack cycles in the workspace (then back to every election):
a cycle is shown at a glance as ``meetup election list --cycle SERIES`` shows it, its
elections grouped by outcome (leaderless, contested, acclaimed) under a count line.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from meetup.elections import phases as elections
from meetup.elections.cycle import OUTCOMES, cycle_counts, cycle_rows, cycle_series
from meetup.elections.drafts import ElectionDraft
from meetup.finding import find, matches
from meetup.store.election_records import Election
from screens import keys
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.listsearch import ListSearch, SearchableList
from screens.saving import read
from screens.widgets import PHASE_STYLE, Table, fit_columns, plain

STANDING_STYLE = {
    "leaderless": "bold red",
    "acclaimed": "green",
    "contested": "yellow",
    "nominating": "dim",
}


ORDERS = ("closing", "title", "phase", "kind")
"""The orders ``s`` cycles through (the latest voting close first by default)."""


class ElectionsScreen(SearchableList, WorkspaceScreen):
    """The list of elections; enter opens one, n creates one."""

    CSS_PATH = "elections.tcss"
    area_name = "elections"
    BINDINGS = [
        Binding("enter", "open", "Open", id="open"),
        Binding("n", "new", "New election", id="new"),
        Binding("r", "results", "Results", id="results"),
        Binding("c", "cycle", "Cycle", id="cycle"),
        Binding("d,delete", "delete", "Delete", id="election-delete"),
        Binding(keys.SEARCH, "search", "Search", id="elections-search", show=False),
        Binding(keys.SORT, "sort", "Sort", id="elections-sort", show=False),
        Binding("escape", "back", "Back", id="elections-back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ready = False
        self.pending: str | None = None
        self.cycle: str | None = None
        """The cycle shown (None: every election)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="elections-help")
        yield Static(id="elections-cycle")
        yield ListSearch(
            "elections",
            ORDERS,
            target="#elections-list",
            placeholder="search titles, projects, candidates, phases",
        )
        yield Table(id="elections-list", cursor_type="row")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = "Elections"
        self.ready = True
        self.query_one("#elections-help", Static).update(
            "enter: open · n: new · r: results · c: cycle · /: search · s: sort"
        )
        self.refresh_data()
        self.query_one("#elections-list", DataTable).focus()
        if self.pending:
            self.select(self.pending)

    def on_resize(self) -> None:
        self.refit_later()

    def refresh_data(self) -> None:
        if not self.ready:
            return
        ws = self.workspace
        now = self.meetup_app.clock()
        table = self.query_one("#elections-list", DataTable)
        row = table.cursor_row
        if self.cycle is not None and self.cycle not in cycle_series(ws):
            self.cycle = None  # its elections are gone
        line = self.query_one("#elections-cycle", Static)
        line.display = self.cycle is not None
        if self.cycle is not None:
            self.show_cycle(table, self.cycle, now)
        else:
            self.show_all(table, now)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def show_all(self, table: DataTable[Any], now: Any) -> None:
        fit_columns(
            table,
            [("Election", None), ("Kind", 9), ("Phase", 11), ("Standing", 10), ("Cand.", 5)],
        )
        search = self.list_search
        every = sorted(
            self.workspace.elections.values(),
            key=lambda e: (e.timeline.voting_close, e.id),
            reverse=True,
        )

        def fields(e: Election) -> list[object]:
            return [
                e.title,
                e.id,
                e.kind,
                e.area,
                self.project_name(e.project),
                elections.phase(e, now),
                elections.standing(e, now),
                [self.person_name(p) for p in elections.active_candidates(e)],
            ]

        shown = find(every, search.text, fields)
        if search.order == "title":
            shown.sort(key=lambda e: e.title.casefold())
        elif search.order == "phase":
            shown.sort(key=lambda e: elections.phase(e, now))
        elif search.order == "kind":
            shown.sort(key=lambda e: e.kind)
        search.show_count(len(shown), len(every))
        for summary in shown:
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

    def show_cycle(self, table: DataTable[Any], series: str, now: Any) -> None:
        """One cycle at a glance: a count line, then its elections grouped by outcome."""
        rows = cycle_rows(self.workspace, series, now)
        counts = cycle_counts(rows)
        summary = Text(f"Cycle {series}: ", style="bold")
        for i, kind in enumerate(OUTCOMES):
            summary.append(" · " if i else "")
            summary.append(f"{counts[kind]} {kind}", style=STANDING_STYLE[kind])
        self.query_one("#elections-cycle", Static).update(summary)
        fit_columns(
            table,
            [("Project", None), ("Outcome", 10), ("Phase", 11), ("Candidates", None)],
        )
        rows.sort(key=lambda r: (OUTCOMES.index(r["outcome"]), r["project"] or "", r["id"]))
        search = self.list_search
        shown = [
            r
            for r in rows
            if matches(
                search.text,
                [
                    r["title"],
                    r["id"],
                    self.project_name(r["project"]),
                    r["outcome"],
                    r["phase"],
                    [self.person_name(p) for p in r["candidates"]],
                ],
            )
        ]
        search.show_count(len(shown), len(rows))
        for r in shown:
            outcome = r["outcome"]
            table.add_row(
                plain(self.project_name(r["project"]) or r["title"]),
                plain(outcome, STANDING_STYLE[outcome]),
                plain(r["phase"], PHASE_STYLE.get(r["phase"], "")),
                plain(", ".join(self.person_name(p) for p in r["candidates"]) or "-"),
                key=r["id"],
            )

    def project_name(self, ident: str | None) -> str:
        project = self.workspace.projects.get(ident or "")
        return project.name if project is not None and project.name else ident or ""

    def person_name(self, ident: str) -> str:
        person = self.workspace.people.get(ident)
        return person.name if person is not None and person.name else ident

    def action_cycle(self) -> None:
        """Show the next cycle (latest first), then every election again."""
        series = cycle_series(self.workspace)
        if not series:
            self.notify(
                "No cycle here: `meetup election cycle SERIES --config FILE` creates one",
                markup=False,
            )
            return
        following = series.index(self.cycle) + 1 if self.cycle in series else 0
        self.cycle = series[following] if following < len(series) else None
        self.title = f"Elections: cycle {self.cycle}" if self.cycle else "Elections"
        self.refresh_data()

    def action_sort(self) -> None:
        if self.cycle is not None:
            self.notify("A cycle is grouped by outcome: c back to every election sorts")
            return
        super().action_sort()

    def select(self, ident: str) -> None:
        """Show election ``ident``'s detail (works before mount: opened once mounted)."""
        if not self.ready:
            self.pending = ident
            return
        self.pending = None
        table = self.query_one("#elections-list", DataTable)
        if ident in self.workspace.elections:
            if ident not in {str(k.value) for k in table.rows}:
                self.list_search.close()  # hidden by the search: show everything
                self.refresh_data()
            table.move_cursor(row=table.get_row_index(ident))
            self.open(ident)

    def current_id(self) -> str | None:
        table = self.query_one("#elections-list", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def open(self, ident: str) -> None:
        from screens.election_detail import ElectionDetailScreen

        # its roll is read now (the TUI's loads leave rolls out); a file broken since is said
        title = "Cannot open the election"
        election = read(self, lambda: self.workspace.election(ident), title=title)
        if election is not None:
            self.app.push_screen(ElectionDetailScreen(ident))

    @on(DataTable.RowSelected, "#elections-list")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.open(str(event.row_key.value))

    def action_open(self) -> None:
        ident = self.current_id()
        if ident:
            self.open(ident)

    def action_delete(self) -> None:
        """Delete the highlighted election (refused once closed; ballots named loudly)."""
        from meetup import deletion
        from screens.deleting import ask_delete

        ident = self.current_id()
        if ident is None or ident not in self.workspace.elections:
            return
        title = self.workspace.elections[ident].title
        ask_delete(
            self,
            f"Delete the election {title!r}?",
            lambda: deletion.election_consequences(self.workspace, ident),
            lambda: deletion.delete_election(self.workspace, ident),
            self.apply,
            what=f"deleted election {title!r}",
            name=title,
        )

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
                self.notify(f"Created election {election.title!r}", markup=False)

        self.app.push_screen(ElectionFormDialog(draft), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "results"):
            return self.ready and self.current_id() is not None
        return None if self.refusal(action) else True

    def refusal(self, action: str) -> str | None:
        """A closed election is never deleted: ``d`` and its palette entry say so."""
        if action != "delete" or not self.ready:
            return None
        election = self.workspace.elections.get(self.current_id() or "")
        if election is None or not election.closed:
            return None
        from meetup.deletion import CLOSED_REFUSAL

        return f"{election.title} {CLOSED_REFUSAL}"

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        commands: list[tuple[str, str, Any]] = [
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
            ("Elections: search", "Filter the list as you type", self.action_search),
            ("Elections: sort", "By " + ", ".join(ORDERS), self.action_sort),
            (
                "Elections: next cycle",
                "One cycle at a glance: leaderless, contested, acclaimed",
                self.action_cycle,
            ),
        ]
        election = self.workspace.elections.get(self.current_id() or "") if self.ready else None
        if election is not None:
            commands.append(
                (
                    f"Delete {election.title}…",
                    "This election and its folder; says what goes first (z undoes)",
                    self.action_delete,
                )
            )
        return commands
