"""Share a workspace through git: commit, ``pull --rebase``, push; conflicts for a human.

Several organizers keep one workspace in a git repository.  ``sync`` commits the
workspace's changes with a message that says which records changed, rebases them on what
the others pushed, and pushes.  One record per file means edits to different records merge
cleanly; two edits of the same record stop the rebase with both versions kept by git: the
user picks one (or edits the file) per path (meetup.sharing.resolve), then continues or
aborts.  Nothing is ever resolved by dropping a side silently.  Where the workspace stands
is meetup.sharing.sync_status.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from meetup.sharing.gitcmd import NOT_A_REPO, SyncError, _ok, _prefix, git, is_repo, rebasing
from meetup.sharing.resolve import field_report
from meetup.sharing.sync_status import SyncStatus, plural, status
from meetup.store import tomlio
from meetup.store.errors import WorkspaceError

# ------------------------------------------------------------- commit message


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
    parts = [plural(attendees, "attendee change")] if attendees else []
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
        items = [plural(counts[k], k) for k in ("topic", "action item", "file") if counts[k]]
        items += meetup_records.get(meetup, [])
        groups.append(f"{meetup}: {', '.join(items)}")
    groups += [plural(n, kind) for kind, n in sorted(other.items())]
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
        raise SyncError(NOT_A_REPO)


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
    from meetup.store.loading import NotAWorkspace, load

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
                result.fields = field_report(root, now.conflicted)
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
            result.fields = field_report(root, now.conflicted)
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
