"""Create an election: id, kind, project or area, seats, its UTC timeline."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult

from meetup.elections.drafts import ElectionDraft, create_from_draft, election_errors
from meetup.elections.phases import ELECTION_KINDS, TIMELINE_FIELDS
from meetup.store.election_records import Election
from screens.forms.kit import FormDialog, field_input, field_select

LABELS = {
    "nominations_open": "Nom. opens",
    "nominations_close": "Nom. closes",
    "voting_open": "Voting opens",
    "voting_close": "Voting closes",
}


class ElectionFormDialog(FormDialog[Election]):
    """Dismisses with the created election; times are UTC."""

    def __init__(self, draft: ElectionDraft) -> None:
        super().__init__("New election (times in UTC)")
        self.draft = draft

    def fields(self) -> ComposeResult:
        d = self.draft
        yield from self.row("id", "Id", field_input(d.id, ident="id", placeholder="nova-ptl-m"))
        yield from self.row(
            "title",
            "Title",
            field_input(d.title, ident="title", placeholder="Nova PTL election (M cycle)"),
        )
        yield from self.row(
            "kind", "Kind", field_select([(k, k) for k in ELECTION_KINDS], d.kind, ident="kind")
        )
        yield from self.row(
            "project",
            "Project",
            field_input(
                d.project,
                ident="project",
                placeholder="project name or id (ptl, liaison)",
                suggester=self.projects_suggester(),
            ),
        )
        yield from self.row(
            "area",
            "Liaison area",
            field_input(
                d.area,
                ident="area",
                placeholder="area name or id (liaison)",
                suggester=self.areas_suggester(),
            ),
        )
        yield from self.row("seats", "Seats", field_input(d.seats, ident="seats"))
        for name in TIMELINE_FIELDS:
            yield from self.row(
                f"timeline.{name}",
                LABELS[name],
                field_input(getattr(d, name), ident=f"timeline.{name}"),
            )
        yield from self.row(
            "unranked",
            "Unranked",
            field_select(
                [("left out (no opinion)", "ignore"), ("tied last", "last")],
                d.unranked,
                ident="unranked",
            ),
        )

    def read(self) -> ElectionDraft:
        moments = {name: self.text(f"timeline.{name}") for name in TIMELINE_FIELDS}
        return ElectionDraft(
            id=self.text("id").strip(),
            title=self.text("title"),
            kind=self.choice("kind"),
            project=self.text("project"),
            area=self.text("area"),
            seats=self.text("seats"),
            unranked=self.choice("unranked"),
            **moments,
        )

    def check(self, draft: ElectionDraft) -> Mapping[str, str]:
        return election_errors(self.workspace, draft)

    def save(self, draft: ElectionDraft) -> Election:
        return create_from_draft(self.workspace, draft)
