"""The topics tab: the backlog ranked by votes, search as you type, votes and triage."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from meetup.agenda import schedule, topics
from meetup.agenda.links import session_links
from meetup.agenda.topics import TopicDraft
from meetup.finding import find
from meetup.store.records import Topic
from screens.listsearch import ListSearch, SearchableList
from screens.tabs import session_detail
from screens.tabs.base import Command, MeetupView
from screens.widgets import Table, fit_columns, plain

STATUS_STYLE = {
    "accepted": "green",
    "proposed": "",
    "deferred": "yellow",
    "rejected": "red dim",
    "duplicate": "dim",
}

ORDERS = ("votes", "title", "status", "length")
"""The orders ``s`` cycles through (the ranked backlog first)."""
ORDER_KEYS: dict[str, Callable[[Topic], Any]] = {
    "title": lambda t: t.title.casefold(),
    "status": lambda t: list(STATUS_STYLE).index(t.status),
    "length": lambda t: -t.duration,
}


class TopicsView(SearchableList, MeetupView):
    """Votes are toggled for the screen's acting person (w on the meetup screen)."""

    BINDINGS = [
        Binding("slash", "search", "Search", id="topics-search-key"),
        Binding("s", "sort", "Sort", id="topics-sort", show=False),
        Binding("space,plus", "vote", "+1", id="topics-vote"),
        Binding("n", "propose", "Propose", id="topics-propose"),
        Binding("a", "status('accepted')", "Accept", id="topics-accept"),
        Binding("f", "status('deferred')", "Defer", id="topics-defer"),
        Binding("r", "status('rejected')", "Reject", id="topics-reject"),
        Binding("o", "status('proposed')", "Reopen", id="topics-reopen", show=False),
        Binding("u", "duplicate", "Duplicate of", id="topics-duplicate"),
        Binding("e", "edit", "Edit", id="topics-edit"),
        Binding("d,delete", "delete", "Delete", id="topics-delete"),
        Binding("escape", "clear_search", "Clear search", id="topics-clear", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield ListSearch(
            f"topics/{self.meetup_id}",
            ORDERS,
            target="#topics-table",
            placeholder="search titles, descriptions, projects",
            always=True,
            input_id="topics-search",
        )
        yield Table(id="topics-table", cursor_type="row")
        yield Static(id="topics-detail", classes="view-detail")

    def focus_main(self) -> None:
        self.query_one("#topics-table", DataTable).focus()

    def refresh_data(self) -> None:
        if not self.ready:
            return
        search = self.list_search
        acting = self.page.acting
        table = self.query_one("#topics-table", DataTable)
        keep = self._current()
        fit_columns(
            table,
            width=self.size.width,
            columns=[("+1", 3), ("Me", 2), ("Status", 9), ("Topic", None), ("Min", 3)],
        )
        every = topics.backlog(self.data)
        shown = find(every, search.text, self._fields)
        if search.order in ORDER_KEYS:
            shown.sort(key=ORDER_KEYS[search.order])
        search.show_count(len(shown), len(every))
        for t in shown:
            mine = "✓" if acting and acting in t.votes else ""
            status = t.status + ("*" if t.placement else "")
            table.add_row(
                str(len(t.votes)),
                mine,
                plain(status, STATUS_STYLE[t.status]),
                plain(t.title, "dim" if t.status in ("duplicate", "rejected") else ""),
                str(t.duration),
                key=t.id,
            )
        if keep is not None and keep in {str(k.value) for k in table.rows}:
            table.move_cursor(row=table.get_row_index(keep))
        self._detail()

    def _current(self) -> str | None:
        table = self.query_one("#topics-table", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    def _topic(self) -> Topic | None:
        ident = self._current()
        return self.data.topics.get(ident) if ident else None

    @on(DataTable.RowHighlighted, "#topics-table")
    def _highlighted(self) -> None:
        self._detail()

    def _detail(self) -> None:
        """The highlighted topic whole: title, status, owner, its links, then the rest."""
        detail = self.query_one("#topics-detail", Static)
        t = self._topic()
        if t is None:
            detail.update("No topic matches. n proposes one.")
            return
        ws = self.ws
        owner = ws.person_name(t.proposer) if t.proposer else ""
        pieces: list[str | Text] = [plain(t.status, STATUS_STYLE[t.status]), f"by {owner or '—'}"]
        pieces += session_detail.link_pieces(session_links(ws, self.meetup_id, t))
        if t.placement:
            p = t.placement
            room = next((r.name for r in self.data.meetup.rooms if r.id == p.room), p.room)
            end = schedule.hhmm(schedule.minutes(p.start) + t.duration)
            pieces.append(Text(f"{p.day:%a} {p.start:%H:%M}–{end} {room}", style="green"))
        if t.duplicate_of:
            pieces.append(Text(f"duplicate of {t.duplicate_of}", style="yellow"))
        pieces += [f"{t.id}, {t.kind}", f"projects: {', '.join(t.projects) or '—'}"]
        if t.required:
            pieces.append(f"needs: {', '.join(ws.person_name(p) for p in t.required)}")
        detail.update(session_detail.detail(t.title, pieces, max(20, self.size.width - 2)))

    def _fields(self, t: Topic) -> list[object]:
        proposer = self.ws.person_name(t.proposer)
        return [t.id, t.title, t.description, t.projects, t.status, t.kind, proposer]

    # ---------------------------------------------------------------- actions

    def action_vote(self) -> None:
        t = self._topic()
        acting = self.page.acting
        if t is None:
            return
        if acting is None:  # nobody named by --as, $MEETUP_USER or git: ask once
            self.page.action_who(then=self.action_vote)
            return
        now = self.apply(lambda: topics.toggle_vote(self.ws, self.meetup_id, t.id, acting))
        if now is not None:
            who = self.ws.person_name(acting)
            self.notify(f"{who} {'+1' if now else 'took back the +1 on'} {t.title!r}", markup=False)

    def _form(self, draft: TopicDraft, creating: bool, save: Callable[[TopicDraft], Topic]) -> None:
        from screens.forms.topic import TopicFormDialog

        def done(saved: Topic | None) -> None:
            if saved is not None:
                self.notify(f"Saved {saved.title!r}", markup=False)
                self.page.after_change(lambda: self._select(saved.id))

        self.app.push_screen(TopicFormDialog(draft, save, creating=creating), done)

    def _select(self, ident: str) -> None:
        table = self.query_one("#topics-table", DataTable)
        if ident not in {str(k.value) for k in table.rows}:
            self.list_search.close()
            self.refresh_data()
        if ident in {str(k.value) for k in table.rows}:
            table.move_cursor(row=table.get_row_index(ident))

    def action_propose(self) -> None:
        mid = self.meetup_id
        draft = TopicDraft(proposer=self.page.acting or "")
        self._form(draft, True, lambda d: topics.propose(self.ws, mid, d))

    def action_edit(self) -> None:
        t = self._topic()
        if t is None:
            return
        mid = self.meetup_id
        self._form(topics.draft_of(t), False, lambda d: topics.edit(self.ws, mid, t.id, d))

    def action_delete(self) -> None:
        """Delete the highlighted topic: its placement and votes go with it (z undoes)."""
        from meetup import deletion
        from screens.deleting import ask_delete

        t = self._topic()
        if t is None:
            return
        ws, mid = self.ws, self.meetup_id
        ask_delete(
            self,
            f"Delete the topic {t.title!r}?",
            lambda: deletion.topic_consequences(ws, mid, t.id),
            lambda: deletion.delete_topic(self.ws, mid, t.id),
            self.apply,
            what=f"deleted topic {t.title!r}",
            name=t.title,
        )

    def action_status(self, status: str) -> None:
        t = self._topic()
        if t is None:
            return
        ws, mid = self.ws, self.meetup_id

        def change() -> None:
            if (
                self.apply(
                    lambda: topics.set_status(ws, mid, t.id, status), what=f"{t.title!r}: {status}"
                )
                is not None
            ):
                self.notify(f"{t.title!r}: {status} (o reopens)", markup=False)

        if t.placement is not None and status != "accepted":
            self.confirm(f"{t.title} is scheduled: take it off the grid as {status}?", change)
        else:
            change()

    def action_duplicate(self) -> None:
        from screens.dialogs.pick import PickDialog

        t = self._topic()
        if t is None:
            return
        ws, mid = self.ws, self.meetup_id
        options = [
            (o.id, f"{o.title} ({len(o.votes)} votes)")
            for o in topics.backlog(self.data)
            if o.id != t.id and o.status != "duplicate"
        ]

        def chosen(target: str | None) -> None:
            if target is None:
                return
            self.confirm(
                f"Mark {t.title!r} a duplicate of {ws.meetup(mid).topics[target].title!r}? "
                f"Its {len(t.votes)} vote(s) move there.",
                lambda: self.apply(lambda: topics.mark_duplicate(ws, mid, t.id, target)),
            )

        self.app.push_screen(PickDialog(f"{t.title}: duplicate of…", options), chosen)

    def palette_commands(self) -> list[Command]:
        commands: list[Command] = [
            ("Topics: search", "Filter the backlog as you type", self.action_search),
            ("Topics: sort", "By " + ", ".join(ORDERS), self.action_sort),
            ("Topics: +1 / take back", "Vote as the acting person", self.action_vote),
            ("Topics: propose", "A new agenda topic", self.action_propose),
            ("Topics: accept", "The highlighted topic", lambda: self.action_status("accepted")),
            ("Topics: defer", "The highlighted topic", lambda: self.action_status("deferred")),
            ("Topics: reject", "The highlighted topic", lambda: self.action_status("rejected")),
            ("Topics: reopen", "Back to proposed", lambda: self.action_status("proposed")),
            ("Topics: mark duplicate", "Its votes merge into the other", self.action_duplicate),
            ("Topics: edit", "The highlighted topic", self.action_edit),
        ]
        topic = self._topic()
        if topic is not None:
            commands.append(
                (
                    f"Delete {topic.title}…",
                    "This topic, its place and votes; says what goes first (z undoes)",
                    self.action_delete,
                )
            )
        return commands
