"""The ``meetup`` command line: the TUI by default, scriptable commands otherwise.

Each command group lives in its own module with a ``register(subparsers)`` function that
adds its parsers and sets ``func`` on them.  ``COMMANDS`` names every top-level command,
its one-line help and the modules that register it, so a run builds only the parser it
uses: ``meetup schedule ...`` imports one module, ``meetup --help`` none (it prints the
table), ``meetup --version`` nothing at all.  The UI is imported only when the TUI starts.
"""

from __future__ import annotations

import sys

from meetup import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:  # argparse is imported when a parser is built: not for --version or
    # the tally of a ballot file (meetup.cli.tally_fast)
    import argparse
    from collections.abc import Sequence

COMMANDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "init": ("create a new workspace (or a copy of the demo)", ("meetup.cli.core",)),
    "demo": ("open the demo workspace, built for today", ("meetup.cli.core",)),
    "check": (
        "validate the workspace: exit 0 clean, 1 problems, 2 unreadable",
        ("meetup.cli.core",),
    ),
    "list": ("list meetups, topics, attendees, issues or elections", ("meetup.cli.core",)),
    "schedule": (
        "show a meetup's schedule: sessions, conflicts, unplaced topics",
        ("meetup.cli.schedule",),
    ),
    "release": (
        "freeze a named version of a meetup's agenda, list versions, diff them",
        ("meetup.cli.release",),
    ),
    "poll": (
        "a meetup's date poll: add options, record answers, rank, choose",
        ("meetup.cli.poll",),
    ),
    "export": (
        "export calendars (.ics) and agendas",
        ("meetup.cli.calendar", "meetup.cli.agenda"),
    ),
    "import": (
        "import RSVP replies, agendas and rosters",
        ("meetup.cli.calendar", "meetup.cli.agenda", "meetup.cli.roster"),
    ),
    "publish": ("publish a meetup's events to a CalDAV calendar", ("meetup.cli.calendar",)),
    "liaisons": (
        "the liaison roster: who holds each duty per project (PTL fallbacks marked)",
        ("meetup.cli.liaisons",),
    ),
    "election": (
        "Schulze tally, create elections, nominations, electorate roll, closing",
        ("meetup.cli.elections",),
    ),
    "announce": (
        "the plain-text announcement mail to the invited PTLs",
        ("meetup.cli.agenda",),
    ),
    "sync": (
        "git pull/commit/push of the workspace; conflicts are shown, never dropped",
        ("meetup.cli.sync",),
    ),
    "minutes": (
        "print a meetup's minutes (Markdown): topics in agenda order, then action items",
        ("meetup.cli.minutes",),
    ),
    "merge-driver": (
        "the record-aware git merge driver (git runs it; `meetup sync` sets it up)",
        ("meetup.cli.sync",),
    ),
    "topic": ("propose, +1, triage and take minutes of topics", ("meetup.cli.topic",)),
    "rsvp": ("set someone's answer to a meetup invitation", ("meetup.cli.edit",)),
    "invite": (
        "invite people to a meetup (`invite MEETUP --all-ptls | PERSON...`); "
        "`invite send` mails the invitations",
        ("meetup.cli.edit", "meetup.cli.invite"),
    ),
    "issue": ("work on cross-project issues (comment)", ("meetup.cli.edit",)),
    "delete": (
        "delete a topic, issue, election, action item or meetup (says what goes first)",
        ("meetup.cli.delete",),
    ),
    "now": ("what is on now and next in each room of a meetup", ("meetup.cli.live",)),
    "shift": (
        "running late: move the rest of a room's day later (or earlier)",
        ("meetup.cli.live",),
    ),
    "mark": (
        "mark a session started, done or skipped (skipped: back among the unplaced)",
        ("meetup.cli.live",),
    ),
}
"""Top-level command -> (help line, modules whose ``register`` adds it)."""

ALL = "*"
"""``build_parser(ALL)`` registers every module (for tests and documentation)."""


def command_modules() -> list[str]:
    """Every module that registers commands, each once, in table order."""
    return list(dict.fromkeys(m for _, modules in COMMANDS.values() for m in modules))


def build_parser(command: str | None = ALL) -> argparse.ArgumentParser:
    """The parser, with real subparsers for ``command`` (all for ALL) and stubs for the rest.

    A stub carries only the command's help line, which is all ``meetup --help`` prints.
    """
    import argparse
    import importlib

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
        help="workspace directory (default: $MEETUP_WORKSPACE, else the nearest enclosing "
        "folder holding workspace.toml, else the user data dir)",
    )
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="PERSON",
        help="who is acting: votes, comments and minutes are theirs (default: $MEETUP_USER, "
        "else the person whose e-mail is `git config user.email`)",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    if command == ALL:
        wanted = command_modules()
    else:
        wanted = list(COMMANDS[command][1]) if command in COMMANDS else []
    for name in wanted:
        importlib.import_module(name).register(subparsers)
    for name, (summary, _) in COMMANDS.items():
        if name not in subparsers.choices:
            subparsers.add_parser(name, help=summary, add_help=False)
    return parser


def command_in(argv: Sequence[str]) -> str | None:
    """The top-level command ``argv`` names (skipping ``--workspace DIR``), if any."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--workspace", "-w", "--as"):
            skip = True
        elif arg == "--":
            return None
        elif not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:
        print(f"meetup {__version__}")
        return 0
    if argv[:2] == ["election", "tally"]:  # a ballot file's tally starts as fast as --version
        from meetup.cli import tally_fast

        code = tally_fast.run(argv[2:])
        if code is not None:
            return code
    parser = build_parser(command_in(argv))
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
