"""Create or edit a cross-project issue; bad input is shown inline and nothing is saved."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Select, Static, TextArea

from meetup.issues import IssueDraft, draft_of
from meetup.issues import draft_errors as issue_errors
from meetup.store.records import ISSUE_STATUSES, PRIORITIES, Issue
from meetup.store.workspace import Workspace
from screens.forms.form_rows import FORM_CSS, DraftFormDialog, SuggestListItem, form_row

FIELDS = ("title", "projects", "owner", "area", "status", "priority", "links", "description")


class IssueFormDialog(DraftFormDialog):
    """The issue's fields; ``save(draft)`` stores it and the dialog dismisses the result.

    The dialog stays open with the typed text when the workspace refuses the draft
    (an inline error under the field) or the file changed on disk (a notification).
    """

    CSS_PATH = "issue.tcss"
    DEFAULT_CSS = "IssueFormDialog {" + FORM_CSS + "}"
    FIELDS = FIELDS

    def __init__(
        self,
        workspace: Workspace,
        save: Callable[[IssueDraft], Issue],
        issue: Issue | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.save_draft = save
        self.issue = issue

    def compose(self) -> ComposeResult:
        ws = self.workspace
        draft = draft_of(self.issue) if self.issue else IssueDraft(title="")
        with VerticalScroll(id="issue-form") as box:
            box.border_title = f"Edit issue {self.issue.id}" if self.issue else "New issue"
            yield from form_row("title", "Title", Input(draft.title, id="title", compact=True))
            projects = sorted(ws.projects)
            yield from form_row(
                "projects",
                "Projects",
                Input(
                    ", ".join(draft.projects),
                    placeholder="two or more, comma-separated: nova, neutron",
                    suggester=SuggestListItem(projects),
                    id="projects",
                    compact=True,
                ),
            )
            people = [p.id for p in ws.people.values()]
            yield from form_row(
                "owner",
                "Owner",
                Input(
                    draft.owner,
                    placeholder="person id or name (optional)",
                    suggester=SuggestListItem(people),
                    id="owner",
                    compact=True,
                ),
            )
            yield from form_row(
                "area",
                "Area",
                Input(
                    draft.area,
                    placeholder="liaison area (optional): " + ", ".join(list(ws.areas)[:4]),
                    suggester=SuggestListItem(list(ws.areas)),
                    id="area",
                    compact=True,
                ),
            )
            with Horizontal(id="choices"):
                yield from form_row(
                    "status",
                    "Status",
                    Select(
                        [(s, s) for s in ISSUE_STATUSES],
                        value=draft.status,
                        allow_blank=False,
                        id="status",
                        compact=True,
                    ),
                )
                yield from form_row(
                    "priority",
                    "Priority",
                    Select(
                        [(p, p) for p in PRIORITIES],
                        value=draft.priority,
                        allow_blank=False,
                        id="priority",
                        compact=True,
                    ),
                )
            yield from form_row(
                "links",
                "Links",
                Input(
                    " ".join(draft.links),
                    placeholder="URLs, space-separated",
                    id="links",
                    compact=True,
                ),
            )
            yield from form_row(
                "description",
                "Description",
                TextArea(draft.description, id="description", soft_wrap=True, compact=True),
            )
            with Horizontal(id="buttons"):
                yield Static("ctrl+s save · esc cancel", classes="form-hint")
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def draft(self) -> IssueDraft:
        def text(name: str) -> str:
            return self.query_one(f"#{name}", Input).value

        return IssueDraft(
            title=text("title"),
            projects=tuple(p.strip() for p in text("projects").split(",") if p.strip()),
            owner=text("owner"),
            area=text("area"),
            status=self.query_one("#status", Select).value,  # type: ignore[arg-type]
            priority=self.query_one("#priority", Select).value,  # type: ignore[arg-type]
            description=self.query_one("#description", TextArea).text,
            links=tuple(text("links").split()),
        )

    def draft_errors(self, draft: Any) -> Mapping[str, str]:
        return issue_errors(self.workspace, draft)
