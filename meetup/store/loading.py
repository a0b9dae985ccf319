"""Opening a workspace: load it whole, only what one command needs, or dashboard first."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from meetup.store import table
from meetup.store.errors import Problem
from meetup.store.files import Store
from meetup.store.reading import OnDemand, Reader, before_tables, gc_paused, without_roll
from meetup.store.records import Meetup, Settings
from meetup.store.references import locate_reference_problems, records_to_check
from meetup.store.workspace import MeetupData, Workspace

if TYPE_CHECKING:  # imported by full loads only (hashlib brings in OpenSSL)
    from meetup.store.cache import RecordCache


class NotAWorkspace(Exception):
    """The directory holds no workspace.toml."""


def is_workspace(root: Path) -> bool:
    return (Path(root) / table.SETTINGS.pattern).is_file()


def require_workspace(root: Path) -> None:
    """Raise NotAWorkspace unless ``root`` holds a workspace."""
    if not is_workspace(root):
        raise NotAWorkspace(
            f"{root} is not a meetup workspace (no {table.SETTINGS.pattern}); "
            f"create one with `meetup init {root}`"
        )


def empty(root: Path | str) -> Workspace:
    """A workspace of ``root`` with no records read yet (shown while the real one loads).

    Its store has read nothing, so a save onto an existing file is refused as stale.
    """
    root = Path(root)
    return Workspace(root=root, store=Store(root), settings=Settings(name=root.name or "workspace"))


def load(
    root: Path | str, *, rolls: bool = True, share: bool = False, cache: bool = True
) -> Workspace:
    """Load a whole workspace; broken files are reported in ``problems`` and left out.

    Files read before with the same bytes come from the record cache
    (:mod:`meetup.store.cache`; ``cache=False``: not for a workspace that will not be
    read again).  For the TUI, which keeps the workspace in memory, ``rolls=False`` reads
    elections without their rolls, as :func:`load_dashboard` does
    (:meth:`Workspace.election` reads one whole when asked), and ``share=True`` interns
    short strings (then without the cache: its records would not share them).
    """
    root = Path(root)
    require_workspace(root)
    records = None
    if cache and not share:
        from meetup.store.cache import RecordCache

        records = RecordCache.of(root)
    with gc_paused():
        ws, reader = _base(root, share=share, cache=records)
        for meetup_id, meetup in reader.many(table.MEETUP):
            ws.meetups[meetup_id] = _meetup_data(reader, meetup_id, meetup)
        ws.issues = dict(reader.many(table.ISSUE))
        if rolls:
            ws.elections = dict(reader.many(table.ELECTION))
        else:
            cut: set[str] = set()
            ws.elections = dict(reader.headers(table.ELECTION, without_roll, cut))
            ws.cut_files = frozenset(cut)
        ws.problems.extend(locate_reference_problems(ws))
        reader.finish(whole=rolls)  # elections without rolls are read around the cache
    return ws


def load_for(
    root: Path | str,
    *,
    meetups: Iterable[str] = (),
    elections: Iterable[str] = (),
    issues: Iterable[str] = (),
) -> Workspace:
    """Load only what a command about these meetups, elections or issues needs.

    Reads the settings, people, areas and projects (what cross-references point at), each
    named meetup with its topics and action items, and each named election and issue.  Any
    other meetup, issue or election is read when code asks for it by id (so the cross-
    reference checks see what a full load would); iterating ``ws.meetups`` and friends
    gives only the records read.  ``problems`` holds the broken files read and the
    cross-reference findings of the base and the named records, as a full load finds them.
    """
    root = Path(root)
    require_workspace(root)
    meetups, elections, issues = list(meetups), list(elections), list(issues)
    with gc_paused():
        ws, reader = _base(root)
        ws.partial = True
        ws.meetups = OnDemand(lambda ident: _read_meetup(reader, ident))
        ws.issues = OnDemand(lambda ident: reader.one(table.ISSUE, ident))
        ws.elections = OnDemand(lambda ident: reader.one(table.ELECTION, ident))
        records = records_to_check(ws, meetups=meetups, elections=elections, issues=issues)
        ws.problems.extend(locate_reference_problems(ws, records))
    return ws


def load_dashboard(root: Path | str) -> Workspace:
    """The dashboard's records first: all but topics, action items, issue logs and election
    rolls (the files read shortened are in ``cut_files``).

    Cross-references are not checked yet; :func:`complete` reads the rest.
    """
    root = Path(root)
    require_workspace(root)
    cut: set[str] = set()
    with gc_paused():
        ws, reader = _base(root)
        ws.partial = True
        ws.meetups = {ident: MeetupData(m) for ident, m in reader.many(table.MEETUP)}
        ws.issues = dict(reader.headers(table.ISSUE, before_tables, cut))
        ws.elections = dict(reader.headers(table.ELECTION, without_roll, cut))
    ws.cut_files = frozenset(cut)
    return ws


def complete(first: Workspace) -> Workspace:
    """A whole workspace from a :func:`load_dashboard` one: its records plus the rest,
    but for the election rolls (:meth:`Workspace.election` reads one when a screen asks).

    The result shares ``first``'s store (so what it read stays guarded against stale
    writes); ``first`` itself is not changed, so a screen can keep showing it meanwhile.
    """
    reader = Reader(first.store, list(first.problems), share=True)  # kept in memory: share ids
    # cut_files before the records: Workspace.election, on the screen's thread, stores a
    # whole record before it takes the file out of cut_files
    cut = set(first.cut_files)
    elections = dict(first.elections)
    with gc_paused():
        issues = dict(first.issues)
        for ident in list(issues):
            rel = table.ISSUE.path(ident)
            if rel in cut:  # with its log now
                cut.discard(rel)
                issue = reader.one(table.ISSUE, ident)
                if issue is None:  # removed or broken since
                    del issues[ident]
                else:
                    issues[ident] = issue
        ws = Workspace(
            root=first.root,
            store=first.store,
            settings=first.settings,
            people=dict(first.people),
            areas=dict(first.areas),
            projects=dict(first.projects),
            issues=issues,
            elections=elections,
            problems=reader.problems,
            revision=first.revision,
            cut_files=frozenset(cut),
        )
        for meetup_id, data in list(first.meetups.items()):
            ws.meetups[meetup_id] = _meetup_data(reader, meetup_id, data.meetup)
        ws.problems.extend(locate_reference_problems(ws))
    return ws


def _base(
    root: Path, *, share: bool = False, cache: RecordCache | None = None
) -> tuple[Workspace, Reader]:
    """A workspace holding what every load reads: settings, people, areas, projects."""
    store = Store(root)
    problems: list[Problem] = store.recover()  # finish or roll back a crash's change first
    reader = Reader(store, problems, share=share, cache=cache)
    settings = reader.one(table.SETTINGS)
    if settings is None:
        settings = Settings(name=root.name or "workspace")
    ws = Workspace(root=root, store=store, settings=settings, problems=problems)
    people = reader.one(table.PEOPLE)
    ws.people = {p.id: p for p in people.person} if people else {}
    areas = reader.one(table.AREAS)
    ws.areas = {a.id: a for a in areas.area} if areas else {}
    ws.projects = dict(reader.many(table.PROJECT))
    return ws, reader


def _meetup_data(reader: Reader, meetup_id: str, meetup: Meetup) -> MeetupData:
    data = MeetupData(meetup)
    data.topics = dict(reader.many(table.TOPIC, meetup_id))
    data.actions = dict(reader.many(table.ACTION, meetup_id))
    return data


def _read_meetup(reader: Reader, meetup_id: str) -> MeetupData | None:
    meetup = reader.one(table.MEETUP, meetup_id)
    return None if meetup is None else _meetup_data(reader, meetup_id, meetup)
