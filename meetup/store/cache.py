"""A cache of parsed records, kept outside the workspace: each file's record by its bytes.

A full load (``check``, ``sync``, every command that reads everything) spends most of its
time parsing TOML.  The cache keeps, for each file read, the BLAKE2 digest of its bytes and
the record they gave; the next load reads every file as before (the store keeps its own
digest of what it read, so stale-write checks never rely on the cache), and a file whose
bytes have the same digest is decoded from the cache instead of parsed.  Any change to a
file's bytes, to the code that reads records or to the libraries it uses misses; a cache
that cannot be read is ignored, one that cannot be written is not written.  Records from
the cache are validated by their type as a file's are (lengths, patterns, dates);
cross-references are checked on every load.

Where: a folder per workspace in the user's cache folder (``$MEETUP_CACHE_DIR``, an
absolute path, to choose another; ``off`` for none), outside the workspace so nothing of
it reaches git; in it a shard per folder of records a load lists.  Folders are the user's
own (0700, not a link, owned by them) or not used; workspace folders not used for
:data:`KEEP_DAYS` are swept.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any

import msgspec

from meetup.store.fields import SCHEMA_VERSION
from meetup.store.files import read_regular

ENV_CACHE = "MEETUP_CACHE_DIR"
KEEP_DAYS = 30
"""A workspace's cache folder unused this long is removed (by any full load)."""
MAX_SHARD = 256 * 1024 * 1024
"""A shard file larger than this is not read (none is: the largest workspace's are ~2 MB)."""

_SHARD = re.compile(r"[0-9a-f]{24}\.json")
_TEMPORARY = ".shard-"


@functools.lru_cache(maxsize=1)
def code_key() -> str:
    """What a cache file must have been written by: this schema, this Python, these
    libraries and these modules of the reading code (their size and time: an edit in a
    checkout or an upgrade misses the whole cache)."""
    import tomli

    from meetup import __version__

    here = Path(__file__).resolve().parent
    parts = [f"meetup {__version__}", f"schema {SCHEMA_VERSION}", f"msgspec {msgspec.__version__}"]
    parts.append(f"python {sys.version_info.major}.{sys.version_info.minor}")
    parts.append(f"tomli {getattr(tomli, '__version__', '?')}")
    for name in ("cache", "fields", "records", "election_records", "tomlio", "table", "migrate"):
        try:
            info = os.stat(here / f"{name}.py")
        except OSError:
            continue
        parts.append(f"{name} {info.st_size} {info.st_mtime_ns}")
    return "; ".join(parts)


class _File(msgspec.Struct):
    format: str
    files: dict[str, tuple[str, msgspec.Raw]]
    """rel -> (key of the file's bytes, the record as JSON, decoded when asked)."""


def cache_folder() -> Path | None:
    """Where caches live: ``$MEETUP_CACHE_DIR``, else the user's cache folder; None when
    off, relative or not to be found (no home folder)."""
    chosen = os.environ.get(ENV_CACHE)
    if chosen is not None:
        if chosen.strip().lower() in ("", "off", "0", "no"):
            return None
        folder = Path(chosen)
    else:
        try:
            from platformdirs import user_cache_path

            folder = user_cache_path("meetup", appauthor=False) / "records"
        except Exception:  # no home folder to be found (a container's uid): no cache
            return None
    return folder if folder.is_absolute() else None


def content_key(raw: bytes) -> str:
    """The cache's key of a file's bytes (BLAKE2b, 128 bits)."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _own_folder(folder: Path) -> bool:
    """Create ``folder`` (0700) if needed; whether it is a real folder of this user's."""
    try:
        info = os.lstat(folder)
    except FileNotFoundError:
        try:
            folder.mkdir(mode=0o700, parents=True)
            info = os.lstat(folder)
        except OSError:  # made by another load meanwhile: looked at once more
            try:
                info = os.lstat(folder)
            except OSError:
                return False
    except OSError:
        return False
    owner = getattr(os, "geteuid", None)
    return stat.S_ISDIR(info.st_mode) and (owner is None or info.st_uid == owner())


class RecordCache:
    """One workspace's cache: a folder of shards, one per folder of records a load lists
    (a meetup's topics, the projects ...), so a load holds one shard's text at a time and
    a change rewrites only its own shard."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._used: set[str] = set()
        self._checked = False

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

    def _usable(self) -> bool:
        if self.folder is not None and not self._checked:
            self._checked = True
            if not (_own_folder(self.folder.parent) and _own_folder(self.folder)):
                self.folder = None  # someone else's, or a link: not used
        return self.folder is not None

    def shard(self, key: str) -> Shard:
        """The shard of the records listed as ``key`` (a kind and its outer ids)."""
        if not self._usable():
            return Shard(None)
        assert self.folder is not None
        name = hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest() + ".json"
        self._used.add(name)
        return Shard(self.folder / name)

    def prune(self) -> None:
        """After a whole load: remove this workspace's shards it did not use (folders of
        records no longer there), and the cache folders of workspaces unused for
        :data:`KEEP_DAYS`."""
        if not self._usable():
            return
        assert self.folder is not None
        try:  # used now (what the sweep of old folders goes by); file ages are measured
            os.utime(self.folder)  # by the file system's clock, not meetup's (MEETUP_NOW)
            now = os.stat(self.folder).st_mtime
        except OSError:
            return
        _remove_shards(self.folder, keep=self._used, now=now)
        with contextlib.suppress(OSError), os.scandir(self.folder.parent) as entries:
            for entry in entries:
                if entry.name == self.folder.name or not entry.is_dir(follow_symlinks=False):
                    continue
                with contextlib.suppress(OSError):
                    if now - entry.stat(follow_symlinks=False).st_mtime > KEEP_DAYS * 86400:
                        _remove_shards(Path(entry.path), keep=set(), now=now)
                        os.rmdir(entry.path)  # only when nothing else is in it


def _remove_shards(folder: Path, *, keep: set[str], now: float) -> None:
    """Remove the shard files of ``folder`` not in ``keep``, and temporaries of writes
    that stopped over an hour ago; nothing else (not links, not other files)."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if not entry.is_file(follow_symlinks=False) or name in keep:
                continue
            with contextlib.suppress(OSError):
                if _SHARD.fullmatch(name) or (
                    name.startswith(_TEMPORARY)
                    and now - entry.stat(follow_symlinks=False).st_mtime > 3600
                ):
                    os.unlink(entry.path)


class Shard:
    """The records of one folder's files at the last load, by file and key of bytes."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._old: dict[str, tuple[str, msgspec.Raw]] = {}
        self._new: dict[str, tuple[str, msgspec.Raw]] = {}
        self._changed = False
        if path is not None:
            raw = read_regular(os.fspath(path), MAX_SHARD) or b""
            try:
                cached = msgspec.json.decode(raw, type=_File) if raw else None
            except Exception:  # anything unreadable (nesting, memory ...): not used
                cached = None
            if cached is not None and cached.format == code_key():
                self._old = cached.files

    def get(self, rel: str, raw: bytes, kind: type) -> Any:
        """The record the bytes ``raw`` of ``rel`` gave, or None (not cached, or changed)."""
        found = self._old.get(rel)
        if found is None:
            return None
        key = content_key(raw)
        if found[0] != key:
            self._key = key  # for put(), right after
            return None
        try:
            record = _decoder(kind).decode(found[1])
        except Exception:  # an entry that does not validate (or worse): the file is parsed
            self._key = key
            return None
        self._new[rel] = found
        return record

    _key = ""

    def put(self, rel: str, raw: bytes, record: Any) -> None:
        """Remember the record just parsed from ``raw`` (after :meth:`get` missed it)."""
        if self.path is None:
            return
        key, self._key = self._key or content_key(raw), ""
        try:
            self._new[rel] = (key, msgspec.Raw(msgspec.json.encode(record)))
        except (TypeError, ValueError, OverflowError):  # a value JSON cannot hold: not kept
            return
        self._changed = True

    def save(self) -> None:
        """Write what this load used, if it differs from the file (errors ignored).

        Not :func:`meetup.store.durable.atomic_write`: a cache needs no fsync (a torn
        shard is ignored) and its files are private (0600, from ``mkstemp``).
        """
        if self.path is None or not (self._changed or self._new.keys() != self._old.keys()):
            return
        import tempfile  # only a load that parsed something writes

        with contextlib.suppress(OSError, ValueError, TypeError):
            data = msgspec.json.encode(_File(code_key(), self._new))
            handle, temporary = tempfile.mkstemp(prefix=_TEMPORARY, dir=self.path.parent)
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
