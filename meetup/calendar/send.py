"""``meetup invite send``: deliver the due iTIP messages, remembering each one sent.

The plan (meetup.calendar.itip.plan_invites) says who should get what now; each message is
mailed (SMTP) or written (.eml), and recorded in calendar.toml right after it went out, so
a run that fails half-way is finished by running it again: what went out is not sent again
(its SEQUENCE is remembered as held), what failed is due still.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.message import EmailMessage
from typing import TYPE_CHECKING, Protocol

from meetup.calendar import itip, mail
from meetup.store.integrity import require_intact

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace


class Outbox(Protocol):
    def deliver(self, person: str, key: str, mail: EmailMessage) -> str: ...


@dataclass
class SendReport:
    sent: list[tuple[str, str, str]] = field(default_factory=list)
    """(person, event key, method) delivered."""
    skipped: dict[str, str] = field(default_factory=dict)
    """Person -> why nothing went to them (declined, no e-mail, the organizer)."""
    failed: list[tuple[str, str, str]] = field(default_factory=list)
    """(person, event key, why): due again on the next run."""
    current: list[str] = field(default_factory=list)
    """People who already hold everything as it is."""
    where: list[str] = field(default_factory=list)
    """Where each sent message went (file or address)."""

    @property
    def ok(self) -> bool:
        return not self.failed


def preview(
    ws: Workspace,
    meetup_id: str,
    *,
    since: str | None = None,
    to: list[str] | None = None,
    now: datetime | None = None,
) -> itip.InvitePlan:
    """Who would get what now (nothing is sent or written); refuses when a record the
    meetup needs is broken (BrokenRecordsError), so nobody misses a session's invite."""
    require_intact(ws, meetup=meetup_id)
    return itip.plan_invites(ws, meetup_id, since=since, people=to, now=now)


def send_invites(
    ws: Workspace,
    meetup_id: str,
    outbox: Outbox,
    *,
    since: str | None = None,
    to: list[str] | None = None,
    now: datetime | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    plan: itip.InvitePlan | None = None,
) -> SendReport:
    """Deliver every due message through ``outbox``; see the module docstring."""
    if plan is None:
        plan = preview(ws, meetup_id, since=since, to=to, now=now)
    report = SendReport(skipped=dict(plan.skipped), current=list(plan.current))
    total = len(plan.messages)
    for done, message in enumerate(plan.messages, 1):
        person = message.recipients[0]
        try:
            built = mail.build(ws, meetup_id, message, person, plan.organizer, plan.stamp)
            where = outbox.deliver(person, message.key, built)
        except (smtplib.SMTPException, OSError, ValueError) as exc:
            report.failed.append((person, message.key, _why(exc)))
        else:
            itip.record(ws, meetup_id, [message], plan.stamp)
            report.sent.append((person, message.key, message.method))
            report.where.append(where)
        if on_progress is not None:
            on_progress(done, total)
    return report


def _why(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [
            f"{code} {text.decode('utf-8', 'replace')}" for code, text in exc.recipients.values()
        ]
        return "refused by the server: " + "; ".join(codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        text = (
            exc.smtp_error.decode("utf-8", "replace")
            if isinstance(exc.smtp_error, bytes)
            else str(exc.smtp_error)
        )
        return f"server said {exc.smtp_code} {text}"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc) or type(exc).__name__
    return str(exc) or type(exc).__name__
