"""Cross-reference and consistency checks: every id a record names must exist.

Each check yields ``(path, message)`` pairs for one record; the loader turns them into
located :class:`Problem` s, and every save refuses a record that has any.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from meetup.store import table, tomlio
from meetup.store.election_records import Election
from meetup.store.errors import Problem
from meetup.store.fields import LINE_PATTERN, PATTERN_HINTS, Record
from meetup.store.records import (
    ActionItem,
    AreasFile,
    Issue,
    Meetup,
    PeopleFile,
    Project,
    Settings,
    Topic,
)

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

Finding = tuple[tuple[tomlio.PathPart, ...], str]


@functools.lru_cache(maxsize=1024)
def valid_timezone(name: str) -> bool:
    """Whether ``name`` is an IANA timezone this machine knows.

    Looks for the zone's TZif file where zoneinfo would (its TZPATH, then the tzdata
    package) instead of parsing it: loading a workspace checks every person's zone, and
    parsing each file was a measurable part of start-up.
    """
    import zoneinfo

    if not name or name.startswith(("/", ".")) or ".." in name or "\\" in name:
        return False
    for base in zoneinfo.TZPATH:
        candidate = os.path.join(base, name)
        if os.path.isfile(candidate):
            with open(candidate, "rb") as handle:
                return handle.read(4) == b"TZif"
    try:
        from importlib.resources import files

        resource = files("tzdata").joinpath("zoneinfo", *name.split("/"))
        if resource.is_file():
            with resource.open("rb") as handle:
                return handle.read(4) == b"TZif"
    except (ModuleNotFoundError, OSError, ValueError):
        pass
    return False


def _meetup_of(rel: str) -> str:
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 and parts[0] == "meetups" else ""


def record_problems(ws: Workspace, rel: str, record: Record) -> list[Finding]:
    """Findings for one record stored at ``rel``."""
    check = _CHECKS.get(record.__class__)
    return [] if check is None else check(ws, rel, record)


def _settings(record: Settings) -> Iterator[Finding]:
    if not valid_timezone(record.timezone):
        yield ("timezone",), f"unknown IANA timezone {record.timezone!r}"
    problem = pattern_problem(record.etherpad_pattern)
    if problem:
        yield ("etherpad_pattern",), problem


ETHERPAD_PLACEHOLDERS = ("{meetup}", "{topic}")


def pattern_problem(pattern: str) -> str:
    """Why ``pattern`` cannot make etherpad URLs, or "" when it can (or is empty)."""
    if not pattern:
        return ""
    if not pattern.startswith(("https://", "http://")):
        return "expected an http(s) URL"
    leftover = pattern
    for placeholder in ETHERPAD_PLACEHOLDERS:
        leftover = leftover.replace(placeholder, "")
    if "{" in leftover or "}" in leftover:
        return "only {meetup} and {topic} may stand in braces"
    if "{topic}" not in pattern:
        return "needs {topic}, or every session gets the same etherpad"
    return ""


Checked = list[tuple[str, Record]]


def records_to_check(
    ws: Workspace,
    *,
    meetups: Iterable[str] | None = None,
    elections: Iterable[str] | None = None,
    issues: Iterable[str] | None = None,
) -> Checked:
    """``(file, record)`` of the records whose cross-references a load checks.

    Settings, people and projects always; of meetups (with their topics and action items),
    elections and issues, every one loaded, or only the ids given (a partial load).
    """
    records: Checked = [(table.SETTINGS.path(), ws.settings)]
    if ws.people:
        records.append((table.PEOPLE.path(), PeopleFile(person=list(ws.people.values()))))
    head, tail = table.PROJECT.around()
    records += [(head + p.id + tail, p) for p in ws.projects.values()]
    for meetup_id in ws.meetups if meetups is None else list(meetups):
        data = ws.meetups.get(meetup_id)
        if data is None:
            continue
        records.append((table.MEETUP.path(meetup_id), data.meetup))
        head, tail = table.TOPIC.around(meetup_id)
        records += [(head + t.id + tail, t) for t in data.topics.values()]
        head, tail = table.ACTION.around(meetup_id)
        records += [(head + a.id + tail, a) for a in data.actions.values()]
    head, tail = table.ISSUE.around()
    for issue_id in ws.issues if issues is None else list(issues):
        issue = ws.issues.get(issue_id)
        if issue is not None:
            records.append((head + issue_id + tail, issue))
    for election_id in ws.elections if elections is None else list(elections):
        election = ws.elections.get(election_id)
        if election is not None:
            records.append((table.ELECTION.path(election_id), election))
    return records


def locate_reference_problems(ws: Workspace, records: Checked | None = None) -> list[Problem]:
    """The findings of ``records`` (default: every loaded one), located at their lines."""
    if records is None:
        records = records_to_check(ws)
    problems = []
    for rel, record in records:
        findings = record_problems(ws, rel, record)
        if not findings:
            continue
        try:
            text = ws.store.path(rel).read_text("utf-8")
        except OSError:
            text = ""
        positions = tomlio.key_positions(text)
        for path, message in findings:
            line, column = _position(positions, path)
            problems.append(
                Problem(rel, line, column, tomlio.format_path(path), message, kind="reference")
            )
    return problems


def _position(
    positions: dict[tuple[tomlio.PathPart, ...], tuple[int, int]],
    path: tuple[tomlio.PathPart, ...],
) -> tuple[int, int]:
    while path:
        if path in positions:
            return positions[path]
        path = path[:-1]
    return (1, 1)


def _refs(
    ids: Iterable[str | None], known: object, what: str, *path: tomlio.PathPart
) -> Iterator[Finding]:
    """Findings for ids in ``ids`` that are not in ``known`` (a dict or set)."""
    for index, ident in enumerate(ids):
        if ident is not None and ident not in known:  # type: ignore[operator]
            yield (*path, index), f"unknown {what} {ident!r}"


def _ref(ident: str | None, known: object, what: str, *path: tomlio.PathPart) -> Iterator[Finding]:
    if ident is not None and ident not in known:  # type: ignore[operator]
        yield path, f"unknown {what} {ident!r}"


def _unique(ids: Iterable[str], what: str, *path: tomlio.PathPart) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, ident in enumerate(ids):
        if ident in seen:
            yield (*path, index), f"duplicate {what} {ident!r}"
        seen.add(ident)


def _people(record: PeopleFile) -> Iterator[Finding]:
    yield from _unique((p.id for p in record.person), "person", "person")
    for index, person in enumerate(record.person):
        if not valid_timezone(person.timezone):
            yield ("person", index, "timezone"), f"unknown IANA timezone {person.timezone!r}"


def _project(ws: Workspace, project: Project) -> list[Finding]:
    people, liaisons = ws.people, project.liaisons
    if (
        (project.ptl is None or project.ptl in people)
        and liaisons.keys() <= ws.areas.keys()
        and not _missing(list(liaisons.values()), people)
        and not project.co_liaisons
        and not project.volunteers
        and not (project.leadership == "distributed" and project.ptl)
    ):
        return []  # the usual project, tested without generators; else every finding
    return list(_project_findings(ws, project))


def _project_findings(ws: Workspace, project: Project) -> Iterator[Finding]:
    yield from _ref(project.ptl, ws.people, "person", "ptl")
    for area, person in project.liaisons.items():
        yield from _ref(area, ws.areas, "liaison area", "liaisons", area)
        yield from _ref(person, ws.people, "person", "liaisons", area)
    for area, people in project.co_liaisons.items():
        yield from _ref(area, ws.areas, "liaison area", "co_liaisons", area)
        yield from _refs(people, ws.people, "person", "co_liaisons", area)
    for area, people in project.volunteers.items():
        yield from _ref(area, ws.areas, "liaison area", "volunteers", area)
        yield from _refs(people, ws.people, "person", "volunteers", area)
    if project.leadership == "distributed" and project.ptl:
        yield ("ptl",), "a project with distributed leadership has no PTL"


def _meetup(ws: Workspace, meetup: Meetup) -> Iterator[Finding]:
    if not valid_timezone(meetup.timezone):
        yield ("timezone",), f"unknown IANA timezone {meetup.timezone!r}"
    if not 5 <= meetup.slot_minutes <= 240:
        yield ("slot_minutes",), "slot length must be between 5 and 240 minutes"
    yield from _unique((str(d.date) for d in meetup.days), "day", "days")
    for index, day in enumerate(meetup.days):
        if day.end <= day.start:
            yield ("days", index, "end"), f"day ends ({day.end}) before it starts ({day.start})"
        if day.slots and (
            sorted(set(day.slots)) != day.slots
            or day.slots[0] < day.start
            or day.slots[-1] >= day.end
        ):
            yield (
                ("days", index, "slots"),
                "slot starts must be increasing and inside the day's hours",
            )
    dates = {d.date for d in meetup.days}
    for index, pause in enumerate(meetup.breaks):
        if pause.end <= pause.start:
            yield ("breaks", index, "end"), "break ends before it starts"
        if pause.day is not None and pause.day not in dates:
            yield ("breaks", index, "day"), f"{pause.day} is not a day of the meetup"
    yield from _unique((r.id for r in meetup.rooms), "room", "rooms")
    yield from _refs(meetup.organizers, ws.people, "person", "organizers")
    attendees, people = meetup.attendees, ws.people
    persons = [a.person for a in attendees]
    if len(set(persons)) != len(persons):
        yield from _unique(persons, "attendee", "attendees")
    if not (  # the usual attendees, tested in lists; else each one's findings
        _missing(persons, people)
        or _missing([p for a in attendees for p in a.projects], ws.projects)
        or _missing([a.delegate_for for a in attendees if a.delegate_for is not None], people)
        or [a for a in attendees if a.role == "delegate" and not a.delegate_for]
    ):
        return
    for index, attendee in enumerate(attendees):
        yield from _ref(attendee.person, ws.people, "person", "attendees", index, "person")
        yield from _refs(attendee.projects, ws.projects, "project", "attendees", index, "projects")
        yield from _ref(
            attendee.delegate_for, ws.people, "person", "attendees", index, "delegate_for"
        )
        if attendee.role == "delegate" and not attendee.delegate_for:
            yield (
                ("attendees", index, "delegate_for"),
                "a delegate must name the PTL they stand in for",
            )


def _topic(ws: Workspace, meetup_id: str, topic: Topic) -> list[Finding]:
    # every topic of a load passes through here: a clean one costs plain tests only (a
    # list, no generators); the finders run where a test fails
    found: list[Finding] = []
    data = ws.meetups.get(meetup_id)
    people = ws.people
    votes = topic.votes
    if topic.proposer is not None and topic.proposer not in people:
        found += _ref(topic.proposer, people, "person", "proposer")
    if _missing(topic.projects, ws.projects):
        found += _refs(topic.projects, ws.projects, "project", "projects")
    if _missing(topic.required, people):
        found += _refs(topic.required, people, "person", "required")
    if _missing(votes, people):
        found += _refs(votes, people, "person", "votes")
    if len(set(votes)) != len(votes):
        found += _unique(votes, "vote", "votes")
    if not 5 <= topic.duration <= 8 * 60:
        found.append((("duration",), "duration must be between 5 and 480 minutes"))
    if topic.duplicate_of is not None:
        if topic.duplicate_of == topic.id:
            found.append((("duplicate_of",), "a topic cannot duplicate itself"))
        elif data is not None:
            found += _ref(topic.duplicate_of, data.topics, "topic", "duplicate_of")
    if topic.status == "duplicate" and topic.duplicate_of is None:
        found.append((("duplicate_of",), "a duplicate must name the topic it duplicates"))
    placement = topic.placement
    if placement is not None and data is not None:
        meetup = data.meetup
        for room in meetup.rooms:
            if room.id == placement.room:
                break
        else:
            rooms = {r.id for r in meetup.rooms}
            found += _ref(placement.room, rooms, "room", "placement", "room")
        for day in meetup.days:
            if day.date == placement.day:
                break
        else:
            found.append((("placement", "day"), f"{placement.day} is not a day of the meetup"))
        found += _wall_times(meetup.timezone, topic)
    return found


_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
"""A control character other than newline (:data:`LINE_PATTERN` refuses these and it)."""
_LINE = re.compile(LINE_PATTERN)


def _first_with_control(lines: list[str]) -> int | None:
    """The index of the first of ``lines`` that is no valid :data:`Line`, or None.

    One test of the lines joined (then one search, newlines counted apart) instead of one
    regex per line: rolls hold thousands of entries.
    """
    if "".join(lines).isprintable():  # no control character at all, the usual case
        return None
    joined = "\n".join(lines)  # else: spaces and marks isprintable() refuses are fine
    if _CONTROL.search(joined) is None and joined.count("\n") == max(len(lines) - 1, 0):
        return None
    for index, line in enumerate(lines):
        if _LINE.match(line) is None:
            return index
    return None


def _missing(ids: list[str], known: object) -> bool:
    """Whether some of ``ids`` is not in ``known``: the quick test before :func:`_refs`."""
    for ident in ids:  # noqa: SIM110 - a loop: any() over a generator costs twice as much
        if ident not in known:  # type: ignore[operator]
            return True
    return False


def _wall_times(tzid: str, topic: Topic) -> list[Finding]:
    """A session must start and end at wall times that exist once (no DST gap or fold)."""
    from meetup.calendar.vtimezone import wall_time_problem

    placement = topic.placement
    if placement is None or not valid_timezone(tzid):
        return []
    start = placement.start.hour * 60 + placement.start.minute
    found: list[Finding] = []
    for key, minute in (("start", start), ("end", start + topic.duration)):
        problem = wall_time_problem(tzid, placement.day, minute)
        if problem is not None:
            found.append((("placement", "start"), f"the session's {key}: {problem}"))
    return found


def _action(ws: Workspace, meetup_id: str, action: ActionItem) -> Iterator[Finding]:
    data = ws.meetups.get(meetup_id)
    yield from _ref(action.owner, ws.people, "person", "owner")
    yield from _ref(action.issue, ws.issues, "issue", "issue")
    if data is not None:
        yield from _ref(action.topic, data.topics, "topic", "topic")


def _issue(ws: Workspace, issue: Issue) -> Iterator[Finding]:
    people = ws.people
    if _missing(issue.projects, ws.projects):
        yield from _refs(issue.projects, ws.projects, "project", "projects")
    if len(set(issue.projects)) < 2:
        yield ("projects",), "a cross-project issue spans at least two different projects"
    if issue.owner is not None and issue.owner not in people:
        yield from _ref(issue.owner, people, "person", "owner")
    yield from _ref(issue.area, ws.areas, "liaison area", "area")
    meetups = ws.meetups
    for index, ref in enumerate(issue.topics):
        meetup_id, _, topic_id = ref.partition("/")
        data = meetups.get(meetup_id)
        if data is None or topic_id not in data.topics:
            yield ("topics", index), f"unknown topic {ref!r} (expected meetup/topic)"
    for index, ref in enumerate(issue.actions):
        meetup_id, _, action_id = ref.partition("/")
        data = meetups.get(meetup_id)
        if data is None or action_id not in data.actions:
            yield ("actions", index), f"unknown action item {ref!r} (expected meetup/action)"
    for index, entry in enumerate(issue.log):
        if entry.author is not None and entry.author not in people:
            yield from _ref(entry.author, people, "person", "log", index, "author")
        if entry.at.tzinfo is None:
            yield ("log", index, "at"), "time must carry a UTC offset (e.g. 2026-05-01T10:00:00Z)"


def _election(ws: Workspace, election: Election) -> Iterator[Finding]:
    if election.kind in ("ptl", "liaison"):
        if election.project is None:
            yield ("project",), f"a {election.kind} election names its project"
        yield from _ref(election.project, ws.projects, "project", "project")
    if election.kind == "liaison":
        if election.area is None:
            yield ("area",), "a liaison election names its liaison area"
        yield from _ref(election.area, ws.areas, "liaison area", "area")
    index = _first_with_control(election.roll)
    if index is not None:
        yield ("roll", index), PATTERN_HINTS[LINE_PATTERN]
    yield from _refs((c.person for c in election.candidates), ws.people, "person", "candidates")
    yield from _unique((c.person for c in election.candidates), "candidate", "candidates")
    timeline = election.timeline
    names = ("nominations_open", "nominations_close", "voting_open", "voting_close")
    moments = [getattr(timeline, name) for name in names]
    for name, moment in zip(names, moments):
        if moment.tzinfo is None:
            yield ("timeline", name), "time must be in UTC (end it with Z)"
            return
    for (before, first), (after, second) in zip(zip(names, moments), zip(names[1:], moments[1:])):
        if second < first:
            yield ("timeline", after), f"{after} comes before {before}"


_CHECKS: dict[type, Callable[[Workspace, str, Any], list[Finding]]] = {
    Topic: lambda ws, rel, r: _topic(ws, _meetup_of(rel), r),
    Project: lambda ws, rel, r: _project(ws, r),
    ActionItem: lambda ws, rel, r: list(_action(ws, _meetup_of(rel), r)),
    Issue: lambda ws, rel, r: list(_issue(ws, r)),
    Meetup: lambda ws, rel, r: list(_meetup(ws, r)),
    Election: lambda ws, rel, r: list(_election(ws, r)),
    PeopleFile: lambda ws, rel, r: list(_people(r)),
    AreasFile: lambda ws, rel, r: list(_unique((a.id for a in r.area), "area")),
    Settings: lambda ws, rel, r: list(_settings(r)),
}
"""The check of each record type, by type: one lookup per record of a load."""
