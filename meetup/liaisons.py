"""The liaison roster: who holds each duty for each project, and where nobody does."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from meetup.workspace import Workspace


@dataclass(frozen=True)
class Assignment:
    """Who holds ``area`` for ``project``; ``fallback`` when it is the PTL by default."""

    project: str
    area: str
    person: str | None
    fallback: bool


def assignment(ws: Workspace, project_id: str, area_id: str) -> Assignment:
    project = ws.projects[project_id]
    named = project.liaisons.get(area_id)
    if named:
        return Assignment(project_id, area_id, named, False)
    area = ws.areas.get(area_id)
    if area is not None and area.defaults_to_ptl and project.ptl:
        return Assignment(project_id, area_id, project.ptl, True)
    return Assignment(project_id, area_id, None, False)


def roster(ws: Workspace) -> list[Assignment]:
    """Every project x area, projects and areas in their file order."""
    return [assignment(ws, p, a) for p in ws.projects for a in ws.areas]


def gaps(ws: Workspace) -> list[Assignment]:
    """Duties nobody holds: no liaison named and no PTL to fall back on."""
    return [a for a in roster(ws) if a.person is None]
