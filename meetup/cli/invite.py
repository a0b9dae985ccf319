"""``meetup invite``: the invite list of a meetup, and ``meetup invite send``.

Two forms share the command name (DESIGN.md's contract):

    meetup invite MEETUP (--all-ptls | PERSON...)     who is invited (the invite list)
    meetup invite send MEETUP [--since RELEASE] [--to PERSON]... (--smtp HOST[:PORT] ... | -o DIR)

Both live in one ``invite`` command group (meetup.cli.common.command_group): this module
adds ``send``; meetup.cli.edit adds ``people``, the default when the first word is no
subcommand (so a meetup cannot be called ``send`` for this command).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from meetup.cli.common import fail, open_workspace, person_ref, run

PASSWORD_ENV = "MEETUP_SMTP_PASSWORD"


def invite_group(sub: Any) -> Any:
    """The ``invite`` command group, whichever of this module and meetup.cli.edit comes first."""
    from meetup.cli.common import command_group

    return command_group(
        sub,
        "invite",
        help="invite people to a meetup (`invite MEETUP --all-ptls | PERSON...`); "
        "`invite send` mails the invitations",
        default="people",
    )


def register(sub: Any) -> None:
    p = invite_group(sub).add_parser(
        "send",
        help="mail the invitations that are due (one message per person and event)",
        description="Mail the invitations that are due, one RFC 6047 message per person and "
        "event: the meetup to every invitee, each session to the people it requires, "
        "updates and cancellations to whoever holds a changed event. Each message is "
        "remembered once sent; run again to retry failures (nobody gets a SEQUENCE twice). "
        f"The SMTP password comes from ${PASSWORD_ENV}, else a prompt; it is never stored.",
    )
    p.add_argument("meetup", metavar="MEETUP", help="meetup id")
    p.add_argument("--since", metavar="RELEASE", help="everyone invited holds this release")
    p.add_argument("--to", action="append", metavar="PERSON", help="only these people")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--smtp", metavar="HOST[:PORT]", help="send through this SMTP server")
    where.add_argument("-o", "--output", metavar="DIR", help="write PERSON-EVENT.eml files")
    tls = p.add_mutually_exclusive_group()
    tls.add_argument("--starttls", action="store_true", help="STARTTLS (default on port 587)")
    tls.add_argument("--ssl", action="store_true", help="implicit TLS (default on port 465)")
    p.add_argument("--user", metavar="NAME", help="SMTP login")
    p.add_argument("--dry-run", action="store_true", help="show who would get what; send nothing")
    p.set_defaults(func=cmd_invite_send)


def _outbox(args: argparse.Namespace) -> Any:
    from meetup.calendar.mail import EmlOutbox, Security, SmtpOutbox

    if args.output:
        folder = Path(args.output)
        if folder.exists() and not folder.is_dir():
            fail(f"{folder} is not a folder", 2)
        return EmlOutbox(folder)
    host, _, port_text = args.smtp.rpartition(":") if ":" in args.smtp else (args.smtp, "", "")
    security: Security | None = "ssl" if args.ssl else "starttls" if args.starttls else None
    if not port_text:
        port = 465 if security == "ssl" else 587 if security == "starttls" else 25
    elif port_text.isdigit():
        port = int(port_text)
    else:
        fail(f"--smtp: {port_text!r} is not a port number", 2)
    if security is None:
        security = "ssl" if port == 465 else "starttls" if port == 587 else "none"
    password = None
    if args.user is not None:
        password = os.environ.get(PASSWORD_ENV)
        if password is None:
            if not sys.stdin.isatty():
                fail(
                    f"no password for {args.user!r}: set ${PASSWORD_ENV} (standard input is "
                    "not a terminal to ask on)"
                )
            import getpass

            password = getpass.getpass(f"SMTP password for {args.user}: ")
    return SmtpOutbox(host, port, security=security, user=args.user, password=password)


@run
def cmd_invite_send(args: argparse.Namespace) -> int:
    import smtplib

    from meetup.calendar import send
    from meetup.cli.calendar import _ProgressBar

    ws = open_workspace(args)
    to = [person_ref(ws, p) for p in args.to] if args.to else args.to
    plan = send.preview(ws, args.meetup, since=args.since, to=to)
    if args.dry_run:
        for person, messages in plan.by_person().items():
            print(f"{person}: " + ", ".join(f"{m.key} {m.method.upper()}" for m in messages))
        for person, why in plan.skipped.items():
            print(f"{person}: skipped ({why})")
        return 0
    if not plan.messages:
        print(f"nothing to send for {args.meetup}: everyone holds the current events")
        return 0
    outbox = _outbox(args)
    bar = _ProgressBar("sending")
    try:
        with outbox:
            report = send.send_invites(ws, args.meetup, outbox, plan=plan, on_progress=bar)
    except smtplib.SMTPAuthenticationError:
        bar.close()
        fail(f"the SMTP server at {args.smtp} rejected the login of {args.user!r}", 1)
    except (smtplib.SMTPException, OSError) as exc:
        bar.close()
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        fail(f"cannot send through {args.smtp}: {reason}", 1)
    bar.close()
    for person, key, reason in report.failed:
        print(f"meetup: {person} {key}: failed: {reason}", file=sys.stderr)
    people = len({p for p, _, _ in report.sent})
    print(
        f"{len(report.sent)} sent to {people} people, {len(report.skipped)} skipped"
        + "".join(f"\n  skipped {p}: {why}" for p, why in sorted(report.skipped.items()))
        + f"\n{len(report.failed)} failed"
        + (" (run the same command again to retry them)" if report.failed else "")
    )
    return 0 if report.ok else 1
