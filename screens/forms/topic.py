"""Propose or edit an agenda topic."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select, Static

from meetup.agenda.topics import KINDS, TopicDraft
from screens.forms.fields import FORM_CSS, row, show_errors, value

FIELDS = ["title", "description", "proposer", "projects", "kind", "duration", "required"]


class TopicFormDialog(ModalScreen[TopicDraft | None]):
    """Dismisses the draft once ``errors(draft)`` finds nothing; bad fields say why inline."""

    DEFAULT_CSS = (
        FORM_CSS.format(cls="TopicFormDialog")
        + """
    TopicFormDialog .row Select { width: 1fr; height: 1; }
    TopicFormDialog .row Select > SelectCurrent { border: none; height: 1; padding: 0 1; }
    """
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="topic-form-save"),
        Binding("escape", "cancel", "Cancel", id="topic-form-cancel"),
    ]

    def __init__(
        self,
        draft: TopicDraft,
        errors: Callable[[TopicDraft], Mapping[str, str]],
        *,
        creating: bool,
        people: list[str],
        projects: list[str],
    ) -> None:
        super().__init__()
        self.draft = draft
        self.errors = errors
        self.creating = creating
        self.people = people
        self.projects = projects

    def compose(self) -> ComposeResult:
        d = self.draft
        people = SuggestFromList(self.people, case_sensitive=False)
        with VerticalScroll(id="form") as form:
            form.border_title = "Propose a topic" if self.creating else "Edit topic"
            yield from row("Title", Input(d.title, id="title"), field="title")
            yield from row(
                "Description", Input(d.description, id="description"), field="description"
            )
            yield from row(
                "Proposer", Input(d.proposer, id="proposer", suggester=people), field="proposer"
            )
            yield from row(
                "Projects",
                Input(d.projects, placeholder="nova, neutron", id="projects"),
                field="projects",
            )
            yield from row(
                "Kind",
                Select([(k, k) for k in KINDS], value=d.kind, allow_blank=False, id="kind"),
                field="kind",
            )
            yield from row("Minutes", Input(d.duration, id="duration"), field="duration")
            yield from row(
                "Required",
                Input(d.required, placeholder="people ids, comma-separated", id="required"),
                field="required",
            )
            yield Label("", id="error-general", classes="error")
            yield Static(
                "Enter/ctrl+s save · Esc cancel · ids: "
                + ", ".join(self.projects[:6])
                + (" …" if len(self.projects) > 6 else ""),
                id="form-keys",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _read(self) -> TopicDraft:
        kind = self.query_one("#kind", Select).value
        return TopicDraft(
            title=value(self, "title"),
            description=value(self, "description"),
            proposer=value(self, "proposer"),
            projects=value(self, "projects"),
            kind=str(kind),
            duration=value(self, "duration"),
            required=value(self, "required"),
        )

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        draft = self._read()
        errors = dict(self.errors(draft))
        show_errors(self, [*FIELDS, "general"], errors)
        if not errors:
            self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)
