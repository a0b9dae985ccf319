"""The meetup while it runs: ``meetup now``, ``meetup shift`` (running late), ``meetup mark``."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import Any

from meetup.cli.common import confirm, emit, emit_json, fail, open_workspace, run


def register(sub: Any) -> None:
    p = sub.add_parser(
        "now",
        help="what is on now and next in each room of a meetup",
        description="Per room the session on now (minutes left), the next one and the rest "
        "of the day; the break; who is required now and where. The time is --at, else "
        "MEETUP_NOW, else the clock.",
    )
    p.add_argument("meetup", metavar="MEETUP")
    p.add_argument(
        "--at",
        metavar="TIME",
        help="ISO time, e.g. 2027-01-26T11:10+01:00 (no offset: the meetup's timezone)",
    )
    p.add_argument("--json", action="store_true", help="the board as JSON")
    p.set_defaults(func=cmd_now)

    p = sub.add_parser(
        "shift",
        help="running late: move the rest of a room's day later (or earlier)",
        description="Move every session of ROOM that starts at or after --from on the day "
        "by --by minutes (negative: earlier). Breaks and the day's hours stay; sessions "
        "pushed into a break or past the day's end are shown as conflicts before anything "
        "is written. All moved topics are written together or not at all.",
    )
    p.add_argument("meetup", metavar="MEETUP")
    p.add_argument("--room", required=True, metavar="ROOM", help="room id")
    p.add_argument("--from", dest="start", required=True, metavar="HH:MM")
    p.add_argument("--by", required=True, type=int, metavar="MINUTES")
    p.add_argument("--day", metavar="DAY", help="YYYY-MM-DD or the day's number (default: today)")
    p.add_argument("--dry-run", action="store_true", help="show the moves, change nothing")
    p.add_argument("--yes", action="store_true", help="apply without asking")
    p.add_argument("--json", action="store_true", help="the moves, conflicts and who is affected")
    p.set_defaults(func=cmd_shift)

    p = sub.add_parser(
        "mark",
        help="mark a session started, done or skipped (skipped: back among the unplaced)",
    )
    p.add_argument("meetup", metavar="MEETUP")
    p.add_argument("topic", metavar="TOPIC")
    p.add_argument("state", choices=["started", "done", "skipped", "none"])
    p.set_defaults(func=cmd_mark)


def _at(args: argparse.Namespace, timezone: str) -> datetime:
    from zoneinfo import ZoneInfo

    from meetup import clock

    if not args.at:
        return clock.now()
    text = args.at.strip()
    try:
        return clock.parse_instant(text, "--at")
    except clock.ClockError as exc:
        try:
            naive = datetime.fromisoformat(text)
        except ValueError:
            fail(str(exc), 2)
        if naive.tzinfo is not None:
            fail(str(exc), 2)
        return naive.replace(tzinfo=ZoneInfo(timezone))


@run
def cmd_now(args: argparse.Namespace) -> int:
    from meetup.agenda import live

    ws = open_workspace(args)
    data = ws.meetup(args.meetup)
    board = live.board(data, _at(args, data.meetup.timezone), ws)
    if args.json:
        emit_json(board.to_json())
    else:
        names = {p: ws.person_name(p) for p in ws.people}
        emit(live.board_text(data, board, names))
    return 0


def _day(data: Any, text: str | None) -> date:
    from meetup import clock
    from meetup.agenda.live import day_of

    days = [d.date for d in data.meetup.days]
    if text is None:
        today = day_of(data, clock.now())
        if today is not None:
            return today
        if len(days) == 1:
            return days[0]
        fail("which day? today is not a day of the meetup: give --day", 2)
    if text.isdigit() and 1 <= int(text) <= len(days):
        return days[int(text) - 1]
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--day: {text!r} is neither YYYY-MM-DD nor a day number 1-{len(days)}", 2)


@run
def cmd_shift(args: argparse.Namespace) -> int:
    from meetup.agenda import shift

    ws = open_workspace(args)
    data = ws.meetup(args.meetup)
    day = _day(data, args.day)
    change = shift.plan_shift(
        ws, args.meetup, args.room, day, shift.parse_hhmm(args.start), args.by
    )
    names = {p: ws.person_name(p) for p in ws.people}
    applied = False
    if not args.dry_run and change.moves:
        if not args.json:
            emit(change.summary(names))
        if not confirm(args, f"Move {len(change.moves)} session(s)?"):
            fail("nothing changed", 1)
        shift.apply(ws, change)
        applied = True
    if args.json:
        emit_json({**change.to_json(), "applied": applied})
    elif args.dry_run or not change.moves:
        emit(
            change.summary(names) + "Dry run: nothing changed.\n"
            if args.dry_run
            else change.summary(names)
        )
    else:
        emit("Applied.\n")
    return 0


@run
def cmd_mark(args: argparse.Namespace) -> int:
    from meetup.agenda import shift

    ws = open_workspace(args)
    change = shift.mark(ws, args.meetup, args.topic, args.state)
    emit(change.summary({p: ws.person_name(p) for p in ws.people}))
    return 0
