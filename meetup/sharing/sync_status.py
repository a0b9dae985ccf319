"""Where a shared workspace stands against its git remote: changed, ahead, behind, in conflict."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from meetup.sharing.gitcmd import SyncError, _ok, _prefix, git, is_repo, rebasing


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


@dataclass(frozen=True)
class SyncStatus:
    """Where the workspace stands against its remote (as of the last fetch)."""

    repo: bool
    branch: str = ""
    upstream: str = ""
    ahead: int = 0
    behind: int = 0
    dirty: tuple[str, ...] = ()
    """Workspace-relative paths with uncommitted changes."""
    conflicted: tuple[str, ...] = ()
    rebasing: bool = False
    fetch_error: str = ""

    @property
    def state(self) -> str:
        if not self.repo:
            return "not-a-repo"
        if self.conflicted or self.rebasing:
            return "conflicted"
        if self.dirty:
            return "dirty"
        if self.ahead and self.behind:
            return "diverged"
        if self.ahead:
            return "ahead"
        if self.behind:
            return "behind"
        return "clean" if self.upstream else "no-upstream"

    def short(self) -> str:
        """A few words for a status line: ``git: 2 changed, ahead 1``."""
        if not self.repo:
            return "not in git"
        if self.state == "conflicted":
            return f"git: CONFLICT in {plural(len(self.conflicted), 'file')}"
        parts = []
        if self.dirty:
            parts.append(f"{len(self.dirty)} changed")
        if self.ahead:
            parts.append(f"ahead {self.ahead}")
        if self.behind:
            parts.append(f"behind {self.behind}")
        if not self.upstream:
            parts.append("no remote branch")
        return "git: " + (", ".join(parts) or "clean")

    def to_json(self) -> dict[str, object]:
        return {
            "state": self.state,
            "repo": self.repo,
            "branch": self.branch,
            "upstream": self.upstream or None,
            "ahead": self.ahead,
            "behind": self.behind,
            "dirty": list(self.dirty),
            "conflicted": list(self.conflicted),
            "rebasing": self.rebasing,
            "fetch_error": self.fetch_error or None,
        }


def status(root: Path, *, fetch: bool = False) -> SyncStatus:
    """The workspace's git status; ``fetch`` first asks the remote what is new."""
    root = Path(root)
    if not is_repo(root):
        return SyncStatus(repo=False)
    fetch_error = ""
    if fetch and _ok(root, "rev-parse", "--abbrev-ref", "@{upstream}"):
        try:
            git(root, "fetch", "--quiet")
        except SyncError as exc:
            fetch_error = str(exc)
    prefix = _prefix(root)
    out = git(root, "status", "--porcelain=v2", "--branch", "-z", "-uall", "--", ".")
    branch = upstream = ""
    ahead = behind = 0
    dirty: list[str] = []
    conflicted: list[str] = []
    entries = iter(out.split("\0"))
    for entry in entries:
        if entry.startswith("# branch.head "):
            branch = entry.split(" ", 2)[2]
        elif entry.startswith("# branch.upstream "):
            upstream = entry.split(" ", 2)[2]
        elif entry.startswith("# branch.ab "):
            _, _, plus, minus = entry.split(" ")
            ahead, behind = int(plus), -int(minus)
        elif entry[:2] in ("1 ", "? "):
            dirty.append(entry.split(" ", 8)[-1] if entry[0] == "1" else entry[2:])
        elif entry.startswith("2 "):
            dirty.append(entry.split(" ", 9)[-1])
            next(entries, None)  # the rename's original path
        elif entry.startswith("u "):
            conflicted.append(entry.split(" ", 10)[-1])
    strip = len(prefix)
    return SyncStatus(
        repo=True,
        branch=branch,
        upstream=upstream,
        ahead=ahead,
        behind=behind,
        dirty=tuple(sorted(p[strip:] for p in dirty if p.startswith(prefix))),
        conflicted=tuple(sorted(p[strip:] for p in conflicted if p.startswith(prefix))),
        rebasing=rebasing(root),
        fetch_error=fetch_error,
    )
