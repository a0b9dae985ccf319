"""Publish a meetup's events to a CalDAV calendar collection (RFC 4791).

A pure library module: it neither prints nor exits; every failure is a
:class:`~meetup.calendar.dav_client.CalDAVError` with a message meant for the user. It is
imported only by the ``publish`` command, so it (and meetup.calendar.dav_client, which
speaks HTTP and WebDAV for it) may import httpx at module level.

Publishing is idempotent: an event whose content on the server already matches (ignoring
DTSTAMP, line folding, line endings and property order, which servers such as Radicale
rewrite: meetup.calendar.ics_compare) is left alone, so publishing twice changes nothing.
Every write is conditional (``If-None-Match: *`` to create, ``If-Match: <etag>`` to replace
or delete), so an event that someone else changed on the server since it was read is never
overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

import httpx

from meetup.calendar.dav_client import CalDAVError, Session
from meetup.calendar.ics_compare import same_event, uid_of, unfold


@dataclass
class PublishReport:
    """What a publish did, as lists of event UIDs."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anything on the server was created, updated or deleted."""
        return bool(self.created or self.updated or self.deleted)


def publish(
    url: str,
    events: Mapping[str, str],
    *,
    user: str | None = None,
    password: str | None = None,
    owned: Callable[[str], bool],
    timeout: float = 10.0,
    on_progress: Callable[[int, int], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> PublishReport:
    """Make the calendar collection at ``url`` hold exactly ``events``.

    ``events`` maps each UID to a complete VCALENDAR text with that one VEVENT and no METHOD.
    The collection is created (MKCALENDAR) if it does not exist. Events missing on the server
    are created, differing ones replaced, equal ones left alone. Events on the server whose
    UID is ``owned`` (this workspace's events of this meetup) and that are not in ``events``
    are deleted; nothing else
    is ever deleted. ``on_progress(done, total)`` is called after each event and each
    deletion (``total`` = events + deletions).

    Raises :class:`CalDAVError` on any failure; writes done before it are in its ``report``.
    """
    _check_events(events)
    collection = url if url.endswith("/") else url + "/"
    auth = httpx.BasicAuth(user, password or "") if user is not None else None
    report = PublishReport()
    with httpx.Client(
        auth=auth,
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        transport=transport,
        headers={"User-Agent": "meetup-publish"},
    ) as client:
        session = Session(client, collection, user, timeout)
        try:
            session.ensure_collection()
            existing = session.list_events()
            stale = sorted(uid for uid in existing if owned(uid) and uid not in events)
            total = len(events) + len(stale)
            done = 0
            for uid in sorted(events):
                text = events[uid]
                current = existing.get(uid)
                if current is None:
                    href = collection + quote(uid, safe="") + ".ics"
                    session.put(uid, href, text, create=True, etag=None)
                    report.created.append(uid)
                elif current.data is not None and same_event(current.data, text):
                    report.unchanged.append(uid)
                else:
                    session.put(uid, current.href, text, create=False, etag=current.etag)
                    report.updated.append(uid)
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
            for uid in stale:
                session.delete(uid, existing[uid])
                report.deleted.append(uid)
                done += 1
                if on_progress is not None:
                    on_progress(done, total)
        except CalDAVError as error:
            error.report = report
            error.message = _redact(error.message, url, password)
            error.args = (error.message,)
            raise
    return report


def _redact(message: str, url: str, password: str | None) -> str:
    """Credentials never reach a message: no password, no user:password@ in URLs."""
    if password:
        message = message.replace(password, "***")
    userinfo = urlsplit(url).netloc.rpartition("@")[0]
    if userinfo:
        message = message.replace(userinfo + "@", "")
    return message


def _check_events(events: Mapping[str, str]) -> None:
    """Refuse (as a programming error) texts that would make publishing misbehave."""
    for uid, text in events.items():
        found = uid_of(text)
        if found != uid:
            raise ValueError(f"event text for UID {uid!r} has UID {found!r}")
        if any(line.upper().startswith(("METHOD:", "METHOD;")) for line in unfold(text)):
            raise ValueError(f"event {uid!r} has a METHOD; CalDAV resources must not (RFC 4791)")
