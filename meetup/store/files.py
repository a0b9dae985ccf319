"""The workspace files on disk: atomic writes under a lock, never clobbering.

The store remembers a digest of every file as it was read.  A write first takes the
workspace lock, then compares the file on disk with that digest: if someone else (another
meetup, an editor, ``git pull``) changed it meanwhile, the write is refused with
:class:`StaleWriteError` and nothing is overwritten.  Files that failed to parse or
validate are remembered as broken and are never rewritten.

A change of several files is all-or-nothing (:mod:`meetup.store.transaction`): between
:meth:`Store.begin` and :meth:`Store.commit` writes and deletions are collected, then
checked together and applied through a journal.  A rewrite keeps the file's permission
bits (a new file gets 0666 minus the umask); nothing is read or written through a symbolic
link that leads outside the workspace, and special files (FIFOs, devices) are never opened.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from meetup.store.durable import atomic_write, fsync_dir
from meetup.store.errors import BrokenFileError, Problem, StaleWriteError, StoreIOError

LOCK_NAME = ".meetup.lock"
Digest = tuple[int, int] | str
ABSENT: Digest = "absent"
"""Digest recorded for a file we know does not exist."""
__all__ = ["atomic_write"]  # re-exported: writers outside the store use it from here
DELETE = None
"""The data of a pending change that removes the file."""


def digest(raw: bytes) -> Digest:
    """A fingerprint of a file's bytes, compared only within this process.

    The length and Python's own 64-bit hash of the bytes: no hashlib import at start-up
    (it loads OpenSSL), and a chance collision is about 2**-64 per changed file.
    """
    return (len(raw), hash(raw))


class UnsafePathError(OSError):
    """A workspace path that is never read or written through: a link leading outside the
    workspace, or a special file (FIFO, device, socket) where a record should be."""

    def __init__(self, rel: str, reason: str) -> None:
        super().__init__(errno.EPERM, reason, rel)

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


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


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(os.path.join(root, ""))


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
        self._seen: dict[str, Digest] = {}
        self._broken: dict[str, Problem] = {}
        self._real_root: str | None = None
        self._safe_dirs: set[str] = set()
        self._pending: dict[str, bytes | None] | None = None
        """Writes (bytes) and deletions (None) of the open transaction, in order."""
        self.recorder: Callable[[str, bytes | None, bytes | None], None] | None = None
        """Told ``(rel, before, after)`` of every file a write changes (None = absent):
        the undo history (:mod:`meetup.store.history`) listens here."""

    def path(self, rel: str) -> Path:
        return self.root / rel

    def full(self, rel: str) -> str:
        """``rel``'s path as a string (no pathlib: a load joins thousands)."""
        return self._prefix + rel

    # ------------------------------------------------------------ where files really are

    def real_root(self) -> str:
        if self._real_root is None:
            self._real_root = os.path.realpath(self.root)
        return self._real_root

    def _outside(self, rel: str, real: str) -> UnsafePathError:
        return UnsafePathError(
            rel,
            f"leads outside the workspace through a symbolic link (to {real}); "
            "it is neither read nor written through",
        )

    def _check_dir(self, head: str) -> None:
        """Refuse a folder (or a folder above it) that is a link leading outside.

        One ``lstat`` per folder, remembered for the store's life: a link found on the way
        is resolved and must stay inside the workspace.  A missing folder raises
        FileNotFoundError (the file under it is absent).
        """
        if head in self._safe_dirs:
            return
        parent = head.rpartition("/")[0]
        if parent != head:
            self._check_dir(parent)
        if head:
            path = self._prefix + head
            if stat.S_ISLNK(os.lstat(path).st_mode):
                real = os.path.realpath(path)
                if not _inside(real, self.real_root()):
                    raise self._outside(head, real)
        self._safe_dirs.add(head)

    def _check_readable(self, rel: str) -> None:
        """Refuse a link out of the workspace or a special file before opening ``rel``."""
        self._check_dir(rel.rpartition("/")[0])
        path = self._prefix + rel
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            real = os.path.realpath(path)
            if not _inside(real, self.real_root()):
                raise self._outside(rel, real)
            info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise _special(rel, info.st_mode)

    def target(self, rel: str) -> str:
        """Where writing ``rel`` really goes, relative to the real root (links inside the
        workspace are written through); refuses a way out of the workspace or a special file.
        """
        real = os.path.realpath(self._prefix + rel)
        root = self.real_root()
        if not _inside(real, root) or real == root:
            raise self._outside(rel, real)
        with contextlib.suppress(FileNotFoundError):
            mode = os.stat(real).st_mode
            if not stat.S_ISREG(mode):
                raise _special(rel, mode)
        return os.path.relpath(real, root).replace(os.sep, "/")

    # ------------------------------------------------------------------------ reading

    def read(self, rel: str, *, listed: bool = False) -> bytes:
        """Read a file and remember its digest for later stale-write checks.

        Inside a transaction a file it writes reads as its new bytes.  ``listed``: the
        caller has just seen ``rel`` as a regular file (not a link) in its folder's
        listing, so the ``lstat`` before opening is skipped; the open itself still refuses
        to follow a link (``O_NOFOLLOW``: a file swapped for one since is checked whole)
        and anything that is not a regular file once open.
        """
        if self._pending is not None and rel in self._pending:
            data = self._pending[rel]
            if data is None:
                raise FileNotFoundError(errno.ENOENT, "deleted in this change", rel)
            return data
        fd = -1
        if listed and _NOFOLLOW:
            self._check_dir(rel.rpartition("/")[0])
            try:
                fd = os.open(self._prefix + rel, _OPEN_LISTED)
            except OSError as exc:
                if exc.errno not in _IS_LINK:  # now a link: checked whole below
                    raise
        if fd < 0:
            self._check_readable(rel)
            fd = os.open(self._prefix + rel, _OPEN)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):  # swapped since the check
                raise _special(rel, info.st_mode)
            size = info.st_size
            raw = os.read(fd, size + 1)
            if len(raw) > size:  # it grew since
                raw = _read_rest(fd, raw)
        finally:
            os.close(fd)
        self._seen[rel] = (len(raw), hash(raw))  # digest(raw), inline: once per file read
        return raw

    def remember_absent(self, rel: str) -> None:
        self._seen[rel] = ABSENT

    def mark_broken(self, problem: Problem) -> None:
        self._broken[problem.file] = problem

    def forget_broken(self, rel: str) -> None:
        if self._broken:
            self._broken.pop(rel, None)

    def is_broken(self, rel: str) -> bool:
        return rel in self._broken

    def changed_on_disk(self, rel: str) -> bool:
        """Whether the file differs from what we last read or wrote."""
        return self._current_digest(rel) != self._seen.get(rel, ABSENT)

    def _current_digest(self, rel: str) -> Digest:
        raw = self.current_bytes(rel)
        return ABSENT if raw is None else digest(raw)

    def current_bytes(self, rel: str) -> bytes | None:
        """The bytes of ``rel`` on disk now (None when absent), without remembering them."""
        try:
            self._check_readable(rel)
            with open(self._prefix + rel, "rb") as handle:
                return handle.read()
        except FileNotFoundError:
            return None

    # ------------------------------------------------------------------------ writing

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

    @property
    def in_transaction(self) -> bool:
        return self._pending is not None

    def begin(self) -> None:
        """Collect writes and deletions from now on; :meth:`commit` applies them together."""
        if self._pending is not None:
            raise RuntimeError("a transaction is already open")
        self._pending = {}

    def abort(self) -> None:
        """Forget the collected changes; nothing was written."""
        self._pending = None

    def commit(self) -> None:
        """Apply the collected changes all together (or none, on StaleWriteError)."""
        pending, self._pending = self._pending, None
        if pending:
            self.write_all(list(pending.items()))

    def write(self, rel: str, data: bytes) -> bool:
        """Atomically replace ``rel`` with ``data``; False when the bytes were already there.

        Raises StaleWriteError if the file changed on disk since it was read (or was created
        by someone else since we saw it absent), BrokenFileError if it is a broken file,
        UnsafePathError if it leads out of the workspace.  In a transaction the write is
        only collected (the checks of stale files happen at commit).
        """
        if rel in self._broken:
            raise BrokenFileError(self._broken[rel])
        if self._pending is not None:
            with self.os_errors("write", rel):
                self.target(rel)
            previous = self._pending.get(rel)
            self._pending[rel] = data
            if previous is not None:
                return previous != data
            return digest(data) != self._seen.get(rel, ABSENT)
        with self.os_errors("write", rel), self.lock():
            target = self.target(rel)
            before = self.current_bytes(rel)
            current = ABSENT if before is None else digest(before)
            if current != self._seen.get(rel, ABSENT):
                raise StaleWriteError(rel)
            new = digest(data)
            if new == current:
                return False
            atomic_write(Path(self.real_root()) / target, data)
            self._seen[rel] = new
            if self.recorder is not None:
                self.recorder(rel, before, data)
            return True

    def write_all(
        self,
        items: list[tuple[str, bytes | None]],
        *,
        expected: dict[str, bytes | None] | None = None,
    ) -> None:
        """Write (bytes) or delete (None) several files as one all-or-nothing change.

        Every file is checked first (broken, stale, outside the workspace): on an error
        nothing is written.  Files whose bytes are already there are left alone; when more
        than one file changes, the change goes through the journal, so a crash leaves the
        old files or the new ones, never a mix.  With ``expected`` (an undo) a file is
        stale unless its bytes on disk are exactly the expected ones (None = absent),
        whatever this store read before.
        """
        for rel, _ in items:
            if rel in self._broken:
                raise BrokenFileError(self._broken[rel])
        if self._pending is not None and expected is None:
            for rel, data in items:
                with self.os_errors("write", rel):
                    self.target(rel)
                self._pending[rel] = data
            return
        action = "delete" if all(data is None for _, data in items) else "write"
        first = items[0][0] if items else LOCK_NAME
        with self.os_errors(action, first) as where, self.lock():
            changes: list[tuple[str, str, bytes | None, Digest]] = []
            befores: dict[str, bytes | None] = {}
            for rel, data in items:
                where.file = rel
                target = self.target(rel)
                before = befores[rel] = self.current_bytes(rel)
                current = ABSENT if before is None else digest(before)
                if expected is not None:
                    if before != expected.get(rel):
                        raise StaleWriteError(rel)
                elif current != self._seen.get(rel, ABSENT):
                    raise StaleWriteError(rel)
                new = ABSENT if data is None else digest(data)
                if new != current:
                    changes.append((rel, target, data, new))
            root = Path(self.real_root())
            if changes:
                where.file = changes[0][0]
            if len(changes) == 1:
                _, target, data, _ = changes[0]
                if data is None:
                    os.unlink(root / target)
                    fsync_dir((root / target).parent)
                else:
                    atomic_write(root / target, data)
            elif changes:
                from meetup.store import transaction

                transaction.apply(
                    root,
                    [(t, d) for _, t, d, _ in changes if d is not None],
                    [t for _, t, d, _ in changes if d is None],
                )
            for rel, _, _, new in changes:
                self._seen[rel] = new
            if self.recorder is not None:
                for rel, _, data, _ in changes:
                    self.recorder(rel, befores[rel], data)

    def delete(self, rel: str) -> None:
        """Remove ``rel`` unless it changed on disk since it was read."""
        self.write_all([(rel, DELETE)])

    # ------------------------------------------------------------------------ repair

    def recover(self) -> list[Problem]:
        """Finish or roll back a change a crash interrupted; notices of what was done.

        Cheap when there is nothing to do (one lstat); takes the lock only when a journal
        is there, so a change another process is applying right now is waited for, never
        undone.
        """
        from meetup.store import transaction

        if not transaction.pending(self.root):
            return []
        try:
            with self.lock():
                return transaction.recover(self.root)
        except OSError as exc:
            return [
                Problem(
                    transaction.JOURNAL_NAME,
                    1,
                    1,
                    "",
                    f"cannot finish a change interrupted by a crash: {exc}",
                    kind="io",
                )
            ]

    def sweep_temporaries(self) -> list[Problem]:
        """Remove temporary files left by interrupted saves (see transaction.sweep)."""
        from meetup.store import transaction

        try:
            with self.lock():
                return transaction.sweep(self.root)
        except OSError:  # a read-only workspace: nobody could have left anything in it
            return []


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_OPEN = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_OPEN |= getattr(os, "O_BINARY", 0)
"""Non-blocking, so a FIFO swapped in after the check cannot hang the open."""
_OPEN_LISTED = _OPEN | _NOFOLLOW
_IS_LINK = (errno.ELOOP, errno.EMLINK)
"""What an ``O_NOFOLLOW`` open of a link fails with (Linux, macOS: ELOOP; FreeBSD: EMLINK)."""


def read_regular(path: str, limit: int) -> bytes | None:
    """The bytes of the regular file at ``path`` (outside any store), or None for anything
    else: absent, a link, a FIFO or device (opened as :meth:`Store.read` opens a listed
    file: never followed, never blocking), larger than ``limit`` or changing as it is read.
    """
    try:
        fd = os.open(path, _OPEN_LISTED)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        raw = os.read(fd, info.st_size + 1)
        return raw if len(raw) == info.st_size else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _read_rest(fd: int, start: bytes) -> bytes:
    """``start`` and what is left of the file at ``fd``."""
    parts = [start]
    while chunk := os.read(fd, 1 << 16):
        parts.append(chunk)
    return b"".join(parts)


def _special(rel: str, mode: int) -> UnsafePathError:
    kind = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a directory"
        if stat.S_ISDIR(mode)
        else "not a regular file"
    )
    return UnsafePathError(rel, f"is {kind} where a file should be; it is not opened")
