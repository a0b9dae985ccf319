"""Create or edit an action item; bad input is shown inline and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from meetup.agenda.minutes import ACTION_STATUSES, ActionDraft, action_errors, draft_of
from meetup.store.records import ActionItem
from meetup.store.workspace import Workspace
from screens.forms.form_rows import FORM_CSS, DraftFormDialog, SuggestListItem, form_row
from screens.widgets import plain

FIELDS = ("title", "owner", "due", "status", "topic", "issue", "notes")


class ActionItemDialog(DraftFormDialog):
    """An action item's fields; ``save(draft)`` stores it and the dialog dismisses it.

    The typed text stays when the draft is refused (inline errors) or the file changed.
    """

    CSS_PATH = "action_item.tcss"
    DEFAULT_CSS = "ActionItemDialog {" + FORM_CSS + "}"
    FIELDS = FIELDS

    def __init__(
        self,
        workspace: Workspace,
        meetup_id: str,
        save: Callable[[ActionDraft], ActionItem],
        action: ActionItem | None = None,
        *,
        topic: str = "",
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.meetup_id = meetup_id
        self.save_draft = save
        self.action = action
        self.default_topic = topic

    def compose(self) -> ComposeResult:
        ws = self.workspace
        data = ws.meetup(self.meetup_id)
        draft = draft_of(self.action) if self.action else ActionDraft("", topic=self.default_topic)
        with VerticalScroll(id="action-form") as box:
            box.border_title = (
                f"Edit action item {self.action.id}" if self.action else "New action item"
            )
            yield from form_row("title", "Action", Input(draft.title, id="title", compact=True))
            yield from form_row(
                "owner",
                "Owner",
                Input(
                    draft.owner,
                    placeholder="person id or name",
                    suggester=SuggestListItem(list(ws.people)),
                    id="owner",
                    compact=True,
                ),
            )
            yield from form_row(
                "due",
                "Due",
                Input(draft.due, placeholder="YYYY-MM-DD (optional)", id="due", compact=True),
            )
            yield from form_row(
                "status",
                "Status",
                Select(
                    [(s, s) for s in ACTION_STATUSES],
                    value=draft.status,
                    allow_blank=False,
                    id="status",
                    compact=True,
                ),
            )
            topics = sorted(data.topics.values(), key=lambda t: t.title.casefold())
            yield from form_row(
                "topic",
                "Topic",
                Select(
                    [(plain(t.title), t.id) for t in topics],
                    value=draft.topic or Select.NULL,
                    prompt="no topic",
                    id="topic",
                    compact=True,
                ),
            )
            issues = sorted(ws.issues.values(), key=lambda i: i.title.casefold())
            yield from form_row(
                "issue",
                "Issue",
                Select(
                    [(plain(i.title), i.id) for i in issues],
                    value=draft.issue or Select.NULL,
                    prompt="no issue",
                    id="issue",
                    compact=True,
                ),
            )
            yield from form_row("notes", "Notes", Input(draft.notes, id="notes", compact=True))
            with Horizontal(id="buttons"):
                yield Static("ctrl+s save · esc cancel", classes="form-hint")
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def draft(self) -> ActionDraft:
        def text(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        def choice(name: str) -> str:
            value = self.query_one(f"#{name}", Select).value
            return "" if value is Select.NULL else str(value)

        return ActionDraft(
            title=text("title"),
            owner=text("owner"),
            due=text("due"),
            status=choice("status"),  # type: ignore[arg-type]
            topic=choice("topic"),
            issue=choice("issue"),
            notes=text("notes"),
        )

    def draft_errors(self, draft: Any) -> Mapping[str, str]:
        return action_errors(self.workspace, self.meetup_id, draft)
