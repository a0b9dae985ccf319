"""``meetup liaisons``: the project x area roster, or only its gaps."""

from __future__ import annotations

import argparse
from typing import Any

from meetup.cli.common import emit, emit_json, open_workspace, run


def register(sub: Any) -> None:
    p = sub.add_parser(
        "liaisons",
        help="the liaison roster: who holds each duty per project (PTL fallbacks marked)",
        description="The liaison roster: every project x area with the person holding the "
        "duty. '(PTL)' marks a duty held by the PTL only because nobody is named.",
    )
    p.add_argument(
        "--gaps", action="store_true", help="only duties nobody holds (no liaison, no PTL)"
    )
    p.add_argument(
        "--json",
        action="store_true",
        help="a JSON array of {project, area, person, name, fallback, volunteers}",
    )
    p.set_defaults(func=cmd_liaisons)


@run
def cmd_liaisons(args: argparse.Namespace) -> int:
    from meetup.liaisons import roster_rows, roster_text

    ws = open_workspace(args)
    rows = roster_rows(ws, only_gaps=args.gaps)
    if args.json:
        emit_json(rows)
        return 0
    emit(roster_text(ws, rows, only_gaps=args.gaps))
    return 0
