"""Cross-project issues: a filterable list; open one for its links and history."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Select, Static
from textual.widgets.data_table import RowDoesNotExist

from meetup.finding import find
from meetup.issues import ACTIVE, IssueDraft, create_issue, cycle_status
from meetup.issues import filter_issues as matching_issues
from meetup.store.fields import ISSUE_STATUSES, PRIORITIES
from meetup.store.records import Issue
from screens import keys
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.listsearch import ListSearch, SearchableList
from screens.widgets import PRIORITY_STYLE, Table, fit_columns, plain

FILTERS = ("project", "area", "status", "priority", "owner")
ORDERS = ("urgency", "title", "status", "owner")
"""The orders ``s`` cycles through (most urgent first by default)."""

STATUS_STYLE = {
    "open": "",
    "in-progress": "cyan",
    "blocked": "bold red",
    "resolved": "green",
    "wontfix": "dim",
}


class IssuesScreen(SearchableList, WorkspaceScreen):
    """Every cross-project issue, most urgent first, filtered by the bar on top."""

    CSS_PATH = "issues.tcss"
    area_name = "issues"
    BINDINGS = [
        Binding("n", "new", "New", id="issue-new"),
        Binding("e", "edit", "Edit", id="issue-edit"),
        Binding("t", "cycle_status", "Status", id="issue-status"),
        Binding("d,delete", "delete", "Delete", id="issue-delete"),
        Binding(keys.SEARCH, "search", "Search", id="issue-search"),
        Binding(keys.SORT, "sort", "Sort", id="issue-sort", show=False),
        Binding("f", "filter", "Filters", id="issue-filter", show=False),
        Binding("escape", "back", "Back", id="issues-back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.ready = False
        self.pending: str | None = None

    def compose(self) -> ComposeResult:
        ws = self.workspace
        yield Header()
        with Horizontal(id="filters"):
            yield Select(
                [(plain(p.name), p.id) for p in ws.projects.values()],
                prompt="Project",
                id="filter-project",
                compact=True,
            )
            yield Select(
                [(plain(a.name), a.id) for a in ws.areas.values()],
                prompt="Area",
                id="filter-area",
                compact=True,
            )
            yield Select(
                [("active", ACTIVE)] + [(s, s) for s in ISSUE_STATUSES],
                prompt="Status",
                id="filter-status",
                compact=True,
            )
            yield Select(
                [(p, p) for p in PRIORITIES], prompt="Priority", id="filter-priority", compact=True
            )
            yield Select(
                [(plain(p.name), p.id) for p in sorted(ws.people.values(), key=lambda p: p.name)],
                prompt="Owner",
                id="filter-owner",
                compact=True,
            )
        yield ListSearch(
            "issues", ORDERS, target="#issues", placeholder="search titles, projects, owners"
        )
        yield Table(id="issues", cursor_type="row", zebra_stripes=True)
        yield Static(id="issue-count")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.ready = True
        self.title = "Cross-project issues"
        self.refresh_data()
        self.query_one("#issues", DataTable).focus()
        if self.pending is not None:
            self.call_after_refresh(self.select, self.pending)

    def on_resize(self) -> None:
        self.refit_later()

    # ------------------------------------------------------------------ data

    def filters(self) -> dict[str, str | None]:
        values: dict[str, str | None] = {}
        for name in FILTERS:
            value = self.query_one(f"#filter-{name}", Select).value
            values[name] = None if value is Select.NULL else str(value)
        return values

    def shown(self) -> list[Issue]:
        """The issues the filter bar and the search let through, in the chosen order."""
        ws = self.workspace
        search = self.list_search

        def fields(issue: Issue) -> list[object]:
            owner = ws.person_name(issue.owner)
            return [
                issue.id,
                issue.title,
                issue.status,
                issue.priority,
                issue.projects,
                owner,
                issue.area,
            ]

        issues = find(matching_issues(ws, **self.filters()), search.text, fields)
        if search.order == "title":
            issues.sort(key=lambda i: i.title.casefold())
        elif search.order == "status":
            issues.sort(key=lambda i: ISSUE_STATUSES.index(i.status))
        elif search.order == "owner":
            issues.sort(key=lambda i: (i.owner is None, ws.person_name(i.owner).casefold()))
        return issues

    def refresh_data(self) -> None:
        if not self.ready:
            return
        table = self.query_one("#issues", DataTable)
        current = self.current_id()
        fit_columns(
            table,
            [("Priority", 8), ("Status", 11), ("Issue", None), ("Projects", 14), ("Owner", 12)],
        )
        issues = self.shown()
        for issue in issues:
            table.add_row(
                plain(issue.priority, PRIORITY_STYLE[issue.priority]),
                plain(issue.status, STATUS_STYLE.get(issue.status, "")),
                plain(issue.title),
                plain(", ".join(issue.projects)),
                plain(self.workspace.person_name(issue.owner)),
                key=issue.id,
            )
        if current is not None:
            self.move_to(current)
        total = len(self.workspace.issues)
        hidden = total - len(issues)
        self.list_search.show_count(len(issues), total)
        self.query_one("#issue-count", Static).update(
            plain(
                f"{len(issues)} issue(s)"
                + (f" · {hidden} hidden by the filters" if hidden else "")
                + " · enter open · n new · t status · / search · f filters"
            )
        )

    def current_id(self) -> str | None:
        table = self.query_one("#issues", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    def move_to(self, issue_id: str) -> bool:
        table = self.query_one("#issues", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(issue_id))
        except RowDoesNotExist:
            return False
        return True

    def select(self, issue_id: str) -> None:
        """Highlight an issue and open it (works before the screen is mounted)."""
        if not self.ready:
            self.pending = issue_id
            return
        self.pending = None
        if issue_id not in self.workspace.issues:
            self.notify(f"No issue {issue_id}", markup=False, severity="warning")
            return
        if not self.move_to(issue_id):
            for name in FILTERS:  # hidden by a filter: show everything
                self.query_one(f"#filter-{name}", Select).clear()
            self.list_search.close()
            self.refresh_data()
            self.move_to(issue_id)
        self.open_issue(issue_id)

    @on(Select.Changed)
    def filter_changed(self) -> None:
        self.refresh_data()

    # ------------------------------------------------------------------ actions

    @on(DataTable.RowSelected, "#issues")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_issue(str(event.row_key.value))

    def open_issue(self, issue_id: str) -> None:
        from screens.issue_detail import IssueDetailScreen

        self.app.push_screen(IssueDetailScreen(issue_id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "cycle_status") and self.ready:
            return self.current_id() is not None
        return True

    def action_new(self) -> None:
        self.as_author(self._new_issue)

    def _new_issue(self, author: str) -> None:
        from screens.forms.issue import IssueFormDialog

        def save(draft: IssueDraft) -> Issue:
            ws = self.workspace
            return create_issue(ws, draft, now=self.meetup_app.clock(), author=author)

        def created(issue: Issue | None) -> None:
            if issue is not None:
                self.after_change(lambda: self.move_to(issue.id))
                self.notify(f"Created issue {issue.title!r}", markup=False)

        self.app.push_screen(IssueFormDialog(save), created)

    def action_edit(self) -> None:
        issue_id = self.current_id()
        if issue_id is None:
            return
        from screens.issue_detail import edit_issue_dialog

        edit_issue_dialog(self, issue_id)

    def action_cycle_status(self) -> None:
        issue_id = self.current_id()
        if issue_id is None:
            return

        def cycle(author: str) -> None:
            ws = self.workspace
            issue = self.apply(
                lambda: cycle_status(ws, issue_id, now=self.meetup_app.clock(), author=author)
            )
            if issue is not None:
                self.notify(f"{issue.title}: {issue.status}", markup=False)

        self.as_author(cycle)

    def action_delete(self) -> None:
        """Delete the highlighted issue and its links, after saying what goes (z undoes)."""
        from meetup import deletion
        from screens.dialogs.confirm import ConfirmDialog
        from screens.saving import read

        issue_id = self.current_id()
        if issue_id is None:
            return
        ws = self.workspace
        goes = read(self, lambda: deletion.issue_consequences(ws, issue_id))
        if goes is None:
            return
        title = ws.issues[issue_id].title
        question = f"Delete the issue {title!r}?"
        if goes:
            question += "\nWith it go " + "; ".join(goes) + "."
        question += "\nz undoes it."

        def answered(yes: bool | None) -> None:
            if (
                yes
                and self.apply(
                    lambda: deletion.delete_issue(self.workspace, issue_id),
                    what=f"deleted issue {title!r}",
                )
                is not None
            ):
                self.notify(f"Deleted {title} (z undoes it)", markup=False)

        self.app.push_screen(ConfirmDialog(question, yes="Delete"), answered)

    def action_filter(self) -> None:
        self.query_one("#filter-project", Select).focus()

    def go_back(self) -> None:
        if not isinstance(self.focused, DataTable):
            self.query_one("#issues", DataTable).focus()
        else:
            self.meetup_app.action_go("dashboard")

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        commands: list[tuple[str, str, Any]] = [
            ("Issues: new issue", "Create a cross-project issue", self.action_new),
            ("Issues: search", "Filter the list as you type", self.action_search),
            ("Issues: sort", "By " + ", ".join(ORDERS), self.action_sort),
            ("Issues: filter", "Focus the filter bar", self.action_filter),
        ]
        if self.current_id() is not None:
            commands += [
                ("Issues: edit the selected issue", "Change its fields", self.action_edit),
                ("Issues: next status", "open → in-progress → …", self.action_cycle_status),
            ]
            issue = self.workspace.issues.get(self.current_id() or "")
            if issue is not None:
                commands.append(
                    (
                        f"Delete {issue.title}…",
                        "This issue and its links; says what goes first (z undoes)",
                        self.action_delete,
                    )
                )
        return commands
