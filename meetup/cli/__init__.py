"""The ``meetup`` command line: the TUI by default, scriptable commands otherwise.

Each command group lives in its own module with a ``register(subparsers)`` function that
adds its parsers and sets ``func`` on them; ``COMMAND_MODULES`` lists them.  The UI is
imported only when the TUI starts.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from meetup import __version__

COMMAND_MODULES = (
    "meetup.cli.core",
    "meetup.cli.schedule",
    "meetup.cli.release",
    "meetup.cli.poll",
    "meetup.cli.calendar",
    "meetup.cli.invite",
    "meetup.cli.liaisons",
    "meetup.cli.elections",
    "meetup.cli.agenda",
    "meetup.cli.sync",
    "meetup.cli.minutes",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="meetup",
        description="Organize PTL-only mid-cycle meetups, cross-project issues, liaisons and "
        "Condorcet elections. Without a command, opens the terminal UI.",
    )
    parser.add_argument("--version", action="version", version=f"meetup {__version__}")
    parser.add_argument(
        "--workspace",
        "-w",
        metavar="DIR",
        help="workspace directory (default: $MEETUP_WORKSPACE, else the user data dir)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        from meetup.cli.core import open_tui

        return open_tui(args)
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
