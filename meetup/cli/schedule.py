"""``meetup schedule MEETUP``: the grid, its conflicts and the unplaced topics."""

from __future__ import annotations

import argparse
from typing import Any

from meetup.cli.common import emit, emit_json, open_workspace, run


def register(sub: Any) -> None:
    p = sub.add_parser(
        "schedule",
        help="show a meetup's schedule: sessions, conflicts, unplaced topics",
        description="Print the schedule day by day with its conflicts and the accepted "
        "topics that are not placed yet. Exit 0 when there is no hard conflict, 1 otherwise.",
    )
    p.add_argument("meetup", metavar="MEETUP", help="meetup id")
    p.add_argument("--json", action="store_true", help="sessions, conflicts, unplaced as JSON")
    p.set_defaults(func=cmd_schedule)


@run
def cmd_schedule(args: argparse.Namespace) -> int:
    from meetup import schedule

    ws = open_workspace(args)
    data = ws.meetup(args.meetup)
    if args.json:
        emit_json(schedule.schedule_json(data))
    else:
        emit(schedule.schedule_text(data))
    return 1 if any(c.hard for c in schedule.conflicts(data)) else 0
