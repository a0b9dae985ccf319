"""One cross-project issue: its fields, linked topics and action items, and its log."""

from __future__ import annotations

import contextlib
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static
from textual.widgets.data_table import RowDoesNotExist

from meetup.issues import (
    IssueDraft,
    add_comment,
    cycle_status,
    edit_issue,
    link_action,
    link_topic,
    split_ref,
    unlink_action,
    unlink_topic,
)
from meetup.store.records import Issue
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.widgets import PRIORITY_STYLE, Table, fit_columns, plain


def edit_issue_dialog(screen: WorkspaceScreen, issue_id: str) -> None:
    """Open the form on an issue; the screen refreshes when it was saved."""
    from screens.forms.issue import IssueFormDialog

    def form(author: str) -> None:
        def save(draft: IssueDraft) -> Issue:
            return edit_issue(
                screen.workspace, issue_id, draft, now=screen.meetup_app.clock(), author=author
            )

        screen.app.push_screen(IssueFormDialog(save, screen.workspace.issues[issue_id]))

    screen.as_author(form)


class IssueDetailScreen(WorkspaceScreen):
    """Everything about one issue; links and the log can be changed from here."""

    CSS_PATH = "issue_detail.tcss"
    BINDINGS = [
        Binding("e", "edit", "Edit", id="issue-detail-edit"),
        Binding("t", "cycle_status", "Status", id="issue-detail-status"),
        Binding("c", "comment", "Comment", id="issue-detail-comment"),
        Binding("l", "link", "Link", id="issue-detail-link"),
        Binding("u", "unlink", "Unlink", id="issue-detail-unlink"),
        Binding("escape", "back", "Back", id="issue-detail-back"),
    ]

    def __init__(self, issue_id: str) -> None:
        super().__init__()
        self.ready = False
        self.issue_id = issue_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="detail"):
            yield Static(id="summary")
            yield Static("Linked topics and action items", classes="section")
            yield Table(id="links", cursor_type="row")
            yield Static("Log", classes="section")
            yield Static(id="log")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.ready = True
        self.refresh_data()
        self.query_one("#links", DataTable).focus()

    def on_resize(self) -> None:
        self.refit_later()

    @property
    def issue(self) -> Issue | None:
        return self.workspace.issues.get(self.issue_id)

    def refresh_data(self) -> None:
        if not self.ready:
            return
        issue = self.issue
        if issue is None:  # deleted or renamed on disk since
            self.query_one("#summary", Static).update(plain(f"No issue {self.issue_id}"))
            return
        ws = self.workspace
        self.title = f"Issue: {issue.id}"
        summary = Text()
        summary.append(issue.title, "bold")
        summary.append("\n")
        summary.append(issue.priority, PRIORITY_STYLE[issue.priority])
        summary.append(f" · {issue.status}")
        summary.append(f" · owner {ws.person_name(issue.owner) or 'nobody'}")
        area = ws.areas.get(issue.area or "")
        summary.append(f" · area {area.name if area else issue.area or 'none'}")
        names = [ws.projects[p].name if p in ws.projects else p for p in issue.projects]
        summary.append(f"\nProjects: {', '.join(names)}")
        for link in issue.links:
            summary.append(f"\nLink: {link}", "underline")
        if issue.description:
            summary.append(f"\n\n{issue.description}")
        self.query_one("#summary", Static).update(summary)

        table = self.query_one("#links", DataTable)
        current = self.current_link()
        fit_columns(table, [("Kind", 6), ("Item", None), ("Meetup", 14), ("State", 9)], margin=3)
        for reference in issue.topics:
            meetup_id, topic_id = split_ref(reference)
            topic = ws.meetups[meetup_id].topics.get(topic_id) if meetup_id in ws.meetups else None
            table.add_row(
                "topic",
                plain(topic.title if topic else f"{reference} (missing)"),
                plain(meetup_id),
                plain(topic.status if topic else ""),
                key=f"topic:{reference}",
            )
        for reference in issue.actions:
            meetup_id, action_id = split_ref(reference)
            data = ws.meetups.get(meetup_id)
            action = data.actions.get(action_id) if data else None
            table.add_row(
                "action",
                plain(action.title if action else f"{reference} (missing)"),
                plain(meetup_id),
                plain(action.status if action else ""),
                key=f"action:{reference}",
            )
        table.styles.height = max(2, table.row_count + 1)
        if current is not None:
            with contextlib.suppress(RowDoesNotExist):
                table.move_cursor(row=table.get_row_index(current))

        log = Text()
        for entry in reversed(issue.log):
            when = entry.at.strftime("%Y-%m-%d %H:%M UTC")
            log.append(when, "dim")
            log.append(f"  {ws.person_name(entry.author) or 'someone'}: ", "bold")
            log.append(entry.text)
            log.append("\n")
        self.query_one("#log", Static).update(log if issue.log else plain("No entries yet."))

    def current_link(self) -> str | None:
        table = self.query_one("#links", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    # ------------------------------------------------------------------ actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unlink" and self.ready:
            return self.current_link() is not None
        if action in ("edit", "cycle_status", "comment", "link"):
            return self.issue is not None
        return True

    def action_edit(self) -> None:
        edit_issue_dialog(self, self.issue_id)

    def action_cycle_status(self) -> None:
        now = self.meetup_app.clock()
        self.as_author(
            lambda author: self.apply(
                lambda: cycle_status(self.workspace, self.issue_id, now=now, author=author)
            )
        )

    def action_comment(self) -> None:
        from screens.forms.comment import CommentDialog

        def comment(author: str) -> None:
            def add(text: str) -> Issue:
                now = self.meetup_app.clock()
                return add_comment(self.workspace, self.issue_id, text, now=now, author=author)

            self.app.push_screen(CommentDialog(add))

        self.as_author(comment)

    def action_link(self) -> None:
        from screens.dialogs.link import LinkDialog, link_choices

        issue = self.issue
        if issue is None:
            return

        def chosen(choice: tuple[str, str] | None) -> None:
            if choice is None:
                return
            kind, reference = choice
            meetup_id, item_id = split_ref(reference)
            if kind == "topic":
                self.apply(lambda: link_topic(self.workspace, self.issue_id, meetup_id, item_id))
            else:
                self.apply(lambda: link_action(self.workspace, self.issue_id, meetup_id, item_id))

        self.app.push_screen(LinkDialog(link_choices(self.workspace, issue)), chosen)

    def action_unlink(self) -> None:
        from screens.dialogs.confirm import ConfirmDialog

        key = self.current_link()
        if key is None:
            return
        kind, _, reference = key.partition(":")
        label = self.query_one("#links", DataTable).get_row(key)[1]

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            if kind == "topic":
                self.apply(lambda: unlink_topic(self.workspace, self.issue_id, reference))
            else:
                self.apply(lambda: unlink_action(self.workspace, self.issue_id, reference))

        self.app.push_screen(
            ConfirmDialog(f"Unlink the {kind} “{label}” from this issue?", yes="Unlink"), answer
        )

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            ("Issue: edit", "Change the issue's fields", self.action_edit),
            ("Issue: next status", "Cycle the status (logged)", self.action_cycle_status),
            ("Issue: add a comment", "Append to the log", self.action_comment),
            ("Issue: link a topic or action item", "From any meetup", self.action_link),
            ("Issue: unlink the selected item", "Asks first", self.action_unlink),
        ]

    def select(self, issue_id: str) -> None:
        self.issue_id = issue_id
        self.refresh_data()
