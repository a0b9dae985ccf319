"""Shared plumbing of the CLI commands: workspace, output, confirmation, errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from meetup.store.paths import default_workspace


class CommandError(Exception):
    """Ends a command with a message on stderr and a non-zero exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 1) -> NoReturn:
    raise CommandError(message, code)


def workspace_dir(args: argparse.Namespace) -> Path:
    return Path(args.workspace).expanduser() if args.workspace else default_workspace()


_OPENED: list[Any] = []
"""Workspaces opened by this command, whose broken files are reported on stderr."""
_REPORTED: set[Any] = set()


def open_workspace(
    args: argparse.Namespace,
    *,
    meetup: str | None = None,
    election: str | None = None,
    issue: str | None = None,
    intact: bool = False,
    report: bool = True,
) -> Any:
    """Load the workspace named by ``--workspace``/``$MEETUP_WORKSPACE``, or fail with 2.

    Naming a meetup, an election or an issue loads only what is needed for it (a partial
    load); otherwise everything.  Each broken file read is reported on stderr as
    ``file:line:column: message`` (unless not ``report``).  ``intact``: refuse (exit 1)
    when a record the named meetup or election needs is broken: the output goes to other
    people, and must not silently leave a topic or an attendee out.
    """
    from meetup.store.workspace import NotAWorkspace, load, load_for

    root = workspace_dir(args)
    try:
        if meetup or election or issue:
            ws = load_for(
                root,
                meetups=[meetup] if meetup else [],
                elections=[election] if election else [],
                issues=[issue] if issue else [],
            )
        else:
            ws = load(root)
    except NotAWorkspace as exc:
        fail(str(exc), 2)
    if intact and (meetup or election):
        from meetup.store.integrity import broken_records, require_intact

        _REPORTED.update(broken_records(ws, meetup=meetup, election=election))
        require_intact(ws, meetup=meetup, election=election)  # names them, exit 1
    if report:
        _OPENED.append(ws)
        report_broken()
    return ws


def report_broken() -> None:
    """Print each broken file read so far (once) on stderr; cross-references are for check."""
    for ws in _OPENED:
        for problem in ws.problems:
            if problem.kind != "reference" and problem not in _REPORTED:
                _REPORTED.add(problem)
                print(f"meetup: {problem}", file=sys.stderr)


def emit(text: str, output: str | None = None) -> None:
    """Write ``text`` to ``output`` (atomically) or stdout."""
    if output and output != "-":
        from meetup.store.files import atomic_write

        atomic_write(Path(output), text.encode("utf-8"))
    else:
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def emit_json(data: Any, output: str | None = None) -> None:
    emit(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", output)


def table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    """A plain aligned text table."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def confirm(args: argparse.Namespace, question: str) -> bool:
    """Ask ``question`` unless --yes; refuse without a terminal to ask on."""
    if getattr(args, "yes", False):
        return True
    if not sys.stdin.isatty():
        fail(f"{question} -- refusing without --yes when standard input is not a terminal", 1)
    answer = input(f"{question} [y/N] ").strip().lower()
    return answer in ("y", "yes")


def run(func: Any) -> Any:
    """Decorator: turn CommandError and domain errors into stderr + exit code."""
    import functools

    @functools.wraps(func)
    def wrapper(args: argparse.Namespace) -> int:
        from meetup.store.errors import (
            BrokenFileError,
            BrokenRecordsError,
            InvalidInput,
            NotFoundError,
            StaleWriteError,
            WorkspaceError,
        )

        try:
            return int(func(args) or 0)
        except BrokenRecordsError as exc:
            print(f"meetup: {exc}", file=sys.stderr)
            return 1
        except CommandError as exc:
            print(f"meetup: {exc}", file=sys.stderr)
            return exc.code
        except (InvalidInput, NotFoundError, StaleWriteError, BrokenFileError) as exc:
            print(f"meetup: {exc}", file=sys.stderr)
            return 1
        except WorkspaceError as exc:  # a broken file read on demand (poll, ballots...)
            report_broken()
            if exc.problem not in _REPORTED:
                print(f"meetup: {exc}", file=sys.stderr)
            return 1
        finally:
            report_broken()
            _OPENED.clear()
            _REPORTED.clear()

    return wrapper
