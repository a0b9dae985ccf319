"""Minutes of a meetup: notes per topic in agenda order, and the action items."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, OptionList, Static, TextArea
from textual.widgets.data_table import RowDoesNotExist
from textual.widgets.option_list import Option

from meetup.agenda.minutes import (
    ActionDraft,
    actions_in_order,
    agenda_order,
    create_action,
    edit_action,
    set_notes,
    toggle_done,
)
from meetup.finding import find
from meetup.store.records import ActionItem
from screens import keys
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.listsearch import ListSearch, SearchableList
from screens.widgets import Table, fit_columns, plain

ACTION_STYLE = {"open": "", "done": "green", "dropped": "dim"}
ORDERS = ("agenda", "due", "owner", "status")
"""The orders ``s`` cycles the action items through (agenda order first)."""


class MinutesScreen(SearchableList, WorkspaceScreen):
    """Left the topics in agenda order, right the selected topic's notes, below the actions.

    Typed notes are never lost: leaving a topic or the screen saves them first, and a
    refused save keeps the text and the topic selected.
    """

    CSS_PATH = "minutes.tcss"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save notes", id="minutes-save", priority=True),
        Binding("n", "add", "New action", id="minutes-add"),
        Binding("e", "edit", "Edit", id="minutes-edit"),
        Binding("d,delete", "delete", "Delete", id="minutes-delete"),
        Binding("space", "toggle_done", "Done", id="minutes-toggle"),
        Binding("p", "preview", "Minutes", id="minutes-preview"),
        Binding(keys.SEARCH, "search", "Search", id="minutes-search", show=False),
        Binding(keys.SORT, "sort", "Sort", id="minutes-sort", show=False),
        Binding("escape", "back", "Back", id="minutes-back"),
        Binding("tab", "app.focus_next", "Next", show=False),
    ]
    HINT: ClassVar[tuple[keys.Verb, ...]] = (
        ("add", "new"),
        ("toggle_done", "done"),
        ("search", "search"),
        ("preview", "minutes"),
    )
    """The keys the action items' title names, built from BINDINGS (a test checks it)."""

    def __init__(self, meetup_id: str, topic: str | None = None) -> None:
        """``topic``: open on that topic's notes, the editor focused (the live view does)."""
        super().__init__()
        self.meetup_id = meetup_id
        self.topic_id: str | None = topic
        self.start_in_editor = topic is not None
        self.saved_notes = ""
        self.ready = False
        # Kept as an attribute: its text is still there while the screen unmounts.
        self.editor = TextArea(id="notes", language="markdown", soft_wrap=True)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="minutes-main"):
            yield OptionList(id="topics")
            with Vertical(id="notes-pane"):
                yield Static(id="notes-title")
                yield self.editor
        yield Static(id="actions-title")
        yield ListSearch(
            f"actions/{self.meetup_id}",
            ORDERS,
            target="#actions",
            placeholder="search action items, owners, issues",
        )
        yield Table(id="actions", cursor_type="row")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.ready = True
        self.title = f"Minutes: {self.workspace.meetup(self.meetup_id).meetup.title}"
        self.query_one("#topics").border_title = "Agenda"
        self.refresh_data()
        if self.start_in_editor and self.topic_id is not None:
            self.editor.focus()
        else:
            self.query_one("#topics", OptionList).focus()

    def on_resize(self) -> None:
        self.refit_later()

    def on_unmount(self) -> None:
        # Leaving by any route (another area, quitting): keep what was typed.
        self.save_notes()

    # ------------------------------------------------------------------ data

    def refresh_data(self) -> None:
        if not self.ready or not self.is_mounted or self.meetup_id not in self.workspace.meetups:
            return
        ws = self.workspace
        topics = agenda_order(ws, self.meetup_id)
        options = self.query_one("#topics", OptionList)
        options.clear_options()
        for topic in topics:
            label = Text(no_wrap=True, overflow="ellipsis")
            if topic.placement:
                label.append(f"{topic.placement.day:%a} {topic.placement.start:%H:%M} ", "dim")
            else:
                label.append("unsched.  ", "dim")
            label.append(topic.title)
            if topic.notes.strip():
                label.append(" ✎", "green")
            options.add_option(Option(label, id=topic.id))
        ids = [t.id for t in topics]
        if self.topic_id not in ids:
            self.topic_id = None
        if self.topic_id is None and ids:
            self.show_topic(ids[0])
        elif self.topic_id is not None:
            self.show_topic(self.topic_id)
        if self.topic_id is not None:
            options.highlighted = ids.index(self.topic_id)
        elif not ids:
            self.query_one("#notes-title", Static).update("No scheduled or accepted topics yet.")

        table = self.query_one("#actions", DataTable)
        current = self.current_action()
        fit_columns(
            table,
            [("Status", 7), ("Action item", None), ("Owner", 13), ("Due", 6), ("Issue", 12)],
            margin=2,
        )
        every = actions_in_order(ws, self.meetup_id)
        data = ws.meetup(self.meetup_id)
        search = self.list_search

        def fields(a: ActionItem) -> list[object]:
            topic = data.topics.get(a.topic or "")
            owner = ws.person_name(a.owner)
            return [a.id, a.title, a.status, owner, a.due, a.issue, topic and topic.title]

        actions = find(every, search.text, fields)
        if search.order == "due":
            actions.sort(key=lambda a: (a.due is None, a.due or date.max))
        elif search.order == "owner":
            actions.sort(key=lambda a: (not a.owner, ws.person_name(a.owner).casefold()))
        elif search.order == "status":
            actions.sort(key=lambda a: list(ACTION_STYLE).index(a.status))
        search.show_count(len(actions), len(every))
        for action in actions:
            table.add_row(
                plain(action.status, ACTION_STYLE.get(action.status, "")),
                plain(action.title),
                plain(ws.person_name(action.owner)),
                # "Dec 12": six cells, so the column never gives way and cuts a date.
                plain(f"{action.due:%b %d}" if action.due else ""),
                plain(action.issue or ""),
                key=action.id,
            )
        if current is not None:
            with contextlib.suppress(RowDoesNotExist):
                table.move_cursor(row=table.get_row_index(current))
        done = sum(a.status == "done" for a in every)
        self.query_one("#actions-title", Static).update(
            plain(
                f"Action items: {len(every)}, {done} done · " + keys.hint(MinutesScreen, *self.HINT)
            )
        )

    def show_topic(self, topic_id: str) -> None:
        """Show a topic's notes, unless the editor holds unsaved text for it."""
        topic = self.workspace.meetup(self.meetup_id).topics[topic_id]
        editor = self.editor
        if (topic_id != self.topic_id or not self.dirty) and editor.text != topic.notes:
            editor.load_text(topic.notes)
        self.topic_id = topic_id
        self.saved_notes = topic.notes
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append("Notes: ", "bold")
        title.append(topic.title)
        self.query_one("#notes-title", Static).update(title)

    @property
    def dirty(self) -> bool:
        return self.ready and self.editor.text != self.saved_notes

    def save_notes(self) -> bool:
        """Save the editor's text to the current topic; False (text kept) when refused."""
        if self.topic_id is None or not self.dirty:
            return True
        text = self.editor.text
        topic_id = self.topic_id
        topic = self.apply(lambda: set_notes(self.workspace, self.meetup_id, topic_id, text))
        if topic is None:
            return False
        self.saved_notes = topic.notes
        return True

    def current_action(self) -> str | None:
        table = self.query_one("#actions", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    @on(OptionList.OptionHighlighted, "#topics")
    def topic_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        new = event.option.id
        if new is None or new == self.topic_id:
            return
        if not self.save_notes():
            # Refused: stay on the topic whose text is in the editor.
            options = self.query_one("#topics", OptionList)
            with contextlib.suppress(Exception):
                options.highlighted = options.get_option_index(self.topic_id or "")
            return
        self.show_topic(new)

    @on(OptionList.OptionSelected, "#topics")
    def topic_selected(self) -> None:
        self.editor.focus()

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.ready:
            return True
        if action in ("edit", "delete", "toggle_done"):
            return self.current_action() is not None
        if action == "save":
            return self.topic_id is not None
        return True

    def action_save(self) -> None:
        if self.topic_id is None:
            return
        if not self.dirty:
            self.notify("Notes are saved")
        elif self.save_notes():
            self.notify("Notes saved")

    def _action_dialog(self, action: ActionItem | None) -> None:
        from screens.forms.action_item import ActionItemDialog

        def save(draft: ActionDraft) -> ActionItem:
            if action is None:
                return create_action(self.workspace, self.meetup_id, draft)
            return edit_action(self.workspace, self.meetup_id, action.id, draft)

        def done(result: ActionItem | None) -> None:
            if result is not None:
                self.after_change(lambda: self._select_action(result.id))

        dialog = ActionItemDialog(self.meetup_id, save, action, topic=self.topic_id or "")
        self.app.push_screen(dialog, done)

    def _select_action(self, action_id: str) -> None:
        with contextlib.suppress(RowDoesNotExist):
            table = self.query_one("#actions", DataTable)
            table.move_cursor(row=table.get_row_index(action_id))

    def action_add(self) -> None:
        self._action_dialog(None)

    def action_edit(self) -> None:
        action_id = self.current_action()
        if action_id is not None:
            self._action_dialog(self.workspace.meetup(self.meetup_id).actions[action_id])

    def action_delete(self) -> None:
        """Delete the highlighted action item; issues that list it stop (z undoes)."""
        from meetup import deletion
        from screens.deleting import ask_delete

        action_id = self.current_action()
        if action_id is None:
            return
        action = self.workspace.meetup(self.meetup_id).actions[action_id]
        mid = self.meetup_id
        ask_delete(
            self,
            f"Delete the action item “{action.title}”?",
            lambda: deletion.action_consequences(self.workspace, mid, action_id),
            lambda: deletion.delete_action(self.workspace, mid, action_id),
            self.apply,
            what=f"deleted action item {action.title!r}",
            name=action.title,
        )

    def action_toggle_done(self) -> None:
        action_id = self.current_action()
        if action_id is not None:
            self.apply(lambda: toggle_done(self.workspace, self.meetup_id, action_id))

    def action_preview(self) -> None:
        from screens.compiled_minutes import CompiledMinutesScreen

        if self.save_notes():
            self.app.push_screen(CompiledMinutesScreen(self.meetup_id))

    def go_back(self) -> None:
        if self.save_notes():
            self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        commands: list[tuple[str, str, Any]] = [
            ("Minutes: save notes", "Save the selected topic's notes", self.action_save),
            ("Minutes: add an action item", "Owner, due date, topic, issue", self.action_add),
            ("Minutes: show the compiled minutes", "Read-only Markdown", self.action_preview),
            ("Minutes: search the action items", "As you type", self.action_search),
            ("Minutes: sort the action items", "By " + ", ".join(ORDERS), self.action_sort),
        ]
        action = self.current_action()
        if action is not None:
            commands += [
                ("Minutes: edit the action item", "", self.action_edit),
                ("Minutes: mark the action item done/open", "", self.action_toggle_done),
                (
                    f"Delete {self.workspace.meetup(self.meetup_id).actions[action].title}…",
                    "This action item; says what goes with it first (z undoes)",
                    self.action_delete,
                ),
            ]
        return commands
