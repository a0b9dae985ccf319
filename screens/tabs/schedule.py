"""The schedule tab: a rooms x time grid per day, placing topics by keyboard and mouse,
conflicts marked on the grid and listed below it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.events import Click, DescendantFocus
from textual.message import Message
from textual.widgets import DataTable, Label, OptionList, Static
from textual.widgets.option_list import Option

from meetup.agenda import conflicts, schedule, timetable
from meetup.agenda.links import session_links
from meetup.store.records import Topic
from screens import keys
from screens.tabs import session_detail
from screens.tabs.base import Command, MeetupView
from screens.widgets import Table, fit_columns

TOPIC = "bold"
CONTINUATION = "dim"
BREAK = "italic dim"
CONFLICT = "bold white on dark_red"


class GridTable(Table[Text]):
    """A DataTable that tells which cell was clicked or activated (Enter)."""

    class Activated(Message):
        def __init__(self, coordinate: Coordinate, *, clicked: bool) -> None:
            super().__init__()
            self.coordinate = coordinate
            self.clicked = clicked

    async def _on_click(self, event: Click) -> None:
        await super()._on_click(event)
        meta = event.style.meta
        if meta.get("row", -1) >= 0 and meta.get("column", -1) >= 0:
            self.post_message(self.Activated(Coordinate(meta["row"], meta["column"]), clicked=True))

    def action_select_cursor(self) -> None:
        self.post_message(self.Activated(self.cursor_coordinate, clicked=False))


class ScheduleView(MeetupView):
    """p picks a topic up, arrows move the target, Enter drops; u unschedules (z undoes)."""

    DEFAULT_CSS = """
    ScheduleView #grid-day {
        height: 1; padding: 0 1; background: $boost; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ScheduleView #grid-body { height: 1fr; }
    ScheduleView #grid { width: 1fr; height: 1fr; }
    ScheduleView #unplaced-box { width: 24; border-left: solid $primary 30%; }
    ScheduleView #unplaced-title { height: 1; padding: 0 1; text-style: bold; }
    ScheduleView #unplaced { height: 1fr; border: none; padding: 0; }
    ScheduleView #grid-detail {
        height: 3; padding: 0 1; background: $boost; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ScheduleView #conflicts-box { height: auto; max-height: 5; border-top: solid $primary 30%; }
    ScheduleView #conflicts { padding: 0 1; }
    """
    BINDINGS = [
        # [ and ] move between the meetup's tabs (the key map): days are < and >.
        Binding("less_than_sign,comma", "day(-1)", "◀ Day", id="grid-prev-day"),
        Binding("greater_than_sign,full_stop", "day(1)", "Day ▶", id="grid-next-day"),
        Binding("p", "pick", "Pick up", id="grid-pick"),
        Binding("u", "unschedule", "Unschedule", id="grid-unschedule"),
        Binding("P", "pin", "Pin", id="grid-pin"),
        Binding("z", "undo", "Undo", id="grid-undo"),
        Binding("A", "auto", "Auto-schedule", id="grid-auto"),
        Binding("escape", "cancel", "Cancel move", id="grid-cancel"),
    ]
    HINT: ClassVar[tuple[keys.Verb, ...]] = (
        ("pick", "pick up"),
        (("day(-1)", "day(1)"), "day"),
        ("unschedule", "unschedule"),
        ("pin", "pin"),
    )
    """The keys the day line names, built from BINDINGS (a test checks the screen shows it)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.day_index = 0
        self.carrying: str | None = None
        self.current: timetable.Grid | None = None
        self.last: str | None = None
        """The topic placed most recently."""

    def compose(self) -> ComposeResult:
        yield Static(id="grid-day")
        with Horizontal(id="grid-body"):
            yield GridTable(id="grid", cursor_type="cell", zebra_stripes=False)
            with Vertical(id="unplaced-box"):
                yield Label("Unplaced", id="unplaced-title")
                yield OptionList(id="unplaced")
        yield Static(id="grid-detail")
        with VerticalScroll(id="conflicts-box"):
            yield Static(id="conflicts")

    def focus_main(self) -> None:
        self.query_one("#grid", GridTable).focus()

    @property
    def day(self) -> date | None:
        days = self.data.meetup.days
        if not days:
            return None
        self.day_index = max(0, min(self.day_index, len(days) - 1))
        return days[self.day_index].date

    # -------------------------------------------------------------- rendering

    def refresh_data(self) -> None:
        if not self.ready:
            return
        data = self.data
        table = self.query_one("#grid", GridTable)
        keep = table.cursor_coordinate
        day = self.day
        self._day_line()
        if day is None:
            table.clear(columns=True)
            self.current = None
        else:
            g = timetable.grid(data, day)
            self.current = g
            fit_columns(
                table,
                [("Time", 5), *((name, None) for _, name in g.rooms)],
                width=max(0, self.size.width - 25),
            )
            for slot in g.slots:
                table.add_row(
                    Text(schedule.hhmm(slot), style="dim"),
                    *(self._cell_text(g.cell(slot, room)) for room, _ in g.rooms),
                    key=str(slot),
                )
            if table.row_count:
                table.cursor_coordinate = Coordinate(
                    min(keep.row, table.row_count - 1), max(1, min(keep.column, len(g.rooms)))
                )
        self._unplaced()
        self._conflicts()
        self._detail()

    def _cell_text(self, cell: timetable.Cell) -> Text:
        if cell.kind == "break":
            return Text(f"· {cell.title} ·", style=BREAK)
        if cell.kind == "empty":
            return Text("")
        prefix = "! " if cell.conflict else ""
        if cell.pinned:
            prefix += "◆ "
        if len(cell.topics) > 1:
            prefix += f"{len(cell.topics)}× "
        if cell.kind == "continuation":
            text = Text(f"│ {prefix}{cell.title}", style=CONTINUATION)
        else:
            text = Text(f"{prefix}{cell.title}", style=TOPIC)
        if cell.conflict:
            text.stylize(CONFLICT)
        return text

    def _day_line(self) -> None:
        days = self.data.meetup.days
        line = Text()
        if not days:
            line.append("No days yet: set them in the overview (1, then e)")
        else:
            d = days[self.day_index]
            line.append(f"[ {d.date:%a %d %b} ]", style="bold")
            line.append(f" day {self.day_index + 1}/{len(days)} {d.start:%H:%M}-{d.end:%H:%M}")
        if self.carrying:
            topic = self.data.topics.get(self.carrying)
            title = topic.title if topic else self.carrying
            line.append("  moving: ", style="bold yellow")
            drops = " Enter drops, Esc cancels"
            # The title gives way (with an ellipsis), the keys stay whole.
            width = self.query_one("#grid-day", Static).content_size.width or 80
            room = max(8, width - line.cell_len - len(drops))
            shown = Text(title, style="yellow")
            shown.truncate(room, overflow="ellipsis")
            line.append_text(shown)
            line.append(drops, style="dim")
        else:
            line.append("  " + keys.hint(ScheduleView, *self.HINT), style="dim")
        self.query_one("#grid-day", Static).update(line)

    def _unplaced(self) -> None:
        options = self.query_one("#unplaced", OptionList)
        keep = options.highlighted
        options.clear_options()
        waiting = schedule.unplaced(self.data)
        options.add_options(
            Option(Text(f"• {t.title} ({len(t.votes)}+1, {t.duration}m)"), id=t.id) for t in waiting
        )
        self.query_one("#unplaced-title", Label).update(f"Unplaced ({len(waiting)})")
        if options.option_count:
            options.highlighted = min(keep or 0, options.option_count - 1)

    def _conflicts(self) -> None:
        found = conflicts.conflicts(self.data)
        text = Text()
        if not found:
            text.append("No conflicts.", style="green")
        else:
            hard = sum(1 for c in found if c.hard)
            text.append(f"{len(found)} conflict(s), {hard} hard:\n", style="bold red")
            for c in found:
                when = f"{c.day:%a} " if c.day else ""
                text.append("! " if c.hard else "? ", style="red" if c.hard else "yellow")
                text.append(f"{when}{c.kind}: {c.message}\n")
        text.rstrip()
        self.query_one("#conflicts", Static).update(text)

    def _detail(self) -> None:
        """The focused cell (or unplaced topic) whole: its title, where and when, its links."""
        self.query_one("#grid-detail", Static).update(self._detail_text())

    def _detail_text(self) -> Text:
        width = max(20, self.size.width - 2)
        options = self.query_one("#unplaced", OptionList)
        if options.has_focus:
            if options.highlighted is None:
                return session_detail.detail(Text("Nothing waiting to be placed.", style="dim"))
            topic = self.data.topics.get(options.get_option_at_index(options.highlighted).id or "")
            if topic is None:
                return session_detail.detail("")
            waiting = ["unplaced", f"{len(topic.votes)} vote(s)", f"{topic.duration} min"]
            return self._topic_detail(topic, waiting, width)
        grid = self.query_one("#grid", GridTable)
        where = self._at(grid.cursor_coordinate)
        day = self.day
        if where is None or day is None or self.current is None:
            return session_detail.detail(Text("No slots to show.", style="dim"))
        slot, room = where
        room_name = dict(self.current.rooms).get(room, room)
        cell = self.current.cell(slot, room)
        topic_id = self._topic_at(grid.cursor_coordinate)
        topic = self.data.topics.get(topic_id) if topic_id else None
        if topic is None or topic.placement is None:
            if cell.kind == "break":
                pause = schedule.break_at(self.data.meetup, day, slot)
                span = f"{schedule.hhmm(pause.start)}–{schedule.hhmm(pause.end)}" if pause else ""
                pause_facts = [room_name, f"{day:%a} {span or schedule.hhmm(slot)}", "break"]
                return session_detail.detail(cell.title, pause_facts, width)
            free = Text(f"{room_name} · {day:%a} {schedule.hhmm(slot)} · ")
            free.append("free", style="green")
            return session_detail.detail(free, [Text(self._free_hint(), style="dim")], width)
        start = schedule.minutes(topic.placement.start)
        span = f"{day:%a} {schedule.hhmm(start)}–{schedule.hhmm(start + topic.duration)}"
        facts: list[str | Text] = [f"{room_name} · {span}"]
        if cell.conflict:
            facts.append(Text("! conflict", style="bold red"))
        if cell.pinned:
            facts.append("◆ pinned")
        if topic.status != "accepted":
            facts.append(topic.status)
        others = [self.data.topics[t].title for t in cell.topics if t != topic.id]
        if others:
            facts.append(f"also here: {', '.join(others)}")
        return self._topic_detail(topic, facts, width)

    def _topic_detail(self, topic: Topic, facts: Sequence[str | Text], width: int) -> Text:
        owner = self.ws.person_name(topic.proposer) if topic.proposer else ""
        links = session_links(self.ws, self.meetup_id, topic)
        pieces = [*facts[:1], *session_detail.link_pieces(links), *facts[1:]]
        return session_detail.detail(topic.title, [*pieces, f"by {owner}" if owner else ""], width)

    def _free_hint(self) -> str:
        if self.carrying:
            topic = self.data.topics.get(self.carrying)
            return f"Enter drops {topic.title if topic else self.carrying} here"
        return "p picks up a topic, Enter drops it on a cell"

    # ---------------------------------------------------------------- helpers

    def _at(self, coordinate: Coordinate) -> tuple[int, str] | None:
        """(slot, room) of a grid coordinate (None on the time column)."""
        g = self.current
        if g is None or coordinate.column < 1 or coordinate.row >= len(g.slots):
            return None
        return g.slots[coordinate.row], g.rooms[coordinate.column - 1][0]

    def _topic_at(self, coordinate: Coordinate) -> str | None:
        where = self._at(coordinate)
        if where is None or self.current is None:
            return None
        cell = self.current.cell(*where)
        if self.last in cell.topics:
            return self.last  # in a double-booked cell, the topic just moved there
        return cell.topics[0] if cell.topics else None

    def _cursor_topic(self) -> str | None:
        grid = self.query_one("#grid", GridTable)
        if self.query_one("#unplaced", OptionList).has_focus:
            options = self.query_one("#unplaced", OptionList)
            if options.highlighted is None:
                return None
            return options.get_option_at_index(options.highlighted).id
        return self._topic_at(grid.cursor_coordinate)

    def _carry(self, topic_id: str) -> None:
        self.carrying = topic_id
        self.focus_main()
        self._day_line()
        self._detail()
        self.refresh_bindings()

    def _drop(self, coordinate: Coordinate) -> None:
        where = self._at(coordinate)
        day = self.day
        topic_id = self.carrying
        if where is None or day is None or topic_id is None:
            self.notify("Drop on a room's cell, not on the time column", severity="warning")
            return
        slot, room = where
        placed = self.apply(
            lambda: schedule.place(
                self.ws, self.meetup_id, topic_id, day, schedule.time_of_day(slot), room
            ),
            what=f"moved {self.topic_words(topic_id)} to {day:%a} {schedule.hhmm(slot)} {room}",
        )
        if placed is not None:
            self.carrying = None
            self.last = topic_id
            self.refresh_bindings()
            clashes = conflicts.conflicts_for(self.data, topic_id)
            self.notify(
                f"{self.topic_words(topic_id)}: {day:%a} {schedule.hhmm(slot)} {room}"
                + (f" — {len(clashes)} conflict(s)" if clashes else ""),
                severity="warning" if clashes else "information",
                markup=False,
            )

    # ---------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.carrying is not None
        return True

    def action_day(self, step: int) -> None:
        days = self.data.meetup.days
        if days:
            self.day_index = (self.day_index + step) % len(days)
            self.refresh_data()

    def action_pick(self) -> None:
        topic_id = self._cursor_topic()
        if topic_id is None:
            self.notify(
                "No topic here: highlight one on the grid or in Unplaced", severity="warning"
            )
            return
        self._carry(topic_id)

    def action_cancel(self) -> None:
        self.carrying = None
        self._day_line()
        self._detail()
        self.refresh_bindings()

    @on(GridTable.Activated)
    def _activated(self, event: GridTable.Activated) -> None:
        if self.carrying:
            self._drop(event.coordinate)
        else:
            topic_id = self._topic_at(event.coordinate)
            if topic_id is not None:
                self._carry(topic_id)

    @on(OptionList.OptionSelected, "#unplaced")
    def _unplaced_chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self._carry(event.option.id)

    @on(DataTable.CellHighlighted, "#grid")
    def _keep_off_time_column(self, event: DataTable.CellHighlighted) -> None:
        table = self.query_one("#grid", GridTable)
        if event.coordinate != table.cursor_coordinate:
            return  # posted before a rebuild moved the cursor back where it was
        if event.coordinate.column == 0 and self.current and self.current.rooms:
            table.cursor_coordinate = Coordinate(event.coordinate.row, 1)
        self._detail()

    @on(OptionList.OptionHighlighted, "#unplaced")
    @on(DescendantFocus)
    def _focus_moved(self) -> None:
        self._detail()

    def action_unschedule(self) -> None:
        topic_id = self._cursor_topic()
        if topic_id is None:
            return
        if self.apply(
            lambda: schedule.unschedule(self.ws, self.meetup_id, topic_id),
            what=f"unscheduled {self.topic_words(topic_id)}",
        ):
            self.notify(f"{self.topic_words(topic_id)} unscheduled — z puts it back", markup=False)

    def action_pin(self) -> None:
        topic_id = self._cursor_topic()
        if topic_id is None:
            return
        placement = self.data.topics[topic_id].placement
        if placement is None:
            self.notify("Only a scheduled topic can be pinned", severity="warning")
            return
        self.apply(
            lambda: schedule.set_pinned(self.ws, self.meetup_id, topic_id, not placement.pinned),
            what=f"{'unpinned' if placement.pinned else 'pinned'} {self.topic_words(topic_id)}",
        )

    def topic_words(self, topic_id: str) -> str:
        """``'A bug triage rotation…'``: a topic as a person reads it (its id if gone)."""
        topic = self.data.topics.get(topic_id)
        title = topic.title if topic is not None else topic_id
        return repr(title if len(title) <= 30 else title[:29] + "…")

    def action_undo(self) -> None:
        """The session's one undo history (a move, an auto-schedule, any other edit)."""
        from screens.saving import undo

        undo(self)

    def action_auto(self) -> None:
        from screens.dialogs.autoschedule import AutoScheduleDialog

        self.app.push_screen(AutoScheduleDialog(self.meetup_id))

    def palette_commands(self) -> list[Command]:
        return [
            (
                "Schedule: previous day",
                "Show the grid of the previous day",
                lambda: self.action_day(-1),
            ),
            ("Schedule: next day", "Show the grid of the next day", lambda: self.action_day(1)),
            ("Schedule: pick up the highlighted topic", "Then move and drop it", self.action_pick),
            ("Schedule: unschedule the highlighted topic", "z undoes", self.action_unschedule),
            ("Schedule: pin / unpin", "The auto-scheduler leaves pinned topics", self.action_pin),
            ("Schedule: undo the last edit", "A move, auto-schedule, any", self.action_undo),
            ("Schedule: automatic scheduler", "Preview a plan, apply it", self.action_auto),
        ]
