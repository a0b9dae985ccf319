"""Add or edit a liaison area: its id (fixed once made), name, description, PTL fallback."""

from __future__ import annotations

from collections.abc import Mapping

from textual.app import ComposeResult
from textual.widgets import Checkbox

from meetup import liaisons
from meetup.liaisons import AreaDraft
from meetup.store.records import Area
from screens.forms.kit import FormDialog, field_input


class AreaFormDialog(FormDialog[Area]):
    """Dismisses with the saved area."""

    def __init__(self, area: Area | None = None) -> None:
        super().__init__(f"Edit area {area.id}" if area else "New liaison area")
        self.area = area
        self.draft = liaisons.area_draft_of(area) if area else AreaDraft()

    def fields(self) -> ComposeResult:
        d = self.draft
        if self.area is None:
            yield from self.row("id", "Id", field_input(d.id, ident="id", placeholder="e.g. api"))
        yield from self.row("name", "Name", field_input(d.name, ident="name"))
        yield from self.row(
            "description", "Description", field_input(d.description, ident="description")
        )
        yield from self.row(
            "defaults_to_ptl",
            "PTL fallback",
            Checkbox(
                "the PTL holds it when nobody does",
                d.defaults_to_ptl,
                id="defaults_to_ptl",
                compact=True,
            ),
        )

    def read(self) -> AreaDraft:
        return AreaDraft(
            id=self.text("id").strip() if self.area is None else self.draft.id,
            name=self.text("name"),
            description=self.text("description"),
            defaults_to_ptl=self.checked("defaults_to_ptl"),
        )

    def check(self, draft: AreaDraft) -> Mapping[str, str]:
        editing = self.area.id if self.area else None
        return liaisons.area_errors(self.workspace, draft, editing=editing)

    def save(self, draft: AreaDraft) -> Area:
        editing = self.area.id if self.area else None
        return liaisons.save_area(self.workspace, draft, editing=editing)
