"""The workspace files on disk: atomic writes under a lock, never clobbering.

The store remembers a digest of every file as it was read.  A write first takes the
workspace lock, then compares the file on disk with that digest: if someone else (another
meetup, an editor, ``git pull``) changed it meanwhile, the write is refused with
:class:`StaleWriteError` and nothing is overwritten.  Files that failed to parse or
validate are remembered as broken and are never rewritten.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from meetup.store.errors import BrokenFileError, Problem, StaleWriteError, StoreIOError

LOCK_NAME = ".meetup.lock"
ABSENT = "absent"
"""Digest recorded for a file we know does not exist."""


def digest(raw: bytes) -> str:
    """A fingerprint of a file's bytes, compared only within this process.

    Python's own 64-bit hash of the bytes plus their length: no hashlib import at start-up
    (it loads OpenSSL), and a chance collision is about 2**-64 per changed file.
    """
    return f"{len(raw)}:{hash(raw):x}"


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    """An exclusive inter-process lock on the workspace (fcntl, or msvcrt on Windows)."""
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if os.name == "nt":  # pragma: no cover - exercised on Windows only
            import msvcrt

            msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # type: ignore[attr-defined,unused-ignore]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if os.name != "nt":
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


class _Where:
    """The file an operation is at, for the message of an OSError."""

    def __init__(self, file: str) -> None:
        self.file = file


class Store:
    """Reads and writes the files of one workspace directory."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._prefix = os.path.join(os.fspath(self.root), "")
        """The root as a string ending in a separator: string joins skip pathlib's cost."""
        self._seen: dict[str, str] = {}
        self._broken: dict[str, Problem] = {}

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> bytes:
        """Read a file and remember its digest for later stale-write checks."""
        with open(self._prefix + rel, "rb") as handle:
            raw = handle.read()
        self._seen[rel] = digest(raw)
        return raw

    def remember_absent(self, rel: str) -> None:
        self._seen[rel] = ABSENT

    def mark_broken(self, problem: Problem) -> None:
        self._broken[problem.file] = problem

    def forget_broken(self, rel: str) -> None:
        self._broken.pop(rel, None)

    def is_broken(self, rel: str) -> bool:
        return rel in self._broken

    def changed_on_disk(self, rel: str) -> bool:
        """Whether the file differs from what we last read or wrote."""
        return self._current_digest(rel) != self._seen.get(rel, ABSENT)

    def _current_digest(self, rel: str) -> str:
        try:
            return digest((self.root / rel).read_bytes())
        except FileNotFoundError:
            return ABSENT

    @contextlib.contextmanager
    def os_errors(self, action: str, rel: str) -> Iterator[_Where]:
        """Turn an OSError (disk full, read-only, permission) into StoreIOError naming the
        workspace file being worked on (``where.file`` may be moved on as work proceeds)."""
        where = _Where(rel)
        try:
            yield where
        except OSError as exc:
            raise StoreIOError(action, where.file, exc) from exc

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with _locked(self.root / LOCK_NAME):
            yield

    def write(self, rel: str, data: bytes) -> bool:
        """Atomically replace ``rel`` with ``data``; False when the bytes were already there.

        Raises StaleWriteError if the file changed on disk since it was read (or was created
        by someone else since we saw it absent), BrokenFileError if it is a broken file.
        """
        if rel in self._broken:
            raise BrokenFileError(self._broken[rel])
        with self.os_errors("write", rel), self.lock():
            current = self._current_digest(rel)
            if current != self._seen.get(rel, ABSENT):
                raise StaleWriteError(rel)
            new = digest(data)
            if new == current:
                return False
            atomic_write(self.root / rel, data)
            self._seen[rel] = new
            return True

    def write_all(self, items: list[tuple[str, bytes]]) -> None:
        """Write several files under one lock, after checking that none is stale or broken.

        Either every file is checked fresh and written, or (on StaleWriteError or
        BrokenFileError) none is; the files are replaced one after the other in the given
        order.
        """
        for rel, _ in items:
            if rel in self._broken:
                raise BrokenFileError(self._broken[rel])
        with self.os_errors("write", items[0][0] if items else LOCK_NAME) as where, self.lock():
            currents = [self._current_digest(rel) for rel, _ in items]
            for (rel, _), current in zip(items, currents):
                if current != self._seen.get(rel, ABSENT):
                    raise StaleWriteError(rel)
            for (rel, data), current in zip(items, currents):
                where.file = rel
                new = digest(data)
                if new != current:
                    atomic_write(self.root / rel, data)
                self._seen[rel] = new

    def delete(self, rel: str) -> None:
        """Remove ``rel`` unless it changed on disk since it was read."""
        if rel in self._broken:
            raise BrokenFileError(self._broken[rel])
        with self.os_errors("delete", rel), self.lock():
            current = self._current_digest(rel)
            if current != self._seen.get(rel, ABSENT):
                raise StaleWriteError(rel)
            if current != ABSENT:
                os.unlink(self.root / rel)
            self._seen[rel] = ABSENT
