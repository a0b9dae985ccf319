"""The record table: every kind of workspace file once, with its one reader and writer.

Each :class:`Kind` names a path pattern (``meetups/{meetup}/topics/{topic}.toml``), the
record type the file holds, and whether a full load reads it (``eager``) or the code that
needs it reads it on demand (``lazy``: date polls, releases, calendar state, ballots, the
voted roll, results, an election's calendar state).  Everything that finds, reads or
encodes a record file goes through this table: the loader, the lazy readers, ``meetup
check`` (which reads every lazy file that exists) and the partial loads.
"""

from __future__ import annotations

import operator
import os
import re
import stat
from collections.abc import Iterator
from typing import Any, TypeVar

import msgspec

from meetup.store import tomlio
from meetup.store.election_records import BallotBox, Election, ElectionResult, VotedRoll
from meetup.store.errors import Problem, WorkspaceError
from meetup.store.fields import Record
from meetup.store.files import Store, UnsafePathError
from meetup.store.records import (
    ActionItem,
    AreasFile,
    DatePoll,
    Issue,
    Meetup,
    PeopleFile,
    Project,
    Settings,
    Topic,
)
from meetup.store.release_records import CalendarState, Release

R = TypeVar("R", bound=Record)

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class Kind:
    """One kind of record file: where it lives, what it holds, when it is read."""

    __slots__ = (
        "_positional",
        "keys",
        "lazy",
        "name",
        "named_by_file",
        "optional",
        "pattern",
        "record",
    )

    def __init__(
        self,
        name: str,
        pattern: str,
        record: type[Record],
        *,
        lazy: bool = False,
        optional: bool = True,
    ) -> None:
        self.name = name
        self.pattern = pattern
        """Relative path with ``{placeholders}`` for the ids, e.g. ``issues/{issue}.toml``."""
        self.record = record
        self.lazy = lazy
        """Read on demand by the code that needs it, never by a full load."""
        self.optional = optional
        """A single-file kind that may be absent (only workspace.toml must exist)."""
        self.keys: tuple[str, ...] = tuple(_PLACEHOLDER.findall(pattern))
        """The placeholders of the pattern, outermost first."""
        counter = iter(range(len(self.keys)))
        self._positional = _PLACEHOLDER.sub(lambda _: f"{{{next(counter)}}}", pattern)
        """The pattern with numbered fields (``{0}``): :meth:`path` runs once a record."""
        self.named_by_file = bool(self.keys) and any(
            f.encode_name == tomlio.ID_KEY for f in msgspec.structs.fields(record)
        )
        """Whether the record's own id comes from its path (the last placeholder)."""

    def __repr__(self) -> str:
        return f"Kind({self.name!r}, {self.pattern!r})"

    def path(self, *ids: str) -> str:
        """The file of the record with these ids (one per placeholder)."""
        keys = self.keys
        if len(ids) != len(keys):
            raise TypeError(f"{self.name} takes {len(keys)} id(s), got {len(ids)}")
        return self._positional.format(*ids)

    def around(self, *outer: str) -> tuple[str, str]:
        """``(head, tail)`` with ``head + id + tail == path(*outer, id)`` for any id: the
        paths of many records of one folder without formatting each."""
        head, _, tail = self.path(*outer, "\0").partition("\0")
        return head, tail

    def match(self, rel: str) -> tuple[str, ...] | None:
        """The ids of ``rel`` if it is a file of this kind, else None."""
        found = _regex(self.pattern).fullmatch(rel)
        return found.groups() if found else None

    def read(self, store: Store, *ids: str) -> Any:
        """The record with these ids; None if its file is absent (see :func:`read`)."""
        return read(store, self, self.path(*ids), ids[-1] if ids else "")

    def scan(self, store: Store, *outer: str) -> Iterator[tuple[str, str]]:
        """``(id, rel)`` of every file of this kind on disk under the given outer ids.

        Sorted by id; hidden entries are skipped.  For a pattern whose last part is a
        folder (``elections/{election}/election.toml``) the folders holding the file count.
        """
        for ident, rel, _ in self.listing(store, *outer):
            yield ident, rel

    def listing(self, store: Store, *outer: str) -> Iterator[tuple[str, str, bool]]:
        """What :meth:`scan` yields, plus whether the listing saw a regular file (not a
        link, FIFO ...): :meth:`Store.read` then skips its own ``lstat``."""
        if len(outer) != len(self.keys) - 1:
            raise TypeError(f"{self.name} scans with {len(self.keys) - 1} outer id(s)")
        folder, tail = self.around(*outer)
        folder = folder.rstrip("/")
        try:
            with os.scandir(store.full(folder)) as listing:
                entries = sorted(listing, key=_NAME)
        except (FileNotFoundError, NotADirectoryError):
            return
        if tail[0] == "/":  # the id names a folder holding the file
            for entry in entries:
                if entry.name.startswith(".") or not entry.is_dir():
                    continue
                rel = f"{folder}/{entry.name}{tail}"
                try:
                    mode = os.lstat(store.full(rel)).st_mode
                except FileNotFoundError:
                    continue
                yield entry.name, rel, stat.S_ISREG(mode)  # a link out is reported by read()
            return
        cut = -len(tail)
        folder += "/"
        for entry in entries:
            name = entry.name
            if name.endswith(tail) and name[0] != "." and not entry.is_dir():
                # (a FIFO or a link out named like a record is reported by read())
                yield name[:cut], folder + name, entry.is_file(follow_symlinks=False)


_NAME = operator.attrgetter("name")
_REGEXES: dict[str, re.Pattern[str]] = {}


def _regex(pattern: str) -> re.Pattern[str]:
    found = _REGEXES.get(pattern)
    if found is None:
        parts = _PLACEHOLDER.split(pattern)
        text = "".join(
            "([^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
        )
        found = _REGEXES[pattern] = re.compile(text)
    return found


SETTINGS = Kind("settings", "workspace.toml", Settings, optional=False)
PEOPLE = Kind("people", "people.toml", PeopleFile)
AREAS = Kind("areas", "areas.toml", AreasFile)
PROJECT = Kind("project", "projects/{project}.toml", Project)
MEETUP = Kind("meetup", "meetups/{meetup}/meetup.toml", Meetup)
TOPIC = Kind("topic", "meetups/{meetup}/topics/{topic}.toml", Topic)
ACTION = Kind("action", "meetups/{meetup}/actions/{action}.toml", ActionItem)
POLL = Kind("date poll", "meetups/{meetup}/poll.toml", DatePoll, lazy=True)
RELEASE = Kind("release", "meetups/{meetup}/releases/{release}.toml", Release, lazy=True)
CALENDAR = Kind("calendar state", "meetups/{meetup}/calendar.toml", CalendarState, lazy=True)
ISSUE = Kind("issue", "issues/{issue}.toml", Issue)
ELECTION = Kind("election", "elections/{election}/election.toml", Election)
BALLOTS = Kind("ballots", "elections/{election}/ballots.toml", BallotBox, lazy=True)
VOTED = Kind("voted roll", "elections/{election}/voted.toml", VotedRoll, lazy=True)
RESULT = Kind("result", "elections/{election}/result.toml", ElectionResult, lazy=True)
ELECTION_CALENDAR = Kind(
    "election calendar state", "elections/{election}/calendar.toml", CalendarState, lazy=True
)

KINDS: tuple[Kind, ...] = (
    SETTINGS,
    PEOPLE,
    AREAS,
    PROJECT,
    MEETUP,
    TOPIC,
    ACTION,
    POLL,
    RELEASE,
    CALENDAR,
    ISSUE,
    ELECTION,
    BALLOTS,
    VOTED,
    RESULT,
    ELECTION_CALENDAR,
)
"""Every kind of file a workspace holds, in the order a full load reads them."""

MEETUP_PARTS: tuple[Kind, ...] = (TOPIC, ACTION, POLL, RELEASE, CALENDAR)
"""Kinds that live inside one meetup's folder, besides ``meetup.toml`` itself."""
ELECTION_PARTS: tuple[Kind, ...] = (BALLOTS, VOTED, RESULT, ELECTION_CALENDAR)


def kind_of(rel: str) -> Kind | None:
    """The kind of the file at ``rel`` (relative, forward slashes), if it is a record."""
    for kind in KINDS:
        if kind.match(rel) is not None:
            return kind
    return None


def read(
    store: Store,
    kind: Kind,
    rel: str,
    ident: str = "",
    *,
    share: bool = False,
    listed: bool = False,
) -> Any:
    """Read, parse and validate one record file: THE reader of every kind.

    None when the file is absent (remembered, so a later create is checked for staleness).
    A file that cannot be read, parsed or validated raises WorkspaceError with its located
    problem; one that does not parse or validate is remembered as broken, so it is never
    rewritten (a good read clears that).  ``share``: intern short strings
    (:func:`tomlio.shared`), for a load that keeps a whole workspace in memory; ``listed``:
    see :meth:`Store.read`.
    """
    raw = read_bytes(store, rel, listed=listed)
    return None if raw is None else accept(store, kind, rel, raw, ident, share=share)


def read_bytes(store: Store, rel: str, *, listed: bool = False) -> bytes | None:
    """The bytes of a record file (what :func:`read` parses), None when it is absent
    (remembered); one that cannot be read raises WorkspaceError with its problem."""
    try:
        return store.read(rel, listed=listed)
    except FileNotFoundError:
        store.remember_absent(rel)
        store.forget_broken(rel)
        return None
    except OSError as exc:  # a later write is refused by the store's own checks
        raise WorkspaceError(read_problem(rel, exc)) from None


def accept(
    store: Store, kind: Kind, rel: str, raw: bytes, ident: str = "", *, share: bool = False
) -> Any:
    """The record in ``raw``, the bytes just read from ``rel`` (what :func:`read` does once
    it has them): decoded, and the file remembered as broken or not."""
    try:
        record = decode(raw, rel, kind.record, ident if kind.named_by_file else "", share=share)
    except WorkspaceError as exc:
        store.mark_broken(exc.problem)
        raise
    store.forget_broken(rel)
    return record


def decode(raw: bytes, rel: str, record: type[R], ident: str = "", *, share: bool = False) -> R:
    """Parse, migrate and validate the bytes of one record file (what :func:`read` does
    after reading it; the merge driver uses it on the versions git hands it).

    Any failure of any step is a WorkspaceError located in the file, never another
    exception: one bad file never stops a load.
    """
    try:
        data = tomlio.parse_current(raw)
        if data is None:
            data = tomlio.check_schema(tomlio.parse(raw, rel), rel, raw)
        if share:
            data = tomlio.shared(data)
        if ident:
            data[tomlio.ID_KEY] = ident
        return tomlio.convert(data, record, rel, raw)
    except WorkspaceError:
        raise
    except Exception as exc:  # the last line of defence
        raise WorkspaceError(
            Problem(rel, 1, 0, "", f"cannot be read: {type(exc).__name__}: {exc}", kind="parse")
        ) from None


def read_problem(rel: str, exc: OSError) -> Problem:
    """The problem of a file that cannot be opened (permissions, a FIFO, a link out)."""
    if isinstance(exc, UnsafePathError):
        return Problem(rel, 1, 0, "", str(exc.strerror), kind="io")
    reason = exc.strerror or str(exc)
    return Problem(rel, 1, 0, "", f"cannot be read: {reason}", kind="io")


def encode(record: Record) -> bytes:
    """THE writer: a record's canonical TOML bytes (same data, same bytes)."""
    return tomlio.to_bytes(record)


def every_file(store: Store) -> Iterator[tuple[Kind, str, tuple[str, ...]]]:
    """``(kind, rel, ids)`` of every record file on disk, of every kind, lazy ones too."""
    for kind in (SETTINGS, PEOPLE, AREAS):
        if os.path.lexists(store.path(kind.pattern)):
            yield kind, kind.pattern, ()
    yield from ((PROJECT, rel, (ident,)) for ident, rel in PROJECT.scan(store))
    for meetup_id, rel in MEETUP.scan(store):
        yield MEETUP, rel, (meetup_id,)
        for kind in MEETUP_PARTS:
            yield from _scan_inner(store, kind, meetup_id)
    yield from ((ISSUE, rel, (ident,)) for ident, rel in ISSUE.scan(store))
    for election_id, rel in ELECTION.scan(store):
        yield ELECTION, rel, (election_id,)
        for kind in ELECTION_PARTS:
            yield from _scan_inner(store, kind, election_id)


def _scan_inner(
    store: Store, kind: Kind, outer: str
) -> Iterator[tuple[Kind, str, tuple[str, ...]]]:
    if len(kind.keys) == 1:  # one file per meetup/election
        rel = kind.path(outer)
        if os.path.lexists(store.path(rel)):
            yield kind, rel, (outer,)
        return
    for ident, rel in kind.scan(store, outer):
        yield kind, rel, (outer, ident)
