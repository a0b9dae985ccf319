"""``meetup export agenda``, ``meetup import agenda`` and ``meetup announce``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from meetup.cli.common import confirm, emit, emit_json, fail, open_workspace, run
from meetup.cli.export import (
    add_source_arguments,
    export_subparsers,
    import_subparsers,
    read_import_source,
)

FORMATS = ("toml", "markdown", "frab", "html", "ptgbot")
"""The order --help lists them in (meetup.sharing.exports.AGENDA_FORMATS has them all)."""


def register(sub: Any) -> None:
    p = export_subparsers(sub).add_parser(
        "agenda",
        help="a meetup's agenda as TOML, Markdown, frab XML, an HTML page or a ptgbot database",
        description="toml: one self-contained file another workspace imports without loss; "
        "markdown: for a mailing list or an etherpad, times local and UTC, with the minutes; "
        "frab: schedule XML for offline conference apps (Giggity, ConfClerk); "
        "html: one self-contained schedule page (rooms x times, your time or the meetup's); "
        "ptgbot: the JSON database a PTG bot serves (with now/next given --at).",
    )
    p.add_argument("meetup", metavar="MEETUP", help="meetup id")
    p.add_argument("--format", choices=FORMATS, default="toml", help="default: toml")
    p.add_argument(
        "--at",
        metavar="TIME",
        help="ptgbot: fill now/next as at this ISO time with an offset (default: none)",
    )
    p.add_argument(
        "--ics-url",
        metavar="URL",
        help="html: where the page's calendar link points (default: MEETUP.ics beside it)",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_export_agenda)

    p = import_subparsers(sub).add_parser(
        "agenda",
        help="merge an agenda file (path or http/https URL) into the workspace",
        description="Shows what would change (new, changed, conflicting topics and "
        "attendees; new people and projects), then merges on confirmation. A local record "
        "that differs from the file in a way the file would overwrite is a conflict and is "
        "kept as it is unless --theirs. Nothing is ever deleted. Exit 0 merged or nothing to "
        "do, 1 refused or cancelled.",
    )
    add_source_arguments(p, "agenda file, or an http(s) URL", "merge without asking (scripts)")
    p.add_argument(
        "--theirs",
        action="store_true",
        help="for conflicting records, take the file's version (local edits are replaced)",
    )
    p.add_argument(
        "--follow-redirects",
        action="store_true",
        help="follow a URL's redirect to another host or scheme (default: same origin only)",
    )
    p.set_defaults(func=cmd_import_agenda)

    p = sub.add_parser(
        "announce",
        help="the plain-text announcement mail to the invited PTLs",
        description="Subject and To headers, dates, venue, timezone, the agenda so far and how "
        "to propose topics and RSVP. Pipe it into your mail client.",
    )
    p.add_argument("meetup", metavar="MEETUP", help="meetup id")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=cmd_announce)


@run
def cmd_export_agenda(args: argparse.Namespace) -> int:
    ws = open_workspace(args, meetup=args.meetup, intact=True)
    from meetup.clock import ClockError, parse_instant
    from meetup.sharing.exports import agenda_text

    try:
        at = parse_instant(args.at, "--at") if args.at and args.format == "ptgbot" else None
    except ClockError as exc:
        fail(str(exc))
    text = agenda_text(ws, args.meetup, args.format, at=at, ics_url=args.ics_url or "")
    emit(text, args.output)
    return 0


@run
def cmd_import_agenda(args: argparse.Namespace) -> int:
    from meetup.sharing.agenda_import import apply_plan, import_agenda
    from meetup.store.errors import WorkspaceError

    ws = open_workspace(args)
    shown, raw = read_import_source(args, follow_redirects=args.follow_redirects)
    try:
        plan = import_agenda(ws, raw, shown, theirs=args.theirs)
    except WorkspaceError as exc:
        fail(f"refused, nothing imported: {exc}")
    if args.json:
        emit_json(
            {
                "source": shown,
                "meetup": plan.meetup_id,
                "theirs": plan.theirs,
                "changes": [
                    {"kind": c.kind, "id": c.ident, "status": c.status, "fields": list(c.fields)}
                    for c in plan.changes
                ],
                "warnings": plan.warnings,
            }
        )
    else:
        emit("\n".join([plan.summary(), *("  " + line for line in plan.lines())]))
    conflicts = plan.count("conflict")
    if conflicts and not plan.theirs:
        print(
            f"meetup: {conflicts} conflicting record(s) keep their local version; "
            "use --theirs to take the file's version instead",
            file=sys.stderr,
        )
    if args.dry_run or not plan.will_write:
        return 0
    if not confirm(args, f"Merge into {ws.root}?"):
        print("meetup: cancelled, nothing imported", file=sys.stderr)
        return 1
    written = apply_plan(ws, plan)
    print(f"merged: {written} file(s) written", file=sys.stderr)
    return 0


@run
def cmd_announce(args: argparse.Namespace) -> int:
    from meetup.sharing.announce import announcement

    ws = open_workspace(args, meetup=args.meetup, intact=True)
    emit(announcement(ws, args.meetup), args.output)
    return 0
