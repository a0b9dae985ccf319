"""Create or edit an action item; bad input is shown inline and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.app import ComposeResult

from meetup.agenda.minutes import ACTION_STATUSES, ActionDraft, action_errors, draft_of
from meetup.store.records import ActionItem
from screens.forms.kit import FormDialog, field_input, field_select
from screens.widgets import plain


class ActionItemDialog(FormDialog[ActionItem]):
    """An action item's fields; ``save(draft)`` stores it and the dialog dismisses it."""

    def __init__(
        self,
        meetup_id: str,
        save: Callable[[ActionDraft], ActionItem],
        action: ActionItem | None = None,
        *,
        topic: str = "",
    ) -> None:
        super().__init__(f"Edit action item {action.id}" if action else "New action item")
        self.meetup_id = meetup_id
        self.save_draft = save
        self.action = action
        self.default_topic = topic

    def fields(self) -> ComposeResult:
        ws = self.workspace
        data = ws.meetup(self.meetup_id)
        draft = draft_of(self.action) if self.action else ActionDraft("", topic=self.default_topic)
        yield from self.row("title", "Action", field_input(draft.title, ident="title"))
        yield from self.row(
            "owner",
            "Owner",
            field_input(
                draft.owner,
                ident="owner",
                placeholder="a name, id or e-mail",
                suggester=self.people_suggester(),
            ),
        )
        yield from self.row(
            "due", "Due", field_input(draft.due, ident="due", placeholder="YYYY-MM-DD (optional)")
        )
        yield from self.row(
            "status",
            "Status",
            field_select([(s, s) for s in ACTION_STATUSES], draft.status, ident="status"),
        )
        topics = sorted(data.topics.values(), key=lambda t: t.title.casefold())
        yield from self.row(
            "topic",
            "Topic",
            field_select(
                [(plain(t.title), t.id) for t in topics],
                draft.topic or None,
                ident="topic",
                prompt="no topic",
            ),
        )
        issues = sorted(ws.issues.values(), key=lambda i: i.title.casefold())
        yield from self.row(
            "issue",
            "Issue",
            field_select(
                [(plain(i.title), i.id) for i in issues],
                draft.issue or None,
                ident="issue",
                prompt="no issue",
            ),
        )
        yield from self.row("notes", "Notes", field_input(draft.notes, ident="notes"))

    def read(self) -> ActionDraft:
        return ActionDraft(
            title=self.text("title"),
            owner=self.text("owner"),
            due=self.text("due"),
            status=self.choice("status"),  # type: ignore[arg-type]
            topic=self.choice("topic"),
            issue=self.choice("issue"),
            notes=self.text("notes"),
        )

    def check(self, draft: ActionDraft) -> Mapping[str, str]:
        return action_errors(self.workspace, self.meetup_id, draft)

    def save(self, draft: ActionDraft) -> ActionItem:
        return self.save_draft(draft)
