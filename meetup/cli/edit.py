"""Everyday edits from the shell: ``meetup rsvp``, ``meetup invite``, ``meetup issue comment``.

Each calls the operation the TUI calls (meetup.agenda.attendees, meetup.issues).
``meetup invite MEETUP ...`` shares its group with ``meetup invite send`` (the invites
after a release): a first word that is no subcommand means "invite these people".
"""

from __future__ import annotations

import argparse
from typing import Any

from meetup.cli.common import (
    acting,
    add_as_option,
    command_group,
    emit,
    emit_json,
    fail,
    open_workspace,
    person_ref,
    run,
)
from meetup.cli.invite import invite_group

RSVPS = ("needs-action", "accepted", "declined", "tentative")


def register(sub: Any) -> None:
    p = sub.add_parser("rsvp", help="set someone's answer to a meetup invitation")
    p.add_argument("meetup", metavar="MEETUP")
    p.add_argument("person", metavar="PERSON")
    p.add_argument("status", choices=RSVPS)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rsvp)

    p = invite_group(sub).add_parser(
        "people",
        help="invite PTLs (all current ones, or named) or a PTL's delegate "
        "(the default: `meetup invite MEETUP ...`)",
    )
    p.add_argument("meetup", metavar="MEETUP")
    p.add_argument("people", nargs="*", metavar="PERSON")
    p.add_argument("--all-ptls", action="store_true", help="every current PTL of the roster")
    p.add_argument("--delegate-for", metavar="PTL", help="PERSON stands in for this PTL")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_invite)

    issue = command_group(sub, "issue", help="work on cross-project issues (comment)")
    p = issue.add_parser("comment", help="add a comment to an issue's log, as the acting person")
    p.add_argument("issue", metavar="ISSUE")
    p.add_argument("text", metavar="TEXT")
    add_as_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_comment)


@run
def cmd_rsvp(args: argparse.Namespace) -> int:
    from meetup.agenda.attendees import set_rsvp

    ws = open_workspace(args)
    person = person_ref(ws, args.person)
    attendee = set_rsvp(ws, args.meetup, person, args.status)
    if args.json:
        emit_json({"meetup": args.meetup, "person": attendee.person, "rsvp": attendee.rsvp})
    else:
        emit(f"{attendee.person}: {attendee.rsvp}")
    return 0


@run
def cmd_invite(args: argparse.Namespace) -> int:
    from meetup.agenda.attendees import add_attendee, invite_ptls
    from meetup.store.fields import AttendeeRole

    ws = open_workspace(args)
    if args.all_ptls == bool(args.people):
        fail("say whom to invite: --all-ptls, or one or more PERSON ids")
    if args.delegate_for and (args.all_ptls or len(args.people) != 1):
        fail("--delegate-for goes with exactly one PERSON")
    added: list[str] = []
    if args.all_ptls:
        added = invite_ptls(ws, args.meetup)
    else:
        ptl = person_ref(ws, args.delegate_for) if args.delegate_for else None
        for name in args.people:
            person = person_ref(ws, name)
            role: AttendeeRole = "delegate" if ptl else "ptl"
            added.append(add_attendee(ws, args.meetup, person, role, ptl).person)
    if args.json:
        emit_json({"meetup": args.meetup, "invited": added})
    else:
        emit(f"invited {', '.join(added)}" if added else "nobody new to invite")
    return 0


@run
def cmd_comment(args: argparse.Namespace) -> int:
    from meetup import clock
    from meetup.issues import add_comment

    ws = open_workspace(args)
    author = acting(args, ws)
    issue = add_comment(ws, args.issue, args.text, now=clock.now(), author=author)
    entry = issue.log[-1]
    if args.json:
        emit_json(
            {"issue": issue.id, "at": entry.at.isoformat(), "author": author, "text": entry.text}
        )
    else:
        emit(f"{issue.id}: comment added by {author}")
    return 0
