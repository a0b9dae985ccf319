"""The liaison roster: projects x areas, PTL fallbacks dimmed, gaps highlighted."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.reactive import reactive
from textual.widgets import DataTable, Header, Static

from meetup import liaisons
from meetup.finding import matches
from screens import keys
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.listsearch import ListSearch, SearchableList
from screens.widgets import Table, plain

PROJECT_WIDTH = 11
PTL_WIDTH = 9
CELL_WIDTH = 8
ORDERS = ("roster", "project", "gaps", "PTL")
"""The orders ``s`` cycles through: as in the roster, by name, most gaps first, by PTL."""


def short_name(name: str, width: int = CELL_WIDTH) -> str:
    """``Dana Whitfield`` -> ``Dana W.``, cut to ``width``."""
    parts = name.split()
    text = f"{parts[0]} {parts[-1][0]}." if len(parts) > 1 else name
    return text if len(text) <= width else text[: width - 1] + "…"


class LiaisonsScreen(SearchableList, WorkspaceScreen):
    """Who holds each cross-project duty; enter on a cell assigns it."""

    CSS_PATH = "liaisons.tcss"
    area_name = "liaisons"
    BINDINGS = [
        Binding("enter", "assign", "Assign", id="assign"),
        Binding("c", "clear", "Clear", id="clear"),
        Binding("v", "volunteer", "Volunteer", id="volunteer"),
        Binding("g", "toggle_gaps", "Gaps only", id="gaps"),
        Binding("n", "add_area", "New area", id="add-area"),
        Binding("e", "edit_area", "Edit area", id="edit-area"),
        Binding("d,delete", "remove_area", "Delete area", id="remove-area", show=False),
        Binding(keys.SEARCH, "search", "Search", id="liaisons-search", show=False),
        Binding(keys.SORT, "sort", "Sort", id="liaisons-sort", show=False),
        Binding("escape", "back", "Back", id="liaisons-back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pending: str | None = None
        self.ready = False

    gaps_only: reactive[bool] = reactive(False, init=False)
    """Show only the projects with a gap."""

    def watch_gaps_only(self) -> None:
        self.refresh_data()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="liaison-summary")
        yield ListSearch(
            "liaisons", ORDERS, target="#roster", placeholder="search projects and people"
        )
        yield Table(id="roster", cursor_type="cell", zebra_stripes=True)
        yield Static(id="liaison-detail")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = "Liaisons"
        self.ready = True
        table = self.query_one("#roster", DataTable)
        table.fixed_columns = 1
        self.refresh_data()
        table.focus()

    # ---------------------------------------------------------------- render

    def refresh_data(self) -> None:
        if not self.ready:
            return
        ws = self.workspace
        table = self.query_one("#roster", DataTable)
        keep = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column("Project", width=PROJECT_WIDTH, key="project")
        table.add_column("PTL", width=PTL_WIDTH, key="ptl")
        for area in ws.areas.values():
            table.add_column(
                Text(area.id[:CELL_WIDTH], style="bold"), width=CELL_WIDTH, key=area.id
            )
        gap_count = 0
        search = self.list_search
        rows: list[tuple[Any, list[Any], int, list[object]]] = []
        for project in ws.projects.values():
            cells: list[Any] = [
                plain(project.name),  # the table ends a long name in "…"
                plain(short_name(ws.person_name(project.ptl), PTL_WIDTH) if project.ptl else "—"),
            ]
            gaps = 0
            names: list[object] = [project.id, project.name, ws.person_name(project.ptl)]
            for area_id in ws.areas:
                held = liaisons.assignment(ws, project.id, area_id)
                names.append(ws.person_name(held.person))
                if held.person is None:
                    gaps += 1
                    gap_count += 1
                    cells.append(Text("GAP", style="bold white on dark_red"))
                elif held.fallback:
                    cells.append(Text("(PTL)", style="dim italic"))
                else:
                    cells.append(plain(short_name(ws.person_name(held.person))))
            if gaps or not self.gaps_only:
                rows.append((project, cells, gaps, names))
        shown = [row for row in rows if matches(search.text, row[3])]
        if search.order == "project":
            shown.sort(key=lambda row: (row[0].name or row[0].id).casefold())
        elif search.order == "gaps":
            shown.sort(key=lambda row: -row[2])
        elif search.order == "PTL":
            shown.sort(key=lambda row: (not row[0].ptl, ws.person_name(row[0].ptl).casefold()))
        for project, cells, _, _ in shown:
            table.add_row(*cells, key=project.id)
        search.show_count(len(shown), len(rows))
        self.query_one("#liaison-summary", Static).update(
            Text.assemble(
                (f"{gap_count} gaps", "bold red" if gap_count else "green"),
                " · (PTL) = the PTL holds it by default · "
                + ("showing projects with gaps" if self.gaps_only else "all projects"),
            )
        )
        if self.pending:
            self._apply_pending()
        elif table.row_count:
            table.cursor_coordinate = Coordinate(
                min(keep.row, table.row_count - 1), min(max(keep.column, 2), len(table.columns) - 1)
            )
        self.show_detail()

    def _apply_pending(self) -> None:
        table = self.query_one("#roster", DataTable)
        project, _, area = (self.pending or "").partition("/")
        self.pending = None
        try:
            row = table.get_row_index(project)
        except Exception:
            return
        column = table.get_column_index(area) if area in self.workspace.areas else 2
        table.cursor_coordinate = Coordinate(row, column)

    def select(self, ident: str) -> None:
        """Put the cursor on ``project/area`` (or a project's row); works before mount."""
        self.pending = ident
        if self.ready:
            project = ident.partition("/")[0]
            table = self.query_one("#roster", DataTable)
            if project not in {str(k.value) for k in table.rows}:
                self.list_search.close()  # hidden by the search: show everything
                self.refresh_data()
            self._apply_pending()
            self.show_detail()

    def current(self) -> tuple[str, str] | None:
        """(project, area) under the cursor, if it is on an area column."""
        table = self.query_one("#roster", DataTable)
        if not table.row_count:
            return None
        cell = table.coordinate_to_cell_key(table.cursor_coordinate)
        area = str(cell.column_key.value)
        if area not in self.workspace.areas:
            return None
        return str(cell.row_key.value), area

    @on(DataTable.CellHighlighted, "#roster")
    def show_detail(self) -> None:
        ws = self.workspace
        detail = self.query_one("#liaison-detail", Static)
        here = self.current()
        if here is None:
            detail.update(
                "Move to an area column: "
                + keys.hint(
                    LiaisonsScreen,
                    ("assign", "assigns"),
                    ("volunteer", "volunteers"),
                    ("add_area", "adds an area"),
                    between=", ",
                )
            )
            return
        project_id, area_id = here
        project, area = ws.projects[project_id], ws.areas[area_id]
        held = liaisons.assignment(ws, project_id, area_id)
        if held.person is None:
            holder = Text("nobody (gap)", style="bold red")
        elif held.fallback:
            holder = Text(f"{ws.person_name(held.person)} (PTL, by default)", style="dim")
        else:
            holder = plain(ws.person_name(held.person))
        volunteers = ", ".join(ws.person_name(p) for p in project.volunteers.get(area_id, []))
        detail.update(
            Text.assemble(
                (f"{project.name} · {area.name}: ", "bold"),
                holder,
                f"\nvolunteers: {volunteers or 'none'}"
                + ("" if area.defaults_to_ptl else " · never defaults to the PTL"),
            )
        )

    # --------------------------------------------------------------- actions

    def action_assign(self) -> None:
        here = self.current()
        if here is None:
            return
        project_id, area_id = here
        from screens.dialogs.person_picker import PersonPickerDialog

        ws = self.workspace
        title = f"{ws.projects[project_id].name} · {ws.areas[area_id].name}: who holds it?"
        dialog = PersonPickerDialog(
            title,
            liaisons.candidates_for(ws, project_id, area_id),
            clear_label="(nobody named: clear the liaison)",
        )

        where = f"{ws.projects[project_id].name} · {ws.areas[area_id].name}"

        def clear(yes: bool | None) -> None:
            if yes:
                self.apply(
                    lambda: liaisons.assign(self.workspace, project_id, area_id, None),
                    what=f"clear the liaison of {where}",
                )

        def done(person: str | None) -> None:
            if person is None:
                return
            if not person:  # clearing removes a name from the project file: ask first
                from screens.dialogs.confirm import ConfirmDialog

                self.app.push_screen(
                    ConfirmDialog(
                        f"Clear the liaison of {where}? Nobody will be named"
                        " (the PTL stands in). z undoes it.",
                        yes="Clear",
                    ),
                    clear,
                )
                return
            self.apply(
                lambda: liaisons.assign(self.workspace, project_id, area_id, person),
                what=f"liaison of {where}: {self.workspace.person_name(person)}",
            )

        self.app.push_screen(dialog, done)

    @on(DataTable.CellSelected, "#roster")
    def cell_selected(self) -> None:
        self.action_assign()

    def action_clear(self) -> None:
        here = self.current()
        if here is not None:
            self.apply(
                lambda: liaisons.unassign(self.workspace, *here),
                what=f"clear the liaison of {here[0]} · {here[1]} (z undoes it)",
            )

    def action_volunteer(self) -> None:
        here = self.current()
        if here is None:
            return
        project_id, area_id = here
        ws = self.workspace
        current = ws.projects[project_id].volunteers.get(area_id, [])
        people = [
            (p.id, f"✓ {p.name} (volunteer: pick to remove)" if p.id in current else p.name)
            for p in sorted(ws.people.values(), key=lambda p: (p.id not in current, p.name))
        ]
        from screens.dialogs.person_picker import PersonPickerDialog

        def done(person: str | None) -> None:
            if not person:
                return
            if person in current:
                self.apply(
                    lambda: liaisons.remove_volunteer(self.workspace, project_id, area_id, person)
                )
            else:
                self.apply(
                    lambda: liaisons.add_volunteer(self.workspace, project_id, area_id, person)
                )

        title = f"Volunteers for {ws.projects[project_id].name} · {ws.areas[area_id].name}"
        self.app.push_screen(PersonPickerDialog(title, people), done)

    def action_toggle_gaps(self) -> None:
        self.gaps_only = not self.gaps_only

    def action_add_area(self) -> None:
        from screens.forms.area import AreaFormDialog

        self.app.push_screen(AreaFormDialog())

    def action_edit_area(self) -> None:
        here = self.current()
        if here is None:
            return
        from screens.forms.area import AreaFormDialog

        self.app.push_screen(AreaFormDialog(self.workspace.areas[here[1]]))

    def action_remove_area(self) -> None:
        here = self.current()
        if here is None:
            return
        area_id = here[1]
        ws = self.workspace
        uses = liaisons.area_usage(ws, area_id)
        if not uses:
            self.apply(lambda: liaisons.remove_area(ws, area_id))
            return
        from screens.dialogs.confirm import ConfirmDialog

        name = ws.areas[area_id].name if area_id in ws.areas else area_id
        shown = ", ".join(uses[:6]) + (f" and {len(uses) - 6} more" if len(uses) > 6 else "")
        question = (
            f"Area {name!r} is in use: {shown}.\nRemove it with its liaisons and volunteers "
            "(issues lose their area)?"
        )

        def done(yes: bool | None) -> None:
            if yes:
                self.apply(lambda: liaisons.remove_area(self.workspace, area_id, cascade=True))

        self.app.push_screen(ConfirmDialog(question, yes="Remove"), done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("assign", "clear", "volunteer", "edit_area", "remove_area"):
            return self.ready and self.current() is not None
        return True

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            (
                "Liaisons: assign the duty under the cursor",
                "Pick a person, a volunteer or clear",
                self.action_assign,
            ),
            (
                "Liaisons: clear the liaison under the cursor",
                "Back to the PTL fallback",
                self.action_clear,
            ),
            (
                "Liaisons: add or remove a volunteer",
                "For the project and area under the cursor",
                self.action_volunteer,
            ),
            ("Liaisons: show only projects with gaps", "Toggle", self.action_toggle_gaps),
            ("Liaisons: search", "Projects and people, as you type", self.action_search),
            ("Liaisons: sort", "By " + ", ".join(ORDERS), self.action_sort),
            ("Liaisons: add a liaison area", "A new cross-project duty", self.action_add_area),
            (
                "Liaisons: edit the area under the cursor",
                "Name, description, PTL default",
                self.action_edit_area,
            ),
            (
                "Liaisons: remove the area under the cursor",
                "Asks first when it is in use",
                self.action_remove_area,
            ),
        ]
