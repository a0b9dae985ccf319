"""``meetup release MEETUP``: freeze, list and compare released versions of the agenda."""

from __future__ import annotations

import argparse
from typing import Any

from meetup.cli.common import emit, emit_json, fail, open_workspace, run, table


def register(sub: Any) -> None:
    p = sub.add_parser(
        "release",
        help="freeze a named version of a meetup's agenda, list versions, diff them",
        description="`meetup release MEETUP NAME` freezes the current schedule as NAME; "
        "--list shows the releases; --diff A [B] lists new, moved, cancelled and retitled "
        "sessions from A to B (default: the current schedule) and the people each change "
        "affects.",
    )
    p.add_argument("meetup", metavar="MEETUP", help="meetup id")
    p.add_argument("name", metavar="NAME", nargs="?", help="name of the new release (a slug)")
    p.add_argument("--list", action="store_true", help="list the releases")
    p.add_argument(
        "--diff", nargs="+", metavar="RELEASE", help="compare release A with B (or current)"
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_release)


@run
def cmd_release(args: argparse.Namespace) -> int:
    from meetup.agenda import releases

    modes = sum(bool(x) for x in (args.name, args.list, args.diff))
    if modes != 1:
        fail("give exactly one of NAME, --list or --diff A [B]", 2)
    ws = open_workspace(args, meetup=args.meetup, intact=True)
    if args.list:
        found = releases.list_releases(ws, args.meetup)
        if args.json:
            emit_json([releases.release_json(r) for r in found])
        else:
            rows = [(r.name, r.released.isoformat(), len(r.sessions)) for r in found]
            emit(table(rows, ["release", "released (UTC)", "sessions"]) if rows else "none\n")
        return 0
    if args.diff:
        if len(args.diff) > 2:
            fail("--diff takes one or two release names", 2)
        a = releases.load_release(ws, args.meetup, args.diff[0])
        b = releases.load_release(
            ws, args.meetup, args.diff[1] if len(args.diff) == 2 else releases.CURRENT
        )
        d = releases.diff(a, b)
        people = releases.affected_people(ws, args.meetup, d)
        if args.json:
            doc = d.to_json()
            doc["affected"] = people
            emit_json(doc)
        else:
            emit(diff_text(d, people))
        return 0
    r = releases.release(ws, args.meetup, args.name)
    if args.json:
        emit_json(releases.release_json(r))
    else:
        emit(f"released {r.name} of {args.meetup}: {len(r.sessions)} sessions\n")
    return 0


def diff_text(d: Any, people: dict[str, list[str]]) -> str:
    def when(s: Any) -> str:
        return f"{s.day} {s.start:%H:%M}-{s.end:%H:%M} {s.room}"

    lines = [f"{d.a} -> {d.b}"]
    for c in d.new:
        lines.append(f"  new        {c.topic}: {when(c.after)}")
    for c in d.moved:
        lines.append(f"  moved      {c.topic}: {when(c.before)} -> {when(c.after)}")
    for c in d.cancelled:
        lines.append(f"  cancelled  {c.topic}: was {when(c.before)}")
    for c in d.retitled:
        lines.append(f"  retitled   {c.topic}: {c.before.title!r} -> {c.after.title!r}")
    if len(lines) == 1:
        lines.append("  no changes")
    lines.append(f"Affected people: {len(people) or 'none'}")
    lines.extend(f"  {p}: {', '.join(topics)}" for p, topics in people.items())
    return "\n".join(lines) + "\n"
