"""Propose or edit an agenda topic."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual.app import ComposeResult

from meetup import directory
from meetup.agenda.topics import KINDS, TopicDraft, topic_errors
from meetup.store.records import Topic
from screens.forms.kit import FormDialog, field_input, field_select


class TopicFormDialog(FormDialog[Topic]):
    """The topic's fields; ``save(draft)`` stores it and the dialog dismisses the topic."""

    def __init__(
        self, draft: TopicDraft, save: Callable[[TopicDraft], Topic], *, creating: bool
    ) -> None:
        super().__init__("Propose a topic" if creating else "Edit topic")
        self.draft = draft
        self.save_draft = save

    def fields(self) -> ComposeResult:
        d, ws = self.draft, self.workspace
        projects = sorted(ws.projects)
        yield from self.row("title", "Title", field_input(d.title, ident="title"))
        yield from self.row(
            "description", "Description", field_input(d.description, ident="description")
        )
        yield from self.row(
            "proposer",
            "Proposer",
            field_input(
                directory.person_label(ws, d.proposer.strip()),
                ident="proposer",
                placeholder="a name, id or e-mail",
                suggester=self.people_suggester(),
            ),
        )
        yield from self.row(
            "projects",
            "Projects",
            field_input(
                d.projects,
                ident="projects",
                placeholder=", ".join(projects[:3]) or "projects, comma-separated",
                suggester=self.projects_suggester(many=True),
            ),
        )
        yield from self.row(
            "kind", "Kind", field_select([(k, k) for k in KINDS], d.kind, ident="kind")
        )
        yield from self.row("duration", "Minutes", field_input(d.duration, ident="duration"))
        yield from self.row(
            "required",
            "Required",
            field_input(
                self._people(d.required),
                ident="required",
                placeholder="people by name, id or e-mail, comma-separated",
                suggester=self.people_suggester(many=True),
            ),
        )

    def _people(self, typed: str) -> str:
        """The required people by name where they are ids (as the draft of a topic holds)."""
        items = directory.split_list(typed)
        if not all(i in self.workspace.people for i in items):
            return typed
        return directory.person_labels(self.workspace, items)

    def read(self) -> TopicDraft:
        return TopicDraft(
            title=self.text("title"),
            description=self.text("description"),
            proposer=self.text("proposer"),
            projects=self.text("projects"),
            kind=self.choice("kind"),
            duration=self.text("duration"),
            required=self.text("required"),
        )

    def check(self, draft: TopicDraft) -> Mapping[str, str]:
        return topic_errors(self.workspace, draft)

    def save(self, draft: TopicDraft) -> Topic:
        return self.save_draft(draft)
