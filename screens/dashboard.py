"""The dashboard: what needs the organizer's attention, one key from every area."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import DataTable, Header, Static

from meetup import dashboard
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.widgets import PHASE_STYLE, PRIORITY_STYLE, Table, fit_columns, plain, short_dates

PANELS = {
    "#meetups-panel": ("Upcoming meetups", "2"),
    "#issues-panel": ("Open cross-project issues", "3"),
    "#liaisons-panel": ("Liaison gaps", "4"),
    "#elections-panel": ("Elections", "5"),
}
"""Each panel's title (its count follows in brackets) and the key of its area, which the
border's subtitle shows apart from the count: "Open cross-project issues [3]" over five
issues read as a count of three."""

ISSUE_ROWS = 50
"""Open issues listed on the dashboard, most urgent first; the Issues area lists them all."""
MORE = "more"
"""Row key of the last issues row, "N more", which opens the Issues area."""


class DashboardScreen(WorkspaceScreen):
    """Upcoming meetups, open cross-project issues, liaison gaps and elections."""

    area_name = "dashboard"
    BINDINGS = [
        Binding("exclamation_mark", "problems", "Problems", id="problems"),
        Binding("L", "live", "Live", id="dash-live"),
        Binding("tab", "app.focus_next", "Next panel", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="problems-banner")
        with Grid(id="panels"):
            with Vertical(id="meetups-panel", classes="panel"):
                yield Table(id="meetups", cursor_type="row")
                yield Static(
                    "No meetups yet: press [b]2[/b], then [b]n[/b] to plan one.",
                    id="meetups-empty",
                    classes="muted empty",
                )
            with Vertical(id="issues-panel", classes="panel"):
                yield Static(id="issue-counts")
                yield Table(id="issues", cursor_type="row")
            with Vertical(id="liaisons-panel", classes="panel"):
                yield Static(id="liaison-counts")
                yield Table(id="gaps", cursor_type="row")
            with Vertical(id="elections-panel", classes="panel"):
                yield Table(id="elections", cursor_type="row")
                yield Static(
                    "No elections: press [b]5[/b], then [b]n[/b] to set one up.",
                    id="elections-empty",
                    classes="muted empty",
                )
        yield FittingFooter()

    def __init__(self) -> None:
        super().__init__()
        self._fitted: dict[str, int] = {}
        """Table id -> the width its columns were fitted to."""

    def on_mount(self) -> None:
        self.title = "Dashboard"
        self.refresh_data()

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        """Rebuild the tables only if a panel's width is not what they were fitted to."""
        if not self.is_attached:  # left at once after the resize
            return
        for table in self.query(DataTable):
            if table.id and table.size.width and table.size.width != self._fitted.get(table.id):
                self.refresh_data()
                return

    def _fit(
        self, table: DataTable[Any], columns: list[tuple[str, int | None]], rows: int = 0
    ) -> None:
        """Fit ``columns`` to ``table``; ``rows`` more than it shows leave room for the
        vertical scrollbar (else the columns overflow into a horizontal one)."""
        scrolls = rows > max(0, table.size.height - 1)  # the header takes a line
        margin = 1 + (table.styles.scrollbar_size_vertical if scrolls else 0)
        self._fitted[table.id or ""] = fit_columns(table, columns, margin=margin)

    def refresh_data(self) -> None:
        ws = self.workspace
        now = self.meetup_app.clock()
        banner = self.query_one("#problems-banner", Static)
        if ws.problems:
            first = ws.problems[0]
            banner.update(
                f"[b]{len(ws.problems)} problem(s)[/b] in the workspace files, "
                f"press [b]![/b] to see them — {escape(str(first))}"
            )
            banner.display = True
        else:
            banner.display = False

        meetups = self.query_one("#meetups", DataTable)
        self._fit(meetups, [("Meetup", None), ("Dates", 9), ("RSVP ✓", 6)])
        for m in dashboard.upcoming_meetups(ws, now.date()):
            meetups.add_row(
                plain(m.title),
                short_dates(m.start, m.end, now.year),
                f"{m.accepted}/{m.invited}",
                key=m.id,
            )

        self.query_one("#meetups-empty").display = meetups.row_count == 0

        counts = dashboard.issue_counts(ws)
        self.query_one("#issue-counts", Static).update(
            "  ".join(f"[{PRIORITY_STYLE[p]}]{p} {n}[/]" for p, n in counts.items())
        )
        issues = self.query_one("#issues", DataTable)
        self._fit(issues, [("Priority", 8), ("Issue", None)])
        open_issues = dashboard.open_issues(ws)
        for issue in open_issues[:ISSUE_ROWS]:
            issues.add_row(
                plain(issue.priority, PRIORITY_STYLE[issue.priority]),
                plain(issue.title),
                key=issue.id,
            )
        if len(open_issues) > ISSUE_ROWS:
            more = len(open_issues) - ISSUE_ROWS
            issues.add_row("", plain(f"… {more} more: press 3", "italic"), key=MORE)

        summary = dashboard.liaison_summary(ws)
        self.query_one("#liaison-counts", Static).update(
            f"{summary.fallbacks} held by the PTL by default · {summary.named} named"
        )
        gaps = self.query_one("#gaps", DataTable)
        self._fit(gaps, [("Project", 14), ("Duty nobody holds", None)], len(summary.gaps))
        for project, area in summary.gaps:
            gaps.add_row(
                plain(ws.projects[project].name),
                plain(ws.areas[area].name if area in ws.areas else area),
                key=f"{project}/{area}",
            )

        elections = self.query_one("#elections", DataTable)
        self._fit(elections, [("Election", None), ("Phase", 11), ("Cand.", 5)])
        for e in dashboard.elections(ws, now):
            elections.add_row(
                plain(e.title),
                plain(e.phase, PHASE_STYLE.get(e.phase, "")),
                str(e.candidates),
                key=e.id,
            )

        loading = self.meetup_app.loading
        self.query_one("#elections-empty").display = elections.row_count == 0 and not loading
        counts = {
            "#meetups-panel": meetups.row_count,
            "#issues-panel": len(open_issues),
            "#liaisons-panel": len(summary.gaps),
            "#elections-panel": elections.row_count,
        }
        self._title_panels(counts, loading)

    def _title_panels(self, counts: dict[str, int], loading: bool) -> None:
        """ "Open cross-project issues (5)" over "key 3"; while the workspace loads in the
        background, every panel says so."""
        for selector, (title, key) in PANELS.items():
            panel = self.query_one(selector)
            panel.border_title = title if loading else f"{title} ({counts[selector]})"
            panel.border_subtitle = f"loading… · key {key}" if loading else f"key {key}"
        if not self.meetup_app.dashboard_ready.is_set():
            for line in ("#issue-counts", "#liaison-counts"):
                self.query_one(line, Static).update("Loading the workspace…")

    @on(DataTable.RowSelected, "#meetups")
    def open_meetup(self, event: DataTable.RowSelected) -> None:
        self.meetup_app.open_record("meetups", str(event.row_key.value))

    @on(DataTable.RowSelected, "#issues")
    def open_issue(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value == MORE:
            self.meetup_app.action_go("issues")
        else:
            self.meetup_app.open_record("issues", str(event.row_key.value))

    @on(DataTable.RowSelected, "#gaps")
    def open_gap(self, event: DataTable.RowSelected) -> None:
        self.meetup_app.open_record("liaisons", str(event.row_key.value))

    @on(DataTable.RowSelected, "#elections")
    def open_election(self, event: DataTable.RowSelected) -> None:
        self.meetup_app.open_record("elections", str(event.row_key.value))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "problems":
            return bool(self.workspace.problems)
        return True

    def action_problems(self) -> None:
        from screens.dialogs.problems import ProblemsDialog

        self.app.push_screen(ProblemsDialog(self.workspace.problems))

    def action_live(self) -> None:
        """The live view of the meetup running today (else the next one)."""
        self.meetup_app.open_live()

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            (
                "Live: now and next",
                "The meetup running today (else the next): now and next per room (L)",
                self.action_live,
            ),
            (
                "Show workspace problems",
                "Files that do not parse or validate, with file:line",
                self.action_problems,
            ),
        ]
