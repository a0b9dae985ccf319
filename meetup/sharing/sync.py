"""Share a workspace through git: commit, ``pull --rebase``, push; conflicts for a human.

Several organizers keep one workspace in a git repository.  ``sync`` commits the
workspace's changes with a message that says which records changed, rebases them on what
the others pushed, and pushes.  One record per file means edits to different records merge
cleanly; two edits of the same record stop the rebase with both versions kept by git: the
user picks one (or edits the file) per path, then continues or aborts.  Nothing is ever
resolved by dropping a side silently.

Words used with the user: **local** (``--ours``) is the change made here, **remote**
(``--theirs``) is the version already pushed by someone else.  (Inside a rebase git calls
them the other way round: stage 3 is the local commit being replayed, stage 2 upstream.)
"""

from __future__ import annotations

import subprocess
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from meetup.sharing.gitcmd import (  # noqa: F401  (re-exported: sync.git, sync.SyncError)
    GIT_TIMEOUT,
    SyncError,
    _ok,
    _prefix,
    git,
    is_repo,
    rebasing,
)
from meetup.store import tomlio
from meetup.store.errors import WorkspaceError

Side = Literal["ours", "theirs", "edited"]


# ---------------------------------------------------------------------- status


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
            return f"git: CONFLICT in {_plural(len(self.conflicted), 'file')}"
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


# ------------------------------------------------------------- commit message


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _meetup_changes(root: Path, prefix: str, rel: str) -> list[str]:
    """What changed in a meetup.toml: attendees (counted) and/or its settings."""
    try:
        before = tomlio.parse(git(root, "show", f"HEAD:{prefix}{rel}").encode(), rel)
    except (SyncError, WorkspaceError):
        return ["new meetup"]
    try:
        after = tomlio.parse((root / rel).read_bytes(), rel)
    except (OSError, WorkspaceError):
        return ["meetup removed" if not (root / rel).exists() else "meetup record"]
    old, new = _attendees(before), _attendees(after)
    attendees = sum(1 for p in old.keys() | new.keys() if old.get(p) != new.get(p))
    parts = [_plural(attendees, "attendee change")] if attendees else []
    rest = {k for k in before.keys() | after.keys() if k != "attendees"}
    if any(before.get(k) != after.get(k) for k in rest):
        parts.append("settings")
    return parts or ["meetup record"]


def _attendees(data: dict[str, object]) -> dict[object, object]:
    """Attendees by person, as records (so a default written out or omitted is the same)."""
    import msgspec

    from meetup.store.records import Attendee

    found: dict[object, object] = {}
    items = data.get("attendees")
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict):
            try:
                found[item.get("person")] = msgspec.convert(item, Attendee)
            except msgspec.ValidationError:
                found[item.get("person")] = item
    return found


def commit_message(root: Path, paths: list[str]) -> str:
    """``meetup: kilo-midcycle: 2 topics, 1 attendee change; 1 issue`` plus the file list."""
    prefix = _prefix(root)
    per_meetup: dict[str, Counter[str]] = defaultdict(Counter)
    meetup_records: dict[str, list[str]] = {}
    other: Counter[str] = Counter()
    for rel in paths:
        parts = rel.split("/")
        if parts[0] == "meetups" and len(parts) >= 3:
            meetup = parts[1]
            if parts[2] == "topics":
                per_meetup[meetup]["topic"] += 1
            elif parts[2] == "actions":
                per_meetup[meetup]["action item"] += 1
            elif parts[2] == "meetup.toml":
                meetup_records[meetup] = _meetup_changes(root, prefix, rel)
                per_meetup[meetup]
            else:
                per_meetup[meetup]["file"] += 1
        elif parts[0] in ("projects", "issues", "elections") and len(parts) >= 2:
            other[
                {"projects": "project", "issues": "issue", "elections": "election"}[parts[0]]
            ] += 1
        elif rel == "people.toml":
            other["people list"] += 1
        elif rel == "areas.toml":
            other["liaison areas list"] += 1
        elif rel == "workspace.toml":
            other["workspace settings"] += 1
        else:
            other["other file"] += 1
    groups = []
    for meetup in sorted(per_meetup):
        counts = per_meetup[meetup]
        items = [_plural(counts[k], k) for k in ("topic", "action item", "file") if counts[k]]
        items += meetup_records.get(meetup, [])
        groups.append(f"{meetup}: {', '.join(items)}")
    groups += [_plural(n, kind) for kind, n in sorted(other.items())]
    subject = "meetup: " + "; ".join(groups) if groups else "meetup: sync"
    body = "\n".join(f"  {rel}" for rel in paths)
    return f"{subject}\n\nChanged files:\n{body}\n"


# ------------------------------------------------------------------------ sync


@dataclass
class SyncResult:
    """What one sync did, and the conflicts that stopped it (if any)."""

    committed: str = ""
    pulled: bool = False
    pushed: bool = False
    conflicts: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)
    status: SyncStatus = field(default_factory=lambda: SyncStatus(repo=True))
    fields: list[str] = field(default_factory=list)
    """Per-field conflict lines: ``topics/x.toml: title: yours "A", theirs "B"``."""

    def describe(self) -> str:
        lines = []
        if self.committed:
            lines.append(f"committed: {self.committed}")
        if self.conflicts:
            lines.append(
                "CONFLICT: the same field was changed here and by someone else in: "
                + ", ".join(self.conflicts)
            )
            lines += [f"  {line}" for line in self.fields]
            lines.append(
                "  see both sides with `meetup sync --show PATH`, pick one with "
                "`meetup sync --resolve PATH [--field F] --ours|--theirs|--edited`, then "
                "`meetup sync --continue` (or `meetup sync --abort` to undo the pull)"
            )
        else:
            if self.pulled:
                lines.append("pulled and rebased on the remote")
            if self.pushed:
                lines.append("pushed")
        lines += self.notes
        lines.append(self.status.short())
        return "\n".join(lines)


def _require_repo(root: Path) -> None:
    if not is_repo(root):
        raise SyncError(
            f"{root} is not in a git repository; to share it: `git init`, "
            "`git remote add origin URL`, then `meetup sync`"
        )


@dataclass(frozen=True)
class SyncPlan:
    """What a sync would commit: the changed records, the files it leaves alone, the message."""

    records: tuple[str, ...]
    skipped: tuple[str, ...]
    message: str
    held: tuple[str, ...] = ()
    """Ballot boxes of elections not closed yet: they stay on their polling station."""

    def describe(self) -> str:
        if not self.records:
            lines = ["nothing to commit"]
        else:
            lines = ["would commit:", *(f"  {p}" for p in self.records), "", self.message]
        lines += [f"not committed (not a workspace record): {p}" for p in self.skipped]
        lines += [f"not committed (ballot box of an open election): {p}" for p in self.held]
        return "\n".join(lines).rstrip("\n")


COMMITTED_EXTRAS = (".gitattributes", ".gitignore")
"""Files besides records that a sync commits: the merge setup every clone needs."""


def plan(root: Path) -> SyncPlan:
    """What ``sync`` would commit now (``meetup sync --dry-run``)."""
    from meetup.sharing.merge import is_record_file

    root = Path(root)
    _require_repo(root)
    dirty = status(root).dirty
    held_back = _held_back(root)
    held = tuple(p for p in dirty if p in held_back)
    records = tuple(
        p for p in dirty if (is_record_file(p) or p in COMMITTED_EXTRAS) and p not in held_back
    )
    skipped = tuple(p for p in dirty if p not in records and p not in held_back)
    message = commit_message(root, list(records)) if records else ""
    return SyncPlan(records, skipped, message, held)


def setup(root: Path) -> list[str]:
    """Register the record-aware merge driver for this clone (idempotent)."""
    from meetup.sharing import driver

    try:
        return driver.register(Path(root))
    except OSError as exc:
        raise SyncError(str(exc)) from None


def sync(root: Path) -> SyncResult:
    """Set up the merge driver, commit the workspace's records, ``pull --rebase``, push."""
    root = Path(root)
    _require_repo(root)
    if rebasing(root):
        raise SyncError(
            "a sync is stopped on a conflict: resolve it (`meetup sync --status`, "
            "`meetup sync --resolve PATH [--field F] --ours|--theirs|--edited`), then "
            "`meetup sync --continue`, or `meetup sync --abort`"
        )
    result = SyncResult()
    changed = setup(root)
    if changed:
        result.notes.append("set up the record-aware merge for this clone")
    if ".gitattributes" in changed:  # its own commit, so the edits' message stays theirs
        git(root, "add", "--", ".gitattributes")
        git(
            root,
            "commit",
            "--quiet",
            "--no-verify",
            "-m",
            "meetup: merge workspace records by field (.gitattributes)",
            "--",
            ".gitattributes",
        )
    todo = plan(root)
    if todo.records:
        git(root, "add", "--all", "--", *todo.records)
        git(root, "commit", "--quiet", "--no-verify", "-m", todo.message, "--", *todo.records)
        result.committed = todo.message.splitlines()[0]
    result.notes += [f"not committed (not a workspace record): {p}" for p in todo.skipped]
    if todo.held:
        result.notes.append("ballot boxes of open elections stay here until they close")
    return _pull_and_push(root, result)


def _held_back(root: Path) -> set[str]:
    """Paths sync never commits now: ballot boxes while elections are open (see
    meetup.elections.opening.paths_to_hold_back)."""
    from meetup import clock
    from meetup.elections.opening import paths_to_hold_back
    from meetup.store.workspace import NotAWorkspace, load

    try:
        ws = load(root)
    except (NotAWorkspace, OSError):
        return set()
    return set(paths_to_hold_back(ws, clock.now()))


def _pull_and_push(root: Path, result: SyncResult) -> SyncResult:
    upstream = _ok(root, "rev-parse", "--abbrev-ref", "@{upstream}")
    if upstream:
        try:
            git(root, "pull", "--rebase", "--autostash", "--quiet")
            result.pulled = True
        except SyncError:
            now = status(root)
            if now.conflicted or now.rebasing:
                result.conflicts = now.conflicted
                result.status = now
                result.fields = _field_report(root, now.conflicted)
                return result
            raise
        git(root, "push", "--quiet")
        result.pushed = True
    elif git(root, "remote").split():
        remote = git(root, "remote").split()[0]
        git(root, "push", "--quiet", "--set-upstream", remote, "HEAD")
        result.pushed = True
    else:
        result.notes.append("no git remote: committed locally only (`git remote add origin URL`)")
    result.status = status(root)
    return result


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


def _field_report(root: Path, paths: tuple[str, ...]) -> list[str]:
    from meetup.sharing import conflicts

    try:
        return conflicts.report(root, paths)
    except (SyncError, OSError, subprocess.CalledProcessError):
        return []


def field_report(root: Path) -> list[str]:
    """Per-field lines for every conflicted file of the workspace (empty when none)."""
    root = Path(root)
    if not is_repo(root):
        return []
    return _field_report(root, status(root).conflicted)


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


def continue_sync(root: Path) -> SyncResult:
    """After every conflict is resolved: finish the rebase, then push."""
    root = Path(root)
    _require_repo(root)
    if not rebasing(root):
        raise SyncError("no sync is waiting to continue")
    left = status(root).conflicted
    if left:
        raise SyncError(f"still in conflict: {', '.join(left)}")
    result = SyncResult(pulled=True)
    if not _ok(root, "diff", "--cached", "--quiet"):
        done = _ok(root, "rebase", "--continue")
    else:  # the resolution left this commit with nothing of its own: skipping loses nothing
        done = _ok(root, "rebase", "--skip")
    if not done or rebasing(root):
        now = status(root)
        if now.conflicted:
            result.conflicts = now.conflicted
            result.status = now
            result.fields = _field_report(root, now.conflicted)
            return result
        raise SyncError("git rebase --continue failed; see `git status`")
    return _pull_and_push(root, result)


def abort_sync(root: Path) -> SyncStatus:
    """Undo the pull: back to the local commit (nothing of it is lost)."""
    root = Path(root)
    if not rebasing(root):
        raise SyncError("no sync is waiting; nothing to abort")
    git(root, "rebase", "--abort")
    return status(root)
