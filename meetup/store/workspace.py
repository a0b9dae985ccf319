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

Every kind of file, with its path pattern, record type and whether a load reads it, is in
the record table, :mod:`meetup.store.table`; this module saves through it, and
:mod:`meetup.store.loading` reads a workspace into it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

import msgspec

from meetup.store import table, tomlio
from meetup.store.election_records import BallotBox, Election, ElectionResult, VotedRoll
from meetup.store.errors import InvalidInput, NotFoundError, Problem, WorkspaceError
from meetup.store.fields import Record
from meetup.store.files import Store
from meetup.store.reading import copy_records
from meetup.store.records import (
    ActionItem,
    Area,
    AreasFile,
    DatePoll,
    Issue,
    Meetup,
    PeopleFile,
    Person,
    Project,
    Settings,
    Topic,
)
from meetup.store.references import locate_reference_problems, record_problems
from meetup.store.release_records import CalendarState, Release

R = TypeVar("R", bound=Record)


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
    meetups: dict[str, MeetupData]
    cut_files: frozenset[str]
    parts: list[tuple[MeetupData, Meetup, dict[str, Topic], dict[str, ActionItem]]]


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
    partial: bool = False
    """Only some records were read (see :mod:`meetup.store.loading`)."""
    revision: int = 0
    """Counts the saves and deletes made through this workspace."""
    cut_files: frozenset[str] = frozenset()
    """Files whose records were read in part (the dashboard's first load: elections without
    their roll, issues without their log); a save of one of them is refused."""

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
        if rel in self.cut_files:  # read in part (no roll, no log): saving would drop it
            kind = table.kind_of(rel)
            what = kind.name if kind is not None else "record"
            raise InvalidInput("", f"the {what} is still loading; try again in a moment")
        validate(record)
        problems = list(record_problems(self, rel, record))
        if problems:
            path, message = problems[0]
            raise InvalidInput(tomlio.format_path(path), message)
        self.store.write(rel, table.encode(record))
        self.revision += 1

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
        # copy_records keeps a partial load's on-demand dictionaries on demand
        return _Saved(
            self.settings,
            copy_records(self.people),
            copy_records(self.areas),
            copy_records(self.projects),
            copy_records(self.issues),
            copy_records(self.elections),
            copy_records(self.meetups),
            self.cut_files,
            [(d, d.meetup, dict(d.topics), dict(d.actions)) for d in self.meetups.values()],
        )

    def _restore(self, saved: _Saved) -> None:
        self.settings = saved.settings
        self.people, self.areas, self.projects = saved.people, saved.areas, saved.projects
        self.issues, self.elections = saved.issues, saved.elections
        self.meetups, self.cut_files = saved.meetups, saved.cut_files
        for data, meetup, topics, actions in saved.parts:
            data.meetup, data.topics, data.actions = meetup, topics, actions

    def save_many(self, items: list[tuple[str, Record]]) -> None:
        """Save several records as one change: all of them or none (each validated first)."""
        self._save_all(items)

    def save_settings(self, settings: Settings) -> None:
        self._save(table.SETTINGS.path(), settings)
        self.settings = settings

    def save_people(self, people: Iterable[Person]) -> None:
        ordered = sorted(people, key=lambda p: p.id)
        self._save(table.PEOPLE.path(), PeopleFile(person=ordered))
        self.people = {p.id: p for p in ordered}

    def save_areas(self, areas: Iterable[Area]) -> None:
        listed = list(areas)
        self._save(table.AREAS.path(), AreasFile(area=listed))
        self.areas = {a.id: a for a in listed}

    def save_project(self, project: Project) -> None:
        self._save(table.PROJECT.path(project.id), project)
        self.projects[project.id] = project

    def save_meetup(self, meetup: Meetup) -> None:
        self._save(table.MEETUP.path(meetup.id), meetup)
        if meetup.id in self.meetups:
            self.meetups[meetup.id].meetup = meetup
        else:
            self.meetups[meetup.id] = MeetupData(meetup)

    def save_topic(self, meetup_id: str, topic: Topic) -> None:
        data = self.meetup(meetup_id)
        self._save(table.TOPIC.path(meetup_id, topic.id), topic)
        data.topics[topic.id] = topic

    def save_topics(self, meetup_id: str, topics: list[Topic]) -> None:
        """Save several topics of a meetup as one change: all of them or none."""
        data = self.meetup(meetup_id)
        self._save_all([(table.TOPIC.path(meetup_id, t.id), t) for t in topics])
        for t in topics:
            data.topics[t.id] = t

    def delete_topic(self, meetup_id: str, topic_id: str) -> None:
        data = self.meetup(meetup_id)
        self.store.delete(table.TOPIC.path(meetup_id, topic_id))
        self.revision += 1
        data.topics.pop(topic_id, None)

    def save_action(self, meetup_id: str, action: ActionItem) -> None:
        data = self.meetup(meetup_id)
        self._save(table.ACTION.path(meetup_id, action.id), action)
        data.actions[action.id] = action

    def delete_action(self, meetup_id: str, action_id: str) -> None:
        data = self.meetup(meetup_id)
        self.store.delete(table.ACTION.path(meetup_id, action_id))
        self.revision += 1
        data.actions.pop(action_id, None)

    def save_issue(self, issue: Issue) -> None:
        self._save(table.ISSUE.path(issue.id), issue)
        self.issues[issue.id] = issue

    def save_election(self, election: Election) -> None:
        self._save(table.ELECTION.path(election.id), election)
        self.elections[election.id] = election

    def election(self, election_id: str) -> Election:
        """The election, whole: one read without its roll (the TUI's load leaves rolls for
        the screen that needs them) is read again, with it, now.

        Raises NotFoundError for an unknown id, WorkspaceError when the file has become
        unreadable since (its problem is added to ``problems``).
        """
        try:
            election = self.elections[election_id]
        except KeyError:
            raise NotFoundError(f"no election {election_id!r}") from None
        rel = table.ELECTION.path(election_id)
        if rel in self.cut_files:
            election = self._read_whole(election_id, rel)
        return election

    def _read_whole(self, election_id: str, rel: str) -> Election:
        whole: Election | None = self.read(table.ELECTION, election_id)
        if whole is None:
            raise NotFoundError(f"no election {election_id!r} (its file is gone)")
        # The record first, then cut_files: a complete() in another thread reads cut_files
        # before it copies the records, so it never pairs a roll-less record with "whole".
        self.elections[election_id] = whole
        self.cut_files = self.cut_files - {rel}
        found = locate_reference_problems(self, [(rel, whole)])  # the roll's, now it is read
        self.problems.extend(p for p in found if p not in self.problems)
        return whole

    # Ballots, the voted roll and results are read lazily, fresh from disk each time, so
    # that load() stays fast and two officials casting or importing never overwrite each
    # other (the store refuses a write when the file changed since this read).

    def read_ballots(self, election_id: str) -> BallotBox:
        return self.read(table.BALLOTS, election_id) or BallotBox()

    def save_ballots(self, election_id: str, box: BallotBox) -> None:
        self._save(table.BALLOTS.path(election_id), box)

    def save_vote(self, election_id: str, voted: VotedRoll, box: BallotBox) -> None:
        """Mark a voter and store their (anonymous) ballot together: both files or neither."""
        self._save_all(
            [(table.VOTED.path(election_id), voted), (table.BALLOTS.path(election_id), box)]
        )

    def save_closing(
        self, election: Election, result: ElectionResult, project: Project | None
    ) -> None:
        """Write an election's result, its closed record and its project's new holder."""
        items: list[tuple[str, Record]] = [
            (table.RESULT.path(election.id), result),
            (table.ELECTION.path(election.id), election),
        ]
        if project is not None:
            items.append((table.PROJECT.path(project.id), project))
        self._save_all(items)
        self.elections[election.id] = election
        if project is not None:
            self.projects[project.id] = project

    def read_voted(self, election_id: str) -> VotedRoll:
        return self.read(table.VOTED, election_id) or VotedRoll()

    def save_voted(self, election_id: str, voted: VotedRoll) -> None:
        self._save(table.VOTED.path(election_id), voted)

    def read_result(self, election_id: str) -> ElectionResult | None:
        return self.read(table.RESULT, election_id)

    def save_result(self, election_id: str, result: ElectionResult) -> None:
        self._save(table.RESULT.path(election_id), result)

    def read(self, kind: table.Kind, *ids: str) -> Any:
        """Read one record of ``kind`` now (lazy kinds); None if absent.

        A broken file raises WorkspaceError and is added to ``problems`` (once).
        """
        try:
            return kind.read(self.store, *ids)
        except WorkspaceError as exc:
            if exc.problem not in self.problems:
                self.problems.append(exc.problem)
            raise

    # ---------------------------------------- date polls, agenda releases, invites

    def read_poll(self, meetup_id: str) -> DatePoll:
        """The meetup's date poll (an empty one when there is no poll file yet)."""
        self.meetup(meetup_id)
        return self.read(table.POLL, meetup_id) or DatePoll()

    def save_poll(self, meetup_id: str, poll: DatePoll) -> None:
        self.meetup(meetup_id)
        self._save(table.POLL.path(meetup_id), poll)

    def read_release(self, meetup_id: str, name: str) -> Release | None:
        self.meetup(meetup_id)
        return self.read(table.RELEASE, meetup_id, name)

    def save_release(self, meetup_id: str, release: Release) -> None:
        self.meetup(meetup_id)
        self._save(table.RELEASE.path(meetup_id, release.name), release)

    def read_calendar_state(self, meetup_id: str) -> CalendarState:
        """What invites were sent for a meetup (empty before the first)."""
        self.meetup(meetup_id)
        return self.read(table.CALENDAR, meetup_id) or CalendarState()

    def save_calendar_state(self, meetup_id: str, state: CalendarState) -> None:
        """Write ``calendar.toml``; it is read lazily, never by load()."""
        self.meetup(meetup_id)
        self._save(table.CALENDAR.path(meetup_id), state)

    def read_election_calendar(self, election_id: str) -> CalendarState:
        """What an election's timeline calendar last said (meetup.calendar.timeline)."""
        return self.read(table.ELECTION_CALENDAR, election_id) or CalendarState()

    def save_election_calendar(self, election_id: str, state: CalendarState) -> None:
        self.election(election_id)
        self._save(table.ELECTION_CALENDAR.path(election_id), state)


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
