"""The ``meetup export`` command group, shared by the modules that add exports to it.

``export agenda`` (meetup/cli/agenda.py) and ``export ics`` (the calendar module) each
register through :func:`export_subparsers`, which creates the ``export`` parser once.
"""

from __future__ import annotations

from typing import Any

_CACHE = "_meetup_export_subparsers"


def export_subparsers(sub: Any) -> Any:
    """The subparsers of ``meetup export``, created on first use and cached on ``sub``."""
    cached = getattr(sub, _CACHE, None)
    if cached is None:
        parser = sub.add_parser(
            "export",
            help="export a meetup: agenda (toml, markdown, frab) or calendar",
            description="Write a meetup in a sharing format to stdout or -o FILE.",
        )
        cached = parser.add_subparsers(dest="export_what", metavar="WHAT", required=True)
        setattr(sub, _CACHE, cached)
    return cached


def import_subparsers(sub: Any) -> Any:
    """The subparsers of ``meetup import`` (agenda, rsvp), created once like ``export``."""
    cached = getattr(sub, "_meetup_import_subparsers", None)
    if cached is None:
        parser = sub.add_parser(
            "import",
            help="import into the workspace: an agenda file or URL, RSVP replies",
            description="Bring outside data into the workspace, previewing changes first.",
        )
        cached = parser.add_subparsers(dest="import_what", metavar="WHAT", required=True)
        sub._meetup_import_subparsers = cached
    return cached
