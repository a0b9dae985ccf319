"""Roster import: a community's projects, PTLs and liaisons from openstack/governance.

``reference/projects.yaml`` names every project team, its PTL and its liaisons.  Its shape
changed over the years, and every shape is read:

- 2015: ``ptl: "Name (ircnick)"`` as one string, ``tags`` and ``projects`` lists;
- 2016 on: ``ptl: {name, irc, email}``, ``appointed`` at the team's top level or, later,
  under ``ptl``;
- ``liaisons`` as a plain list of TC members' names, later as a table with ``tc_members``
  and one list of ``{name, irc, email}`` per role (release, security, tact-sig, ...);
- ``leadership_type: distributed``: no PTL, the liaisons lead.

Each team becomes a project (its key as the id, slugged), each PTL and liaison a person
(matched by e-mail, case-insensitively, then by name), each role a liaison area (known ones
map to ours; others are created with the role's name).  The first person named for a role
is its liaison, the others are kept as co-liaisons.  :func:`plan_roster` computes the
change and what it skipped; :func:`apply_roster` writes it as one change.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from meetup.store.errors import InvalidInput
from meetup.store.ids import slugify
from meetup.store.records import Area, Person, Project

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

ROLE_AREAS: dict[str, str] = {
    "release": "release",
    "security": "vmt",
    "bug_deputy": "bugs",
}
"""Governance roles that are one of our default liaison areas."""

ROLE_NAMES: dict[str, str] = {
    "tact-sig": "TaCT SIG liaison",
    "tc-liaison": "TC liaison",
    "tc_members": "TC members (liaisons from the TC)",
    "events": "Events liaison",
    "project_update_onboarding": "Project update and onboarding",
    "meeting_facilitator": "Meeting facilitator",
    "rfp_coordinator": "RFP coordinator",
}
"""Display names of the other governance roles (an unknown role is named after itself)."""

Status = Literal["new", "changed", "removed", "unchanged"]


@dataclass(frozen=True)
class RosterChange:
    """One line of the preview: a project, person, PTL, liaison or area that changes."""

    kind: Literal["project", "person", "ptl", "liaison", "area"]
    key: str
    status: Status
    detail: str = ""

    def to_json(self) -> dict[str, str]:
        return {"kind": self.kind, "key": self.key, "status": self.status, "detail": self.detail}


@dataclass
class RosterPlan:
    """What importing a roster would change, computed without writing anything."""

    source: str
    projects: dict[str, Project] = field(default_factory=dict)
    """Every project of the roster as it will be saved."""
    people: dict[str, Person] = field(default_factory=dict)
    """Every person of the workspace after the import (new ones included)."""
    areas: dict[str, Area] = field(default_factory=dict)
    """Every area of the workspace after the import (new ones included)."""
    changes: list[RosterChange] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    """What was not imported, and why (a line each)."""

    @property
    def changed(self) -> bool:
        return any(c.status != "unchanged" for c in self.changes)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.changes:
            if c.status != "unchanged":
                key = f"{c.kind} {c.status}"
                out[key] = out.get(key, 0) + 1
        return out

    def summary(self) -> str:
        """One line: how many projects the roster has and what would change."""
        counts = self.counts()
        changes = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "nothing"
        return f"Roster from {self.source}: {len(self.projects)} projects; changes: {changes}"

    def preview_lines(self) -> list[str]:
        """The summary, then each change and each skipped entry on a line of its own."""
        lines = [self.summary()]
        for c in self.changes:
            if c.status != "unchanged":
                lines.append(
                    f"  {c.status:<8} {c.kind:<8} {c.key}" + (f"  {c.detail}" if c.detail else "")
                )
        return lines + [f"  skipped  {line}" for line in self.skipped]

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "projects": sorted(self.projects),
            "changes": [c.to_json() for c in self.changes if c.status != "unchanged"],
            "skipped": self.skipped,
        }


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""
    irc: str = ""


# ------------------------------------------------------------------ reading


def roster_plan(ws: Workspace, raw: bytes, source: str) -> RosterPlan:
    """What importing the bytes of a projects.yaml would change (CLI and TUI alike)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput("roster", f"{source}: not UTF-8 text (byte {exc.start})") from None
    return plan_roster(ws, parse_roster(text, source), source)


def parse_roster(text: str, source: str) -> dict[str, Any]:
    """The teams of a projects.yaml text, or InvalidInput saying where it is wrong."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InvalidInput("roster", f"{where}: not YAML: {what}") from None
    except RecursionError:
        raise InvalidInput("roster", f"{source}: nested too deeply") from None
    if not isinstance(data, dict) or not data:
        raise InvalidInput(
            "roster", f"{source}: expected a mapping of project teams (governance projects.yaml)"
        )
    return data


def _text(value: Any) -> str:
    """A one-line value: control characters become spaces, runs of spaces one."""
    if value is None:
        return ""
    cleaned = re.sub(r"[\x00-\x1f\x7f-\x9f]+", " ", str(value))
    return re.sub(r" {2,}", " ", cleaned).strip()


def _paragraph(value: Any) -> str:
    """Free text (a mission): newlines kept, other control characters dropped."""
    if value is None:
        return ""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", str(value)).strip()


_PTL_STRING = re.compile(r"\A(?P<name>.*?)\s*\((?P<irc>[^()]*)\)\s*(?:<(?P<email>[^<>]*)>)?\Z")


def _contact(value: Any) -> Contact | None:
    """A person as the file names them: a table, ``"Name (irc)"`` or a bare name."""
    if isinstance(value, dict):
        name = _text(value.get("name"))
        if not name:
            return None
        return Contact(name, _text(value.get("email")), _text(value.get("irc")))
    if isinstance(value, str) and _text(value):
        match = _PTL_STRING.match(_text(value))
        if match:
            return Contact(match["name"], _text(match["email"]), _text(match["irc"]))
        return Contact(_text(value))
    return None


def _contacts(value: Any) -> list[Contact]:
    items = value if isinstance(value, list) else [value]
    return [c for c in (_contact(v) for v in items) if c is not None]


def team_name(key: str) -> str:
    """A project's display name: the key itself, capitalised when it is all lowercase."""
    return key[:1].upper() + key[1:] if key == key.lower() else key


def _fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, for matching."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in folded if not unicodedata.combining(c)).split())


# ------------------------------------------------------------------ planning


class _People:
    """The workspace's people plus the ones the roster adds, matched by e-mail then name."""

    def __init__(self, existing: dict[str, Person]) -> None:
        self.people = dict(existing)
        self.new: set[str] = set()
        self.updated: set[str] = set()
        self.by_email = {p.email.casefold(): p.id for p in existing.values() if p.email}
        self.by_name = {_fold(p.name): p.id for p in existing.values()}

    def resolve(self, contact: Contact) -> str:
        email = contact.email.casefold()
        ident = (self.by_email.get(email) if email else None) or self.by_name.get(
            _fold(contact.name)
        )
        if ident is None:
            ident = slugify(contact.name, self.people)
            self.people[ident] = Person(
                id=ident, name=contact.name[:200], email=contact.email, irc=contact.irc
            )
            self.new.add(ident)
        else:
            person = self.people[ident]
            # fill in what the workspace does not know yet; never overwrite what it does
            email_new = person.email or contact.email
            irc_new = person.irc or contact.irc
            if (email_new, irc_new) != (person.email, person.irc):
                import msgspec

                self.people[ident] = msgspec.structs.replace(person, email=email_new, irc=irc_new)
                if ident not in self.new:
                    self.updated.add(ident)
        if email:
            self.by_email.setdefault(email, ident)
        self.by_name.setdefault(_fold(contact.name), ident)
        return ident


def _area_for(role: str, areas: dict[str, Area], created: set[str]) -> str:
    ident = ROLE_AREAS.get(role) or slugify(role.replace("_", "-"))
    if ident not in areas:
        name = ROLE_NAMES.get(role) or role.replace("_", " ").replace("-", " ").capitalize()
        areas[ident] = Area(id=ident, name=name, description=f"Governance role {role!r}.")
        created.add(ident)
    return ident


def plan_roster(ws: Workspace, data: dict[str, Any], source: str) -> RosterPlan:
    """What importing ``data`` (parsed projects.yaml) into ``ws`` would change."""
    import msgspec

    plan = RosterPlan(source)
    people = _People(ws.people)
    areas = dict(ws.areas)
    created_areas: set[str] = set()
    policy_areas: set[str] = set()
    taken: set[str] = set()
    for key, team in data.items():
        key_text = _text(key)
        if not isinstance(team, dict):
            plan.skipped.append(f"{key_text}: not a table of team data")
            continue
        ident = slugify(key_text)
        if ident in taken:
            plan.skipped.append(f"{key_text}: a second team with the id {ident!r}")
            continue
        taken.add(ident)
        distributed = _text(team.get("leadership_type")) == "distributed"
        ptl_contact = None if distributed else _contact(team.get("ptl"))
        if not distributed and ptl_contact is None:
            plan.skipped.append(f"{key_text}: no PTL named (left without one)")
        ptl = people.resolve(ptl_contact) if ptl_contact else None
        appointed = team.get("appointed")
        if isinstance(team.get("ptl"), dict) and "appointed" in team["ptl"]:
            appointed = team["ptl"]["appointed"]
        liaisons: dict[str, str] = {}
        co: dict[str, list[str]] = {}
        raw_liaisons = team.get("liaisons")
        roles: dict[str, Any]
        if isinstance(raw_liaisons, list):
            roles = {"tc_members": raw_liaisons}
        elif isinstance(raw_liaisons, dict):
            roles = raw_liaisons
        else:
            roles = {}
            if raw_liaisons is not None:
                plan.skipped.append(f"{key_text}: liaisons: expected a list or a table")
        for role, holders in roles.items():
            contacts = _contacts(holders)
            if not contacts:
                continue
            area = _area_for(_text(role), areas, created_areas)
            policy_areas.add(area)
            ids = list(dict.fromkeys(people.resolve(c) for c in contacts))
            liaisons[area] = ids[0]
            if len(ids) > 1:
                co[area] = ids[1:]
        for extra in sorted(set(team) - KNOWN_TEAM_KEYS):
            plan.skipped.append(f"{key_text}: {_text(extra)}: not imported")
        old = ws.projects.get(ident)
        project = Project(
            id=ident,
            name=old.name if old else team_name(key_text)[:200],
            ptl=ptl,
            leadership="distributed" if distributed else "ptl",
            appointed=[_text(c) for c in appointed] if isinstance(appointed, list) else [],
            description=_paragraph(team.get("mission")) or (old.description if old else ""),
            irc_channel=_text(team.get("irc-channel")),
            url=_text(team.get("url")),
            liaisons=liaisons,
            co_liaisons=co,
            volunteers=old.volunteers if old else {},
        )
        plan.projects[ident] = project
        _diff_project(plan, old, project)
    # Governance's rule: the PTL holds a role nobody is named for.
    for area_id in sorted(policy_areas):
        held = areas[area_id]
        if not held.defaults_to_ptl:
            areas[area_id] = msgspec.structs.replace(held, defaults_to_ptl=True)
            if area_id not in created_areas:
                plan.changes.append(
                    RosterChange("area", area_id, "changed", "now defaults to the PTL")
                )
    for area_id in sorted(created_areas):
        plan.changes.append(RosterChange("area", area_id, "new", areas[area_id].name))
    for pid in sorted(people.new):
        plan.changes.append(RosterChange("person", pid, "new", people.people[pid].name))
    for pid in sorted(people.updated):
        plan.changes.append(RosterChange("person", pid, "changed", "e-mail or IRC filled in"))
    for ident in sorted(set(ws.projects) - set(plan.projects)):
        plan.changes.append(
            RosterChange("project", ident, "removed", "not in the roster (kept in the workspace)")
        )
    plan.people = people.people
    plan.areas = areas
    return plan


KNOWN_TEAM_KEYS = frozenset(
    {
        "ptl",
        "leadership_type",
        "appointed",
        "liaisons",
        "mission",
        "irc-channel",
        "url",
        # read by other tools, not part of a roster: nothing to report
        "service",
        "deliverables",
        "tags",
        "projects",
        "extra-atcs",
        "status",
        "reason",
        "release-management",
    }
)


def _diff_project(plan: RosterPlan, old: Project | None, new: Project) -> None:
    if old is None:
        plan.changes.append(RosterChange("project", new.id, "new", new.name))
        if new.ptl:
            plan.changes.append(RosterChange("ptl", new.id, "new", new.ptl))
        for area, person in sorted(new.liaisons.items()):
            plan.changes.append(RosterChange("liaison", f"{new.id}/{area}", "new", person))
        return
    same = (
        old.description,
        old.irc_channel,
        old.url,
        old.leadership,
        old.appointed,
        old.co_liaisons,
    ) == (
        new.description,
        new.irc_channel,
        new.url,
        new.leadership,
        new.appointed,
        new.co_liaisons,
    )
    plan.changes.append(RosterChange("project", new.id, "unchanged" if same else "changed"))
    if old.ptl != new.ptl:
        status: Status = "removed" if new.ptl is None else "changed" if old.ptl else "new"
        plan.changes.append(RosterChange("ptl", new.id, status, f"{old.ptl} -> {new.ptl}"))
    for area in sorted(set(old.liaisons) | set(new.liaisons)):
        before, after = old.liaisons.get(area), new.liaisons.get(area)
        if before == after:
            continue
        status = "new" if before is None else "removed" if after is None else "changed"
        plan.changes.append(
            RosterChange("liaison", f"{new.id}/{area}", status, f"{before} -> {after}")
        )


def apply_roster(ws: Workspace, plan: RosterPlan) -> None:
    """Write the roster: people, areas and every project, all or nothing."""
    from meetup.store import table
    from meetup.store.records import AreasFile, PeopleFile

    items: list[tuple[str, Any]] = [
        (table.PEOPLE.path(), PeopleFile(person=sorted(plan.people.values(), key=lambda p: p.id))),
        (table.AREAS.path(), AreasFile(area=list(plan.areas.values()))),
    ]
    items += [(table.PROJECT.path(p.id), p) for p in plan.projects.values()]
    # the projects name people and areas the import adds: check them against the result
    before = ws.people, ws.areas, dict(ws.projects)
    ws.people = dict(sorted(plan.people.items()))
    ws.areas = dict(plan.areas)
    ws.projects.update(plan.projects)
    try:
        ws.save_many(items)
    except BaseException:
        ws.people, ws.areas, ws.projects = before
        raise
