"""Shared plumbing of the CLI commands: workspace, output, confirmation, errors."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn


class CommandError(Exception):
    """Ends a command with a message on stderr and a non-zero exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 1) -> NoReturn:
    raise CommandError(message, code)


def workspace_dir(args: argparse.Namespace) -> Path:
    from meetup.store.paths import default_workspace

    return Path(args.workspace).expanduser() if args.workspace else default_workspace()


def open_workspace(args: argparse.Namespace) -> Any:
    """Load the workspace named by ``--workspace``/``$MEETUP_WORKSPACE``, or fail with 2."""
    from meetup.store.workspace import NotAWorkspace, load

    root = workspace_dir(args)
    try:
        return load(root)
    except NotAWorkspace as exc:
        fail(str(exc), 2)


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
            InvalidInput,
            NotFoundError,
            StaleWriteError,
            WorkspaceError,
        )

        try:
            return int(func(args) or 0)
        except CommandError as exc:
            print(f"meetup: {exc}", file=sys.stderr)
            return exc.code
        except (InvalidInput, NotFoundError, StaleWriteError, BrokenFileError) as exc:
            print(f"meetup: {exc}", file=sys.stderr)
            return 1
        except WorkspaceError as exc:
            print(f"meetup: {exc}", file=sys.stderr)
            return 2

    return wrapper
