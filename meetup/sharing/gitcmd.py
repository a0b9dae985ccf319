"""Running git for sharing: one place that calls it (no shell, never prompting)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_TIMEOUT = 120.0


class SyncError(Exception):
    """git could not do what sync needs; the message says what to do."""


NOT_A_REPO = (
    "This workspace is not a git repository: `git init` it and add a remote "
    "(`git remote add origin URL`) to sync"
)


def git(root: Path, *args: str, check: bool = True, timeout: float = GIT_TIMEOUT) -> str:
    """Run git in ``root`` with explicit args (no shell), never prompting; stdout."""
    env = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_EDITOR": "true",
        "GIT_MERGE_AUTOEDIT": "no",
        "LC_ALL": "C",
    }
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=root,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise SyncError(f"git {args[0]} gave no answer within {timeout:g} s") from None
    except FileNotFoundError:
        raise SyncError("git is not installed (or not on PATH)") from None
    if check and done.returncode != 0:
        if "not a git repository" in done.stderr:
            raise SyncError(NOT_A_REPO)
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SyncError(f"git {' '.join(args[:2])} failed: {' / '.join(detail[-3:])}")
    return done.stdout


def _ok(root: Path, *args: str) -> bool:
    try:
        git(root, *args)
    except SyncError:
        return False
    return True


def _prefix(root: Path) -> str:
    """The workspace's path inside its repository (``""`` at the top, else ``dir/``)."""
    return git(root, "rev-parse", "--show-prefix").strip()


def is_repo(root: Path) -> bool:
    return Path(root).is_dir() and _ok(root, "rev-parse", "--is-inside-work-tree")


def rebasing(root: Path) -> bool:
    """Whether a sync stopped in a rebase (False outside a git repository)."""
    if not is_repo(root):
        return False
    for name in ("rebase-merge", "rebase-apply"):
        path = git(root, "rev-parse", "--git-path", name).strip()
        if (Path(root) / path).exists():
            return True
    return False
