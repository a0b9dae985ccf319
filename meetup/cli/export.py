"""The ``export`` and ``import`` command groups, shared by the modules that add formats.

``meetup export ics`` (meetup/cli/calendar.py) and ``meetup export agenda``
(meetup/cli/agenda.py) are registered by different modules: each calls
``export_subparsers(sub)`` and adds its own parser to the group it returns; the group is
created by whichever module comes first.  ``import_subparsers`` does the same for
``meetup import rsvp`` and ``meetup import agenda``.
"""

from __future__ import annotations

import argparse
from typing import Any

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
