"""The ``export`` and ``import`` command groups, shared by the modules that add formats.

``meetup export ics`` (meetup/cli/calendar.py) and ``meetup export agenda``
(meetup/cli/agenda.py) are registered by different modules: each calls
``export_subparsers(sub)`` and adds its own parser to the group it returns; the group is
created by whichever module comes first.  ``import_subparsers`` does the same for
``meetup import rsvp``, ``meetup import agenda`` and ``meetup import roster``; the last two
read a file or URL with the same options (:func:`add_source_arguments`, :func:`read_import_source`).
"""

from __future__ import annotations

import argparse
from typing import Any

from meetup.cli.common import fail

_ATTRIBUTE = "_meetup_subparsers"


def _group(sub: Any, name: str, help_text: str, description: str) -> Any:
    parser: argparse.ArgumentParser | None = sub.choices.get(name)
    if parser is None:
        parser = sub.add_parser(name, help=help_text, description=description)
        group = parser.add_subparsers(dest=f"{name}_kind", metavar="WHAT")
        setattr(parser, _ATTRIBUTE, group)
        shown = parser

        def usage(args: argparse.Namespace) -> int:
            shown.print_usage()
            return 2

        parser.set_defaults(func=usage)
    return getattr(parser, _ATTRIBUTE)


def export_subparsers(sub: Any) -> Any:
    """The subparsers of ``meetup export`` (created on the first call)."""
    return _group(
        sub,
        "export",
        "export calendars (.ics) and agendas",
        "Write a meetup (or an election) in a format other tools read.",
    )


def import_subparsers(sub: Any) -> Any:
    """The subparsers of ``meetup import`` (created on the first call)."""
    return _group(
        sub,
        "import",
        "import RSVP replies, agendas and rosters",
        "Read files written by other tools into the workspace.",
    )


def add_source_arguments(p: argparse.ArgumentParser, source: str, yes: str) -> None:
    """SOURCE, --dry-run, --yes, --json and --timeout of an import that previews, then applies."""
    p.add_argument("source", metavar="FILE_OR_URL", help=source)
    p.add_argument("--dry-run", action="store_true", help="show the preview, change nothing")
    p.add_argument("--yes", "-y", action="store_true", help=yes)
    p.add_argument("--json", action="store_true", help="the preview as JSON")
    p.add_argument(
        "--timeout",
        type=float,
        default=15.0,
        metavar="SECONDS",
        help="a URL must answer completely within this time (default: 15)",
    )


def read_import_source(args: argparse.Namespace, **options: Any) -> tuple[str, bytes]:
    """The source as shown to the user (credentials redacted) and its bytes, or fail with 1."""
    from meetup.net import redact
    from meetup.sharing.fetch import FetchError, read_source

    shown = redact(args.source)
    if args.timeout <= 0:
        fail("--timeout: give a number of seconds above 0")
    try:
        return shown, read_source(args.source, timeout=args.timeout, **options)
    except FetchError as exc:
        fail(str(exc))
