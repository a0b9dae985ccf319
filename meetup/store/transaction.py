"""All-or-nothing changes of several workspace files, also across a crash.

A change that touches more than one file (a ballot and the voted roll, an election's close,
an import) goes through :func:`apply`, always under the workspace lock:

1. a journal (``.meetup-journal.json`` at the workspace root) names every temporary file,
   its target and every file to delete, in state ``prepared``; it is made durable;
2. every new file is written and fsynced as a temporary beside its target;
3. the journal is rewritten in state ``committed``: the change now happens, whatever comes;
4. the temporaries are renamed onto their targets, the deletions are done;
5. the journal is removed.

A crash leaves the journal behind.  :func:`recover` (run by ``load`` and ``meetup check``,
under the lock) rolls a ``prepared`` journal back (removes its temporaries: nothing of the
change was written) and finishes a ``committed`` one, and says which it did.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

from meetup.store.errors import Problem

JOURNAL_NAME = ".meetup-journal.json"
JOURNAL_FORMAT = 1
TEMP_SUFFIX = ".tmp"
_TEMP_RE = re.compile(r"\A\.(?P<name>.+)\.(?P<txid>[0-9a-f]{12})\.tmp\Z")


class JournalError(Exception):
    """The journal left in the workspace cannot be understood; nothing was touched."""


def temp_name(rel: str, txid: str) -> str:
    """The temporary beside ``rel`` that transaction ``txid`` writes: ``dir/.name.txid.tmp``."""
    head, _, name = rel.rpartition("/")
    temp = f".{name}.{txid}{TEMP_SUFFIX}"
    return f"{head}/{temp}" if head else temp


def apply(root: Path, writes: list[tuple[str, bytes]], deletes: list[str]) -> None:
    """Write ``writes`` and remove ``deletes`` all together (see the module docstring).

    The caller holds the workspace lock and has checked every file (stale, broken, inside
    the workspace).  Before the ``committed`` journal is durable any failure removes the
    temporaries and leaves every file as it was; after it, the change is finished here or,
    after a crash, by :func:`recover`.
    """
    from meetup.store.durable import ensure_dir, fsync_dir, write_temp

    txid = os.urandom(6).hex()
    journal: dict[str, object] = {
        "meetup-journal": JOURNAL_FORMAT,
        "state": "prepared",
        "writes": [{"target": rel, "temp": temp_name(rel, txid)} for rel, _ in writes],
        "deletes": list(deletes),
    }
    _write_journal(root, journal)
    temps: list[Path] = []
    try:
        dirs: set[Path] = set()
        for rel, data in writes:
            target = root / rel
            ensure_dir(root, target.parent)
            temp = root / temp_name(rel, txid)
            write_temp(temp, data, like=target)
            temps.append(temp)
            dirs.add(target.parent)
        for folder in dirs:
            fsync_dir(folder)
        journal["state"] = "committed"
        _write_journal(root, journal)
    except BaseException:
        for temp in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        with contextlib.suppress(OSError):
            os.unlink(root / JOURNAL_NAME)
        raise
    _finish(root, journal)


def _write_journal(root: Path, journal: dict[str, object]) -> None:
    from meetup.store.durable import atomic_write

    text = json.dumps(journal, indent=1, sort_keys=True) + "\n"
    atomic_write(root / JOURNAL_NAME, text.encode("utf-8"))


def _finish(root: Path, journal: dict[str, object]) -> None:
    """Roll a committed journal forward: rename what is still a temporary, delete, clean up."""
    from meetup.store.durable import fsync_dir

    dirs: set[Path] = {root}
    for entry in _writes(journal):
        temp, target = root / entry["temp"], root / entry["target"]
        if os.path.lexists(temp):
            os.replace(temp, target)
        dirs.add(target.parent)
    for rel in _deletes(journal):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(root / rel)
        dirs.add((root / rel).parent)
    for folder in dirs:
        with contextlib.suppress(FileNotFoundError):
            fsync_dir(folder)
    os.unlink(root / JOURNAL_NAME)
    fsync_dir(root)


def _rollback(root: Path, journal: dict[str, object]) -> None:
    from meetup.store.durable import fsync_dir

    for entry in _writes(journal):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(root / entry["temp"])
    os.unlink(root / JOURNAL_NAME)
    fsync_dir(root)


def _writes(journal: dict[str, object]) -> list[dict[str, str]]:
    return journal["writes"]  # type: ignore[return-value]


def _deletes(journal: dict[str, object]) -> list[str]:
    return journal["deletes"]  # type: ignore[return-value]


def pending(root: Path) -> bool:
    """Whether a journal is waiting (cheap: one lstat)."""
    return os.path.lexists(root / JOURNAL_NAME)


def recover(root: Path) -> list[Problem]:
    """Finish or roll back a journal left by a crash; a notice saying which, or a problem.

    The caller holds the workspace lock.  Returns ``[]`` when there was no journal.
    """
    path = root / JOURNAL_NAME
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        return [_journal_problem(f"cannot read the journal of an interrupted change: {exc}")]
    try:
        journal = read_journal(raw)
    except JournalError as exc:
        return [_journal_problem(f"{exc}; no file was touched: remove it by hand if unsure")]
    files = [e["target"] for e in _writes(journal)] + _deletes(journal)
    listed = _listing(files)
    try:
        if journal["state"] == "committed":
            _finish(root, journal)
            message = f"finished a change interrupted by a crash: {listed} now hold the new version"
        else:
            _rollback(root, journal)
            message = (
                "rolled back a change interrupted by a crash before it was complete: "
                f"{listed} were left as they were"
            )
    except OSError as exc:
        return [_journal_problem(f"cannot finish the change interrupted by a crash: {exc}")]
    return [Problem(JOURNAL_NAME, 1, 1, "", message, kind="repair")]


def _listing(files: Iterable[str]) -> str:
    files = list(files)
    shown = ", ".join(files[:6])
    if len(files) > 6:
        shown += f" and {len(files) - 6} more"
    return shown


def _journal_problem(message: str) -> Problem:
    return Problem(JOURNAL_NAME, 1, 1, "", message, kind="io")


def read_journal(raw: bytes) -> dict[str, object]:
    """Parse and check a journal: every path relative, inside the workspace, temps well named.

    A journal is only ever written by :func:`apply`; one that looks otherwise (edited by
    hand, or committed to git by mistake) is refused rather than obeyed.
    """
    try:
        journal = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise JournalError(f"{JOURNAL_NAME} is not a valid journal") from None
    if not isinstance(journal, dict) or journal.get("meetup-journal") != JOURNAL_FORMAT:
        raise JournalError(f"{JOURNAL_NAME} is not a journal this meetup understands")
    if journal.get("state") not in ("prepared", "committed"):
        raise JournalError(f"{JOURNAL_NAME} has no valid state")
    writes, deletes = journal.get("writes"), journal.get("deletes")
    if not isinstance(writes, list) or not isinstance(deletes, list):
        raise JournalError(f"{JOURNAL_NAME} lists no files")
    for entry in writes:
        if not isinstance(entry, dict):
            raise JournalError(f"{JOURNAL_NAME} has a malformed entry")
        target, temp = entry.get("target"), entry.get("temp")
        if not _safe_rel(target) or not _safe_rel(temp):
            raise JournalError(f"{JOURNAL_NAME} names a path outside the workspace")
        assert isinstance(target, str) and isinstance(temp, str)
        match = _TEMP_RE.match(temp.rpartition("/")[2])
        if (
            match is None
            or match.group("name") != target.rpartition("/")[2]
            or temp.rpartition("/")[0] != target.rpartition("/")[0]
        ):
            raise JournalError(f"{JOURNAL_NAME} names a temporary file it did not write")
    if not all(_safe_rel(rel) for rel in deletes):
        raise JournalError(f"{JOURNAL_NAME} names a path outside the workspace")
    return journal


def _safe_rel(rel: object) -> bool:
    if not isinstance(rel, str) or not rel or rel.startswith("/") or "\\" in rel:
        return False
    parts = rel.split("/")
    return all(p not in ("", ".", "..") and "\0" not in p for p in parts)


_LEFTOVER_RE = re.compile(r"\A\..+\.tmp\Z")


def sweep(root: Path) -> list[Problem]:
    """Remove temporary files an interrupted save left behind; a notice naming them.

    The caller holds the workspace lock (every writer holds it while its temporaries
    exist, so whatever is found now is left over) and has run :func:`recover` first.
    Symbolic links are not followed and ``.git`` is not entered.
    """
    removed: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git" and not os.path.islink(os.path.join(folder, d))]
        for name in files:
            if _LEFTOVER_RE.match(name):
                path = os.path.join(folder, name)
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
                    removed.append(os.path.relpath(path, root).replace(os.sep, "/"))
    if not removed:
        return []
    return [
        Problem(
            removed[0],
            1,
            1,
            "",
            f"removed {len(removed)} temporary file(s) left by an interrupted save: "
            + _listing(sorted(removed)),
            kind="repair",
        )
    ]
