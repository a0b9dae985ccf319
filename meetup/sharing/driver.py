"""The git side of the record-aware merge: the ``merge-driver`` entry point and its setup.

``meetup sync`` (and ``meetup init`` inside a git repository) writes ``.gitattributes``
(``*.toml merge=meetup``) into the workspace and sets ``merge.meetup.driver`` in the
clone's own git config, so every ``git pull``, ``git merge`` and ``git rebase`` merges
workspace records by field.  Files that are not records fall back to git's line merge.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from meetup.sharing import merge

ATTRIBUTE = "*.toml merge=meetup"
DRIVER_NAME = "meetup record-aware merge (by field)"
GITIGNORE_LINES = (".meetup.lock", ".*.tmp", "exports/", "*.ics", "*.eml", "*.xml", "*.html")
"""Ignored in a workspace: lock and temp files, and what exports write by default."""


def driver_command() -> str:
    """The command git runs: this very interpreter, so the driver matches this meetup."""
    return f"{shlex.quote(sys.executable)} -m meetup merge-driver %O %A %B %P"


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )


def _ensure_lines(path: Path, lines: tuple[str, ...]) -> bool:
    """Append the missing ``lines`` to a text file; True when the file changed."""
    from meetup.store.files import atomic_write

    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        text = ""
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present]
    if not missing:
        return False
    if text and not text.endswith("\n"):
        text += "\n"
    atomic_write(path, (text + "".join(f"{line}\n" for line in missing)).encode("utf-8"))
    return True


def ensure_gitignore(root: Path) -> bool:
    return _ensure_lines(Path(root) / ".gitignore", GITIGNORE_LINES)


def register(root: Path) -> list[str]:
    """Set up the merge driver for the repository holding ``root`` (idempotent).

    Returns what changed (empty when everything was already in place).
    """
    root = Path(root)
    changed = []
    if _ensure_lines(root / ".gitattributes", (ATTRIBUTE,)):
        changed.append(".gitattributes")
    for key, value in (
        ("merge.meetup.name", DRIVER_NAME),
        ("merge.meetup.driver", driver_command()),
    ):
        current = _git(root, "config", "--local", "--get", key)
        if current.returncode != 0 or current.stdout.rstrip("\n") != value:
            done = _git(root, "config", "--local", key, value)
            if done.returncode != 0:
                raise OSError(f"git config {key} failed: {done.stderr.strip()}")
            changed.append(key)
    return changed


def rebasing_here() -> bool:
    """Whether git is rebasing in the current directory (the driver runs at the top)."""
    for name in ("rebase-merge", "rebase-apply"):
        found = _git(Path.cwd(), "rev-parse", "--git-path", name)
        if found.returncode == 0 and (Path.cwd() / found.stdout.strip()).exists():
            return True
    return False


def _line_merge(base: str, ours: str, theirs: str) -> int:
    """git's own text merge, result into ``ours``; non-zero when conflicts are left."""
    done = subprocess.run(
        ["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", ours, base, theirs],
        capture_output=True,
        stdin=subprocess.DEVNULL,
    )
    return 1 if done.returncode != 0 else 0


def run_driver(base: str, ours: str, theirs: str, repo_path: str) -> int:
    """Merge the three versions git hands over; the result goes into ``ours``.

    Exit 0: merged.  Exit 1: a conflict, the file holds both versions with markers only
    around the fields that conflict (``meetup sync`` then reports them by field).
    """
    from meetup.store.files import atomic_write

    split = merge.split_workspace_path(repo_path)
    if split is None:
        return _line_merge(base, ours, theirs)
    rel = split[1]
    raw_base = Path(base).read_bytes()
    raw_ours, raw_theirs = Path(ours).read_bytes(), Path(theirs).read_bytes()
    try:
        result = merge.merge_bytes(raw_base or None, raw_ours, raw_theirs, rel)
    except merge.NotARecord:
        return _line_merge(base, ours, theirs)
    if result.clean and result.data is not None:
        atomic_write(Path(ours), result.data)
        return 0
    left, right = raw_ours, raw_theirs
    if result.conflicts:
        mine = merge.merge_bytes(raw_base or None, raw_ours, raw_theirs, rel, default="ours")
        other = merge.merge_bytes(raw_base or None, raw_ours, raw_theirs, rel, default="theirs")
        if mine.data is not None and other.data is not None:
            left, right = mine.data, other.data
    if rebasing_here():  # git's "ours" is upstream while a rebase replays the local commit
        left, right = right, left
    atomic_write(Path(ours), merge.conflict_text(left, right))
    return 1


def main(argv: list[str]) -> int:
    if len(argv) != 4:
        print("usage: meetup merge-driver BASE OURS THEIRS PATH", file=sys.stderr)
        return 2
    return run_driver(*argv)
