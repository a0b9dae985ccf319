"""Durable file operations: temporaries that keep a file's mode, atomic replacement, fsync.

The building blocks of :mod:`meetup.store.files` and :mod:`meetup.store.transaction`.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path


def fsync_dir(folder: Path) -> None:
    """Make the entries of ``folder`` (a rename, a new file) durable."""
    if os.name == "nt":  # pragma: no cover - directories cannot be opened on Windows
        return
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def ensure_dir(root: Path, folder: Path) -> None:
    """Create ``folder`` (under ``root``) and its missing parents, durably."""
    if folder.is_dir():
        return
    missing = []
    while not folder.exists() and folder != root and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        with contextlib.suppress(FileExistsError):
            path.mkdir()
        fsync_dir(path.parent)


def write_temp(temp: Path, data: bytes, *, like: Path) -> None:
    """Write and fsync ``data`` as the new file ``temp``, with the permissions of ``like``.

    ``like`` is the file the temporary will replace: its permission bits (and, where we
    may, its owner and group) are kept; when it does not exist the new file gets
    0666 minus the umask, as an editor would make it.
    """
    try:
        old = os.stat(like)
    except FileNotFoundError:
        old = None
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
    try:
        if old is not None and os.name != "nt":
            if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(OSError):
                    os.fchown(fd, old.st_uid, old.st_gid)
            os.fchmod(fd, stat.S_IMODE(old.st_mode))
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    os.close(fd)


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old or the new file, never half.

    The file keeps its permission bits; a new one gets 0666 minus the umask.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(100):
        temp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
        try:
            write_temp(temp, data, like=path)
            break
        except FileExistsError:
            continue
    else:  # pragma: no cover - 100 collisions of 32 random bits
        raise FileExistsError(f"cannot create a temporary file beside {path}")
    try:
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    fsync_dir(path.parent)
