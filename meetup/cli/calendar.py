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
    person_ref,
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
        help="a meetup (or an election's timeline) as an iCalendar file or RFC 5546 invites",
        description="Write the meetup as an all-day event plus one event per scheduled "
        "session. --method publish (default): one calendar to import or subscribe to. "
        "--method request|cancel: one iTIP object per event (RFC 5546; Outlook reads only "
        "the first event of an invite): the meetup to every invitee, a session to the people "
        "it requires, a CANCEL for each dropped session to whoever holds it; on standard "
        "output one VCALENDAR after the other, with -o FILE one file each (FILE, then "
        "FILE-TOPIC.ics). What was sent to whom is remembered in meetups/MEETUP/calendar.toml "
        "(also for --for). --for PERSON: that person's events. To mail invites, use "
        "`meetup invite send`. Times are UTC unless --tz.",
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
        help="updates since a released agenda version to everyone who holds a changed "
        "event (all invitees hold a released agenda): one PERSON-EVENT.ics per person and "
        "event in the folder -o DIR",
    )
    p.set_defaults(func=cmd_export_ics)

    p = import_subparsers(sub).add_parser(
        "rsvp",
        help="apply METHOD:REPLY files (.ics, .eml or mbox) to attendees' RSVPs",
        description="Read attendees' replies (METHOD:REPLY in .ics files, saved mails or "
        "mbox folders) and update their RSVP to the meetup or to a session. A reply older "
        "than the last invite sent to that person (lower SEQUENCE) is ignored with a note. "
        "Unknown events or attendees are reported and not applied; the exit code is then 1. "
        "Importing twice changes nothing.",
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
    from meetup.calendar import export as ics_export
    from meetup.calendar.timeline import election_calendar
    from meetup.store.references import valid_timezone

    ws = open_workspace(args, meetup=args.meetup, election=args.election, intact=True)
    if args.election:
        if args.meetup or args.person or args.method != "publish" or args.tz is not None:
            fail("--election takes no MEETUP, --for, --method or --tz (elections are in UTC)", 2)
        emit(election_calendar(ws, args.election, record=not args.no_record), args.output)
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
    export = ics_export.export_meetup(
        ws,
        args.meetup,
        method=args.method,
        person=person_ref(ws, args.person) if args.person else None,
        tz=tz,
    )
    if target is not None:
        with writing(target):
            written = ics_export.write_export(ws, export, target, record=not args.no_record)
        if export.method == "publish":
            print(f"wrote {written[0]}: {len(export.events)} events (PUBLISH)")
        else:
            for path, message in zip(written, export.messages):
                people = len(message.recipients)
                print(f"wrote {path}: {message.method.upper()} {message.uid} to {people}")
        return 0
    emit(export.text)
    if not args.no_record:
        ics_export.record_export(ws, export)
    return 0


def _export_since(ws: Any, args: argparse.Namespace) -> int:
    """Per-person, per-event updates since a release into the folder ``-o DIR``."""
    from meetup.calendar import itip

    if args.person or (args.method != "request" and args.method != "publish") or args.tz:
        fail("--since makes updates per person; it takes no --for, --method or --tz", 2)
    if not args.output or args.output == "-":
        fail("--since writes one file per person and event: give a folder with -o DIR", 2)
    plan = itip.plan_invites(ws, args.meetup, since=args.since)
    folder = output_dir(args.output)
    for person, messages in plan.by_person().items():
        for m in messages:
            write_output(folder / f"{person}-{m.key}.ics", m.text.encode("utf-8"))
        notes = ", ".join(f"{m.key} {m.method.upper()}" for m in messages)
        print(f"{person}: {notes}")
    for person, why in plan.skipped.items():
        print(f"{person}: skipped ({why})", file=sys.stderr)
    if not plan.messages:
        print(f"nothing changed since {args.since} for anyone invited")
    elif not args.no_record:
        itip.record(ws, args.meetup, plan.messages, plan.stamp)
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
    for file, message in report.ignored:
        print(f"{file}: ignored: {message}")
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

    def __init__(self, label: str = "publishing") -> None:
        self.shown = False
        self.label = label

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM or not sys.stderr.isatty():
            return
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()


@run
def cmd_publish(args: argparse.Namespace) -> int:
    from meetup.calendar import events as calendar
    from meetup.calendar.dav_client import CalDAVError

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
