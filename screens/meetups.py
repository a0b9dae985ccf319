"""The list of meetups: open one, or create a new one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from meetup.agenda import meetups
from meetup.agenda.attendees import rsvp_counts
from meetup.agenda.meetups import MeetupDraft
from meetup.finding import find
from meetup.store.records import Meetup
from screens import keys
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.listsearch import ListSearch, SearchableList
from screens.widgets import Table, date_range, fit_columns, plain

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData

ORDERS = ("date", "title", "topics", "accepted")
"""The orders ``s`` cycles through: soonest first, by title, most topics, most accepted."""


class MeetupsScreen(SearchableList, WorkspaceScreen):
    """Every meetup of the workspace, soonest first."""

    area_name = "meetups"
    DEFAULT_CSS = """
    MeetupsScreen #meetups-table { height: 1fr; }
    MeetupsScreen #meetups-hint { height: 1; color: $text-muted; padding: 0 1; }
    """
    BINDINGS = [
        Binding("n", "new", "New meetup", id="meetup-new"),
        Binding("enter", "open", "Open", id="meetup-open", show=False),
        Binding("d,delete", "delete", "Delete", id="meetup-delete"),
        Binding(keys.SEARCH, "search", "Search", id="meetups-search", show=False),
        Binding(keys.SORT, "sort", "Sort", id="meetups-sort", show=False),
        Binding("escape", "back", "Back", id="meetups-back", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._pending: str | None = None
        self.ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield ListSearch(
            "meetups", ORDERS, target="#meetups-table", placeholder="search titles, venues, dates"
        )
        yield Table(id="meetups-table", cursor_type="row")
        yield Static("Enter opens a meetup · n creates one · / search · s sort", id="meetups-hint")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = "Meetups"
        self.ready = True
        self.refresh_data()
        if self._pending:
            self._open(self._pending)
            self._pending = None

    def on_resize(self) -> None:
        self.refit_later()

    def refresh_data(self) -> None:
        if not self.ready:
            return
        table = self.query_one("#meetups-table", DataTable)
        keep = table.cursor_row
        fit_columns(table, [("Meetup", None), ("Dates", 22), ("Topics", 6), ("RSVP ✓", 7)])
        search = self.list_search
        every = [self.workspace.meetups[i] for i in meetups.meetup_ids(self.workspace)]

        def dates(data: MeetupData) -> str:
            m = data.meetup
            return date_range(
                m.days[0].date if m.days else None, m.days[-1].date if m.days else None
            )

        def fields(data: MeetupData) -> list[object]:
            m = data.meetup
            return [m.title, m.id, m.venue, m.cycle, m.timezone, dates(data)]

        shown = find(every, search.text, fields)
        if search.order == "title":
            shown.sort(key=lambda d: d.meetup.title.casefold())
        elif search.order == "topics":
            shown.sort(key=lambda d: -len(d.topics))
        elif search.order == "accepted":
            shown.sort(key=lambda d: -rsvp_counts(d.meetup)["accepted"])
        for data in shown:
            m, ident = data.meetup, data.meetup.id
            table.add_row(
                plain(m.title),
                dates(data),
                str(len(data.topics)),
                f"{rsvp_counts(m)['accepted']}/{len(m.attendees)}",
                key=ident,
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        search.show_count(len(shown), len(every))

    def select(self, ident: str) -> None:
        """Open meetup ``ident`` (works before the screen is mounted)."""
        if self.ready:
            self._open(ident)
        else:
            self._pending = ident

    def _open(self, ident: str) -> None:
        from screens.meetup import MeetupScreen

        if ident in self.workspace.meetups:
            self.app.push_screen(MeetupScreen(ident))
        else:
            self.notify(f"No meetup {ident!r}", severity="error")

    @on(DataTable.RowSelected, "#meetups-table")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self._open(str(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one("#meetups-table", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
            self._open(str(key.value))

    def action_delete(self) -> None:
        """Delete the highlighted meetup and everything under its folder (z undoes)."""
        from meetup import deletion
        from screens.deleting import ask_delete

        table = self.query_one("#meetups-table", DataTable)
        if not table.row_count:
            return
        ident = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        if ident not in self.workspace.meetups:
            return
        title = self.workspace.meetups[ident].meetup.title
        ask_delete(
            self,
            f"Delete the meetup {title!r} and everything in it?",
            lambda: deletion.meetup_consequences(self.workspace, ident),
            lambda: deletion.delete_meetup(self.workspace, ident),
            self.apply,
            what=f"deleted meetup {title!r}",
            name=title,
        )

    def action_new(self) -> None:
        from screens.forms.meetup import MeetupFormDialog

        ws = self.workspace
        # The organizer of earlier meetups most likely organizes this one too.
        organizer = next(
            (d.meetup.organizers[0] for d in ws.meetups.values() if d.meetup.organizers), None
        )

        def create(draft: MeetupDraft) -> Meetup:
            return meetups.create_meetup(self.workspace, draft, organizer)

        def created(meetup: Meetup | None) -> None:
            if meetup is not None:
                self.notify(f"Created {meetup.title!r}", markup=False)
                self._open(meetup.id)

        self.app.push_screen(
            MeetupFormDialog(MeetupDraft(timezone=ws.settings.timezone), create), created
        )

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        commands: list[tuple[str, str, Any]] = [
            ("Meetups: new meetup", "Create a meetup with its days and timezone", self.action_new),
            ("Meetups: search", "Filter the list as you type", self.action_search),
            ("Meetups: sort", "By " + ", ".join(ORDERS), self.action_sort),
            (
                "Meetups: open the highlighted meetup",
                "Its attendees, topics and schedule",
                self.action_open,
            ),
        ]
        table = self.query_one("#meetups-table", DataTable)
        if table.row_count:
            ident = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
            data = self.workspace.meetups.get(ident)
            if data is not None:
                commands.append(
                    (
                        f"Delete {data.meetup.title}…",
                        "This meetup and everything in it; says what goes first (z undoes)",
                        self.action_delete,
                    )
                )
        return commands
