"""Settling a sync stopped on a conflict: both sides of a file, picking one, what is left.

Words used with the user: **local** (``--ours``) is the change made here, **remote**
(``--theirs``) is the version already pushed by someone else.  (Inside a rebase git calls
them the other way round: stage 3 is the local commit being replayed, stage 2 upstream.)
Records are settled field by field by meetup.sharing.conflicts.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from meetup.sharing.gitcmd import SyncError, _prefix, git, is_repo, rebasing
from meetup.sharing.sync_status import status
from meetup.store import tomlio
from meetup.store.errors import WorkspaceError

Side = Literal["ours", "theirs", "edited"]


@dataclass(frozen=True)
class ConflictSides:
    """Both versions of a conflicted file, and what is in the working tree now."""

    path: str
    local: str | None
    """Ours: the change made here (None: deleted here)."""
    remote: str | None
    """Theirs: the version already pushed (None: deleted there)."""
    working: str


def conflict_sides(root: Path, path: str) -> ConflictSides:
    root = Path(root)
    repo_path = _conflicted_path(root, path)

    def stage(number: int) -> str | None:
        try:
            return git(root, "show", f":{number}:{repo_path}")
        except SyncError:
            return None

    try:
        working = (root / path).read_text("utf-8", "replace")
    except OSError:
        working = ""
    numbers = stage_numbers(root)
    return ConflictSides(path, stage(numbers["ours"]), stage(numbers["theirs"]), working)


def stage_numbers(root: Path) -> dict[str, int]:
    """git index stage of yours and theirs: a rebase replays yours as stage 3."""
    return {"ours": 3, "theirs": 2} if rebasing(root) else {"ours": 2, "theirs": 3}


def _conflicted_path(root: Path, path: str) -> str:
    """``path`` (workspace-relative) as a repo path, refused unless it is in conflict."""
    if path not in status(root).conflicted:
        raise SyncError(f"{path} is not in conflict")
    return _prefix(root) + path


def field_report(root: Path, paths: tuple[str, ...] | None = None) -> list[str]:
    """Per-field lines for the conflicted ``paths`` (default: every conflicted file of the
    workspace); empty when none, or when they cannot be worked out."""
    from meetup.sharing import conflicts

    root = Path(root)
    if paths is None:
        if not is_repo(root):
            return []
        paths = status(root).conflicted
    try:
        return conflicts.report(root, paths)
    except (SyncError, OSError, subprocess.CalledProcessError):
        return []


def resolve(root: Path, path: str, side: Side, field_path: str | None = None) -> list[str]:
    """Settle a conflicted file: yours, theirs, or the file as edited; returns the fields of
    it still in conflict (empty when the file is settled).

    For a record, ``ours``/``theirs`` keep everything that merged and take that side only
    for the conflicting fields (or only for ``field_path``).
    """
    from meetup.sharing import conflicts
    from meetup.store.files import atomic_write

    root = Path(root)
    sides = conflict_sides(root, path)
    target = root / path
    if side == "edited":
        if field_path:
            raise SyncError("--edited settles the whole file; --field goes with --ours/--theirs")
        try:
            raw = target.read_bytes()
            tomlio.parse(raw, path)
        except OSError as exc:
            raise SyncError(f"{path}: cannot read: {exc}") from None
        except WorkspaceError as exc:
            raise SyncError(f"{path} is not resolved yet: {exc}") from None
        _check_record(raw, path)
        git(root, "add", "--", path)
        conflicts.forget(root, path)
        return []
    found = conflicts.record_conflict(root, path)
    if found is not None:
        return conflicts.settle(root, found, side, field_path)
    if field_path:
        raise SyncError(
            f"{path} cannot be settled by field (one side deleted it, or it "
            "is not a record): choose the whole file"
        )
    chosen = sides.local if side == "ours" else sides.remote
    if chosen is None:
        git(root, "rm", "--quiet", "--", path)
        return []
    atomic_write(target, chosen.encode("utf-8"))
    git(root, "add", "--", path)
    return []


def _check_record(raw: bytes, path: str) -> None:
    """An edited record must validate before it is accepted as the resolution."""
    from meetup.sharing.merge import NotARecord, read_record, record_type
    from meetup.store.errors import InvalidInput
    from meetup.store.workspace import validate

    kind = record_type(path)
    if kind is None:
        return
    try:
        validate(read_record(raw, path, kind))
    except (NotARecord, InvalidInput) as exc:
        raise SyncError(f"{path} is not a valid record yet: {exc}") from None
