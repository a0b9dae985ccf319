"""Core commands: open the TUI, init, demo, check, list."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from meetup.cli.common import (
    emit,
    emit_json,
    fail,
    open_workspace,
    raw_output,
    run,
    table,
    workspace_dir,
)


def register(sub: Any) -> None:
    p = sub.add_parser("init", help="create a new workspace (or a copy of the demo)")
    p.add_argument("dir", metavar="DIR", help="directory to create the workspace in")
    p.add_argument(
        "--demo", action="store_true", help="the demo workspace, built for today (MEETUP_NOW)"
    )
    p.add_argument(
        "--live", action="store_true", help="with --demo: its meetup runs today, sessions on now"
    )
    p.add_argument("--name", help="workspace name (default: the directory name)")
    p.add_argument(
        "--domain",
        metavar="DOMAIN",
        help="the workspace's identity in calendar UIDs (default: a random UUID)",
    )
    p.set_defaults(func=cmd_init)

    p = sub.add_parser(
        "demo",
        help="open the demo workspace, built for today",
        description="Open the demo workspace. Without DIR it lives in the user data dir and "
        "is rebuilt when it was made on another day (a --live one: every time), so its "
        "meetup, elections and date poll are always current. With DIR, an existing "
        "workspace there is opened as it is.",
    )
    p.add_argument("dir", nargs="?", metavar="DIR", help="where to keep the demo")
    p.add_argument(
        "--live", action="store_true", help="a meetup that runs today: opens on its live view"
    )
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser(
        "check",
        help="validate the workspace: exit 0 clean, 1 problems, 2 unreadable",
    )
    p.add_argument("--json", action="store_true", help="problems as JSON")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("list", help="list meetups, topics, attendees, issues or elections")
    p.add_argument(
        "what",
        choices=[
            "meetups",
            "topics",
            "attendees",
            "issues",
            "elections",
            "people",
            "projects",
            "actions",
        ],
    )
    p.add_argument("--meetup", metavar="ID", help="the meetup (topics, attendees, actions)")
    p.add_argument("--json", action="store_true", help="a JSON array of objects")
    p.set_defaults(func=cmd_list)


def open_tui(args: argparse.Namespace) -> int:
    """Open the TUI on the workspace (creating an empty one at the default location)."""
    from meetup.store.init import init_workspace
    from meetup.store.loading import is_workspace

    refusal = no_terminal()
    if refusal:
        print(f"meetup: {refusal}", file=sys.stderr)
        return 2
    root = workspace_dir(args)
    if getattr(args, "acting", None):  # --as names the TUI's user as $MEETUP_USER would
        import os

        os.environ["MEETUP_USER"] = args.acting
    if not is_workspace(root):
        if args.workspace:
            print(
                f"meetup: {root} is not a meetup workspace; create one with "
                f"`meetup init {root}` (or `--demo`)",
                file=sys.stderr,
            )
            return 2
        init_workspace(root)
        print(f"meetup: created an empty workspace in {root}", file=sys.stderr)
    return _run_app(root)


def no_terminal() -> str:
    """Why the TUI cannot start here ("" when it can): with neither standard input nor
    standard output a terminal (a cron job, a pipe, CI) it would wait forever for keys."""
    if sys.stdin.isatty() or sys.stdout.isatty():
        return ""
    return (
        "no terminal to open the interface on (standard input and output are not a "
        "terminal); run a command instead, e.g. `meetup check` or `meetup --help`"
    )


def _run_app(root: Path, live: str | None = None) -> int:
    from screens.app import create_app

    app = create_app(root, background_load=True, live=live)
    with raw_output():
        app.run()
    return int(app.return_code or 0)


@run
def cmd_init(args: argparse.Namespace) -> int:
    from meetup.store.init import init_workspace

    root = Path(args.dir).expanduser()
    if args.live and not args.demo:
        fail("--live goes with --demo", 2)
    try:
        init_workspace(root, demo=args.demo, name=args.name, identity=args.domain, live=args.live)
    except FileExistsError as exc:
        fail(str(exc))
    kind = "live demo " if args.live else "demo " if args.demo else ""
    print(f"created {kind}workspace in {root}")
    return 0


@run
def cmd_demo(args: argparse.Namespace) -> int:
    from meetup.demo import DEMO_MEETUP, build_demo, is_current_demo
    from meetup.store.loading import is_workspace
    from meetup.store.paths import default_demo

    refusal = no_terminal()
    if refusal:
        fail(refusal, 2)
    live = bool(args.live)
    root = Path(args.dir).expanduser() if args.dir else default_demo(live)
    if not is_workspace(root):
        if root.exists() and any(root.iterdir()):
            fail(f"{root} is not empty; choose a new directory")
        build_demo(root, live=live)
        print(f"meetup: built the {'live ' if live else ''}demo in {root}", file=sys.stderr)
    elif not args.dir and not is_current_demo(root, live=live):
        build_demo(root, live=live)
        print(
            f"meetup: rebuilt the {'live ' if live else ''}demo for today in {root}",
            file=sys.stderr,
        )
    return _run_app(root, live=DEMO_MEETUP if live else None)


@run
def cmd_check(args: argparse.Namespace) -> int:
    from meetup.elections.audit import election_problems
    from meetup.store.integrity import lazy_problems

    ws = open_workspace(args, report=False)
    found = [
        *ws.problems,
        *lazy_problems(ws),
        *election_problems(ws),
        *ws.store.sweep_temporaries(),
    ]
    repairs = [p for p in found if p.kind == "repair"]  # done now; not a problem any more
    problems = sorted({p for p in found if p.kind != "repair"})
    fields: list[str] = []
    if any(p.kind == "conflict" for p in problems):
        from meetup.sharing.resolve import field_report

        fields = field_report(ws.root)
    if args.json:
        emit_json(
            {
                "ok": not problems,
                "problems": [p.to_json() for p in problems],
                "repairs": [p.to_json() for p in repairs],
                "conflicts": fields,
            }
        )
    else:
        for problem in [*repairs, *problems]:
            print(problem, file=sys.stderr)
        for line in fields:
            print(f"merge conflict: {line}", file=sys.stderr)
        counts = (
            f"{len(ws.projects)} projects, {len(ws.people)} people, {len(ws.meetups)} meetups, "
            f"{len(ws.issues)} issues, {len(ws.elections)} elections"
        )
        if problems:
            print(f"{len(problems)} problem(s) in {ws.root} ({counts})", file=sys.stderr)
        else:
            print(f"ok: {ws.root} ({counts})")
    from meetup.store import table

    if any(p.file == table.SETTINGS.path() and p.kind != "reference" for p in problems):
        return 2  # the workspace itself is unreadable
    return 1 if problems else 0


@run
def cmd_list(args: argparse.Namespace) -> int:
    from meetup import listing

    per_meetup = args.meetup and args.what in ("topics", "attendees", "actions")
    ws = open_workspace(args, meetup=args.meetup if per_meetup else None)
    rows, columns = listing.rows(ws, args.what, meetup=args.meetup)
    if args.json:
        emit_json(rows)
    else:
        emit(table([[_cell(r.get(c)) for c in columns] for r in rows], columns))
    return 0


def _cell(value: object) -> str:
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)
