"""The domain records: what the workspace files hold, validated by msgspec.

Every record is a msgspec Struct that forbids unknown fields and omits defaults when
written, so files stay small and hand-editable.  Records that live one per file get their
id from the file name (``topics/gate-triage.toml`` is topic ``gate-triage``); the id is kept
on the object (``id`` field, never written) so code can pass records around.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Literal

import msgspec

SCHEMA_VERSION = 1

Slug = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
"""A stable id: lowercase letters, digits and dashes; safe as a file name."""

Text = Annotated[str, msgspec.Meta(max_length=20_000)]
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200)]

RSVP = Literal["needs-action", "accepted", "declined", "tentative"]
RSVP_STATES: tuple[RSVP, ...] = ("needs-action", "accepted", "declined", "tentative")
AttendeeRole = Literal["ptl", "delegate", "organizer", "guest"]
TopicStatus = Literal["proposed", "accepted", "deferred", "rejected", "duplicate"]
TOPIC_STATUSES: tuple[TopicStatus, ...] = (
    "proposed",
    "accepted",
    "deferred",
    "rejected",
    "duplicate",
)
TopicKind = Literal["discussion", "decision", "working", "presentation"]
IssueStatus = Literal["open", "in-progress", "blocked", "resolved", "wontfix"]
ISSUE_STATUSES: tuple[IssueStatus, ...] = ("open", "in-progress", "blocked", "resolved", "wontfix")
OPEN_ISSUE_STATUSES: frozenset[str] = frozenset({"open", "in-progress", "blocked"})
Priority = Literal["critical", "high", "medium", "low"]
PRIORITIES: tuple[Priority, ...] = ("critical", "high", "medium", "low")
ActionStatus = Literal["open", "done", "dropped"]
ElectionKind = Literal["ptl", "liaison", "committee"]
Unranked = Literal["ignore", "last"]


class Record(msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Base of every stored record."""


class Settings(Record, kw_only=True):
    """``workspace.toml``: the workspace's own settings."""

    schema: int = SCHEMA_VERSION
    name: Title
    domain: str = "meetup.example.org"
    """Suffix of calendar UIDs, so they are globally unique."""
    timezone: str = "UTC"


class Person(Record, kw_only=True):
    """Someone in the community: a PTL, a liaison, an organizer, a voter."""

    id: Slug
    name: Title
    email: str = ""
    timezone: str = "UTC"
    irc: str = ""


class Area(Record, kw_only=True):
    """A cross-project liaison duty (release management, bugs, Oslo, ...)."""

    id: Slug
    name: Title
    description: Text = ""
    defaults_to_ptl: bool = True
    """When nobody is named for a project, the PTL holds the duty."""


class Project(Record, kw_only=True):
    """``projects/<id>.toml``: a project, its PTL and its liaisons per area."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    name: Title
    ptl: Slug | None = None
    description: Text = ""
    liaisons: dict[Slug, Slug] = {}
    """Area id -> person id."""
    volunteers: dict[Slug, list[Slug]] = {}
    """Area id -> people who offered to take the duty."""


class Day(Record, kw_only=True):
    date: date
    start: time = time(9, 0)
    end: time = time(17, 30)


class Room(Record, kw_only=True):
    id: Slug
    name: Title
    capacity: int = 0


class Break(Record, kw_only=True):
    """A break spanning all rooms; on every day unless ``day`` is given."""

    title: Title = "Break"
    start: time
    end: time
    day: date | None = None


class Attendee(Record, kw_only=True):
    person: Slug
    role: AttendeeRole = "ptl"
    projects: list[Slug] = []
    rsvp: RSVP = "needs-action"
    delegate_for: Slug | None = None
    """For a delegate: the PTL they stand in for."""


class Meetup(Record, kw_only=True):
    """``meetups/<id>/meetup.toml``: settings, rooms and attendees of one meetup."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    cycle: str = ""
    timezone: str = "UTC"
    venue: str = ""
    address: str = ""
    description: Text = ""
    days: list[Day] = []
    rooms: list[Room] = []
    slot_minutes: int = 30
    breaks: list[Break] = []
    ptl_only: bool = True
    organizers: list[Slug] = []
    attendees: list[Attendee] = []


class Placement(Record, kw_only=True):
    day: date
    start: time
    room: Slug
    pinned: bool = False


class Topic(Record, kw_only=True):
    """``meetups/<meetup>/topics/<id>.toml``: an agenda topic, its votes and minutes."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    description: Text = ""
    proposer: Slug | None = None
    projects: list[Slug] = []
    kind: TopicKind = "discussion"
    duration: int = 30
    """Minutes."""
    required: list[Slug] = []
    votes: list[Slug] = []
    status: TopicStatus = "proposed"
    duplicate_of: Slug | None = None
    placement: Placement | None = None
    notes: Text = ""
    """Minutes of the session, Markdown."""
    sequence: int = 0
    """iCalendar SEQUENCE of the session; bumped when time, room or status changes."""


class ActionItem(Record, kw_only=True):
    """``meetups/<meetup>/actions/<id>.toml``: something someone agreed to do."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    owner: Slug | None = None
    due: date | None = None
    status: ActionStatus = "open"
    topic: Slug | None = None
    issue: Slug | None = None
    notes: Text = ""


class LogEntry(Record, kw_only=True):
    at: datetime
    author: Slug | None = None
    text: Text


class Issue(Record, kw_only=True):
    """``issues/<id>.toml``: a problem that spans two or more projects."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    description: Text = ""
    projects: Annotated[list[Slug], msgspec.Meta(min_length=2)]
    owner: Slug | None = None
    area: Slug | None = None
    status: IssueStatus = "open"
    priority: Priority = "medium"
    links: list[str] = []
    topics: list[str] = []
    """``meetup/topic`` references."""
    actions: list[str] = []
    """``meetup/action`` references."""
    log: list[LogEntry] = []


class Timeline(Record, kw_only=True):
    """An election's phases, all in UTC."""

    nominations_open: datetime
    nominations_close: datetime
    voting_open: datetime
    voting_close: datetime


class Candidate(Record, kw_only=True):
    person: Slug
    statement: Text = ""
    withdrawn: bool = False


class Election(Record, kw_only=True):
    """``elections/<id>/election.toml``: a PTL, liaison or committee election."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    kind: ElectionKind = "ptl"
    project: Slug | None = None
    area: Slug | None = None
    seats: Annotated[int, msgspec.Meta(ge=1)] = 1
    timeline: Timeline
    candidates: list[Candidate] = []
    roll: list[str] = []
    """The electorate: person ids or emails."""
    unranked: Unranked = "ignore"
    tie_break_seed: int | None = None
    closed: bool = False


class PeopleFile(Record, kw_only=True):
    """``people.toml``."""

    schema: int = SCHEMA_VERSION
    person: list[Person] = []


class AreasFile(Record, kw_only=True):
    """``areas.toml``."""

    schema: int = SCHEMA_VERSION
    area: list[Area] = []


# ----------------------------------------------------------- issue 7: polls, releases

PollAnswer = Literal["yes", "maybe", "no"]
POLL_ANSWERS: tuple[PollAnswer, ...] = ("yes", "maybe", "no")


class PollOption(Record, kw_only=True):
    """A candidate date range of a date poll and the invited people's answers."""

    id: Slug
    start: date
    days: Annotated[int, msgspec.Meta(ge=1, le=4)] = 1
    label: str = ""
    answers: dict[Slug, PollAnswer] = {}
    """Person id -> yes / maybe (if need be) / no."""


class DatePoll(Record, kw_only=True):
    """``meetups/<meetup>/poll.toml``: the date poll of a meetup."""

    schema: int = SCHEMA_VERSION
    options: list[PollOption] = []
    chosen: Slug | None = None


class ReleasedSession(Record, kw_only=True):
    topic: Slug
    title: Title
    day: date
    start: time
    end: time
    room: str
    sequence: int = 0
    required: list[Slug] = []


class Release(Record, kw_only=True):
    """``meetups/<meetup>/releases/<name>.toml``: a frozen, named version of the agenda."""

    schema: int = SCHEMA_VERSION
    name: Slug = msgspec.field(default="", name="__id__")
    released: datetime
    """UTC."""
    sessions: list[ReleasedSession] = []
