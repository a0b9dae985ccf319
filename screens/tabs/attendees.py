"""The attendees tab: the invite list, RSVPs, and each person's own time."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable, Static

from meetup.agenda import attendees
from meetup.finding import find
from meetup.store.fields import RSVP_STATES, AttendeeRole
from meetup.store.records import Attendee
from screens import keys
from screens.listsearch import ListSearch, SearchableList
from screens.tabs.base import Command, MeetupView
from screens.widgets import Table, fit_columns, plain

RSVP_STYLE = {
    "accepted": "green",
    "declined": "red",
    "tentative": "yellow",
    "needs-action": "dim",
}
FILTERS: tuple[str | None, ...] = (None, *RSVP_STATES)


class AttendeesView(SearchableList, MeetupView):
    """Invite all PTLs (I), add (n), cycle RSVP (r), remove (d), RSVP filter (f), search (/),
    sort (s)."""

    BINDINGS = [
        Binding("I", "invite_ptls", "Invite all PTLs", id="attendees-invite"),
        Binding("n", "add", "Add", id="attendees-add"),
        Binding("r", "rsvp", "RSVP", id="attendees-rsvp"),
        Binding("d,delete", "remove", "Remove", id="attendees-remove"),
        Binding("f", "filter", "Filter", id="attendees-filter"),
        Binding(keys.SEARCH, "search", "Search", id="attendees-search", show=False),
        Binding(keys.SORT, "sort", "Sort", id="attendees-sort"),
        Binding(keys.BACK, "clear_search", "Clear search", id="attendees-clear", show=False),
    ]

    state: reactive[str | None] = reactive(None, init=False)
    """The RSVP state shown (None: everybody)."""

    def watch_state(self) -> None:
        self.refresh_data()

    @property
    def sort(self) -> str:
        """The order shown (one of ``attendees.SORT_KEYS``), kept while the app runs."""
        return self.list_search.order

    def compose(self) -> ComposeResult:
        yield Static(id="attendees-counts", classes="view-header")
        yield ListSearch(
            f"attendees/{self.meetup_id}",
            attendees.SORT_KEYS,
            target="#attendees-table",
            placeholder="search names, roles, projects, RSVPs",
        )
        yield Table(id="attendees-table", cursor_type="row")
        yield Static(id="attendees-detail", classes="view-detail")

    def focus_main(self) -> None:
        self.query_one("#attendees-table", DataTable).focus()

    def refresh_data(self) -> None:
        if not self.ready:
            return
        ws, meetup = self.ws, self.data.meetup
        counts = attendees.rsvp_counts(meetup)
        header = Text()
        for state in RSVP_STATES:
            header.append(f"{state} {counts[state]}", style=RSVP_STYLE[state])
            header.append("  ")
        shows, sorts = keys.key_for(AttendeesView, "filter"), keys.key_for(AttendeesView, "sort")
        header.append(
            f"· showing {self.state or 'all'} ({shows}) · by {self.sort} ({sorts})", style="dim"
        )
        self.query_one("#attendees-counts", Static).update(header)
        table = self.query_one("#attendees-table", DataTable)
        keep = table.cursor_row
        fit_columns(
            table,
            [("Name", None), ("Role", 9), ("Projects", 14), ("RSVP", 12), ("Their time", 10)],
            width=self.size.width,
        )
        search = self.list_search

        def fields(a: Attendee) -> list[object]:
            person = ws.people.get(a.person)
            email = person.email if person else None
            return [ws.person_name(a.person), a.person, email, a.role, a.rsvp, a.projects]

        every = attendees.select(ws, meetup, state=self.state, sort=search.order)
        shown = find(every, search.text, fields)
        search.show_count(len(shown), len(every))
        for a in shown:
            role = a.role if a.role != "delegate" else f"for {a.delegate_for}"
            sessions = attendees.sessions_of(ws, self.meetup_id, a.person)
            when = sessions[0][1] if sessions else attendees.local_start(ws, meetup, a.person)
            table.add_row(
                plain(ws.person_name(a.person)),
                plain(role),
                plain(", ".join(a.projects)),
                plain(a.rsvp, RSVP_STYLE[a.rsvp]),
                plain(when, "" if sessions else "dim"),
                key=a.person,
            )
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        self._detail()

    def _current(self) -> str | None:
        table = self.query_one("#attendees-table", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowHighlighted, "#attendees-table")
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        detail = self.query_one("#attendees-detail", Static)
        person = self._current()
        if person is None:
            detail.update("Nobody here yet: press I to invite every PTL of the roster.")
            return
        ws = self.ws
        tz = ws.people[person].timezone if person in ws.people else "UTC"
        sessions = attendees.sessions_of(ws, self.meetup_id, person)
        text = Text(f"{ws.person_name(person)} ({tz}) ", style="bold")
        if sessions:
            text.append("required at: ")
            text.append("; ".join(f"{when} {t.title}" for t, when in sessions))
        else:
            text.append("required by no scheduled session; 'Their time' = the day's start")
        detail.update(text)

    # ---------------------------------------------------------------- actions

    def action_invite_ptls(self) -> None:
        added = self.apply(lambda: attendees.invite_ptls(self.ws, self.meetup_id))
        if added is not None:
            self.notify(
                f"Invited {len(added)} PTL(s)" if added else "Every current PTL is already invited"
            )

    def action_add(self) -> None:
        from screens.forms.attendee import AddAttendeeDialog

        ws, meetup = self.ws, self.data.meetup
        invited = {a.person for a in meetup.attendees}
        leads = attendees.current_ptls(ws)
        people = [
            (
                p.id,
                f"{p.name} — "
                + (f"PTL of {', '.join(leads[p.id])}" if p.id in leads else "not a PTL"),
            )
            for p in sorted(ws.people.values(), key=lambda p: p.name.lower())
            if p.id not in invited
        ]
        ptls = [(ws.person_name(a.person), a.person) for a in meetup.attendees if a.role == "ptl"]

        def submit(person: str, role: AttendeeRole, delegate_for: str | None) -> Attendee:
            return attendees.add_attendee(self.ws, self.meetup_id, person, role, delegate_for)

        def done(saved: Attendee | None) -> None:
            if saved is not None:
                self.notify(f"Invited {self.ws.person_name(saved.person)}", markup=False)

        self.app.push_screen(AddAttendeeDialog(people, ptls, submit), done)

    def action_rsvp(self) -> None:
        person = self._current()
        if person is None:
            return
        current = attendees.get_attendee(self.data.meetup, person).rsvp
        self.apply(
            lambda: attendees.set_rsvp(
                self.ws, self.meetup_id, person, attendees.next_rsvp(current)
            )
        )

    def action_remove(self) -> None:
        person = self._current()
        if person is None:
            return
        ws, mid = self.ws, self.meetup_id
        self.confirm(
            f"Uninvite {ws.person_name(person)} from {self.data.meetup.title}?",
            lambda: self.apply(lambda: attendees.remove_attendee(self.ws, mid, person)),
        )

    def action_filter(self) -> None:
        self.state = FILTERS[(FILTERS.index(self.state) + 1) % len(FILTERS)]

    def palette_commands(self) -> list[Command]:
        return [
            (
                "Attendees: invite all PTLs",
                "Every current PTL of the roster",
                self.action_invite_ptls,
            ),
            (
                "Attendees: invite someone",
                "A PTL, a PTL's delegate or an organizer",
                self.action_add,
            ),
            ("Attendees: next RSVP state", "Of the highlighted attendee", self.action_rsvp),
            ("Attendees: uninvite", "The highlighted attendee (asks first)", self.action_remove),
            ("Attendees: filter by RSVP", "all, needs-action, accepted, ...", self.action_filter),
            ("Attendees: search", "Names, roles, projects, as you type", self.action_search),
            ("Attendees: sort", "by name, role, RSVP or project", self.action_sort),
        ]
