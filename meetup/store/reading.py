"""Reading records through the table: the loader of full and partial loads.

:class:`Reader` reads files of one kind (one record, or every record of a folder), turning a
broken file into a located problem instead of an exception; :class:`OnDemand` is the
dictionary of a partial load, which reads a record the first time it is asked for.
"""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

from meetup.store import table
from meetup.store.errors import Problem, WorkspaceError
from meetup.store.files import Store

if TYPE_CHECKING:  # the cache only for full loads: not imported by the others
    from meetup.store.cache import RecordCache, Shard

V = TypeVar("V")

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
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


class Reader:
    """Reads records of the table for one load; broken files become ``problems``."""

    def __init__(
        self,
        store: Store,
        problems: list[Problem],
        *,
        share: bool = False,
        cache: RecordCache | None = None,
    ) -> None:
        self.store = store
        self.problems = problems
        self.share = share
        """Intern short strings of what is read (:func:`meetup.store.tomlio.shared`)."""
        self.cache = cache
        """Records of files read before with the same bytes (see :mod:`meetup.store.cache`)."""
        self._singles: Shard | None = None
        """The cache's shard of the files :meth:`one` reads."""
        self.files: list[str] = []
        """Every record file this load read (or found absent), in order."""

    def _read(
        self, kind: table.Kind, rel: str, ident: str, shard: Shard | None, listed: bool = False
    ) -> Any:
        """:func:`table.read`, through the cache's shard when there is one."""
        if shard is None:
            return table.read(self.store, kind, rel, ident, share=self.share, listed=listed)
        raw = table.read_bytes(self.store, rel, listed=listed)
        if raw is None:
            return None
        record = shard.get(rel, raw, kind.record)
        if record is None:
            record = table.accept(self.store, kind, rel, raw, ident, share=self.share)
            shard.put(rel, raw, record)
        else:
            self.store.forget_broken(rel)
        return record

    def finish(self, *, whole: bool) -> None:
        """Write the cache's shard of the files :meth:`one` read (:meth:`many` writes
        each listing's own); ``whole``: every kind was read through the cache, so the
        shards not used now are of folders no longer there, and go."""
        if self.cache is not None:
            if self._singles is not None:
                self._singles.save()
            if whole:
                self.cache.prune()

    def one(self, kind: table.Kind, *ids: str) -> Any:
        """The record of ``kind`` with ``ids``; None if absent or broken."""
        rel = kind.path(*ids)
        self.files.append(rel)
        if self.cache is not None and self._singles is None:
            self._singles = self.cache.shard("files")
        try:
            record = self._read(kind, rel, ids[-1] if ids else "", self._singles)
        except WorkspaceError as exc:
            self.problems.append(exc.problem)
            return None
        if record is None and not kind.optional:
            self.problems.append(Problem(rel, 1, 0, "", "file is missing", kind="io"))
        return record

    def many(self, kind: table.Kind, *outer: str) -> Iterator[tuple[str, Any]]:
        """``(id, record)`` of every readable file of ``kind`` under the outer ids."""
        shard = None if self.cache is None else self.cache.shard("/".join((kind.name, *outer)))
        for ident, rel, listed in kind.listing(self.store, *outer):
            self.files.append(rel)
            try:
                record = self._read(kind, rel, ident, shard, listed)
            except WorkspaceError as exc:
                self.problems.append(exc.problem)
                continue
            if record is not None:
                yield ident, record
        if shard is not None:
            shard.save()

    def headers(
        self, kind: table.Kind, cut: Callable[[bytes], bytes | None], cut_files: set[str]
    ) -> Iterator[tuple[str, Any]]:
        """``(id, record)`` of every readable record of ``kind``, each read from what
        ``cut`` leaves of its file (what the dashboard shows); a file ``cut`` cannot
        shorten, or whose shortened text does not parse, is read whole.  The files read
        shortened are added to ``cut_files``: their records are not whole.
        """
        named = kind.named_by_file
        for ident, rel, listed in kind.listing(self.store):
            self.files.append(rel)
            try:
                raw: bytes | None = self.store.read(rel, listed=listed)
            except OSError:
                raw = None  # read again below, for the exact problem
            short = None if raw is None else cut(raw)
            if short is not None:
                try:
                    part = table.decode(short, rel, kind.record, ident if named else "")
                except WorkspaceError:
                    pass  # the whole file says where and what
                else:
                    cut_files.add(rel)
                    yield ident, part
                    continue
            try:
                if raw is None:
                    record = table.read(self.store, kind, rel, ident, share=self.share)
                else:  # nothing to cut, or the cut does not parse: the bytes read, whole
                    record = table.accept(self.store, kind, rel, raw, ident, share=self.share)
            except WorkspaceError as exc:
                self.problems.append(exc.problem)
                continue
            if record is not None:
                yield ident, record


_FIRST_TABLE = re.compile(rb"^\[", re.M)


def before_tables(raw: bytes) -> bytes | None:
    """A record file's top-level keys: its bytes up to its first table header, or None
    when it has none (nothing to leave out).

    TOML puts every top-level key before the first table, so what is cut off is only
    tables (an issue's ``[[log]]`` entries).  A header-like line inside a multi-line
    string leaves that string open: the cut does not parse, and the file is read whole.
    """
    found = _FIRST_TABLE.search(raw)
    return None if found is None else raw[: found.start()]


_ROLL = re.compile(r"^roll[ \t]*=[ \t]*\[", re.M)
_TABLE_HEADER = re.compile(r"^[ \t]*\[", re.M)


def without_roll(raw: bytes) -> bytes | None:
    """An election file's bytes with its top-level ``roll = [...]`` emptied, lines kept.

    None when the roll cannot be cut out safely (no roll, escapes, a roll after a table):
    then the file is read whole.  The roll (thousands of voters) is most of the file and
    of its parse time, and the dashboard needs only the election's header.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    found = _ROLL.search(text)
    if found is None:
        return None
    if _TABLE_HEADER.search(text, 0, found.start()) is not None:  # roll is in a table
        return None
    end = text.find("\n]", found.end())  # tomli-w closes a long array on its own line
    if end < 0:
        return None
    cut = text[found.end() : end + 1]
    if "[" in cut or "{" in cut or "=" in cut:  # not a plain list of strings: read it whole
        return None
    return (text[: found.end()] + "\n" * cut.count("\n") + text[end + 1 :]).encode()


class OnDemand(dict[str, V]):
    """A partial load's records by id: one not read yet is read when it is asked for.

    ``in``, ``[]`` and ``get`` read the record's file on a miss (an absent or broken file is
    remembered as missing, as a full load leaves it out); iterating gives only the records
    read so far.  Only ids that could name a file are looked up.
    """

    def __init__(self, fetch: Callable[[str], V | None]) -> None:
        super().__init__()
        self._fetch = fetch
        self._missing: set[str] = set()

    def _resolve(self, key: object) -> bool:
        if dict.__contains__(self, key):
            return True
        if not isinstance(key, str) or key in self._missing or not _ID.fullmatch(key):
            return False
        value = self._fetch(key)
        if value is None:
            self._missing.add(key)
            return False
        dict.__setitem__(self, key, value)
        return True

    def __contains__(self, key: object) -> bool:
        return self._resolve(key)

    def __getitem__(self, key: str) -> V:
        if self._resolve(key):
            return dict.__getitem__(self, key)
        raise KeyError(key)

    def get(self, key: str, default: Any = None) -> Any:
        return dict.__getitem__(self, key) if self._resolve(key) else default

    def __setitem__(self, key: str, value: V) -> None:
        self._missing.discard(key)
        dict.__setitem__(self, key, value)

    def copy(self) -> OnDemand[V]:
        """A copy that still reads what it has not read yet."""
        twin: OnDemand[V] = OnDemand(self._fetch)
        dict.update(twin, self)
        twin._missing = set(self._missing)
        return twin


def copy_records(records: dict[str, V]) -> dict[str, V]:
    """A shallow copy of a load's records by id, on demand if they were."""
    return records.copy() if isinstance(records, OnDemand) else dict(records)
