"""Create or edit a cross-project issue; bad input is shown inline and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import TextArea

from meetup.issues import IssueDraft, draft_of
from meetup.issues import draft_errors as issue_errors
from meetup.store.fields import ISSUE_STATUSES, PRIORITIES
from meetup.store.records import Issue
from screens.forms.kit import FormDialog, field_input, field_select


class IssueFormDialog(FormDialog[Issue]):
    """The issue's fields; ``save(draft)`` stores it and the dialog dismisses the issue."""

    DEFAULT_CSS = """
    IssueFormDialog #choices { height: auto; }
    IssueFormDialog #choices > .form-row { width: 1fr; }
    IssueFormDialog #choices > .form-error { display: none; }
    """

    def __init__(self, save: Callable[[IssueDraft], Issue], issue: Issue | None = None) -> None:
        super().__init__(f"Edit issue {issue.id}" if issue else "New issue")
        self.save_draft = save
        self.issue = issue

    def fields(self) -> ComposeResult:
        ws = self.workspace
        draft = draft_of(self.issue) if self.issue else IssueDraft(title="")
        yield from self.row("title", "Title", field_input(draft.title, ident="title"))
        yield from self.row(
            "projects",
            "Projects",
            field_input(
                ", ".join(draft.projects),
                ident="projects",
                placeholder="two or more, comma-separated: nova, neutron",
                suggester=self.projects_suggester(many=True),
            ),
        )
        yield from self.row(
            "owner",
            "Owner",
            field_input(
                draft.owner,
                ident="owner",
                placeholder="a name, id or e-mail (optional)",
                suggester=self.people_suggester(),
            ),
        )
        yield from self.row(
            "area",
            "Area",
            field_input(
                draft.area,
                ident="area",
                placeholder="liaison area (optional): " + ", ".join(list(ws.areas)[:4]),
                suggester=self.areas_suggester(),
            ),
        )
        with Horizontal(id="choices"):
            yield from self.row(
                "status",
                "Status",
                field_select([(s, s) for s in ISSUE_STATUSES], draft.status, ident="status"),
            )
            yield from self.row(
                "priority",
                "Priority",
                field_select([(p, p) for p in PRIORITIES], draft.priority, ident="priority"),
            )
        yield from self.row(
            "links",
            "Links",
            field_input(" ".join(draft.links), ident="links", placeholder="URLs, space-separated"),
        )
        yield from self.row(
            "description",
            "Description",
            TextArea(draft.description, id="description", soft_wrap=True, compact=True),
        )

    def read(self) -> IssueDraft:
        return IssueDraft(
            title=self.text("title"),
            projects=tuple(p.strip() for p in self.text("projects").split(",") if p.strip()),
            owner=self.text("owner"),
            area=self.text("area"),
            status=self.choice("status"),  # type: ignore[arg-type]
            priority=self.choice("priority"),  # type: ignore[arg-type]
            description=self.query_one("#description", TextArea).text,
            links=tuple(self.text("links").split()),
        )

    def check(self, draft: IssueDraft) -> Mapping[str, str]:
        return issue_errors(self.workspace, draft)

    def save(self, draft: IssueDraft) -> Issue:
        return self.save_draft(draft)
