"""A cache of parsed records, kept outside the workspace: each file's record by its bytes.

A full load (``check``, ``sync``, every command that reads everything) spends most of its
time parsing TOML.  The cache keeps, for each file read, the BLAKE2 digest of its bytes and
the record they gave; the next load reads every file as before (the store keeps its own
digest of what it read, so stale-write checks never rely on the cache), and a file whose
bytes have the same digest is decoded from the cache instead of parsed.  Any change to a
file's bytes, to meetup's version or to the schema misses; a cache that cannot be read is
ignored, one that cannot be written is not written.  Records from the cache are validated
by their type as a file's are (lengths, patterns, dates); cross-references are checked on
every load.

A folder per workspace in the user's cache folder (``$MEETUP_CACHE_DIR`` to choose
another, ``off`` for none), outside the workspace so nothing of it reaches git; in it a
shard per folder of records.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import msgspec

from meetup import __version__
from meetup.store.fields import SCHEMA_VERSION

ENV_CACHE = "MEETUP_CACHE_DIR"
FORMAT = f"meetup {__version__} schema {SCHEMA_VERSION} cache 1"
"""What a cache file must say it is; any other is ignored (and replaced)."""


class _File(msgspec.Struct):
    format: str
    files: dict[str, tuple[str, msgspec.Raw]]
    """rel -> (digest of the file's bytes, the record as JSON, decoded when asked)."""


def cache_folder() -> Path | None:
    """Where caches live: ``$MEETUP_CACHE_DIR``, else the user's cache folder; None: off."""
    chosen = os.environ.get(ENV_CACHE)
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("meetup", appauthor=False) / "records"


def digest(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


class RecordCache:
    """One workspace's cache: a folder of shards, one per folder of records a load lists
    (a meetup's topics, the projects ...), so a load holds one shard's text at a time and
    a change rewrites only its own shard."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._kept: set[str] = set()

    @classmethod
    def of(cls, root: Path) -> RecordCache:
        """The cache of the workspace at ``root`` (one that keeps nothing when off)."""
        folder = cache_folder()
        if folder is None:
            return cls(None)
        try:
            real = os.path.realpath(root)
        except (OSError, ValueError):
            return cls(None)
        return cls(folder / hashlib.blake2b(os.fsencode(real), digest_size=12).hexdigest())

    def shard(self, key: str) -> Shard:
        """The shard of the records listed as ``key`` (a kind and its outer ids)."""
        if self.folder is None:
            return Shard(None)
        name = hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest() + ".json"
        self._kept.add(name)
        return Shard(self.folder / name)

    def prune(self) -> None:
        """Remove the shards this load did not use (folders of records no longer there)."""
        if self.folder is None:
            return
        with contextlib.suppress(OSError), os.scandir(self.folder) as entries:
            for entry in entries:
                if entry.name not in self._kept:
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)


class Shard:
    """The records of one folder's files at the last load, by file and digest of bytes."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[str, tuple[str, msgspec.Raw]] = {}
        self._new: dict[str, tuple[str, msgspec.Raw]] = {}
        self._changed = False
        if path is not None:
            with contextlib.suppress(OSError, msgspec.DecodeError, ValueError):
                cached = msgspec.json.decode(path.read_bytes(), type=_File)
                if cached.format == FORMAT:
                    self._old = cached.files

    def get(self, rel: str, raw: bytes, kind: type) -> Any:
        """The record the bytes ``raw`` of ``rel`` gave, or None (not cached, or changed)."""
        found = self._old.get(rel)
        if found is None or found[0] != digest(raw):
            return None
        try:
            record = _decoder(kind).decode(found[1])
        except (msgspec.DecodeError, ValueError, TypeError, RecursionError):
            return None  # an entry that does not validate: the file is parsed
        self._new[rel] = found
        return record

    def put(self, rel: str, raw: bytes, record: Any) -> None:
        """Remember the record just parsed from ``raw``."""
        if self.path is None:
            return
        try:
            self._new[rel] = (digest(raw), msgspec.Raw(msgspec.json.encode(record)))
        except (TypeError, ValueError, OverflowError):  # a value JSON cannot hold: not kept
            return
        self._changed = True

    def save(self) -> None:
        """Write what this load used, if it differs from the file (errors ignored)."""
        if self.path is None or not (self._changed or self._new.keys() != self._old.keys()):
            return
        data = msgspec.json.encode(_File(FORMAT, self._new))
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".shard-", dir=self.path.parent)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, self.path)  # readers see the old file or the new one
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise


_DECODERS: dict[type, msgspec.json.Decoder[Any]] = {}


def _decoder(kind: type) -> msgspec.json.Decoder[Any]:
    found = _DECODERS.get(kind)
    if found is None:
        found = _DECODERS[kind] = msgspec.json.Decoder(kind)
    return found
