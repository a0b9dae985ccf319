"""The liaison roster: who holds each duty for each project, and where nobody does.

A project names a liaison per area in ``projects/<id>.toml``; where nobody is named and the
area defaults to the PTL, the PTL holds the duty (a *fallback*).  Areas themselves are
configurable in ``areas.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import msgspec

from meetup import directory
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.ids import is_slug
from meetup.store.records import Area, Issue, Project

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace


class Assignment(msgspec.Struct, frozen=True):
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


def roster_rows(ws: Workspace, *, only_gaps: bool = False) -> list[dict[str, Any]]:
    """The roster as plain rows (the ``meetup liaisons --json`` interface)."""
    rows = []
    for a in gaps(ws) if only_gaps else roster(ws):
        project = ws.projects[a.project]
        rows.append(
            {
                "project": a.project,
                "area": a.area,
                "person": a.person,
                "name": ws.person_name(a.person) if a.person else None,
                "fallback": a.fallback,
                "volunteers": list(project.volunteers.get(a.area, [])),
                "co_liaisons": list(project.co_liaisons.get(a.area, [])),
            }
        )
    return rows


# ------------------------------------------------------------- assignments


def _project(ws: Workspace, project_id: str) -> Project:
    try:
        return ws.projects[project_id]
    except KeyError:
        raise NotFoundError(f"no project {project_id!r}") from None


def _check_area(ws: Workspace, area_id: str) -> None:
    if area_id not in ws.areas:
        raise InvalidInput("area", f"unknown liaison area {area_id!r}")


def _person(ws: Workspace, person: str) -> str:
    """The id of the person named by id, name or e-mail (InvalidInput suggests a match)."""
    found = directory.person_id(ws, person)
    if found is None:
        raise InvalidInput("person", "name a person (or clear the liaison)")
    return found


def assign(ws: Workspace, project_id: str, area_id: str, person: str | None) -> Project:
    """Name ``person`` liaison of ``project`` for ``area``; None clears it (back to the
    PTL fallback where the area has one)."""
    project = _project(ws, project_id)
    _check_area(ws, area_id)
    liaisons = dict(project.liaisons)
    if person is None:
        liaisons.pop(area_id, None)
    else:
        liaisons[area_id] = _person(ws, person)
    updated = msgspec.structs.replace(project, liaisons=liaisons)
    ws.save_project(updated)
    return updated


def unassign(ws: Workspace, project_id: str, area_id: str) -> Project:
    return assign(ws, project_id, area_id, None)


def add_volunteer(ws: Workspace, project_id: str, area_id: str, person: str) -> Project:
    """Record that ``person`` offers to take ``area`` for ``project``."""
    project = _project(ws, project_id)
    _check_area(ws, area_id)
    person = _person(ws, person)
    current = project.volunteers.get(area_id, [])
    if person in current:
        return project
    volunteers = {**project.volunteers, area_id: [*current, person]}
    updated = msgspec.structs.replace(project, volunteers=volunteers)
    ws.save_project(updated)
    return updated


def remove_volunteer(ws: Workspace, project_id: str, area_id: str, person: str) -> Project:
    project = _project(ws, project_id)
    remaining = [p for p in project.volunteers.get(area_id, []) if p != person]
    volunteers = {**project.volunteers, area_id: remaining}
    if not remaining:
        volunteers.pop(area_id, None)
    updated = msgspec.structs.replace(project, volunteers=volunteers)
    ws.save_project(updated)
    return updated


# ------------------------------------------------------------------- areas


@dataclass
class AreaDraft:
    """A liaison area as the form edits it; the id is fixed once the area exists."""

    id: str = ""
    name: str = ""
    description: str = ""
    defaults_to_ptl: bool = True


def area_draft_of(area: Area) -> AreaDraft:
    return AreaDraft(area.id, area.name, area.description, area.defaults_to_ptl)


def area_errors(ws: Workspace, draft: AreaDraft, *, editing: str | None = None) -> dict[str, str]:
    """Every problem of the draft, by field (id, name)."""
    errors: dict[str, str] = {}
    if editing is None:
        if not is_slug(draft.id):
            errors["id"] = "use lowercase letters, digits and dashes (e.g. docs)"
        elif draft.id in ws.areas:
            errors["id"] = f"an area {draft.id!r} exists already"
    if not draft.name.strip():
        errors["name"] = "a name is needed"
    return errors


def save_area(ws: Workspace, draft: AreaDraft, *, editing: str | None = None) -> Area:
    """Add the drafted area, or change area ``editing`` to it."""
    if editing is None:
        return add_area(ws, draft.id, draft.name, draft.description, draft.defaults_to_ptl)
    return edit_area(
        ws,
        editing,
        name=draft.name,
        description=draft.description,
        defaults_to_ptl=draft.defaults_to_ptl,
    )


def add_area(
    ws: Workspace, area_id: str, name: str, description: str = "", defaults_to_ptl: bool = True
) -> Area:
    if not is_slug(area_id):
        raise InvalidInput("id", "use lowercase letters, digits and dashes (e.g. docs)")
    if area_id in ws.areas:
        raise InvalidInput("id", f"an area {area_id!r} exists already")
    if not name.strip():
        raise InvalidInput("name", "a name is needed")
    area = Area(
        id=area_id,
        name=name.strip(),
        description=description.strip(),
        defaults_to_ptl=defaults_to_ptl,
    )
    ws.save_areas([*ws.areas.values(), area])
    return area


def edit_area(
    ws: Workspace,
    area_id: str,
    *,
    name: str | None = None,
    description: str | None = None,
    defaults_to_ptl: bool | None = None,
) -> Area:
    """Change an area's name, description or PTL fallback; its id never changes."""
    _check_area(ws, area_id)
    area = ws.areas[area_id]
    if name is not None and not name.strip():
        raise InvalidInput("name", "a name is needed")
    updated = msgspec.structs.replace(
        area,
        name=area.name if name is None else name.strip(),
        description=area.description if description is None else description.strip(),
        defaults_to_ptl=area.defaults_to_ptl if defaults_to_ptl is None else defaults_to_ptl,
    )
    ws.save_areas([updated if a.id == area_id else a for a in ws.areas.values()])
    return updated


def area_usage(ws: Workspace, area_id: str) -> list[str]:
    """What refers to ``area_id``: ``project nova (liaison)``, ``issue x``, ``election y``."""
    uses = []
    for project in ws.projects.values():
        if area_id in project.liaisons:
            uses.append(f"project {project.id} (liaison)")
        if project.volunteers.get(area_id):
            uses.append(f"project {project.id} (volunteers)")
    uses += [f"issue {i.id}" for i in ws.issues.values() if i.area == area_id]
    uses += [f"election {e.id}" for e in ws.elections.values() if e.area == area_id]
    return uses


def remove_area(ws: Workspace, area_id: str, *, cascade: bool = False) -> None:
    """Remove an area.  In use, it is refused unless ``cascade``: then its liaisons and
    volunteers are dropped and issues lose their area.  An area that an election names is
    never removed (the election is its record)."""
    _check_area(ws, area_id)
    uses = area_usage(ws, area_id)
    elections = [u for u in uses if u.startswith("election ")]
    if elections:
        raise InvalidInput("area", f"{area_id} is named by {', '.join(elections)}")
    if uses and not cascade:
        raise InvalidInput("area", f"{area_id} is in use: {', '.join(uses)}")
    with ws.transaction():
        for project in list(ws.projects.values()):
            if area_id in project.liaisons or area_id in project.volunteers:
                ws.save_project(
                    msgspec.structs.replace(
                        project,
                        liaisons={k: v for k, v in project.liaisons.items() if k != area_id},
                        volunteers={k: v for k, v in project.volunteers.items() if k != area_id},
                    )
                )
        for issue in list(ws.issues.values()):
            if issue.area == area_id:
                ws.save_issue(_without_area(issue))
        ws.save_areas([a for a in ws.areas.values() if a.id != area_id])


def _without_area(issue: Issue) -> Issue:
    return msgspec.structs.replace(issue, area=None)


def candidates_for(ws: Workspace, project_id: str, area_id: str) -> list[tuple[str, str]]:
    """People to offer in an assignment picker: volunteers first, then everyone by name;
    (person id, label)."""
    project = _project(ws, project_id)
    volunteers = project.volunteers.get(area_id, [])
    labels = [(p, f"{ws.person_name(p)} (volunteer)") for p in volunteers if p in ws.people]
    rest = sorted(
        (p for p in ws.people.values() if p.id not in volunteers), key=lambda p: p.name.lower()
    )
    labels += [(p.id, f"{p.name} (PTL)" if p.id == project.ptl else p.name) for p in rest]
    return labels


def roster_text(ws: Workspace, rows: list[dict[str, Any]], *, only_gaps: bool = False) -> str:
    """The roster (or its gaps) as `meetup liaisons [--gaps]` prints it: an aligned table."""
    if only_gaps and not rows:
        return "no gaps: every duty has a liaison or a PTL to fall back on\n"
    lines = [["project", "area", "held by", "volunteers"]]
    for row in rows:
        holder = row["name"] or "-- nobody --"
        if row["fallback"]:
            holder += " (PTL)"
        volunteers = ", ".join(ws.person_name(p) for p in row["volunteers"])
        lines.append([str(row["project"]), str(row["area"]), holder, volunteers])
    widths = [max(len(line[i]) for line in lines) for i in range(4)]
    out = ["  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in lines]
    return "\n".join(out) + "\n"
