"""Live: now and next in every room of a running meetup, running late, notes in the room.

The board follows a reactive clock (``now``) that ticks on the minute; it renders from the
workspace in memory and never reads the disk on a tick.  Each room is a focusable panel:
the keys act on the focused room's session on now (or its next one).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import reactive
from textual.widgets import Footer, Header, Static

from meetup.agenda import live, shift
from meetup.agenda.schedule import hhmm
from meetup.store.errors import InvalidInput
from screens.base import WorkspaceScreen

STATE_STYLE = {"running": "bold green", "break": "bold yellow", "after": "dim"}


class RoomPanel(Static, can_focus=True):
    """One room: now (with time left and links), next, and the rest of the day."""

    def __init__(self, room: str) -> None:
        super().__init__(id=f"room-{room}", classes="room")
        self.room = room
        self.board: live.RoomBoard | None = None

    def show(self, board: live.RoomBoard, wide: bool) -> None:
        self.board = board
        self.border_title = board.name
        text = Text()
        if board.now is not None:
            s = board.now
            left = s.left or 0
            when = f"{left} min left" if left >= 0 else f"over by {-left} min"
            text.append("NOW ", "bold reverse green" if left >= 0 else "bold reverse red")
            text.append(f" {s.times}  ", "bold")
            text.append(when + ("  ✓" if s.progress == "started" else ""), "italic")
            text.append(f"\n{s.title}\n", "bold")
            for name, url in s.links:
                text.append(f"{name}: ", "dim")
                text.append(f"{url}\n", "underline")
        else:
            text.append("Nothing on now\n", "dim")
        if board.next is not None:
            text.append("\nNEXT ", "bold")
            text.append(f"{board.next.times}  ")
            text.append(f"\n{board.next.title}\n")
        later = board.later if wide else board.later[:2]
        if later:
            text.append("\nLATER\n", "bold dim")
            for s in later:
                text.append(f"{hhmm(s.start)} ", "dim")
                text.append(f"{s.title}\n")
            if len(board.later) > len(later):
                text.append(f"… {len(board.later) - len(later)} more\n", "dim")
        if board.now is None and board.next is None:
            text.append("\nNothing more in this room", "dim")
        self.update(text)

    @property
    def session(self) -> live.LiveSession | None:
        """What the keys act on: the session on now, else the next one."""
        if self.board is None:
            return None
        return self.board.now or self.board.next


class LiveScreen(WorkspaceScreen):
    """Now and next per room; keys to mark, to run late (with preview and undo), to note."""

    CSS_PATH = "live.tcss"
    BINDINGS = [
        Binding("enter", "notes", "Notes", id="live-notes"),
        Binding("a", "action_item", "Action item", id="live-action"),
        Binding("r", "late", "Running late", id="live-late"),
        Binding("z", "undo", "Undo", id="live-undo"),
        Binding("t", "mark('started')", "Started", id="live-started"),
        Binding("c", "mark('done')", "Done", id="live-done"),
        Binding("k", "mark('skipped')", "Skip", id="live-skip"),
        Binding("left", "app.focus_previous", "Room", show=False),
        Binding("right,tab", "app.focus_next", "Room", show=False),
        Binding("escape", "back", "Back", id="live-back"),
    ]

    now: reactive[datetime] = reactive(datetime.min, init=False)
    """The clock of the board; ticks once a minute (and on every change)."""

    def __init__(self, meetup_id: str) -> None:
        super().__init__()
        self.meetup_id = meetup_id
        self.board: live.Board | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="live-clock")
        with Horizontal(id="live-rooms"):
            for room in self.workspace.meetup(self.meetup_id).meetup.rooms:
                yield RoomPanel(room.id)
        yield Static(id="live-people")
        yield Footer()

    def on_mount(self) -> None:
        self.title = f"Live: {self.workspace.meetup(self.meetup_id).meetup.title}"
        self.now = self.meetup_app.clock()
        # Tick on the minute boundary, then every minute.
        delay = 60 - self.now.second - self.now.microsecond / 1e6
        self.set_timer(max(delay, 0.5), self._start_ticking)
        panels = list(self.query(RoomPanel))
        if panels:
            focus = next((p for p in panels if p.board and p.board.now), panels[0])
            focus.focus()

    def _start_ticking(self) -> None:
        self.tick()
        self.set_interval(60, self.tick)

    def tick(self) -> None:
        self.now = self.meetup_app.clock()

    def watch_now(self) -> None:
        self.render_board()

    def on_resize(self) -> None:
        self.render_board()

    def refresh_data(self) -> None:
        if self.meetup_id not in self.workspace.meetups:
            self.app.pop_screen()
            return
        self.render_board()

    def render_board(self) -> None:
        if self.now == datetime.min or not self.is_mounted:
            return
        data = self.workspace.meetup(self.meetup_id)
        b = live.board(data, self.now, self.workspace)
        self.board = b
        headline = Text(b.headline(), STATE_STYLE.get(b.state, "bold"))
        if b.pause is None and b.next_pause is not None:
            p = b.next_pause
            headline.append(f"   next break: {p.title} {hhmm(p.start)}", "dim")
        self.query_one("#live-clock", Static).update(headline)
        wide = self.size.height >= 32
        rooms = {r.room: r for r in b.rooms}
        for panel in self.query(RoomPanel):
            if panel.room in rooms:
                panel.show(rooms[panel.room], wide)
        self.query_one("#live-people", Static).update(self._people_text(b))

    def _people_text(self, b: live.Board) -> Text:
        text = Text()
        if not b.people:
            return text
        names = {r.room: r.name for r in b.rooms}
        text.append("Required now: ", "bold")
        text.append(
            ", ".join(
                f"{self.workspace.person_name(p.person)} ({names.get(p.room, p.room)})"
                for p in b.people
            )
        )
        if b.double_booked:
            text.append("  in two places: ", "bold red")
            text.append(", ".join(self.workspace.person_name(p) for p in b.double_booked))
        return text

    # ---------------------------------------------------------------- actions

    def _focused(self) -> RoomPanel | None:
        focused = self.focused
        if isinstance(focused, RoomPanel):
            return focused
        panels = list(self.query(RoomPanel))
        return panels[0] if panels else None

    def _session(self) -> live.LiveSession | None:
        panel = self._focused()
        session = panel.session if panel else None
        if session is None:
            self.notify("No session on now or next in this room", severity="warning")
        return session

    def action_notes(self) -> None:
        """The minutes editor of the focused room's session on now."""
        session = self._session()
        if session is not None:
            from screens.minutes import MinutesScreen

            self.app.push_screen(MinutesScreen(self.meetup_id, topic=session.topic))

    def action_action_item(self) -> None:
        """A new action item of that session (owner, due date, linked issue), here."""
        session = self._session()
        if session is None:
            return
        from meetup.agenda.minutes import ActionDraft, create_action
        from screens.forms.action_item import ActionItemDialog

        def save(draft: ActionDraft) -> Any:
            return create_action(self.workspace, self.meetup_id, draft)

        def done(result: Any) -> None:
            if result is not None:
                self.notify(f"Action item saved: {result.title}", markup=False)

        self.app.push_screen(ActionItemDialog(self.meetup_id, save, topic=session.topic), done)

    def action_mark(self, state: shift.Mark) -> None:
        session = self._session()
        if session is None:
            return
        change = self.apply(
            lambda: shift.mark(self.workspace, self.meetup_id, session.topic, state)
        )
        self._applied(change)

    def action_late(self) -> None:
        """Running late: move the room's sessions from the next start on, after a preview."""
        from screens.dialogs.confirm import ConfirmDialog
        from screens.forms.prompt import PromptDialog

        panel = self._focused()
        b = self.board
        if panel is None or panel.board is None or b is None or b.day is None:
            self.notify("Nothing left to move in this room", severity="warning")
            return
        room = panel.board
        start = room.next.start if room.next else room.now.end if room.now else None
        if start is None:
            self.notify("Nothing left to move in this room", severity="warning")
            return
        day = b.day

        planned: list[shift.Change] = []

        def plan(text: str) -> str:
            """The shift as planned (nothing written); a refusal stays under the field."""
            try:
                by = int(text)
            except ValueError:
                raise InvalidInput("minutes", "expected a whole number of minutes") from None
            try:
                at = shift.parse_hhmm(hhmm(start))
                change = shift.plan_shift(self.workspace, self.meetup_id, room.room, day, at, by)
            except InvalidInput as exc:
                field = "minutes" if exc.field == "by" else exc.field
                raise InvalidInput(field, exc.message) from None
            planned[:] = [change]
            return text

        def preview(answer: str | None) -> None:
            if not answer or not planned:
                return
            change = planned[0]
            names = {p: self.workspace.person_name(p) for p in self.workspace.people}

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._applied(self.apply(lambda: shift.apply(self.workspace, change)))

            self.app.push_screen(
                ConfirmDialog(preview_text(change, names) + "\nMove them?", yes="Move"), confirmed
            )

        self.app.push_screen(
            PromptDialog(
                f"Running late in {room.name}: minutes to move the sessions from {hhmm(start)} on",
                plan,
                field="minutes",
                value="15",
                help_text="Negative moves them earlier.",
            ),
            preview,
        )

    def _applied(self, change: shift.Change | None) -> None:
        if change is None:
            return
        self.notify(change.what + " (z: undo)", markup=False)
        self.tick()

    def action_undo(self) -> None:
        """The session's one undo history: a shift, a mark, any other edit."""
        from screens.saving import undo

        if undo(self):
            self.tick()

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            ("Live: notes of the session on now", "Its minutes editor", self.action_notes),
            (
                "Live: action item",
                "A new action item of the session on now",
                self.action_action_item,
            ),
            (
                "Live: running late",
                "Move the rest of this room's day, with a preview",
                self.action_late,
            ),
            ("Live: undo", "Undo the last change made here", self.action_undo),
        ]


def preview_text(change: shift.Change, names: dict[str, str], width: int = 56) -> str:
    """A shift's moves, conflicts and affected people, wrapped for the confirm dialog."""
    import textwrap

    lines = textwrap.wrap(change.what, width)
    for m in change.moves:
        room = width - 19
        title = m.title if len(m.title) <= room else m.title[: room - 1] + "…"
        lines.append(f"  {hhmm(m.old)} → {hhmm(m.new)}  {title}")
    if change.conflicts:
        lines.append(f"Conflicts ({len(change.conflicts)}):")
        for c in change.conflicts:
            lines += textwrap.wrap(
                c.message, width, initial_indent="  ! ", subsequent_indent="    "
            )
    else:
        lines.append("No conflicts.")
    if change.affected:
        people = ", ".join(names.get(p, p) for p in sorted(change.affected))
        lines += textwrap.wrap(f"Affects: {people}", width)
    return "\n".join(lines) + "\n"


def live_meetup(workspace: Any, now: datetime) -> str | None:
    """The meetup a live view opens on: one running today, else the next one, else any."""
    best: tuple[int, str] | None = None
    for mid, data in workspace.meetups.items():
        days = [d.date for d in data.meetup.days]
        if not days:
            continue
        local = live.day_of(data, now)
        if local is not None:
            return str(mid)
        ahead = (days[0] - now.date()).days
        rank = ahead if ahead >= 0 else 10_000 - ahead
        if best is None or (rank, mid) < best:
            best = (rank, mid)
    return best[1] if best else None
