"""``meetup schedule MEETUP``: the grid, its conflicts and the unplaced topics.

With ``--auto`` the automatic scheduler computes a plan, shows its moves and, once
confirmed, saves them; ``--dry-run`` shows the plan and changes nothing.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from meetup.cli.common import confirm, emit, emit_json, fail, open_workspace, run, table

if TYPE_CHECKING:
    from meetup.agenda.autoschedule import Plan, Score
    from meetup.store.records import Placement


def register(sub: Any) -> None:
    p = sub.add_parser(
        "schedule",
        help="show a meetup's schedule: sessions, conflicts, unplaced topics",
        description="Print the schedule day by day with its conflicts and the accepted "
        "topics that are not placed yet. --auto places the accepted topics automatically "
        "(most votes first, best slots first; pinned placements stay); --dry-run only shows "
        "what it would do. Exit 0 when there is no hard conflict, 1 otherwise.",
    )
    p.add_argument("meetup", metavar="MEETUP", help="meetup id")
    p.add_argument("--auto", action="store_true", help="schedule the accepted topics and save")
    p.add_argument("--dry-run", action="store_true", help="show the automatic plan, change nothing")
    p.add_argument(
        "--keep-existing",
        action="store_true",
        help="with --auto/--dry-run: keep every current placement, only fill the gaps",
    )
    p.add_argument("--yes", "-y", action="store_true", help="apply without asking")
    p.add_argument(
        "--json",
        action="store_true",
        help="sessions, conflicts, unplaced as JSON (with --auto/--dry-run: plus moves, "
        "reasons, score and applied)",
    )
    p.set_defaults(func=cmd_schedule)


@run
def cmd_schedule(args: argparse.Namespace) -> int:
    from meetup.agenda import autoschedule, conflicts, timetable

    ws = open_workspace(args, meetup=args.meetup, intact=True)
    data = ws.meetup(args.meetup)
    if not (args.auto or args.dry_run):
        if args.keep_existing:
            fail("--keep-existing goes with --auto or --dry-run", 2)
        if args.json:
            emit_json(timetable.schedule_json(data))
        else:
            emit(timetable.schedule_text(data))
        return 1 if any(c.hard for c in conflicts.conflicts(data)) else 0

    result = autoschedule.plan(data, keep_existing=args.keep_existing)
    applied = False
    if args.dry_run:
        after = autoschedule.preview(data, result)
    else:
        if not args.json:
            emit(plan_text(result))
        if result.moves:
            if not confirm(args, f"Apply {len(result.moves)} move(s) to {args.meetup}?"):
                fail("nothing changed", 1)
            autoschedule.apply(ws, args.meetup, result)
            applied = True
        after = ws.meetup(args.meetup)
    if args.json:
        doc = timetable.schedule_json(after)
        doc["moves"] = [move_json(m) for m in result.moves]
        doc["reasons"] = {u.topic: [r.to_json() for r in u.reasons] for u in result.unplaced}
        doc["score"] = result.score.to_json()
        doc["applied"] = applied
        emit_json(doc)
    elif args.dry_run:
        emit(plan_text(result) + "\nDry run: nothing changed.\n")
    else:
        emit(("Applied.\n\n" if applied else "") + timetable.schedule_text(after))
    return 1 if any(c.hard for c in conflicts.conflicts(after)) else 0


def where(p: Placement | None) -> str:
    return "-" if p is None else f"{p.day} {p.start:%H:%M} {p.room}"


def move_json(m: Any) -> dict[str, object]:
    def place(p: Placement | None) -> dict[str, object] | None:
        if p is None:
            return None
        return {"day": p.day.isoformat(), "start": f"{p.start:%H:%M}", "room": p.room}

    return {
        "topic": m.topic,
        "title": m.title,
        "votes": m.votes,
        "from": place(m.before),
        "to": place(m.after),
    }


def budget_note(score: Score) -> str:
    """Why the plan may not be the best one, if the search was cut short."""
    if score.stopped:
        return f" (search stopped early: out of {score.stopped}; the best plan found so far)"
    return "" if score.proven else " (search stopped at its budget)"


def plan_text(result: Plan) -> str:
    s = result.score
    lines = [
        f"Automatic schedule for {result.meetup}: {s.placed} placed, {s.unplaced} unplaced, "
        f"{len(result.moves)} move(s)" + budget_note(s)
    ]
    if result.moves:
        rows = [(m.topic, m.votes, where(m.before), where(m.after)) for m in result.moves]
        lines.append(table(rows, ["topic", "votes", "from", "to"]).rstrip("\n"))
    else:
        lines.append("No moves: the schedule is already what the scheduler would make.")
    for u in result.unplaced:
        lines.append(f"Not placed: {u.topic} ({u.votes} votes, {u.duration} min)")
        lines.extend(f"  - {r.message}" for r in u.reasons)
    return "\n".join(lines) + "\n"
