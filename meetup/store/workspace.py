"""A workspace loaded in memory, and the one place that saves its records.

Layout of a workspace directory (every file is TOML, one record per file where people
edit records independently, so git merges their work cleanly)::

    workspace.toml                      settings
    people.toml  areas.toml             people, liaison areas
    projects/<project>.toml             a project, its PTL and liaisons
    meetups/<meetup>/meetup.toml        settings, rooms, attendees
    meetups/<meetup>/topics/<t>.toml    a topic with votes, placement and minutes
    meetups/<meetup>/actions/<a>.toml   an action item
    issues/<issue>.toml                 a cross-project issue
    elections/<election>/election.toml  an election
    elections/<election>/ballots.toml   its ballots, without voter identity (read lazily)
    elections/<election>/voted.toml     who voted (read lazily)
    elections/<election>/result.toml    the tally once it is closed (read lazily)
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple, TypeVar

import msgspec

from meetup.store import tomlio
from meetup.store.errors import InvalidInput, NotFoundError, Problem, WorkspaceError
from meetup.store.files import Store
from meetup.store.records import (
    ActionItem,
    Area,
    AreasFile,
    BallotBox,
    CalendarState,
    DatePoll,
    Election,
    ElectionResult,
    Issue,
    Meetup,
    PeopleFile,
    Person,
    Project,
    Record,
    Release,
    Settings,
    Topic,
    VotedRoll,
)
from meetup.store.references import locate_reference_problems, record_problems

R = TypeVar("R", bound=Record)

SETTINGS = "workspace.toml"
PEOPLE = "people.toml"
AREAS = "areas.toml"


def project_file(project: str) -> str:
    return f"projects/{project}.toml"


def meetup_file(meetup: str) -> str:
    return f"meetups/{meetup}/meetup.toml"


def topic_file(meetup: str, topic: str) -> str:
    return f"meetups/{meetup}/topics/{topic}.toml"


def action_file(meetup: str, action: str) -> str:
    return f"meetups/{meetup}/actions/{action}.toml"


def issue_file(issue: str) -> str:
    return f"issues/{issue}.toml"


def election_file(election: str) -> str:
    return f"elections/{election}/election.toml"


def ballots_file(election: str) -> str:
    return f"elections/{election}/ballots.toml"


def voted_file(election: str) -> str:
    return f"elections/{election}/voted.toml"


def result_file(election: str) -> str:
    return f"elections/{election}/result.toml"


class NotAWorkspace(Exception):
    """The directory holds no workspace.toml."""


class MeetupData(msgspec.Struct):
    """A meetup with its topics and action items."""

    meetup: Meetup
    topics: dict[str, Topic] = msgspec.field(default_factory=dict)
    actions: dict[str, ActionItem] = msgspec.field(default_factory=dict)


class _Saved(NamedTuple):
    """The records in memory when a transaction began, put back if it fails."""

    settings: Settings
    people: dict[str, Person]
    areas: dict[str, Area]
    projects: dict[str, Project]
    issues: dict[str, Issue]
    elections: dict[str, Election]
    meetups: dict[str, tuple[MeetupData, Meetup, dict[str, Topic], dict[str, ActionItem]]]


class Workspace(msgspec.Struct):
    """Everything in one workspace directory, plus the problems found while loading it."""

    root: Path
    store: Store
    settings: Settings
    people: dict[str, Person] = msgspec.field(default_factory=dict)
    areas: dict[str, Area] = msgspec.field(default_factory=dict)
    projects: dict[str, Project] = msgspec.field(default_factory=dict)
    meetups: dict[str, MeetupData] = msgspec.field(default_factory=dict)
    issues: dict[str, Issue] = msgspec.field(default_factory=dict)
    elections: dict[str, Election] = msgspec.field(default_factory=dict)
    problems: list[Problem] = msgspec.field(default_factory=list)

    # ----------------------------------------------------------------- lookups

    def meetup(self, meetup_id: str) -> MeetupData:
        try:
            return self.meetups[meetup_id]
        except KeyError:
            raise NotFoundError(f"no meetup {meetup_id!r}") from None

    def person_name(self, person_id: str | None) -> str:
        if not person_id:
            return ""
        person = self.people.get(person_id)
        return person.name if person else person_id

    # ----------------------------------------------------------------- saving

    def _save(self, rel: str, record: Record) -> None:
        """Validate ``record`` fully, then write it; nothing is written if it is invalid."""
        validate(record)
        problems = list(record_problems(self, rel, record))
        if problems:
            path, message = problems[0]
            raise InvalidInput(tomlio.format_path(path), message)
        self.store.write(rel, tomlio.to_bytes(record))

    def _save_all(self, items: list[tuple[str, Record]]) -> None:
        """Validate every record, then write them all or none (one transaction)."""
        with self.transaction():
            for rel, record in items:
                self._save(rel, record)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Make every save and delete inside the block one all-or-nothing change.

        The saves are validated as they come and collected; at the end of the block they
        are checked against the disk (stale, broken) and written together through the
        store's journal, so a refused change, an error in the block or a crash writes
        nothing or everything.  On an error the records in memory are put back as they
        were.  A transaction inside a transaction joins it.
        """
        if self.store.in_transaction:
            yield
            return
        saved = self._snapshot()
        self.store.begin()
        try:
            yield
        except BaseException:
            self.store.abort()
            self._restore(saved)
            raise
        try:
            self.store.commit()
        except BaseException:
            self._restore(saved)
            raise

    def _snapshot(self) -> _Saved:
        return _Saved(
            self.settings,
            dict(self.people),
            dict(self.areas),
            dict(self.projects),
            dict(self.issues),
            dict(self.elections),
            {k: (d, d.meetup, dict(d.topics), dict(d.actions)) for k, d in self.meetups.items()},
        )

    def _restore(self, saved: _Saved) -> None:
        self.settings = saved.settings
        self.people, self.areas, self.projects = saved.people, saved.areas, saved.projects
        self.issues, self.elections = saved.issues, saved.elections
        self.meetups = {}
        for meetup_id, (data, meetup, topics, actions) in saved.meetups.items():
            data.meetup, data.topics, data.actions = meetup, topics, actions
            self.meetups[meetup_id] = data

    def save_many(self, items: list[tuple[str, Record]]) -> None:
        """Save several records as one change: all of them or none (each validated first)."""
        self._save_all(items)

    def save_settings(self, settings: Settings) -> None:
        self._save(SETTINGS, settings)
        self.settings = settings

    def save_people(self, people: Iterable[Person]) -> None:
        ordered = sorted(people, key=lambda p: p.id)
        self._save(PEOPLE, PeopleFile(person=ordered))
        self.people = {p.id: p for p in ordered}

    def save_areas(self, areas: Iterable[Area]) -> None:
        listed = list(areas)
        self._save(AREAS, AreasFile(area=listed))
        self.areas = {a.id: a for a in listed}

    def save_project(self, project: Project) -> None:
        self._save(project_file(project.id), project)
        self.projects[project.id] = project

    def save_meetup(self, meetup: Meetup) -> None:
        self._save(meetup_file(meetup.id), meetup)
        if meetup.id in self.meetups:
            self.meetups[meetup.id].meetup = meetup
        else:
            self.meetups[meetup.id] = MeetupData(meetup)

    def save_topic(self, meetup_id: str, topic: Topic) -> None:
        data = self.meetup(meetup_id)
        self._save(topic_file(meetup_id, topic.id), topic)
        data.topics[topic.id] = topic

    def save_topics(self, meetup_id: str, topics: list[Topic]) -> None:
        """Save several topics of a meetup as one change: all of them or none."""
        data = self.meetup(meetup_id)
        self._save_all([(topic_file(meetup_id, t.id), t) for t in topics])
        for t in topics:
            data.topics[t.id] = t

    def delete_topic(self, meetup_id: str, topic_id: str) -> None:
        data = self.meetup(meetup_id)
        self.store.delete(topic_file(meetup_id, topic_id))
        data.topics.pop(topic_id, None)

    def save_action(self, meetup_id: str, action: ActionItem) -> None:
        data = self.meetup(meetup_id)
        self._save(action_file(meetup_id, action.id), action)
        data.actions[action.id] = action

    def delete_action(self, meetup_id: str, action_id: str) -> None:
        data = self.meetup(meetup_id)
        self.store.delete(action_file(meetup_id, action_id))
        data.actions.pop(action_id, None)

    def save_issue(self, issue: Issue) -> None:
        self._save(issue_file(issue.id), issue)
        self.issues[issue.id] = issue

    def save_election(self, election: Election) -> None:
        self._save(election_file(election.id), election)
        self.elections[election.id] = election

    def election(self, election_id: str) -> Election:
        try:
            return self.elections[election_id]
        except KeyError:
            raise NotFoundError(f"no election {election_id!r}") from None

    # Ballots, the voted roll and results are read lazily, fresh from disk each time, so
    # that load() stays fast and two officials casting or importing never overwrite each
    # other (the store refuses a write when the file changed since this read).

    def read_ballots(self, election_id: str) -> BallotBox:
        return self._read_lazy(ballots_file(election_id), BallotBox) or BallotBox()

    def save_ballots(self, election_id: str, box: BallotBox) -> None:
        self._save(ballots_file(election_id), box)

    def save_vote(self, election_id: str, voted: VotedRoll, box: BallotBox) -> None:
        """Mark a voter and store their (anonymous) ballot together: both files or neither."""
        self._save_all([(voted_file(election_id), voted), (ballots_file(election_id), box)])

    def save_closing(
        self, election: Election, result: ElectionResult, project: Project | None
    ) -> None:
        """Write an election's result, its closed record and its project's new holder."""
        items: list[tuple[str, Record]] = [
            (result_file(election.id), result),
            (election_file(election.id), election),
        ]
        if project is not None:
            items.append((project_file(project.id), project))
        self._save_all(items)
        self.elections[election.id] = election
        if project is not None:
            self.projects[project.id] = project

    def read_voted(self, election_id: str) -> VotedRoll:
        return self._read_lazy(voted_file(election_id), VotedRoll) or VotedRoll()

    def save_voted(self, election_id: str, voted: VotedRoll) -> None:
        self._save(voted_file(election_id), voted)

    def read_result(self, election_id: str) -> ElectionResult | None:
        return self._read_lazy(result_file(election_id), ElectionResult)

    def save_result(self, election_id: str, result: ElectionResult) -> None:
        self._save(result_file(election_id), result)

    def _read_lazy(self, rel: str, kind: type[R]) -> R | None:
        """Read one record file now; None if absent, WorkspaceError if broken."""
        try:
            raw = self.store.read(rel)
        except FileNotFoundError:
            self.store.remember_absent(rel)
            return None
        try:
            record = decode(raw, rel, kind)
        except WorkspaceError as exc:
            self.store.mark_broken(exc.problem)
            raise
        self.store.forget_broken(rel)
        return record

    # ------------------------------------------- issue 7: date polls, agenda releases

    @staticmethod
    def poll_file(meetup_id: str) -> str:
        return f"meetups/{meetup_id}/poll.toml"

    @staticmethod
    def release_file(meetup_id: str, name: str) -> str:
        return f"meetups/{meetup_id}/releases/{name}.toml"

    def save_poll(self, meetup_id: str, poll: DatePoll) -> None:
        self.meetup(meetup_id)
        self._save(self.poll_file(meetup_id), poll)

    def save_release(self, meetup_id: str, release: Release) -> None:
        self.meetup(meetup_id)
        self._save(self.release_file(meetup_id, release.name), release)

    @staticmethod
    def calendar_file(meetup_id: str) -> str:
        """Where the invites sent for a meetup are remembered (see meetup/calendar.py)."""
        return f"meetups/{meetup_id}/calendar.toml"

    def save_calendar_state(self, meetup_id: str, state: CalendarState) -> None:
        """Write ``calendar.toml``; it is loaded lazily by meetup.calendar, never by load()."""
        self.meetup(meetup_id)
        self._save(self.calendar_file(meetup_id), state)

    @staticmethod
    def election_calendar_file(election_id: str) -> str:
        """What an election's timeline calendar last said (meetup.calendar.timeline)."""
        return f"elections/{election_id}/calendar.toml"

    def read_election_calendar(self, election_id: str) -> CalendarState:
        found = self._read_lazy(self.election_calendar_file(election_id), CalendarState)
        return found if found is not None else CalendarState()

    def save_election_calendar(self, election_id: str, state: CalendarState) -> None:
        self.election(election_id)
        self._save(self.election_calendar_file(election_id), state)


def lazy_files(ws: Workspace) -> list[tuple[str, type[Record]]]:
    """Every file a load does not read but code reads on demand, with its record type."""
    found: list[tuple[str, type[Record]]] = []
    for meetup_id in ws.meetups:
        found.append((Workspace.poll_file(meetup_id), DatePoll))
        found.append((Workspace.calendar_file(meetup_id), CalendarState))
        folder = ws.root / "meetups" / meetup_id / "releases"
        if folder.is_dir():
            for entry in sorted(folder.glob("*.toml")):
                found.append((Workspace.release_file(meetup_id, entry.stem), Release))
    for election_id in ws.elections:
        found += [
            (ballots_file(election_id), BallotBox),
            (voted_file(election_id), VotedRoll),
            (result_file(election_id), ElectionResult),
            (Workspace.election_calendar_file(election_id), CalendarState),
        ]
    return found


def lazy_problems(ws: Workspace) -> list[Problem]:
    """The problems of every on-demand file that exists (for ``meetup check``)."""
    problems = []
    for rel, kind in lazy_files(ws):
        try:
            ws._read_lazy(rel, kind)
        except WorkspaceError as exc:
            problems.append(exc.problem)
        except OSError as exc:
            problems.append(read_problem(rel, exc))
    return problems


def validate(record: Record) -> None:
    """Check a record built in code against the same rules as a file (msgspec Meta)."""
    kind = type(record)
    data = msgspec.to_builtins(record, builtin_types=tomlio.BUILTIN_TYPES)
    try:
        msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        path, message = tomlio.split_validation_error(str(exc))
        path = tomlio.key_of_failure(data, kind, path, str(exc))
        raise InvalidInput(tomlio.format_path(path), message) from None


# --------------------------------------------------------------------- loading


def is_workspace(root: Path) -> bool:
    return (Path(root) / SETTINGS).is_file()


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    Loading creates tens of thousands of objects that all stay alive; every collection
    would walk the growing heap for nothing (it costs about 40% of a large load).  Records
    form no reference cycles, so nothing is left for the collector to find afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def require_workspace(root: Path) -> None:
    """Raise NotAWorkspace unless ``root`` holds a workspace."""
    if not is_workspace(root):
        raise NotAWorkspace(
            f"{root} is not a meetup workspace (no {SETTINGS}); "
            f"create one with `meetup init {root}`"
        )


def empty(root: Path | str) -> Workspace:
    """A workspace of ``root`` with no records read yet (shown while the real one loads).

    Its store has read nothing, so a save onto an existing file is refused as stale.
    """
    root = Path(root)
    return Workspace(root=root, store=Store(root), settings=Settings(name=root.name or "workspace"))


def load(root: Path | str) -> Workspace:
    """Load a workspace; broken files are reported in ``problems`` and left out."""
    root = Path(root)
    require_workspace(root)
    with _gc_paused():
        return _load(root)


def _load(root: Path) -> Workspace:
    store = Store(root)
    problems: list[Problem] = store.recover()
    loader = _Loader(store, problems)
    settings = loader.one(SETTINGS, Settings)
    if settings is None:
        settings = Settings(name=root.name or "workspace")
    ws = Workspace(root=root, store=store, settings=settings, problems=problems)
    people = loader.one(PEOPLE, PeopleFile, optional=True)
    ws.people = {p.id: p for p in people.person} if people else {}
    areas = loader.one(AREAS, AreasFile, optional=True)
    ws.areas = {a.id: a for a in areas.area} if areas else {}
    ws.projects = dict(loader.many("projects", Project))
    for meetup_id, meetup in loader.many("meetups", Meetup, inner="meetup.toml"):
        data = MeetupData(meetup)
        data.topics = dict(loader.many(f"meetups/{meetup_id}/topics", Topic))
        data.actions = dict(loader.many(f"meetups/{meetup_id}/actions", ActionItem))
        ws.meetups[meetup_id] = data
    ws.issues = dict(loader.many("issues", Issue))
    ws.elections = dict(loader.many("elections", Election, inner="election.toml"))
    problems.extend(locate_reference_problems(ws))
    return ws


def decode(raw: bytes, rel: str, kind: type[R], ident: str = "") -> R:
    """Parse, migrate and validate one file's bytes as ``kind``; any failure of any step is
    a WorkspaceError located in the file, never another exception."""
    try:
        data = tomlio.check_schema(tomlio.parse(raw, rel), rel, raw)
        if ident:
            data[tomlio.ID_KEY] = ident
        return tomlio.convert(data, kind, rel, raw)
    except WorkspaceError:
        raise
    except Exception as exc:  # the last line of defence: one bad file never stops a load
        raise WorkspaceError(
            Problem(rel, 1, 0, "", f"cannot be read: {type(exc).__name__}: {exc}", kind="parse")
        ) from None


def read_problem(rel: str, exc: OSError) -> Problem:
    """The problem of a file that cannot be opened (permissions, a FIFO, a link out)."""
    from meetup.store.files import UnsafePathError

    if isinstance(exc, UnsafePathError):
        return Problem(rel, 1, 0, "", str(exc.strerror), kind="io")
    reason = exc.strerror or str(exc)
    return Problem(rel, 1, 0, "", f"cannot be read: {reason}", kind="io")


class _Loader:
    def __init__(self, store: Store, problems: list[Problem]) -> None:
        self.store = store
        self.problems = problems

    def one(self, rel: str, kind: type[R], *, optional: bool = False, ident: str = "") -> R | None:
        try:
            raw = self.store.read(rel)
        except FileNotFoundError:
            self.store.remember_absent(rel)
            if not optional:
                self.problems.append(Problem(rel, 1, 0, "", "file is missing", kind="io"))
            return None
        except OSError as exc:
            self.problems.append(read_problem(rel, exc))
            return None
        try:
            return decode(raw, rel, kind, ident)
        except WorkspaceError as exc:
            self.store.mark_broken(exc.problem)
            self.problems.append(exc.problem)
            return None

    def many(self, folder: str, kind: type[R], *, inner: str = "") -> Iterator[tuple[str, R]]:
        """Records of a folder: ``<id>.toml`` files, or ``<id>/<inner>`` when inner is set."""
        try:
            entries = sorted(os.scandir(self.store.path(folder)), key=lambda e: e.name)
        except FileNotFoundError:
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if inner:
                if not entry.is_dir():
                    continue
                ident, rel = entry.name, f"{folder}/{entry.name}/{inner}"
                if not os.path.lexists(self.store.path(rel)):
                    continue
            else:
                if not entry.name.endswith(".toml") or entry.is_dir():
                    continue  # a FIFO or a link out named like a record is reported by one()
                ident, rel = entry.name[:-5], f"{folder}/{entry.name}"
            record = self.one(rel, kind, ident=ident)
            if record is not None:
                yield ident, record
