"""Calendar commands: ``export ics``, ``import rsvp`` and ``publish`` (CalDAV)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from meetup.cli.common import (
    emit,
    fail,
    open_workspace,
    output_dir,
    output_file,
    run,
    write_output,
    writing,
)
from meetup.cli.export import export_subparsers, import_subparsers

PASSWORD_ENV = "MEETUP_CALDAV_PASSWORD"
PROGRESS_FROM = 10
"""Show a progress bar on a terminal when publishing at least this many events."""


def register(sub: Any) -> None:
    p = export_subparsers(sub).add_parser(
        "ics",
        help="a meetup (or an election's timeline) as an iCalendar file or RFC 5546 invite",
        description="Write the meetup as an all-day event plus one event per scheduled "
        "session. --method request writes invites (ORGANIZER, ATTENDEEs with RSVP) and "
        "remembers what was sent in meetups/MEETUP/calendar.toml; sessions removed since "
        "the last invite then go out as a METHOD:CANCEL calendar written beside -o FILE as "
        "FILE-cancel.ics (RFC 5546 allows one METHOD per calendar). --for PERSON gives the "
        "sessions the person is required for (or as a delegate), proposed, or that concern "
        "a project they represent. Times are UTC unless --tz.",
    )
    p.add_argument("meetup", nargs="?", metavar="MEETUP", help="meetup id")
    p.add_argument("--election", metavar="ID", help="an election's phases instead (UTC)")
    p.add_argument("--for", dest="person", metavar="PERSON", help="a personal calendar")
    p.add_argument(
        "--method",
        choices=("publish", "request", "cancel"),
        default="publish",
        help="iTIP method (default: publish)",
    )
    p.add_argument(
        "--tz",
        nargs="?",
        const="",
        metavar="ZONE",
        help="times with TZID and a VTIMEZONE: the meetup's zone, or IANA ZONE",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: stdout)")
    p.add_argument(
        "--no-record",
        action="store_true",
        help="do not remember this invite as sent (a preview)",
    )
    p.add_argument(
        "--since",
        metavar="RELEASE",
        help="updates since a released agenda version, only to the people each change "
        "affects: one PERSON.ics (and PERSON-cancel.ics) per person in the folder -o DIR",
    )
    p.set_defaults(func=cmd_export_ics)

    p = import_subparsers(sub).add_parser(
        "rsvp",
        help="apply METHOD:REPLY files to attendees' RSVPs",
        description="Read attendees' replies (.ics files with METHOD:REPLY) and update "
        "their RSVP to the meetup or to a session. Unknown events or attendees are "
        "reported and not applied; the exit code is then 1. Importing twice changes nothing.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="reply files")
    p.set_defaults(func=cmd_import_rsvp)

    p = sub.add_parser(
        "publish",
        help="publish a meetup's events to a CalDAV calendar",
        description="Make the CalDAV calendar at URL hold exactly the meetup's events "
        "(created if missing; sessions no longer scheduled are deleted). The password comes "
        f"from ${PASSWORD_ENV}, else a prompt on a terminal; it is never stored. "
        "Exit 0 on success, 1 when the server refuses or cannot be reached.",
    )
    p.add_argument("meetup", metavar="MEETUP", help="meetup id")
    p.add_argument("--caldav", required=True, metavar="URL", help="calendar collection URL")
    p.add_argument("--user", metavar="NAME", help="user name for the server")
    p.add_argument("--timeout", type=float, default=10.0, metavar="S", help="per request")
    p.set_defaults(func=cmd_publish)


@run
def cmd_export_ics(args: argparse.Namespace) -> int:
    from meetup.calendar import events as calendar
    from meetup.store.references import valid_timezone

    ws = open_workspace(args, meetup=args.meetup, election=args.election, intact=True)
    if args.election:
        if args.meetup or args.person or args.method != "publish" or args.tz is not None:
            fail("--election takes no MEETUP, --for, --method or --tz (elections are in UTC)", 2)
        emit(calendar.election_calendar(ws, args.election), args.output)
        return 0
    if not args.meetup:
        fail("give a MEETUP (or --election ID)", 2)
    if args.since:
        return _export_since(ws, args)
    tz = args.tz
    if tz == "":
        tz = ws.meetup(args.meetup).meetup.timezone
    if tz is not None and not valid_timezone(tz):
        fail(f"--tz: unknown IANA timezone {tz!r}", 2)
    target = output_file(args.output)
    export = calendar.export_meetup(ws, args.meetup, method=args.method, person=args.person, tz=tz)
    if target is not None:
        with writing(target):
            written = calendar.write_export(ws, export, target, record=not args.no_record)
        print(f"wrote {written[0]}: {len(export.events)} events ({export.method.upper()})")
        if len(written) > 1:
            print(f"wrote {written[1]}: {len(export.cancelled)} cancellations (CANCEL)")
        return 0
    emit(export.text)
    if export.cancel_text:
        print(
            f"meetup: {len(export.cancelled)} invited sessions are no longer scheduled; their "
            "METHOD:CANCEL calendar cannot share standard output with the invite. Use -o FILE "
            "(it writes FILE-cancel.ics too) to send them.",
            file=sys.stderr,
        )
    if not args.no_record:
        calendar.record_sent(ws, export, cancels_delivered=False)
    return 0


def _export_since(ws: Any, args: argparse.Namespace) -> int:
    """Per-person updates since a release into the folder ``-o DIR``."""
    from meetup.calendar import events as calendar
    from meetup.calendar.updates import invites_since

    if args.person or (args.method != "request" and args.method != "publish") or args.tz:
        fail("--since makes REQUEST updates per person; it takes no --for, --method or --tz", 2)
    if not args.output or args.output == "-":
        fail("--since writes one file per person: give a folder with -o DIR", 2)
    result = invites_since(ws, args.meetup, args.since)
    folder = output_dir(args.output)
    for person, export in result.invites.items():
        path = folder / f"{person}.ics"
        notes = []
        if export.events:  # only cancellations: no (empty) REQUEST to send
            write_output(path, export.text.encode("utf-8"))
            notes.append(f"{len(export.events)} updated")
        if export.cancel_text:
            write_output(calendar.cancel_path(path), export.cancel_text.encode("utf-8"))
            notes.append(f"{len(export.cancelled)} cancelled")
        print(f"{person}: {', '.join(notes)}")
    for person, why in result.skipped.items():
        print(f"{person}: skipped ({why})", file=sys.stderr)
    if not result.invites:
        print(f"nothing changed since {args.since} for anyone invited")
    elif result.state is not None and not args.no_record:
        ws.save_calendar_state(args.meetup, result.state)
    return 0


@run
def cmd_import_rsvp(args: argparse.Namespace) -> int:
    from meetup.calendar.rsvp import import_replies

    ws = open_workspace(args)
    report = import_replies(ws, [Path(f) for f in args.files])
    for item in report.applied:
        what = f"session {item.topic}" if item.topic else f"meetup {item.meetup}"
        note = "" if item.changed else " (unchanged)"
        print(f"{item.file}: {item.person} {item.rsvp} {what}{note}")
    for file, message in report.rejected:
        print(f"meetup: {file}: not applied: {message}", file=sys.stderr)
    return 0 if report.ok else 1


def _password(args: argparse.Namespace) -> str | None:
    password = os.environ.get(PASSWORD_ENV)
    if password is not None or args.user is None:
        return password
    if not sys.stdin.isatty():
        fail(
            f"no password for {args.user!r}: set ${PASSWORD_ENV} (standard input is not a "
            "terminal to ask on)"
        )
    import getpass

    return getpass.getpass(f"CalDAV password for {args.user}: ")


class _ProgressBar:
    """A one-line progress bar on stderr, for terminals only."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM or not sys.stderr.isatty():
            return
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\rpublishing [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


@run
def cmd_publish(args: argparse.Namespace) -> int:
    from meetup.calendar import events as calendar
    from meetup.calendar.caldav import CalDAVError

    ws = open_workspace(args, meetup=args.meetup, intact=True)
    ws.meetup(args.meetup)
    password = _password(args)
    bar = _ProgressBar()
    try:
        report = calendar.publish_meetup(
            ws,
            args.meetup,
            args.caldav,
            user=args.user,
            password=password,
            timeout=args.timeout,
            on_progress=bar,
        )
    except CalDAVError as error:
        bar.close()
        fail(error.message, 1)
    bar.close()
    print(
        f"published {args.meetup} to {args.caldav}: {len(report.created)} created, "
        f"{len(report.updated)} updated, {len(report.deleted)} deleted, "
        f"{len(report.unchanged)} unchanged"
    )
    return 0
