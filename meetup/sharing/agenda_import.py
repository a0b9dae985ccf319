"""Import an agenda file into a workspace: a preview first, a merge only on request.

What counts as what (there is no common ancestor to compare with, so the rule is about
never losing local data):

- **new**: the id does not exist locally; it is added.
- **changed**: the local record exists and the file only *adds* to it: every field that
  differs is empty/default locally, or a list the file extends (votes, projects, rooms),
  or a higher calendar ``sequence``.  Applying it loses nothing local; it is applied.
- **conflict**: the local record has something the file would replace or remove (another
  title, RSVP, placement, notes, a vote the file lacks).  It is kept as it is, unless the
  user asks for the file's version (``--theirs`` / the TUI switch).
- **kept**: people and projects that exist locally are never changed by an import; the
  local roster stays authoritative (the difference is listed).
Nothing is ever deleted: local topics, actions and attendees missing from the file stay.
Everything is validated against the merged result before the first write.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

import msgspec

from meetup.sharing.agenda_toml import (
    AgendaFile,
    parse_agenda,
    refuse,
    to_action,
    to_meetup,
    to_project,
    to_topic,
)
from meetup.store import table, tomlio
from meetup.store.errors import InvalidInput
from meetup.store.fields import Record
from meetup.store.records import ActionItem, Attendee, Meetup, PeopleFile, Person, Project, Topic
from meetup.store.references import record_problems
from meetup.store.workspace import MeetupData, Workspace, validate

Status = Literal["new", "changed", "conflict", "unchanged", "kept"]
S = TypeVar("S", bound=msgspec.Struct)
_NEVER_MERGED = ("id", "schema")


@dataclass(frozen=True)
class Change:
    """One line of the preview."""

    kind: str
    """meetup | attendee | topic | action | person | project"""
    ident: str
    status: Status
    fields: tuple[str, ...] = ()

    def describe(self) -> str:
        what = f"{self.kind} {self.ident}"
        if self.status == "new":
            return f"new       {what}"
        if self.status == "changed":
            return f"changed   {what} ({', '.join(self.fields)})"
        if self.status == "conflict":
            return f"CONFLICT  {what}: local differs in {', '.join(self.fields)}"
        if self.status == "kept":
            return f"kept      {what}: local record kept (file differs in {', '.join(self.fields)})"
        return f"unchanged {what}"


@dataclass
class ImportPlan:
    """What an import would do, for one policy (``theirs`` or not), already validated."""

    source: str
    meetup_id: str
    theirs: bool
    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    """The whole people list to save (empty when nobody is new)."""
    new_people: int = 0
    projects: list[Project] = field(default_factory=list)
    meetup: Meetup | None = None
    topics: list[Topic] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)

    def count(self, status: Status) -> int:
        return sum(1 for c in self.changes if c.status == status)

    @property
    def will_write(self) -> bool:
        return bool(self.new_people or self.projects or self.meetup or self.topics or self.actions)

    def summary(self) -> str:
        counts = ", ".join(
            f"{self.count(s)} {s}" for s in ("new", "changed", "conflict", "kept") if self.count(s)
        )
        policy = " (conflicts take the file's version)" if self.theirs else ""
        return f"{self.source} -> meetup {self.meetup_id}: {counts or 'nothing to change'}{policy}"

    def lines(self) -> list[str]:
        shown = [c.describe() for c in self.changes if c.status != "unchanged"]
        return shown + [f"warning: {w}" for w in self.warnings]


# ------------------------------------------------------------------- merging


def _default(kind: type[msgspec.Struct], name: str) -> Any:
    for info in msgspec.structs.fields(kind):
        if info.name == name:
            if info.default is not msgspec.NODEFAULT:
                return info.default
            if info.default_factory is not msgspec.NODEFAULT:
                return info.default_factory()
    return msgspec.NODEFAULT


def merge_record(
    local: S, incoming: S, *, theirs: bool, skip: Iterable[str] = ()
) -> tuple[S, tuple[str, ...], tuple[str, ...]]:
    """(merged, changed fields, conflicting fields) of two versions of one record."""
    kind = type(local)
    skipped = {*_NEVER_MERGED, *skip}
    updates: dict[str, Any] = {}
    changed: list[str] = []
    conflicts: list[str] = []
    for name in local.__struct_fields__:
        mine, other = getattr(local, name), getattr(incoming, name)
        if name in skipped or mine == other:
            continue
        if name == "sequence":  # a calendar counter only ever grows
            if other > mine:
                updates[name] = other
                changed.append(name)
        elif mine == _default(kind, name) or (
            isinstance(mine, list) and isinstance(other, list) and all(x in other for x in mine)
        ):
            updates[name] = other
            changed.append(name)
        else:
            conflicts.append(name)
            if theirs:
                updates[name] = other
    merged = msgspec.structs.replace(local, **updates) if updates else local
    return merged, tuple(changed), tuple(conflicts)


def _status(changed: tuple[str, ...], conflicts: tuple[str, ...]) -> Status:
    if conflicts:
        return "conflict"
    return "changed" if changed else "unchanged"


def _merge_attendees(
    plan: ImportPlan, local: list[Attendee], incoming: list[Attendee]
) -> list[Attendee]:
    mine = {a.person: a for a in local}
    merged = list(local)
    for attendee in incoming:
        current = mine.get(attendee.person)
        if current is None:
            merged.append(attendee)
            plan.changes.append(Change("attendee", attendee.person, "new"))
            continue
        result, changed, conflicts = merge_record(current, attendee, theirs=plan.theirs)
        plan.changes.append(
            Change("attendee", attendee.person, _status(changed, conflicts), changed + conflicts)
        )
        merged[merged.index(current)] = result
    return merged


# ------------------------------------------------------------------- planning


def plan_import(
    ws: Workspace, doc: AgendaFile, source: str, raw: bytes, *, theirs: bool = False
) -> ImportPlan:
    """The preview of importing ``doc``; raises WorkspaceError if the result would be invalid."""
    incoming = to_meetup(doc.meetup)
    plan = ImportPlan(source=source, meetup_id=incoming.id, theirs=theirs)

    people = dict(ws.people)
    for person in doc.people:
        current = people.get(person.id)
        if current is None:
            people[person.id] = person
            plan.new_people += 1
            plan.changes.append(Change("person", person.id, "new"))
        elif current != person:
            differ = tuple(
                n for n in person.__struct_fields__ if getattr(current, n) != getattr(person, n)
            )
            plan.changes.append(Change("person", person.id, "kept", differ))
    if plan.new_people:
        plan.people = sorted(people.values(), key=lambda p: p.id)

    projects = dict(ws.projects)
    for record in doc.projects:
        if record.id not in projects:
            project = to_project(record)
            projects[project.id] = project
            plan.projects.append(project)
            plan.changes.append(Change("project", project.id, "new"))
        elif projects[record.id].name != record.name:
            plan.changes.append(Change("project", record.id, "kept", ("name",)))

    local = ws.meetups.get(incoming.id)
    if local is None:
        meetup = incoming
        plan.meetup = meetup
        plan.changes.append(Change("meetup", meetup.id, "new"))
        plan.changes.extend(Change("attendee", a.person, "new") for a in meetup.attendees)
        topics: dict[str, Topic] = {}
        actions: dict[str, ActionItem] = {}
    else:
        merged, changed, conflicts = merge_record(
            local.meetup, incoming, theirs=theirs, skip=("attendees",)
        )
        plan.changes.append(
            Change("meetup", incoming.id, _status(changed, conflicts), changed + conflicts)
        )
        attendees = _merge_attendees(plan, local.meetup.attendees, incoming.attendees)
        meetup = msgspec.structs.replace(merged, attendees=attendees)
        if meetup != local.meetup:
            plan.meetup = meetup
        topics = dict(local.topics)
        actions = dict(local.actions)

    for topic in (to_topic(t) for t in doc.topics):
        written = _merge_one(plan, "topic", topics, topic)
        if written is not None:
            plan.topics.append(written)
    for action in (to_action(a) for a in doc.actions):
        if action.issue is not None and action.issue not in ws.issues:
            plan.warnings.append(
                f"action {action.id}: link to issue {action.issue!r} dropped "
                "(no such issue in this workspace)"
            )
            action = msgspec.structs.replace(action, issue=None)
        written = _merge_one(plan, "action", actions, action)
        if written is not None:
            plan.actions.append(written)

    shadow = Workspace(
        root=ws.root,
        store=ws.store,
        settings=ws.settings,
        people=people,
        areas=ws.areas,
        projects=projects,
        meetups={**ws.meetups, meetup.id: MeetupData(meetup, topics, actions)},
        issues=ws.issues,
        elections=ws.elections,
    )
    _check(shadow, doc, plan, source, raw)
    return plan


def _merge_one(plan: ImportPlan, kind: str, known: dict[str, Any], record: Any) -> Any:
    """Merge ``record`` into ``known`` (in place); the record to write, or None."""
    current = known.get(record.id)
    if current is None:
        known[record.id] = record
        plan.changes.append(Change(kind, record.id, "new"))
        return record
    merged, changed, conflicts = merge_record(current, record, theirs=plan.theirs)
    plan.changes.append(Change(kind, record.id, _status(changed, conflicts), changed + conflicts))
    if merged == current:
        return None
    known[record.id] = merged
    return merged


def _check(shadow: Workspace, doc: AgendaFile, plan: ImportPlan, source: str, raw: bytes) -> None:
    """Validate every record the plan writes against the merged workspace."""
    topic_index = {t.id: i for i, t in enumerate(doc.topics)}
    action_index = {a.id: i for i, a in enumerate(doc.actions)}
    checks: list[tuple[tuple[tomlio.PathPart, ...], str, Record]] = []
    if plan.meetup is not None:
        checks.append((("meetup",), table.MEETUP.path(plan.meetup_id), plan.meetup))
    checks += [
        (("topics", topic_index[t.id]), table.TOPIC.path(plan.meetup_id, t.id), t)
        for t in plan.topics
    ]
    checks += [
        (("actions", action_index[a.id]), table.ACTION.path(plan.meetup_id, a.id), a)
        for a in plan.actions
    ]
    checks += [(("projects",), table.PROJECT.path(p.id), p) for p in plan.projects]
    for prefix, rel, record in checks:
        try:
            validate(record)
        except InvalidInput as exc:
            raise refuse(source, raw, prefix, str(exc)) from None
        for path, message in record_problems(shadow, rel, record):
            raise refuse(source, raw, (*prefix, *path), message)
    for index, person in enumerate(doc.people):
        for path, message in record_problems(
            shadow, table.PEOPLE.path(), PeopleFile(person=[person])
        ):
            raise refuse(source, raw, ("people", index, *path[2:]), message)


# -------------------------------------------------------------------- applying


def apply_plan(ws: Workspace, plan: ImportPlan) -> int:
    """Write what the plan says, in reference order; the number of files written."""
    written = 0
    with ws.transaction():
        if plan.new_people:
            ws.save_people(plan.people)
            written += 1
        for project in plan.projects:
            ws.save_project(project)
            written += 1
        if plan.meetup is not None:
            ws.save_meetup(plan.meetup)
            written += 1
        pending = list(plan.topics)
        while pending:  # a duplicate is saved after the topic it names
            known = ws.meetup(plan.meetup_id).topics
            ready = [t for t in pending if t.duplicate_of is None or t.duplicate_of in known]
            batch = ready or pending
            for topic in batch:
                ws.save_topic(plan.meetup_id, topic)
                written += 1
            pending = [t for t in pending if t not in batch]
        for action in plan.actions:
            ws.save_action(plan.meetup_id, action)
            written += 1
    return written


def import_agenda(ws: Workspace, raw: bytes, source: str, *, theirs: bool = False) -> ImportPlan:
    """Parse, plan and validate (nothing written); call :func:`apply_plan` to merge.

    ``raw`` is an agenda TOML file, or a ptgbot database (JSON), read as its grid.
    """
    from meetup.sharing.ptgbot import agenda_from_ptgbot, is_ptgbot

    if is_ptgbot(raw):
        from meetup import clock

        doc = agenda_from_ptgbot(raw, source, today=clock.now().date())
        return plan_import(ws, doc, source, b"", theirs=theirs)
    return plan_import(ws, parse_agenda(raw, source), source, raw, theirs=theirs)
