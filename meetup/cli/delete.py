"""``meetup delete KIND ID``: delete a topic, issue, election, action item or meetup.

Says first what goes with the record (the same words as the TUI's confirmation, from
:mod:`meetup.deletion`); deletes only with ``--yes`` (or a "y" typed on a terminal).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from meetup.cli.common import emit, emit_json, fail, open_workspace, run

KINDS = ("topic", "issue", "election", "action", "meetup")
_INSIDE_A_MEETUP = ("topic", "action")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "delete",
        help="delete a topic, issue, election, action item or meetup (says what goes first)",
        description="Delete a record and what goes with it, as one all-or-nothing change. "
        "Without --yes it prints what would go and exits 1 (on a terminal it asks). "
        "A closed election is never deleted.",
    )
    p.add_argument("kind", choices=KINDS)
    p.add_argument("id", metavar="ID", help="the record's id (MEETUP/ID for a topic or action)")
    p.add_argument("--meetup", "-m", metavar="M", help="the meetup of a topic or action item")
    p.add_argument("--yes", "-y", action="store_true", help="delete without asking")
    p.add_argument("--json", action="store_true", help="print what was deleted as JSON")
    p.set_defaults(func=cmd_delete)


def _target(args: argparse.Namespace) -> tuple[str | None, str]:
    ident: str = args.id
    meetup = args.meetup
    if args.kind in _INSIDE_A_MEETUP:
        if meetup is None and "/" in ident:
            meetup, _, ident = ident.partition("/")
        if not meetup:
            fail(f"which meetup? give --meetup M (or {args.kind} as MEETUP/{ident})")
    elif meetup:
        fail(f"--meetup is for a topic or an action item, not {args.kind}")
    return meetup, ident


@run
def cmd_delete(args: argparse.Namespace) -> int:
    from meetup import deletion

    meetup, ident = _target(args)
    ws = open_workspace(args)
    kind = args.kind
    where = (meetup, ident) if meetup else (ident,)
    said: list[str] = getattr(deletion, f"{kind}_consequences")(ws, *where)
    name = f"{kind} {meetup}/{ident}" if meetup else f"{kind} {ident}"
    report: dict[str, Any] = {"kind": kind, "id": ident, "meetup": meetup, "with": said}
    if not args.yes:
        if args.json:
            emit_json({**report, "deleted": False})
        else:
            emit(f"deleting {name} takes along:\n" if said else f"deleting {name}\n")
            for line in said:
                emit(f"  - {line}\n")
        if not sys.stdin.isatty() or args.json:
            fail(f"{name} not deleted: give --yes to delete it")
        if input(f"delete {name}? [y/N] ").strip().lower() not in ("y", "yes"):
            fail("not deleted")
    getattr(deletion, f"delete_{kind}")(ws, *where)
    if args.json:
        emit_json({**report, "deleted": True})
    else:
        emit(f"deleted {name}\n")
    return 0
