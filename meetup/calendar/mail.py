"""iTIP messages as mail (iMIP, RFC 6047), and the outboxes that deliver them.

One mail per person and UID: ``multipart/alternative`` of a text/plain part (what, when in
the person's own time zone and the meetup's, where) and the iTIP object as
``text/calendar; method=REQUEST`` (or PUBLISH, CANCEL), From the organizer, To the person.
The calendar part is base64, so its CRLF line ends reach the client byte for byte.
"""

from __future__ import annotations

import smtplib
import ssl
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, make_msgid
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from meetup.calendar.itip import Message
    from meetup.store.workspace import Workspace

Security = Literal["starttls", "ssl", "none"]

_SUBJECT = {"request": "Invitation", "publish": "Schedule update", "cancel": "Cancelled"}


def _when(start: datetime | date, end: datetime | date, zone: str) -> str:
    if not isinstance(start, datetime) or not isinstance(end, datetime):
        last = end - timedelta(days=1)
        if last == start:
            return f"{start:%a %d %b %Y} (all day)"
        return f"{start:%a %d %b %Y} to {last:%a %d %b %Y} (all day)"
    tz = ZoneInfo(zone)
    a, b = start.astimezone(tz), end.astimezone(tz)
    until = f"{b:%H:%M}" if a.date() == b.date() else f"{b:%a %d %b %Y %H:%M}"
    return f"{a:%a %d %b %Y %H:%M}-{until} {zone}"


def body(ws: Workspace, meetup_id: str, message: Message, person: str) -> str:
    """The text/plain part: what, when (their zone and the meetup's), where."""
    data = ws.meetup(meetup_id)
    spec = message.spec
    meetup = data.meetup
    own = ws.people[person].timezone if person in ws.people else "UTC"
    lines = [f"Hello {ws.person_name(person)},", ""]
    what = spec.summary if spec.topic else meetup.title
    if message.method == "cancel":
        if spec.status == "cancelled":
            lines.append(f"This is cancelled: {what}.")
        else:
            lines.append(f"You are no longer expected at: {what}.")
    elif message.method == "publish":
        lines.append(f"A session of {meetup.title} you follow changed: {what}.")
    else:
        kind = "the meetup" if not spec.topic else "a session that needs you"
        lines.append(f"You are invited to {kind}: {what}.")
    lines.append("")
    lines.append(f"When:  {_when(spec.start, spec.end, meetup.timezone)}")
    if isinstance(spec.start, datetime) and own != meetup.timezone:
        lines.append(f"       {_when(spec.start, spec.end, own)} (your time)")
    if spec.location:
        lines.append(f"Where: {spec.location}")
    if spec.topic:
        lines.append(f"Part of: {meetup.title}")
    lines.append("")
    if message.method == "request":
        lines.append("Please answer with your calendar (accept, tentative or decline).")
        if not spec.topic:
            lines.append(
                "The sessions that need you come as their own invitations; the whole agenda "
                "is a calendar to subscribe to (ask the organizer for its address)."
            )
    lines.extend(["", f"-- {ws.person_name(data.meetup.organizers[0])}, for {meetup.title}", ""])
    return "\n".join(lines)


def build(
    ws: Workspace,
    meetup_id: str,
    message: Message,
    person: str,
    organizer: str,
    stamp: datetime,
) -> EmailMessage:
    """The RFC 6047 mail of one iTIP message to one person."""
    from meetup.calendar.events import identity

    spec = message.spec
    mail = EmailMessage()
    mail["From"] = formataddr((ws.person_name(organizer), ws.people[organizer].email))
    mail["To"] = formataddr((ws.person_name(person), ws.people[person].email))
    what = spec.summary if spec.topic else ws.meetup(meetup_id).meetup.title
    mail["Subject"] = f"{_SUBJECT[message.method]}: {what}"
    mail["Date"] = format_datetime(stamp)
    domain = identity(ws) if "." in identity(ws) else "meetup.invalid"
    mail["Message-ID"] = make_msgid(f"{message.key}.{spec.sequence}", domain=domain)
    mail.set_content(body(ws, meetup_id, message, person))
    mail.add_alternative(
        message.text.encode("utf-8"),
        maintype="text",
        subtype="calendar",
        params={"method": message.method.upper(), "charset": "utf-8"},
        cte="base64",
    )
    return mail


class EmlOutbox:
    """Writes each mail as ``DIR/PERSON-EVENT.eml`` (for ``mutt -H`` or any mail client)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def __enter__(self) -> EmlOutbox:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def deliver(self, person: str, key: str, mail: EmailMessage) -> str:
        from meetup.store.outputs import write_file

        path = self.folder / f"{person}-{key}.eml"
        write_file(path, mail.as_bytes())
        return str(path)


class SmtpOutbox:
    """Sends through one SMTP connection (STARTTLS, implicit TLS or plain)."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        security: Security = "starttls",
        user: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        context: ssl.SSLContext | None = None,
    ) -> None:
        self.host, self.port, self.security = host, port, security
        self.user, self.password, self.timeout = user, password, timeout
        self.context = context
        self.smtp: smtplib.SMTP | None = None

    def __enter__(self) -> SmtpOutbox:
        context = self.context or ssl.create_default_context()
        if self.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                self.host, self.port, timeout=self.timeout, context=context
            )
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            if self.security == "starttls":
                smtp.starttls(context=context)
            if self.user is not None:
                smtp.login(self.user, self.password or "")
        except BaseException:
            smtp.close()
            raise
        self.smtp = smtp
        return self

    def __exit__(self, *exc: object) -> None:
        if self.smtp is not None:
            try:
                self.smtp.quit()
            except (smtplib.SMTPException, OSError):
                self.smtp.close()
            self.smtp = None

    def deliver(self, person: str, key: str, mail: EmailMessage) -> str:
        assert self.smtp is not None, "use the outbox as a context manager"
        self.smtp.send_message(mail)
        return str(mail["To"])
