"""The workspace's records: settings, people, projects, meetups, topics, actions, issues.

Records that live one per file get their id from the file name (``topics/gate-triage.toml``
is topic ``gate-triage``); the id is kept on the object (``id`` field, never written) so code
can pass records around.  Field types and the base are in :mod:`meetup.store.fields`.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Annotated, Literal

import msgspec

from meetup.store.fields import (
    RSVP,
    SCHEMA_VERSION,
    ActionStatus,
    AttendeeRole,
    IssueStatus,
    Line,
    Priority,
    Record,
    Ref,
    SessionProgress,
    Slug,
    Text,
    Title,
    TopicKind,
    TopicStatus,
    check_years,
)


class Settings(Record, kw_only=True):
    """``workspace.toml``: the workspace's own settings."""

    schema: int = SCHEMA_VERSION
    name: Title
    domain: Line = "meetup.example.org"
    """Suffix of calendar UIDs in workspaces made before ``identity`` existed."""
    identity: Line = ""
    """This workspace's own mark in every calendar UID (``meetup init`` makes a random UUID,
    or takes a domain); empty in older workspaces, whose UIDs keep ``domain``."""
    timezone: str = "UTC"
    etherpad_pattern: Line = ""
    """Makes each session's etherpad URL: ``https://pad.example.org/p/{meetup}-{topic}``."""


class Person(Record, kw_only=True):
    """Someone in the community: a PTL, a liaison, an organizer, a voter."""

    id: Slug
    name: Title
    email: Line = ""
    timezone: Line = "UTC"
    irc: Line = ""


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
    ptl: Ref | None = None
    leadership: Literal["ptl", "distributed"] = "ptl"
    """``distributed``: no PTL; the liaisons lead (OpenStack's distributed leadership)."""
    appointed: list[Line] = []
    """Cycles in which the PTL was appointed rather than elected."""
    description: Text = ""
    irc_channel: Line = ""
    url: Line = ""
    liaisons: dict[Ref, Ref] = {}
    """Area id -> person id."""
    co_liaisons: dict[Ref, list[Ref]] = {}
    """Area id -> further people who share the duty with its liaison."""
    volunteers: dict[Ref, list[Ref]] = {}
    """Area id -> people who offered to take the duty."""
    leaderless: bool = False
    """Its last PTL election had no candidate: nobody leads it until one is appointed."""


class Day(Record, kw_only=True):
    date: date
    start: time = time(9, 0)
    end: time = time(17, 30)
    slots: list[time] = []
    """Start of each slot when the day is not an even grid of ``slot_minutes`` (a ptgbot
    grid of 105-minute blocks around lunch, say); empty: the even grid."""

    def __post_init__(self) -> None:
        check_years(self.date)


class Room(Record, kw_only=True):
    id: Slug
    name: Title
    capacity: int = 0
    video_url: Line = ""
    """The room's video call or remote link, for people who are not there."""


class Break(Record, kw_only=True):
    """A break spanning all rooms; on every day unless ``day`` is given."""

    title: Title = "Break"
    start: time
    end: time
    day: date | None = None

    def __post_init__(self) -> None:
        check_years(self.day)


class Attendee(Record, kw_only=True):
    person: Ref
    role: AttendeeRole = "ptl"
    projects: list[Ref] = []
    rsvp: RSVP = "needs-action"
    delegate_for: Ref | None = None
    """For a delegate: the PTL they stand in for."""


class Meetup(Record, kw_only=True):
    """``meetups/<id>/meetup.toml``: settings, rooms and attendees of one meetup."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    cycle: Line = ""
    timezone: Line = "UTC"
    venue: Line = ""
    address: Line = ""
    description: Text = ""
    days: list[Day] = []
    rooms: list[Room] = []
    slot_minutes: int = 30
    breaks: list[Break] = []
    ptl_only: bool = True
    organizers: list[Ref] = []
    attendees: list[Attendee] = []


class Placement(Record, kw_only=True):
    day: date
    start: time
    room: Ref
    pinned: bool = False

    def __post_init__(self) -> None:
        check_years(self.day)


class Topic(Record, kw_only=True):
    """``meetups/<meetup>/topics/<id>.toml``: an agenda topic, its votes and minutes."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    description: Text = ""
    proposer: Ref | None = None
    projects: list[Ref] = []
    kind: TopicKind = "discussion"
    duration: int = 30
    """Minutes."""
    required: list[Ref] = []
    votes: list[Ref] = []
    status: TopicStatus = "proposed"
    duplicate_of: Ref | None = None
    placement: Placement | None = None
    notes: Text = ""
    """Minutes of the session, Markdown."""
    sequence: int = 0
    """iCalendar SEQUENCE of the session; bumped when time, room or status changes."""
    progress: SessionProgress | None = None
    """Marked while the meetup runs: the session has started, or is done."""
    track: Line = ""
    """The ptgbot track the session is booked under; empty: the topic's id."""
    etherpad: Line = ""
    """The session's notes pad, set by hand; empty: made from the workspace's pattern."""


class ActionItem(Record, kw_only=True):
    """``meetups/<meetup>/actions/<id>.toml``: something someone agreed to do."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    owner: Ref | None = None
    due: date | None = None
    status: ActionStatus = "open"
    topic: Ref | None = None
    issue: Ref | None = None
    notes: Text = ""

    def __post_init__(self) -> None:
        check_years(self.due)


class LogEntry(Record, kw_only=True):
    at: datetime
    author: Ref | None = None
    text: Text


class Issue(Record, kw_only=True):
    """``issues/<id>.toml``: a problem that spans two or more projects."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    description: Text = ""
    projects: Annotated[list[Ref], msgspec.Meta(min_length=2)]
    owner: Ref | None = None
    area: Ref | None = None
    status: IssueStatus = "open"
    priority: Priority = "medium"
    links: list[Line] = []
    topics: list[str] = []
    """``meetup/topic`` references."""
    actions: list[str] = []
    """``meetup/action`` references."""
    log: list[LogEntry] = []


class PeopleFile(Record, kw_only=True):
    """``people.toml``."""

    schema: int = SCHEMA_VERSION
    person: list[Person] = []


class AreasFile(Record, kw_only=True):
    """``areas.toml``."""

    schema: int = SCHEMA_VERSION
    area: list[Area] = []


PollAnswer = Literal["yes", "maybe", "no"]
POLL_ANSWERS: tuple[PollAnswer, ...] = ("yes", "maybe", "no")


class PollOption(Record, kw_only=True):
    """A candidate date range of a date poll and the invited people's answers."""

    id: Slug
    start: date
    days: Annotated[int, msgspec.Meta(ge=1, le=4)] = 1
    label: Line = ""
    answers: dict[Slug, PollAnswer] = {}
    """Person id -> yes / maybe (if need be) / no."""

    def __post_init__(self) -> None:
        check_years(self.start)


class DatePoll(Record, kw_only=True):
    """``meetups/<meetup>/poll.toml``: the date poll of a meetup."""

    schema: int = SCHEMA_VERSION
    options: list[PollOption] = []
    chosen: Slug | None = None
