"""A stopped merge of a record, by field: what conflicts, and settling it field by field.

When the merge driver cannot merge a record it leaves the file with markers around the
conflicting fields and git keeps the three versions in its index (stages 1-3).  Everything
here is recomputed from those stages, so it also works after a plain ``git pull``.  Fields
settled one at a time (``--resolve PATH --field F --ours``) are remembered in the clone's
git directory until the whole file is settled.

Sides for the user: **yours** is the change made in this clone, **theirs** the version
someone else pushed.  git's stage 2 is yours in a merge and theirs in a rebase.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from meetup.sharing import merge
from meetup.sharing.merge import FieldConflict, GitSide

UserSide = str
"""``ours`` (yours, the local change) or ``theirs`` (the pushed version)."""


@dataclass
class RecordConflict:
    """The field conflicts of one conflicted record file."""

    path: str
    conflicts: list[FieldConflict]
    yours: GitSide
    """Which of git's sides is the user's own change."""
    stages: tuple[str, str, str]
    decided: dict[str, GitSide] = field(default_factory=dict)

    @property
    def open(self) -> list[FieldConflict]:
        return [c for c in self.conflicts if c.path not in self.decided]

    def lines(self) -> list[str]:
        """``meetups/m/topics/x.toml: title: yours "A", theirs "B"`` per open conflict."""
        out = merge.describe(self.path, self.open, yours=self.yours)
        return out or [f"{self.path}: every field is settled; run --resolve on it"]

    def git_side(self, side: UserSide) -> GitSide:
        if side == "ours":
            return self.yours
        return "theirs" if self.yours == "ours" else "ours"


def _stage_blobs(root: Path, repo_path: str) -> dict[int, str]:
    from meetup.sharing.gitcmd import git

    blobs: dict[int, str] = {}
    for line in git(root, "ls-files", "-u", "--", f":/{repo_path}").splitlines():
        meta, _, _ = line.partition("\t")
        _, sha, stage = meta.split()
        blobs[int(stage)] = sha
    return blobs


def _blob(root: Path, sha: str) -> bytes:
    import subprocess

    return subprocess.run(
        ["git", "cat-file", "blob", sha], cwd=root, capture_output=True, check=True
    ).stdout


def _decisions_file(root: Path) -> Path:
    from meetup.sharing.gitcmd import git

    return Path(root) / git(root, "rev-parse", "--git-path", "meetup-resolve.json").strip()


def _load_decisions(root: Path) -> dict[str, dict[str, object]]:
    try:
        data = json.loads(_decisions_file(root).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_decisions(root: Path, data: dict[str, dict[str, object]]) -> None:
    from meetup.store.files import atomic_write

    atomic_write(_decisions_file(root), json.dumps(data, indent=1, sort_keys=True).encode())


def record_conflict(root: Path, path: str) -> RecordConflict | None:
    """The field conflicts of ``path`` (workspace-relative), or None when it is not a record
    both sides kept (a delete on one side, a file that is not a record or does not parse)."""
    from meetup.sharing.gitcmd import _prefix, rebasing

    root = Path(root)
    if merge.record_type(path) is None:
        return None
    blobs = _stage_blobs(root, _prefix(root) + path)
    if 2 not in blobs or 3 not in blobs:
        return None
    raw = {stage: _blob(root, sha) for stage, sha in blobs.items()}
    try:
        result = merge.merge_bytes(raw.get(1), raw[2], raw[3], path)
    except merge.NotARecord:
        return None
    stages = (blobs.get(1, ""), blobs[2], blobs[3])
    conflicts = list(result.conflicts)
    if not conflicts and result.data is None:
        conflicts = [FieldConflict("(whole record)", None, result.problem, result.problem)]
    found = RecordConflict(path, conflicts, "theirs" if rebasing(root) else "ours", stages)
    saved = _load_decisions(root).get(path)
    if saved and saved.get("stages") == list(stages):
        fields = saved.get("fields")
        if isinstance(fields, dict):
            found.decided = {str(k): v for k, v in fields.items() if v in ("ours", "theirs")}
    return found


def _merged(root: Path, found: RecordConflict, default: GitSide | None) -> merge.MergeResult:
    raw = [_blob(root, sha) if sha else None for sha in found.stages]
    assert raw[1] is not None and raw[2] is not None
    return merge.merge_bytes(
        raw[0], raw[1], raw[2], found.path, choices=found.decided, default=default
    )


def settle(root: Path, found: RecordConflict, side: UserSide, field_path: str | None) -> list[str]:
    """Take ``side`` for one field (or every open one); returns the fields still open.

    When none is left the merged record is written in canonical bytes and staged.
    """
    from meetup.sharing.gitcmd import SyncError, git
    from meetup.store.files import atomic_write

    root = Path(root)
    chosen = found.git_side(side)
    if field_path is None:
        for conflict in found.open:
            found.decided[conflict.path] = chosen
    else:
        names = [c.path for c in found.conflicts]
        if field_path not in names:
            raise SyncError(
                f"{found.path} has no conflict on {field_path!r}; conflicts: {', '.join(names)}"
            )
        found.decided[field_path] = chosen
    decisions = _load_decisions(root)
    target = root / found.path
    left = [c.path for c in found.open]
    if left:
        decisions[found.path] = {"stages": list(found.stages), "fields": found.decided}
        _save_decisions(root, decisions)
        mine, other = _merged(root, found, "ours"), _merged(root, found, "theirs")
        if mine.data is not None and other.data is not None:
            first, second = (mine, other) if found.yours == "ours" else (other, mine)
            atomic_write(target, merge.conflict_text(first.data, second.data))  # type: ignore[arg-type]
        return left
    result = _merged(root, found, None)
    if result.data is None:
        raise SyncError(f"{found.path}: {result.problem}; edit the file, then --edited")
    atomic_write(target, result.data)
    git(root, "add", "--", found.path)
    if decisions.pop(found.path, None) is not None:
        _save_decisions(root, decisions)
    return []


def forget(root: Path, path: str) -> None:
    """Drop remembered field decisions of ``path`` (it was settled another way)."""
    decisions = _load_decisions(root)
    if decisions.pop(path, None) is not None:
        _save_decisions(root, decisions)


def report(root: Path, paths: tuple[str, ...] | list[str]) -> list[str]:
    """Per-field lines for every conflicted path (a whole-file line for non-records)."""
    lines = []
    for path in paths:
        found = record_conflict(root, path)
        if found is None:
            lines.append(f"{path}: changed on both sides (not mergeable by field)")
        else:
            lines += found.lines()
    return lines
