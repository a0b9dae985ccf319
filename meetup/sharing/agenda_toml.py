"""Agenda files: one self-contained, lossless TOML document per meetup.

An agenda file carries a meetup record (rooms, days, breaks, attendees), the people and
projects it references, and its topics (placements, votes, notes) and action items, so that
another workspace imports it without loss::

    schema = 1                  # the workspace schema its records follow
    format = "meetup-agenda"
    version = 1                 # the agenda format version
    [meetup]      id = "kilo-midcycle" ...   (+ [[meetup.attendees]])
    [[people]]    id, name, email, timezone, irc
    [[projects]]  id, name
    [[topics]]    id = "gate-triage" ...     (a Topic with its id)
    [[actions]]   id = "vmt-contacts" ...    (an ActionItem with its id)

Writing uses tomlio's canonical writer (same data, same bytes); reading refuses anything
a hostile or broken file could carry: unknown fields, wrong types, oversized strings or
lists, deep nesting, ids that are not slugs (``../x``, ``/etc``), newer versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Literal

import msgspec

from meetup.store import tomlio
from meetup.store.errors import Problem, WorkspaceError
from meetup.store.fields import SCHEMA_VERSION, Record, Slug, Title
from meetup.store.records import ActionItem, Meetup, Person, Project, Topic

AGENDA_FORMAT: Literal["meetup-agenda"] = "meetup-agenda"
AGENDA_VERSION = 1
MAX_BYTES = 5 * 1024 * 1024
"""Agenda files larger than this are refused before parsing."""
MAX_STRING = 20_000
MAX_ITEMS = 5_000
MAX_DEPTH = 8
"""Deepest nesting a genuine agenda has is 6 (doc > meetup > attendees > [i] > projects)."""


class AgendaMeetup(Meetup, kw_only=True):
    """A meetup record that carries its id as an ordinary ``id`` key."""

    id: Slug = msgspec.field(name="id")


class AgendaTopic(Topic, kw_only=True):
    id: Slug = msgspec.field(name="id")


class AgendaAction(ActionItem, kw_only=True):
    id: Slug = msgspec.field(name="id")


class AgendaProject(Record, kw_only=True):
    """A project the agenda references: enough to create it where it is missing."""

    id: Slug
    name: Title


class AgendaFile(Record, kw_only=True):
    """The whole agenda document."""

    schema: int = SCHEMA_VERSION
    format: Literal["meetup-agenda"]
    version: int
    meetup: AgendaMeetup
    people: list[Person] = []
    projects: list[AgendaProject] = []
    topics: list[AgendaTopic] = []
    actions: list[AgendaAction] = []


# ------------------------------------------------------------------- export


def referenced_people(
    meetup: Meetup, topics: Iterable[Topic], actions: Iterable[ActionItem]
) -> set[str]:
    ids: set[str] = set(meetup.organizers)
    for attendee in meetup.attendees:
        ids.add(attendee.person)
        if attendee.delegate_for:
            ids.add(attendee.delegate_for)
    for topic in topics:
        ids.update(topic.required)
        ids.update(topic.votes)
        if topic.proposer:
            ids.add(topic.proposer)
    ids.update(a.owner for a in actions if a.owner)
    return ids


def referenced_projects(meetup: Meetup, topics: Iterable[Topic]) -> set[str]:
    ids: set[str] = set()
    for attendee in meetup.attendees:
        ids.update(attendee.projects)
    for topic in topics:
        ids.update(topic.projects)
    return ids


def _fields(record: msgspec.Struct) -> dict[str, Any]:
    return {name: getattr(record, name) for name in record.__struct_fields__}


def build_agenda(ws: Any, meetup_id: str) -> AgendaFile:
    """The agenda document of one meetup of workspace ``ws``."""
    data = ws.meetup(meetup_id)
    topics = [data.topics[k] for k in sorted(data.topics)]
    actions = [data.actions[k] for k in sorted(data.actions)]
    people = sorted(referenced_people(data.meetup, topics, actions))
    projects = sorted(referenced_projects(data.meetup, topics))
    return AgendaFile(
        format=AGENDA_FORMAT,
        version=AGENDA_VERSION,
        meetup=AgendaMeetup(**_fields(data.meetup)),
        people=[ws.people[p] for p in people if p in ws.people],
        projects=[
            AgendaProject(id=p, name=ws.projects[p].name) for p in projects if p in ws.projects
        ],
        topics=[AgendaTopic(**_fields(t)) for t in topics],
        actions=[AgendaAction(**_fields(a)) for a in actions],
    )


def agenda_toml(ws: Any, meetup_id: str) -> str:
    """``meetup export agenda MEETUP --format toml``: canonical text."""
    return tomlio.dumps(build_agenda(ws, meetup_id))


# -------------------------------------------------------------- to the model


def to_meetup(record: AgendaMeetup) -> Meetup:
    return Meetup(**_fields(record))


def to_topic(record: AgendaTopic) -> Topic:
    return Topic(**_fields(record))


def to_action(record: AgendaAction) -> ActionItem:
    return ActionItem(**_fields(record))


def to_project(record: AgendaProject) -> Project:
    return Project(id=record.id, name=record.name)


# -------------------------------------------------------------------- read


def refuse(
    source: str, raw: bytes, path: tuple[tomlio.PathPart, ...], message: str
) -> WorkspaceError:
    """An error located at ``path`` of the agenda text (file:line:column)."""
    line, column = tomlio.locate(raw.decode("utf-8", "replace"), path) if path else (0, 0)
    return WorkspaceError(
        Problem(source, line, column, tomlio.format_path(path), message, kind="agenda")
    )


def parse_agenda(raw: bytes, source: str) -> AgendaFile:
    """Parse and validate agenda bytes, or raise WorkspaceError naming file:line and field."""
    if len(raw) > MAX_BYTES:
        raise refuse(source, raw, (), f"file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        data = tomlio.parse(raw, source)
    except RecursionError:  # tomli refuses deep nesting this way
        raise refuse(source, b"", (), "nesting is too deep for an agenda file") from None
    for path, message in _shape_problems(data, ()):
        raise refuse(source, raw, path, message)
    fmt = data.get("format")
    if fmt != AGENDA_FORMAT:
        raise refuse(source, raw, ("format",), f"not a meetup agenda file (format = {fmt!r})")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise refuse(source, raw, ("version",), "expected an integer agenda format version")
    if version > AGENDA_VERSION:
        raise refuse(
            source,
            raw,
            ("version",),
            f"agenda format {version} is newer than this meetup understands "
            f"({AGENDA_VERSION}); upgrade meetup to import it",
        )
    data = tomlio.check_schema(data, source, raw)
    for path, value in _nested_schemas(data):
        if value != SCHEMA_VERSION:
            raise refuse(
                source, raw, path, f"schema {value!r} differs from this meetup's ({SCHEMA_VERSION})"
            )
    doc = tomlio.convert(data, AgendaFile, source, raw)
    for path, message in _duplicates(doc):
        raise refuse(source, raw, path, message)
    return doc


def _shape_problems(
    value: object, path: tuple[tomlio.PathPart, ...]
) -> Iterator[tuple[tuple[tomlio.PathPart, ...], str]]:
    """Bounds that keep a hostile file from costing memory or time: depth, sizes."""
    if len(path) > MAX_DEPTH:
        yield path, f"nested more than {MAX_DEPTH} levels deep"
        return
    if isinstance(value, str):
        if len(value) > MAX_STRING:
            yield path, f"text longer than {MAX_STRING} characters"
    elif isinstance(value, list):
        if len(value) > MAX_ITEMS:
            yield path, f"more than {MAX_ITEMS} entries"
            return
        for index, item in enumerate(value):
            yield from _shape_problems(item, (*path, index))
    elif isinstance(value, dict):
        if len(value) > 200:
            yield path, "too many keys"
            return
        for key, item in value.items():
            if len(key) > 200:
                yield path, "key longer than 200 characters"
                return
            yield from _shape_problems(item, (*path, key))


def _nested_schemas(data: dict[str, Any]) -> Iterator[tuple[tuple[tomlio.PathPart, ...], object]]:
    meetup = data.get("meetup")
    if isinstance(meetup, dict) and "schema" in meetup:
        yield ("meetup", "schema"), meetup["schema"]
    for key in ("topics", "actions"):
        items = data.get(key)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, dict) and "schema" in item:
                    yield (key, index, "schema"), item["schema"]


def _duplicates(doc: AgendaFile) -> Iterator[tuple[tuple[tomlio.PathPart, ...], str]]:
    groups: list[tuple[str, list[str]]] = [
        ("people", [p.id for p in doc.people]),
        ("projects", [p.id for p in doc.projects]),
        ("topics", [t.id for t in doc.topics]),
        ("actions", [a.id for a in doc.actions]),
    ]
    for key, ids in groups:
        seen: set[str] = set()
        for index, ident in enumerate(ids):
            if ident in seen:
                yield (key, index, "id"), f"duplicate id {ident!r}"
            seen.add(ident)
