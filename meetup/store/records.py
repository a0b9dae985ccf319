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

SLUG_PATTERN = r"\A[a-z0-9][a-z0-9-]*\Z"
"""A whole-string match: ``$`` would also accept a trailing newline (``"evil\\n"``)."""
LINE_PATTERN = r"\A[^\x00-\x1f\x7f-\x9f]*\Z"
"""One line of text: no C0/C1 control character at all (no ESC, BEL, CR, LF, tab)."""
TEXT_PATTERN = r"\A[^\x00-\x08\x0b-\x1f\x7f-\x9f]*\Z"
"""Free text: newline and tab are allowed, every other control character is refused."""
PATTERN_HINTS = {
    SLUG_PATTERN: "expected an id of lowercase letters, digits and dashes "
    "(starting with a letter or digit)",
    LINE_PATTERN: "must not contain control characters (escape sequences, line breaks, tabs)",
    TEXT_PATTERN: "must not contain control characters other than newline and tab",
}
"""What a value failing each pattern is told (msgspec's own message quotes the regex)."""

Slug = Annotated[str, msgspec.Meta(pattern=SLUG_PATTERN, max_length=80)]
"""A stable id: lowercase letters, digits and dashes; safe as a file name."""

Ref = Annotated[str, msgspec.Meta(min_length=1, max_length=80)]
"""An id that names another record (a person, project, area, topic, room ...).

Not pattern-checked: ``meetup/references.py`` checks every reference against the ids that
exist (themselves Slugs), so a malformed one is already an "unknown person" error at its
line.  Skipping the regex here makes loading a large workspace about 15% faster.
"""

Text = Annotated[str, msgspec.Meta(max_length=20_000, pattern=TEXT_PATTERN)]
"""Notes, descriptions, statements, minutes: may hold newlines and tabs."""
Title = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=LINE_PATTERN)]
"""Titles and names: one line, no control characters."""
Line = Annotated[str, msgspec.Meta(max_length=2_000, pattern=LINE_PATTERN)]
"""Any other free-form one-line value (venue, address, e-mail, label, room, link)."""

FIRST_YEAR = 1970
LAST_YEAR = 9000
"""Dates and times outside these years are refused where they are read (a day of
9999-12-31 would overflow as soon as a calendar adds its end or a timezone offset)."""


def year_problem(value: date | None) -> str:
    """Why ``value`` is out of range, or "" when it is fine (None is fine)."""
    if value is None or FIRST_YEAR <= value.year <= LAST_YEAR:
        return ""
    return f"{value.isoformat()} is out of range: years {FIRST_YEAR} to {LAST_YEAR}"


def _check_years(*values: date | None) -> None:
    """For ``__post_init__``: msgspec reports the ValueError at the struct's location."""
    for value in values:
        problem = year_problem(value)
        if problem:
            raise ValueError(problem)


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
SessionProgress = Literal["started", "done"]
"""How far a scheduled session has got while the meetup runs (see meetup.agenda.shift)."""
Unranked = Literal["ignore", "last"]


class Record(
    msgspec.Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True, gc=False
):
    """Base of every stored record."""


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
        _check_years(self.date)


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
        _check_years(self.day)


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
        _check_years(self.day)


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
        _check_years(self.due)


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


class Timeline(Record, kw_only=True):
    """An election's phases, all in UTC."""

    nominations_open: datetime
    nominations_close: datetime
    voting_open: datetime
    voting_close: datetime

    def __post_init__(self) -> None:
        _check_years(
            self.nominations_open, self.nominations_close, self.voting_open, self.voting_close
        )


class Candidate(Record, kw_only=True):
    person: Ref
    statement: Text = ""
    withdrawn: bool = False


class VotingOpened(Record, kw_only=True):
    """What was fixed when voting opened: tally and close use exactly this."""

    at: datetime
    candidates: list[Ref]
    """The candidate list, in ballot column order."""
    roll_checksum: str
    roll_size: int
    tie_break_seed: int
    station: str = ""
    """The polling station (a clone's id) that holds the ballot box; "" = none yet."""


class RollCorrection(Record, kw_only=True):
    """A change of the roll before voting opened, with the checksums before and after."""

    at: datetime
    before: str
    after: str
    size_before: int = 0
    size_after: int = 0


class BallotImport(Record, kw_only=True):
    """A ballot file imported into the election; a file is imported once (by checksum)."""

    at: datetime
    file: str
    sha256: str
    ballots: int


class Election(Record, kw_only=True):
    """``elections/<id>/election.toml``: a PTL, liaison or committee election."""

    schema: int = SCHEMA_VERSION
    id: Slug = msgspec.field(default="", name="__id__")
    title: Title
    kind: ElectionKind = "ptl"
    project: Ref | None = None
    area: Ref | None = None
    seats: Annotated[int, msgspec.Meta(ge=1)] = 1
    timeline: Timeline
    candidates: list[Candidate] = []
    roll: list[Line] = []
    """The electorate: person ids or emails."""
    unranked: Unranked = "ignore"
    tie_break_seed: int | None = None
    closed: bool = False
    cycle: str = ""
    """The release cycle (series) an election belongs to, e.g. ``2026.2``."""
    description: Text = ""
    officers: list[str] = []
    """Election officials (as named in Elekto's ``election_officers``)."""
    eligibility: Text = ""
    opened: VotingOpened | None = None
    roll_corrections: list[RollCorrection] = []
    imports: list[BallotImport] = []


class PeopleFile(Record, kw_only=True):
    """``people.toml``."""

    schema: int = SCHEMA_VERSION
    person: list[Person] = []


class AreasFile(Record, kw_only=True):
    """``areas.toml``."""

    schema: int = SCHEMA_VERSION
    area: list[Area] = []


Rank = Annotated[int, msgspec.Meta(ge=0)]
"""A ballot's rank for one candidate: 1 is preferred, equal ranks tie, 0 = unranked."""


class BallotBox(Record, kw_only=True):
    """``elections/<id>/ballots.toml``: the ballots, without any voter identity.

    Each ballot is a list of ranks in ``candidates`` order.  Ballots are kept sorted, so the
    file's order says nothing about who voted when.
    """

    schema: int = SCHEMA_VERSION
    candidates: list[str] = []
    ballots: list[list[Rank]] = []


class VotedRoll(Record, kw_only=True):
    """``elections/<id>/voted.toml``: who has voted (sorted), never how."""

    schema: int = SCHEMA_VERSION
    voted: list[str] = []


class TieBreak(Record, kw_only=True):
    """A documented, seeded tie-break: ``random.Random(seed).shuffle`` of the sorted group."""

    seed: int
    group: list[str]
    order: list[str]


class ElectionResult(Record, kw_only=True):
    """``elections/<id>/result.toml``: the audited outcome of a Schulze tally."""

    schema: int = SCHEMA_VERSION
    method: str = "schulze-winning-votes"
    closed_at: datetime
    candidates: list[str] = []
    ranking: list[list[str]] = []
    """Tied groups, best first."""
    winners: list[str] = []
    tie_at_cut: bool = False
    tie_break: TieBreak | None = None
    seats: int = 1
    unranked: Unranked = "ignore"
    ballots: int = 0
    electorate: int = 0
    turnout: float = 0.0
    checksum: str = ""
    """SHA-256 of the ballots (see meetup.ballots.BallotSet.checksum)."""
    roll_checksum: str = ""
    pairwise: dict[str, dict[str, int]] = {}
    strongest: dict[str, dict[str, list[int]]] = {}
    """Strongest path strength (W, L) from one candidate to another."""


# ----------------------------------------------------------- issue 7: polls, releases

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
        _check_years(self.start)


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
    room: Line
    sequence: int = 0
    required: list[Slug] = []

    def __post_init__(self) -> None:
        _check_years(self.day)


class Release(Record, kw_only=True):
    """``meetups/<meetup>/releases/<name>.toml``: a frozen, named version of the agenda."""

    schema: int = SCHEMA_VERSION
    name: Slug = msgspec.field(default="", name="__id__")
    released: datetime
    """UTC."""
    sessions: list[ReleasedSession] = []


CalendarStatus = Literal["confirmed", "tentative", "cancelled"]


class SentEvent(Record, kw_only=True):
    """What the last invite (METHOD:REQUEST or CANCEL) said about one event."""

    sequence: int = 0
    start: datetime
    end: datetime
    room: str = ""
    status: CalendarStatus = "confirmed"
    summary: str = ""
    """The title sent (empty in files written before titles were remembered)."""


ItipMethod = Literal["request", "publish", "cancel"]
PartStat = Literal["NEEDS-ACTION", "ACCEPTED", "DECLINED", "TENTATIVE", "DELEGATED"]


class Delivery(Record, kw_only=True):
    """What one person was last sent about one event (one iTIP message)."""

    method: ItipMethod = "request"
    sequence: int = 0
    stamp: datetime
    """The message's DTSTAMP (UTC)."""
    partstat: PartStat = "NEEDS-ACTION"
    """The PARTSTAT the message carried for this person (PUBLISH: their last known)."""
    digest: str = ""
    """A short hash of what the event said (time, room, status, title, place)."""


class CalendarState(Record, kw_only=True):
    """``meetups/<meetup>/calendar.toml``: what invites were sent, and replies to sessions.

    Written by ``meetup export ics --method request|cancel`` and ``meetup import rsvp``;
    keyed by event UID.  Replies to the meetup itself go to the attendee's ``rsvp``.
    """

    schema: int = SCHEMA_VERSION
    sent: dict[str, SentEvent] = {}
    replies: dict[str, dict[Slug, RSVP]] = {}
    """Session UID -> person id -> their answer to that session's invite."""
    delivered: dict[Slug, dict[str, Delivery]] = {}
    """Person id -> event UID -> the last message sent to them about it."""
