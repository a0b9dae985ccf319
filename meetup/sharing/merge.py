"""Record-aware three-way merge of workspace files (the ``meetup merge-driver`` behind git).

Git merges text by lines; we know what each field of a record means, so two people who
+1 the same topic, RSVP two attendees of one meetup or append to the same minutes never
collide.  The rules, applied field by field on the msgspec records:

- a scalar changed on one side wins; the same change on both is fine; two different
  changes are a conflict on that field only;
- sets (votes, required people, projects, a roll) apply both sides' additions and removals;
- keyed lists (attendees by person, rooms by id, breaks, poll options, sessions, log
  entries, ...) merge per key; an entry removed on one side and edited on the other is a
  conflict;
- text (notes, descriptions, statements) merges by line; both sides inserting at the same
  place (typically both appending) keeps both, ours first; overlapping edits conflict.

The result is a record again, validated and written in its canonical bytes.  Here "ours"
and "theirs" are git's (``%A`` and ``%B``); :mod:`meetup.sharing.sync` turns them into
"yours" and "theirs" for the user (a rebase swaps them).
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import msgspec

from meetup.store import table, tomlio
from meetup.store.election_records import BallotBox, Candidate, ElectionResult, TieBreak, VotedRoll
from meetup.store.errors import InvalidInput, WorkspaceError
from meetup.store.fields import Record
from meetup.store.records import (
    Area,
    Attendee,
    Break,
    Day,
    LogEntry,
    Person,
    Placement,
    PollOption,
    Room,
)
from meetup.store.release_records import ReleasedSession, SentEvent

GitSide = Literal["ours", "theirs"]

# ------------------------------------------------------------------ record table


def record_type(rel: str) -> type[Record] | None:
    """The record type of a workspace-relative path, None for files that are not records."""
    kind = table.kind_of(rel)
    return None if kind is None else kind.record


def is_record_file(rel: str) -> bool:
    return record_type(rel) is not None


def split_workspace_path(repo_path: str) -> tuple[str, str] | None:
    """(workspace prefix, workspace-relative path) of a repository path that is a record.

    The workspace may sit in a folder of the repository; the shortest prefix wins.
    """
    parts = repo_path.split("/")
    for start in range(len(parts)):
        rel = "/".join(parts[start:])
        if is_record_file(rel):
            prefix = "/".join(parts[:start])
            return (prefix + "/" if prefix else ""), rel
    return None


# ------------------------------------------------------------------ field rules

KEYS: dict[type, Callable[[Any], object]] = {
    Attendee: lambda a: a.person,
    Room: lambda a: a.id,
    Day: lambda a: a.date,
    Break: lambda a: (a.day, a.start),
    PollOption: lambda a: a.id,
    ReleasedSession: lambda a: a.topic,
    Candidate: lambda a: a.person,
    Person: lambda a: a.id,
    Area: lambda a: a.id,
    LogEntry: lambda a: (a.at, a.author, a.text),
}
"""How entries of a keyed list are matched between the three versions."""

TEXT_FIELDS = frozenset({"notes", "description", "statement"})
ATOMIC = (Placement, TieBreak, SentEvent, ElectionResult)
"""Values that change as a whole: a placement's day, start and room belong together."""
SORTED_SETS = {(VotedRoll, "voted")}
MULTISETS = {(BallotBox, "ballots")}
WHOLE_LISTS = {(BallotBox, "candidates")}
"""Lists whose order is their meaning: merged like a scalar."""


def _key_label(key: object) -> str:
    if isinstance(key, tuple):
        return ",".join("" if k is None else str(k) for k in key if k is not None)
    return str(key)


@dataclass(frozen=True)
class FieldConflict:
    """One field changed two different ways; ``REMOVED`` stands for a deleted entry."""

    path: str
    base: Any
    ours: Any
    theirs: Any


class _Removed:
    def __repr__(self) -> str:
        return "removed"


REMOVED: Any = _Removed()
MISSING: Any = msgspec.UNSET
"""The base of a value that did not exist (both sides added it)."""


@dataclass
class _Merger:
    choices: Mapping[str, GitSide]
    default: GitSide | None
    conflicts: list[FieldConflict] = field(default_factory=list)

    def conflict(self, path: str, base: Any, ours: Any, theirs: Any) -> Any:
        self.conflicts.append(FieldConflict(path, base, ours, theirs))
        side = self.choices.get(path, self.default)
        return theirs if side == "theirs" else ours

    # -- by kind

    def value(self, path: str, base: Any, ours: Any, theirs: Any, owner: type, name: str) -> Any:
        if ours == theirs:
            return ours
        if base is not MISSING and base == ours:
            return theirs
        if base is not MISSING and base == theirs:
            return ours
        sample = ours if ours is not None else theirs
        if (owner, name) in WHOLE_LISTS or isinstance(sample, ATOMIC):
            return self.conflict(path, base, ours, theirs)
        if name in TEXT_FIELDS and isinstance(ours, str) and isinstance(theirs, str):
            merged = merge_text("" if base is MISSING else base, ours, theirs)
            if merged is None:
                return self.conflict(path, base, ours, theirs)
            return merged
        if isinstance(ours, msgspec.Struct) and isinstance(theirs, msgspec.Struct):
            return self.struct(path, base if base is not None else MISSING, ours, theirs)
        if isinstance(ours, list) and isinstance(theirs, list):
            base_list = base if isinstance(base, list) else []
            items = [*ours, *theirs, *base_list]
            if (owner, name) in MULTISETS:
                return _multiset(base_list, ours, theirs)
            if items and isinstance(items[0], msgspec.Struct) and type(items[0]) in KEYS:
                return self.keyed(path, base_list, ours, theirs, KEYS[type(items[0])])
            if all(isinstance(i, (str, int)) for i in items):
                union = _set(base_list, ours, theirs)
                return sorted(union) if (owner, name) in SORTED_SETS else union
            return self.conflict(path, base, ours, theirs)
        if isinstance(ours, dict) and isinstance(theirs, dict):
            return self.mapping(path, base if isinstance(base, dict) else {}, ours, theirs, name)
        return self.conflict(path, base, ours, theirs)

    def struct(self, path: str, base: Any, ours: Any, theirs: Any) -> Any:
        kind = type(ours)
        if type(theirs) is not kind:
            return self.conflict(path, base, ours, theirs)
        changes = {}
        for f in msgspec.structs.fields(kind):
            name = f.name
            a, b = getattr(ours, name), getattr(theirs, name)
            o = MISSING if base is MISSING else getattr(base, name)
            sub = f"{path}.{f.encode_name}" if path else f.encode_name
            merged = self.value(sub, o, a, b, kind, name)
            if merged is not a:
                changes[name] = merged
        return msgspec.structs.replace(ours, **changes) if changes else ours

    def entries(
        self,
        path: str,
        base: dict[Any, Any],
        ours: dict[Any, Any],
        theirs: dict[Any, Any],
        owner_name: str,
    ) -> list[tuple[Any, Any]]:
        """Per-key merge of three maps; (key, value) in ours' order, then theirs' new keys."""
        out = []
        order = list(ours) + [k for k in theirs if k not in ours]
        order += [k for k in base if k not in ours and k not in theirs]
        for key in order:
            sub = f"{path}[{_key_label(key)}]"
            o = base.get(key, MISSING)
            a = ours.get(key, REMOVED if key in base else MISSING)
            b = theirs.get(key, REMOVED if key in base else MISSING)
            if a is MISSING:
                merged = b
            elif b is MISSING:
                merged = a
            elif a is REMOVED and b is REMOVED:
                merged = REMOVED
            elif a is REMOVED:
                merged = REMOVED if b == o else self.conflict(sub, o, REMOVED, b)
            elif b is REMOVED:
                merged = REMOVED if a == o else self.conflict(sub, o, a, REMOVED)
            else:
                merged = self.value(sub, o, a, b, dict, owner_name)
            if merged is not REMOVED:
                out.append((key, merged))
        return out

    def keyed(
        self, path: str, base: list[Any], ours: list[Any], theirs: list[Any], key: Callable
    ) -> list[Any]:
        def index(items: list[Any]) -> dict[Any, Any]:
            return {key(item): item for item in items}

        return [v for _, v in self.entries(path, index(base), index(ours), index(theirs), "")]

    def mapping(
        self,
        path: str,
        base: dict[Any, Any],
        ours: dict[Any, Any],
        theirs: dict[Any, Any],
        name: str,
    ) -> dict[Any, Any]:
        return dict(self.entries(path, base, ours, theirs, name))


def _set(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Both sides' additions and removals; ours' order, then theirs' additions."""
    removed = (set(base) - set(ours)) | (set(base) - set(theirs))
    merged = [x for x in ours if x not in removed]
    seen = set(merged)
    for item in theirs:
        if item not in seen and item not in removed:
            merged.append(item)
            seen.add(item)
    return merged


def _multiset(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Counts add up: base + (ours - base) + (theirs - base), kept sorted."""

    def count(items: list[Any]) -> Counter[Any]:
        return Counter(json.dumps(i) for i in items)

    b, o, t = count(base), count(ours), count(theirs)
    total: Counter[Any] = Counter()
    for item in b.keys() | o.keys() | t.keys():
        n = b[item] + (o[item] - b[item]) + (t[item] - b[item])
        if n > 0:
            total[item] = n
    return sorted(json.loads(item) for item in total.elements())


# ------------------------------------------------------------------ text


def merge_text(base: str, ours: str, theirs: str) -> str | None:
    """Line-based three-way merge; None on overlapping edits.

    Insertions at the same place on both sides (both appended to the notes) keep both,
    ours first.
    """
    if ours == theirs or base == theirs:
        return ours
    if base == ours:
        return theirs
    b, a, t = base.splitlines(), ours.splitlines(), theirs.splitlines()
    ma, mt = _matches(b, a), _matches(b, t)
    out: list[str] = []
    i = j = k = 0
    while i < len(b) or j < len(a) or k < len(t):
        if i < len(b) and ma.get(i) == j and mt.get(i) == k:
            out.append(b[i])
            i, j, k = i + 1, j + 1, k + 1
            continue
        end = next(
            (n for n in range(i, len(b)) if n in ma and n in mt and ma[n] >= j and mt[n] >= k),
            None,
        )
        if end is None:
            end_b, end_a, end_t = len(b), len(a), len(t)
        else:
            end_b, end_a, end_t = end, ma[end], mt[end]
        old, mine, other = b[i:end_b], a[j:end_a], t[k:end_t]
        if mine == old:
            out += other
        elif other == old or mine == other:
            out += mine
        elif not old:
            out += mine + other
        else:
            return None
        i, j, k = end_b, end_a, end_t
    text = "\n".join(out)
    if out and (ours.endswith("\n") or theirs.endswith("\n")):
        text += "\n"
    return text


def _matches(base: list[str], other: list[str]) -> dict[int, int]:
    matcher = difflib.SequenceMatcher(None, base, other, autojunk=False)
    found: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            found[block.a + offset] = block.b + offset
    return found


# ------------------------------------------------------------------ whole records


class NotARecord(Exception):
    """A version of the file does not parse or validate as its record type."""


@dataclass
class MergeResult:
    """The merged record (with each conflict settled by ``choices``/``default``) and the
    conflicts found; ``data`` is the canonical file, None if the result does not validate."""

    record: Record | None
    conflicts: list[FieldConflict]
    data: bytes | None
    problem: str = ""

    @property
    def clean(self) -> bool:
        return not self.conflicts and self.data is not None


def _election_files(
    merger: _Merger, base: Record | None, ours: Record, theirs: Record
) -> Record | None:
    """The ballot box (a multiset) and the voted roll (a set) merge by the elections'
    own rules (meetup.elections.merge); None for every other record."""
    from meetup.elections import merge as elections

    if isinstance(ours, VotedRoll) and isinstance(theirs, VotedRoll):
        return elections.merge_voted(base, ours, theirs)  # type: ignore[arg-type]
    if isinstance(ours, BallotBox) and isinstance(theirs, BallotBox):
        try:
            return elections.merge_ballot_boxes(base, ours, theirs)  # type: ignore[arg-type]
        except elections.MergeConflict:
            old = base.candidates if isinstance(base, BallotBox) else MISSING
            side = merger.conflict("candidates", old, ours.candidates, theirs.candidates)
            return ours if side is ours.candidates else theirs
    return None


def read_record(raw: bytes, rel: str, kind: type[Record]) -> Record:
    try:
        return table.decode(raw, rel, kind)
    except WorkspaceError as exc:
        raise NotARecord(str(exc)) from None


def merge_records(
    base: Record | None,
    ours: Record,
    theirs: Record,
    *,
    choices: Mapping[str, GitSide] | None = None,
    default: GitSide | None = None,
) -> MergeResult:
    """Merge two versions of one record against their common base (None: both added it)."""
    from meetup.store.workspace import validate

    merger = _Merger(choices or {}, default)
    merged = _election_files(merger, base, ours, theirs)
    if merged is None:
        merged = merger.struct("", MISSING if base is None else base, ours, theirs)
    try:
        validate(merged)
    except InvalidInput as exc:
        return MergeResult(merged, merger.conflicts, None, f"the merged record is invalid: {exc}")
    return MergeResult(merged, merger.conflicts, table.encode(merged))


def merge_bytes(
    base: bytes | None,
    ours: bytes,
    theirs: bytes,
    rel: str,
    *,
    choices: Mapping[str, GitSide] | None = None,
    default: GitSide | None = None,
) -> MergeResult:
    """Merge three versions of the file ``rel``; NotARecord if one is not a valid record."""
    kind = record_type(rel)
    if kind is None:
        raise NotARecord(f"{rel} is not a workspace record")
    old = read_record(base, rel, kind) if base is not None else None
    return merge_records(
        old,
        read_record(ours, rel, kind),
        read_record(theirs, rel, kind),
        choices=choices,
        default=default,
    )


# ------------------------------------------------------------------ conflict files

LABELS = ("yours", "theirs")


def conflict_text(ours: bytes, theirs: bytes, labels: tuple[str, str] = LABELS) -> bytes:
    """Both versions in one file, git-style markers around only the lines that differ.

    ``meetup check`` reports such a file as an unresolved conflict; ``--edited`` accepts it
    once the markers are gone.
    """
    a = ours.decode("utf-8", "replace").splitlines(keepends=True)
    b = theirs.decode("utf-8", "replace").splitlines(keepends=True)
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += a[i1:i2]
            continue
        out.append(f"<<<<<<< {labels[0]}\n")
        out += _ended(a[i1:i2])
        out.append("=======\n")
        out += _ended(b[j1:j2])
        out.append(f">>>>>>> {labels[1]}\n")
    return "".join(out).encode("utf-8")


def _ended(lines: list[str]) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines


def show_value(value: Any) -> str:
    """A conflict value as the user reads it: ``"A"``, ``["x", "y"]``, ``removed``."""
    if value is REMOVED:
        return "removed"
    if value is MISSING:
        return "absent"
    plain = tomlio.plain_data(value)
    text = json.dumps(plain, ensure_ascii=False, default=str, sort_keys=False)
    return text if len(text) <= 200 else text[:197] + "..."


def describe(rel: str, conflicts: Iterable[FieldConflict], *, yours: GitSide = "ours") -> list[str]:
    """``topics/x.toml: title: yours "A", theirs "B"`` per conflict; ``yours`` is git's side
    that holds the user's own change (``theirs`` while a rebase replays it)."""
    lines = []
    for c in conflicts:
        mine, other = (c.ours, c.theirs) if yours == "ours" else (c.theirs, c.ours)
        lines.append(f"{rel}: {c.path}: yours {show_value(mine)}, theirs {show_value(other)}")
    return lines
