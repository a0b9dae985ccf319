"""``meetup sync``: share the workspace through git (commit, pull --rebase, push)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from meetup.cli.common import emit, emit_json, fail, run, workspace_dir


def register(sub: Any) -> None:
    p = sub.add_parser(
        "sync",
        help="git pull/commit/push of the workspace; conflicts are shown, never dropped",
        description="Commit the workspace's changes with a message naming the records that "
        "changed, `git pull --rebase`, push. When someone else changed the same record, "
        "the sync stops with both versions kept: look at them (--show PATH), pick one per "
        "file (--resolve PATH --ours = your local change, --theirs = the remote version, "
        "--edited = the file as you edited it), then --continue, or --abort. Exit 0 done, "
        "1 failed, 3 stopped on a conflict.",
    )
    group = p.add_mutually_exclusive_group()
    group.add_argument("--status", action="store_true", help="ahead/behind/clean/dirty/conflicted")
    group.add_argument("--show", metavar="PATH", help="both sides of a conflicted file")
    group.add_argument("--resolve", metavar="PATH", help="settle one conflicted file")
    group.add_argument("--continue", dest="cont", action="store_true", help="finish the sync")
    group.add_argument("--abort", action="store_true", help="undo the stopped pull")
    group.add_argument(
        "--dry-run", action="store_true", help="list the records and the commit message only"
    )
    p.add_argument("--field", metavar="F", help="with --resolve: settle only this field")
    side = p.add_mutually_exclusive_group()
    side.add_argument("--ours", dest="side", action="store_const", const="ours")
    side.add_argument("--theirs", dest="side", action="store_const", const="theirs")
    side.add_argument("--edited", dest="side", action="store_const", const="edited")
    p.add_argument("--no-fetch", action="store_true", help="--status without asking the remote")
    p.add_argument("--json", action="store_true", help="--status as JSON")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser(
        "merge-driver",
        help="the record-aware git merge driver (git runs it; `meetup sync` sets it up)",
        description="Merge three versions of a workspace file by field: git runs "
        "`meetup merge-driver %%O %%A %%B %%P` for *.toml files once `meetup sync` (or "
        "`meetup init` in a git repository) registered it. The result goes into OURS; exit "
        "0 merged, 1 conflict left with markers around the conflicting fields.",
    )
    p.add_argument("base", metavar="BASE")
    p.add_argument("ours", metavar="OURS")
    p.add_argument("theirs", metavar="THEIRS")
    p.add_argument("path", metavar="PATH")
    p.set_defaults(func=cmd_merge_driver)


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from meetup.sharing.driver import run_driver

    return run_driver(args.base, args.ours, args.theirs, args.path)


CONFLICT_EXIT = 3


@run
def cmd_sync(args: argparse.Namespace) -> int:
    from meetup.sharing import resolve, sync, sync_status
    from meetup.sharing.gitcmd import SyncError

    root = workspace_dir(args)
    if not root.is_dir():
        fail(f"{root} does not exist", 2)
    if (args.side or args.field) and not args.resolve:
        fail("--ours/--theirs/--edited and --field go with --resolve PATH")
    try:
        if args.status:
            state = sync_status.status(root, fetch=not args.no_fetch)
            if args.json:
                emit_json(state.to_json())
            else:
                emit(_status_text(state, root))
            return 0
        if args.show:
            sides = resolve.conflict_sides(root, args.show)
            emit(_sides_text(sides))
            return 0
        if args.dry_run:
            emit(sync.plan(root).describe())
            return 0
        if args.resolve:
            if not args.side:
                fail("say which version to keep: --ours, --theirs or --edited")
            open_fields = resolve.resolve(root, args.resolve, args.side, args.field)
            if open_fields:
                print(
                    f"took {args.side} for {args.field}; still to settle in {args.resolve}: "
                    + ", ".join(open_fields),
                    file=sys.stderr,
                )
                return 0
            left = sync_status.status(root).conflicted
            print(
                f"resolved {args.resolve} ({args.side}); "
                + (
                    f"still in conflict: {', '.join(left)}"
                    if left
                    else "run `meetup sync --continue`"
                ),
                file=sys.stderr,
            )
            return 0
        if args.abort:
            state = sync.abort_sync(root)
            print(f"sync aborted; your local commit is kept. {state.short()}", file=sys.stderr)
            return 0
        result = sync.continue_sync(root) if args.cont else sync.sync(root)
    except SyncError as exc:
        fail(str(exc))
    emit(result.describe())
    if result.conflicts:
        for path in result.conflicts:
            if path not in "".join(result.fields):
                emit(_sides_text(resolve.conflict_sides(root, path)))
        return CONFLICT_EXIT
    return 0


def _status_text(state: Any, root: Any) -> str:
    lines = [f"{state.state}: {state.short()}"]
    if state.branch:
        lines.append(f"branch {state.branch}" + (f" -> {state.upstream}" if state.upstream else ""))
    lines += [f"  changed: {p}" for p in state.dirty]
    lines += [f"  CONFLICT: {p}" for p in state.conflicted]
    if state.conflicted:
        from meetup.sharing.resolve import field_report

        lines += [f"    {line}" for line in field_report(root)]
    if state.fetch_error:
        lines.append(f"could not ask the remote: {state.fetch_error}")
    return "\n".join(lines)


def _sides_text(sides: Any) -> str:
    def block(title: str, text: str | None) -> list[str]:
        body = text if text is not None else "(file deleted on this side)\n"
        return [f"----- {title} -----", body.rstrip("\n")]

    lines = [f"===== {sides.path} ====="]
    lines += block("ours: your local change (--ours)", sides.local)
    lines += block("theirs: the remote version (--theirs)", sides.remote)
    return "\n".join(lines) + "\n"
