"""``meetup minutes MEETUP``: the compiled minutes of a meetup as Markdown."""

from __future__ import annotations

import argparse
from typing import Any

from meetup.cli.common import emit, open_workspace, run


def register(sub: Any) -> None:
    p = sub.add_parser(
        "minutes",
        help="print a meetup's minutes (Markdown): topics in agenda order, then action items",
    )
    p.add_argument("meetup", metavar="MEETUP", help="the meetup id")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_minutes)


@run
def cmd_minutes(args: argparse.Namespace) -> int:
    from meetup.agenda.minutes import compiled_minutes

    ws = open_workspace(args, meetup=args.meetup, intact=True)
    emit(compiled_minutes(ws, args.meetup), args.output)
    return 0
