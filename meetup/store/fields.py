"""The field types records are built from: ids, text, dates in range, statuses, the base.

Every record is a msgspec Struct that forbids unknown fields and omits defaults when
written, so files stay small and hand-editable.
"""

from __future__ import annotations

from datetime import date
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

Voter = Annotated[str, msgspec.Meta(max_length=2_000)]
"""An entry of an election's roll (a person id or an e-mail address).  Control characters
are refused as for :data:`Line`, but by ``meetup/store/references.py`` in one search over
the whole roll: a regex per entry was a third of reading an election of 2,000 voters.
"""

FIRST_YEAR = 1970
LAST_YEAR = 9000
"""Dates and times outside these years are refused where they are read (a day of
9999-12-31 would overflow as soon as a calendar adds its end or a timezone offset)."""


def year_problem(value: date | None) -> str:
    """Why ``value`` is out of range, or "" when it is fine (None is fine)."""
    if value is None or FIRST_YEAR <= value.year <= LAST_YEAR:
        return ""
    return f"{value.isoformat()} is out of range: years {FIRST_YEAR} to {LAST_YEAR}"


def check_years(*values: date | None) -> None:
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
