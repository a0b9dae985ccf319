"""``meetup poll MEETUP``: the date poll: options, answers, ranking, the choice."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from meetup.cli.common import (
    confirm,
    emit,
    emit_json,
    fail,
    open_workspace,
    person_ref,
    run,
    table,
)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "poll",
        help="a meetup's date poll: add options, record answers, rank, choose",
        description="Without options, print the poll's options ranked (most yes, fewest no, "
        "most if-need-be, earliest). --add START --days N adds a date range; --answer "
        "PERSON OPTION yes|maybe|no records an invited person's answer; --choose OPTION sets "
        "the meetup's days (asks first; --yes for scripts; --force takes sessions on vanished "
        "days off the grid).",
    )
    p.add_argument("meetup", metavar="MEETUP", help="meetup id")
    p.add_argument("--add", metavar="START", type=date.fromisoformat, help="first day, ISO")
    p.add_argument("--days", type=int, default=1, help="number of days of the option (1-4)")
    p.add_argument("--label", default="", help="label of the new option")
    p.add_argument(
        "--answer", nargs=3, metavar=("PERSON", "OPTION", "ANSWER"), help="yes, maybe or no"
    )
    p.add_argument("--choose", metavar="OPTION", help="set the meetup's days from OPTION")
    p.add_argument("--force", action="store_true", help="with --choose: unschedule as needed")
    p.add_argument("--yes", "-y", action="store_true", help="do not ask for confirmation")
    p.add_argument("--json", action="store_true", help="the ranked options as JSON")
    p.set_defaults(func=cmd_poll)


@run
def cmd_poll(args: argparse.Namespace) -> int:
    from meetup.agenda import datepoll

    ws = open_workspace(args, meetup=args.meetup)
    notes: list[str] = []
    if args.add:
        option = datepoll.add_option(ws, args.meetup, args.add, args.days, args.label)
        notes.append(f"added option {option.id}")
    if args.answer:
        named, option_id, value = args.answer
        person = person_ref(ws, named)
        datepoll.answer(ws, args.meetup, person, option_id, value)
        notes.append(f"{person} answered {value} for {option_id}")
    if args.choose:
        if not confirm(args, f"Set the days of {args.meetup} from {args.choose}?"):
            fail("nothing changed", 1)
        choice = datepoll.choose(ws, args.meetup, args.choose, force=args.force)
        notes.append(f"{args.meetup} now runs {', '.join(d.isoformat() for d in choice.days)}")
        if choice.unscheduled:
            notes.append(f"taken off the grid: {', '.join(choice.unscheduled)}")
        if choice.dropped_breaks:
            notes.append(f"dropped {choice.dropped_breaks} break(s) of vanished days")
    poll = datepoll.load_poll(ws, args.meetup)
    ranked = datepoll.ranking(ws, args.meetup, poll)
    if args.json:
        emit_json(
            {
                "meetup": args.meetup,
                "chosen": poll.chosen,
                "options": [t.to_json() for t in ranked],
                "messages": notes,
            }
        )
        return 0
    rows = [
        (
            ("* " if t.option.id == poll.chosen else "") + t.option.id,
            t.option.label,
            t.yes,
            t.maybe,
            t.no,
            t.waiting,
        )
        for t in ranked
    ]
    text = "".join(f"{n}\n" for n in notes)
    text += (
        table(rows, ["option", "label", "yes", "maybe", "no", "waiting"])
        if rows
        else ("no options yet: add one with --add START --days N\n")
    )
    emit(text)
    return 0
