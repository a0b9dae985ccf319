"""The overview tab: a meetup's settings, rooms and breaks."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from meetup.agenda import meetups
from meetup.agenda.attendees import rsvp_counts
from meetup.agenda.meetups import MeetupDraft
from meetup.store.records import Meetup
from screens import keys
from screens.tabs.base import Command, MeetupView
from screens.widgets import Table, date_range, fit_columns, plain


class OverviewView(MeetupView):
    """Settings (e edits them), then a table of rooms and breaks."""

    BINDINGS = [
        Binding("e", "edit", "Edit settings", id="overview-edit"),
        Binding("n", "add_room", "New room", id="overview-add-room"),
        Binding("r", "rename_room", "Rename room", id="overview-rename-room"),
        Binding("b", "add_break", "Add break", id="overview-add-break"),
        Binding("d,delete", "remove", "Delete", id="overview-remove"),
        Binding("D", "date_poll", "Date poll", id="overview-date-poll"),
    ]
    HINT: ClassVar[tuple[keys.Verb, ...]] = (
        ("edit", "edit settings"),
        ("add_room", "new room"),
        ("rename_room", "rename"),
        ("add_break", "add break"),
        ("remove", "delete"),
        ("date_poll", "date poll"),
    )
    """The keys the header names, built from BINDINGS (a test checks the screen shows it)."""

    def compose(self) -> ComposeResult:
        yield Static(id="overview-summary")
        yield Static(keys.hint(OverviewView, *self.HINT), classes="view-header", id="overview-hint")
        yield Table(id="overview-table", cursor_type="row")

    def focus_main(self) -> None:
        self.query_one("#overview-table", DataTable).focus()

    def refresh_data(self) -> None:
        if not self.ready:
            return
        m = self.data.meetup
        ws = self.ws
        counts = rsvp_counts(m)
        first = m.days[0].date if m.days else None
        last = m.days[-1].date if m.days else None
        hours = ", ".join(f"{d.date:%a} {d.start:%H:%M}-{d.end:%H:%M}" for d in m.days)
        # A grid, so a long value wraps under itself, not back to column 0.
        summary = RichTable.grid(padding=(0, 1, 0, 0))
        summary.add_column(no_wrap=True, style="bold", min_width=11)
        summary.add_column(ratio=1)
        for label, text in (
            ("Title", m.title),
            ("Cycle", m.cycle or "—"),
            ("Dates", f"{date_range(first, last)}  ({hours})" if m.days else "no days"),
            ("Venue", m.venue or "—"),
            ("Timezone", f"{m.timezone}, slots of {m.slot_minutes} min"),
            ("Organizers", ", ".join(ws.person_name(o) for o in m.organizers) or "—"),
            (
                "People",
                f"{len(m.attendees)} invited, {counts['accepted']} accepted, "
                f"{counts['declined']} declined · {len(self.data.topics)} topics",
            ),
        ):
            summary.add_row(f" {label}", Text(text))
        self.query_one("#overview-summary", Static).update(summary)
        table = self.query_one("#overview-table", DataTable)
        keep = table.cursor_row
        fit_columns(
            table,
            width=self.size.width,
            columns=[("Kind", 6), ("Name", None), ("When / capacity", 24)],
        )
        for room in m.rooms:
            table.add_row(
                "room",
                plain(room.name),
                f"{room.capacity} seats" if room.capacity else "",
                key=f"room:{room.id}",
            )
        for index, pause in enumerate(m.breaks):
            when = f"{pause.start:%H:%M}-{pause.end:%H:%M} "
            when += f"{pause.day:%a %d}" if pause.day else "every day"
            table.add_row("break", plain(pause.title), when, key=f"break:{index}")
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))

    def _current(self) -> tuple[str, str] | None:
        table = self.query_one("#overview-table", DataTable)
        if not table.row_count:
            return None
        key = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        kind, _, ident = key.partition(":")
        return kind, ident

    def action_edit(self) -> None:
        from screens.forms.meetup import MeetupFormDialog

        mid = self.meetup_id

        def save(draft: MeetupDraft) -> Meetup:
            return meetups.update_meetup(self.ws, mid, draft)

        def edited(meetup: Meetup | None) -> None:
            if meetup is not None:
                self.notify("Settings saved")

        self.app.push_screen(
            MeetupFormDialog(meetups.draft_of(self.data.meetup), save, editing=mid), edited
        )

    def _prompt(
        self,
        title: str,
        submit: Callable[[str], object],
        *,
        label: str,
        field: str = "name",
        value: str = "",
        hint: str = "",
    ) -> None:
        """Ask for one line; ``submit`` saves it, and its refusal shows under the field."""
        from screens.forms.prompt import PromptDialog

        self.app.push_screen(
            PromptDialog(title, submit, field=field, label=label, value=value, help_text=hint)
        )

    def action_add_room(self) -> None:
        self._prompt(
            "New room",
            lambda text: meetups.add_room(self.ws, self.meetup_id, text),
            label="Name",
        )

    def action_rename_room(self) -> None:
        current = self._current()
        if current is None or current[0] != "room":
            self.notify("Highlight a room to rename it", severity="warning")
            return
        room = next(r for r in self.data.meetup.rooms if r.id == current[1])
        self._prompt(
            f"Rename room {room.name}",
            lambda text: meetups.rename_room(self.ws, self.meetup_id, room.id, text),
            label="Name",
            value=room.name,
            hint="The room keeps its id, so scheduled topics stay in it.",
        )

    def action_add_break(self) -> None:
        def submit(text: str) -> None:
            title, start, end = meetups.parse_break(text)
            meetups.add_break(self.ws, self.meetup_id, title, start, end)

        self._prompt(
            "New break across all rooms, every day",
            submit,
            label="Break",
            field="break",
            hint="Title HH:MM-HH:MM, e.g. Lunch 12:30-13:30",
        )

    def action_remove(self) -> None:
        current = self._current()
        if current is None:
            return
        kind, ident = current
        ws, mid = self.ws, self.meetup_id
        if kind == "room":
            self.confirm(
                f"Remove the room {self.room_name(ident)!r}?",
                lambda: self.apply(lambda: meetups.remove_room(ws, mid, ident)),
            )
        else:
            pause = self.data.meetup.breaks[int(ident)]
            self.confirm(
                f"Remove the break {pause.title} {pause.start:%H:%M}-{pause.end:%H:%M}?",
                lambda: self.apply(lambda: meetups.remove_break(ws, mid, int(ident))),
            )

    def room_name(self, room_id: str) -> str:
        """The room's name as people call it (its id when it has none)."""
        rooms = {r.id: r.name for r in self.data.meetup.rooms}
        return rooms.get(room_id) or room_id

    def action_date_poll(self) -> None:
        from screens.date_poll import DatePollScreen

        self.app.push_screen(DatePollScreen(self.meetup_id))

    def palette_commands(self) -> list[Command]:
        return [
            (
                "Meetup: edit settings",
                "Title, days, timezone, venue, slot length",
                self.action_edit,
            ),
            ("Meetup: add a room", "Another room of the grid", self.action_add_room),
            ("Meetup: rename the highlighted room", "Its id stays", self.action_rename_room),
            ("Meetup: add a break", "A break across all rooms", self.action_add_break),
            ("Meetup: remove the highlighted room or break", "Asks first", self.action_remove),
            ("Meetup: date poll", "Pick the meetup's dates with a poll", self.action_date_poll),
        ]
