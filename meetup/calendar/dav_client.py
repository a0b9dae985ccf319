"""The HTTP side of CalDAV publishing: one publish's requests, WebDAV XML, failures.

Every request has an overall deadline (connect, send, every byte of the answer); every
failure, of the server or of the network, becomes a :class:`CalDAVError` whose message
tells the user what happened and what to check.
"""

from __future__ import annotations

import socket
import ssl
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import httpx

from meetup.calendar.ics_compare import uid_of

if TYPE_CHECKING:
    from meetup.calendar.caldav import PublishReport

_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"

_PROPFIND_BODY = b"""<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>
"""

_CALENDAR_QUERY_BODY = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"/></C:filter>
</C:calendar-query>
"""

_XML = "application/xml; charset=utf-8"
_ICS = "text/calendar; charset=utf-8"


class CalDAVError(Exception):
    """A publish failed; ``str(error)`` is a message for the user.

    ``status`` is the HTTP status when the server answered (None for network failures and
    timeouts). ``report`` holds what was already done before the failure, if anything.
    """

    def __init__(
        self, message: str, *, status: int | None = None, report: PublishReport | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.report = report


@dataclass
class Resource:
    href: str  # absolute URL
    etag: str | None
    data: str | None


class _Overdue(Exception):
    """A request ran past its overall deadline."""


class Session:
    """The HTTP requests of one publish, with errors turned into CalDAVError."""

    def __init__(
        self, client: httpx.Client, collection: str, user: str | None, deadline: float
    ) -> None:
        self.client = client
        self.collection = collection
        self.user = user
        self.deadline = deadline
        """Seconds one request may take overall (connect, send, every byte of the answer)."""

    def request(
        self, method: str, url: str, *, headers: dict[str, str], content: bytes | None = None
    ) -> httpx.Response:
        end = time.monotonic() + self.deadline
        try:
            request = self.client.build_request(method, url, headers=headers, content=content)
            response = self.client.send(request, stream=True)
            try:
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if time.monotonic() > end:
                        raise _Overdue
            finally:
                response.close()
            if time.monotonic() > end:
                raise _Overdue
            kept = [
                (k, v)
                for k, v in response.headers.multi_items()
                if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
            ]
            return httpx.Response(
                response.status_code,
                headers=kept,
                content=bytes(body),
                request=request,
            )
        except _Overdue:
            raise CalDAVError(
                f"The CalDAV server at {_origin(url)} did not finish answering {method} {url} "
                f"within {self.deadline:g} s. Check that the server is up and reachable, or "
                "try again later."
            ) from None
        except httpx.TimeoutException as error:
            raise CalDAVError(
                f"The CalDAV server at {_origin(url)} did not answer in time ({method} {url} "
                f"timed out: {_kind_of_timeout(error)}). Check that the server is up and "
                "reachable, or try again later."
            ) from error
        except httpx.TransportError as error:
            raise CalDAVError(_network_message(url, error)) from error

    def ensure_collection(self) -> None:
        url = self.collection
        response = self.request(
            "PROPFIND",
            url,
            headers={"Depth": "0", "Content-Type": _XML},
            content=_PROPFIND_BODY,
        )
        if response.status_code == 404 or (
            response.status_code == 207 and _missing(response.content)
        ):
            # Xandikos answers a missing collection with 207 and a 404 propstat
            created = self.request("MKCALENDAR", url, headers={})
            if created.status_code != 201:
                raise _status_error(created, self.user, "create the calendar", url)
            return
        if not response.is_success:
            raise _status_error(response, self.user, "open the calendar", url)
        if response.status_code == 207 and not _is_calendar(response.content):
            raise CalDAVError(
                f"{url} exists but is not a calendar collection. Give the URL of a calendar "
                "(or of one that does not exist yet, to have it created).",
                status=response.status_code,
            )

    def list_events(self) -> dict[str, Resource]:
        """UID -> resource for every calendar object in the collection."""
        url = self.collection
        response = self.request(
            "REPORT",
            url,
            headers={"Depth": "1", "Content-Type": _XML},
            content=_CALENDAR_QUERY_BODY,
        )
        if response.status_code != 207:
            raise _status_error(response, self.user, "list the calendar", url)
        try:
            resources = list(_parse_multistatus(response.content, url))
        except ET.ParseError as error:
            raise CalDAVError(
                f"The CalDAV server at {_origin(url)} sent an unreadable listing of {url} "
                f"({error}). Is this URL really a CalDAV calendar?",
                status=response.status_code,
            ) from error
        found: dict[str, Resource] = {}
        for resource in resources:
            if resource.href.rstrip("/") == url.rstrip("/"):
                continue
            if resource.data is None or resource.etag is None:
                resource.data = self.get(resource)
            uid = uid_of(resource.data)
            if uid is not None:
                found[uid] = resource
        return found

    def get(self, resource: Resource) -> str:
        response = self.request("GET", resource.href, headers={"Accept": "text/calendar"})
        if not response.is_success:
            raise _status_error(response, self.user, "read", resource.href)
        if resource.etag is None:
            resource.etag = response.headers.get("ETag")
        return response.text

    def put(self, uid: str, href: str, text: str, *, create: bool, etag: str | None) -> None:
        """Create (only if absent) or replace (only if still at ``etag``) one event."""
        headers = {"Content-Type": _ICS}
        if create:
            headers["If-None-Match"] = "*"
        elif etag is not None:  # a server that gives no etag leaves no way to guard the write
            headers["If-Match"] = etag
        response = self.request("PUT", href, headers=headers, content=text.encode("utf-8"))
        if response.status_code == 412:
            if create:
                raise CalDAVError(
                    f"Event {uid} was created on the server by someone else while publishing "
                    f"({href}); nothing was overwritten. Publish again to replace it with "
                    "your version.",
                    status=412,
                )
            raise _changed_meanwhile(uid, href, "replace it with your version")
        if not response.is_success:
            raise _status_error(response, self.user, f"write event {uid} to", href)

    def delete(self, uid: str, resource: Resource) -> None:
        headers = {} if resource.etag is None else {"If-Match": resource.etag}
        response = self.request("DELETE", resource.href, headers=headers)
        if response.status_code == 404:
            return  # already gone: that is what we wanted
        if response.status_code == 412:
            raise _changed_meanwhile(uid, resource.href, "delete it")
        if not response.is_success:
            raise _status_error(response, self.user, f"delete event {uid} from", resource.href)


# --- errors -------------------------------------------------------------------------------


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def _changed_meanwhile(uid: str, href: str, then: str) -> CalDAVError:
    return CalDAVError(
        f"Event {uid} changed on the server since it was read ({href}): someone else edited "
        f"it meanwhile. Nothing was overwritten. Check the calendar, then publish again to "
        f"{then}.",
        status=412,
    )


def _status_error(response: httpx.Response, user: str | None, action: str, url: str) -> CalDAVError:
    status = response.status_code
    if status == 401:
        if user is None:
            message = (
                f"The CalDAV server at {_origin(url)} requires a login to {action} {url} "
                "(401 Unauthorized). Give a user name and a password."
            )
        else:
            message = (
                f"The CalDAV server at {_origin(url)} rejected the login of user {user!r} "
                f"(401 Unauthorized) for {url}. Check the user name and the password."
            )
    elif status == 403:
        who = f"User {user!r}" if user is not None else "An anonymous user"
        message = (
            f"{who} has no permission to {action} {url} (403 Forbidden). Use an account "
            "that may write to this calendar, or a calendar URL where you may write."
        )
    elif status == 404:
        message = (
            f"Not found: {url} (404 Not Found); the collection or its parent does not exist. "
            "Check the calendar URL (for Radicale: https://HOST/USER/CALENDAR/)."
        )
    elif status == 409:
        message = (
            f"Could not {action} {url} (409 Conflict): its parent collection does not exist "
            "on the server. Check the calendar URL (for Radicale: https://HOST/USER/CALENDAR/)."
        )
    elif status == 412:
        message = (
            f"Could not {action} {url} (412 Precondition Failed): it changed on the server "
            "meanwhile. Nothing was overwritten; publish again."
        )
    elif 300 <= status < 400:
        location = response.headers.get("Location", "another URL")
        message = (
            f"The server redirects {url} to {location} ({status}). Use that URL as the "
            "calendar URL."
        )
    elif status >= 500:
        message = (
            f"The CalDAV server at {_origin(url)} failed to {action} {url} "
            f"({status} {response.reason_phrase}). Try again later or ask its administrator."
        )
    else:
        message = (
            f"The CalDAV server at {_origin(url)} refused to {action} {url} "
            f"({status} {response.reason_phrase})."
        )
    return CalDAVError(message, status=status)


def _kind_of_timeout(error: httpx.TimeoutException) -> str:
    if isinstance(error, httpx.ConnectTimeout):
        return "no connection"
    if isinstance(error, httpx.ReadTimeout):
        return "no answer"
    if isinstance(error, httpx.WriteTimeout):
        return "could not send"
    return "timeout"


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


_DNS_HINTS = (
    "name resolution",
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo failed",
    "no address associated",
)


def _network_message(url: str, error: httpx.TransportError) -> str:
    host = urlsplit(url).hostname or url
    causes = list(_causes(error))
    text = str(error)
    if any(isinstance(c, ssl.SSLError) for c in causes) or "SSL" in text or "certificate" in text:
        return (
            f"Secure connection (TLS) to {_origin(url)} failed: {text}. Check the URL (https "
            "vs http) and that the server's certificate is valid and trusted."
        )
    if any(isinstance(c, socket.gaierror) for c in causes) or any(
        hint in text.lower() for hint in _DNS_HINTS
    ):
        return (
            f"Could not find the host {host!r} for {url} (DNS lookup failed). Check the URL "
            "and your network connection."
        )
    if any(isinstance(c, ConnectionRefusedError) for c in causes) or "refused" in text.lower():
        return (
            f"Could not connect to {_origin(url)} for {url}: connection refused. Check the URL "
            "and port, and that the CalDAV server is running."
        )
    if isinstance(error, httpx.ConnectError):
        return (
            f"Could not connect to {_origin(url)} for {url} ({text}). Check the URL and your "
            "network."
        )
    return (
        f"The connection to {_origin(url)} failed while talking to {url} ({text or type(error)}). "
        "Try again."
    )


# --- WebDAV XML ---------------------------------------------------------------------------


def _missing(body: bytes) -> bool:
    """A multistatus that says the resource itself is not there (status 404 throughout)."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return False
    statuses = [
        (s.text or "")
        for response in root.iter(f"{_DAV}response")
        for s in response.iter(f"{_DAV}status")
    ]
    return bool(statuses) and all(" 404 " in f"{s} " for s in statuses)


def _is_calendar(body: bytes) -> bool:
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return False
    return root.find(f".//{_DAV}resourcetype/{_CALDAV}calendar") is not None


def _parse_multistatus(body: bytes, base: str) -> Iterator[Resource]:
    root = ET.fromstring(body)
    for response in root.iter(f"{_DAV}response"):
        href_text = response.findtext(f"{_DAV}href")
        if not href_text:
            continue
        etag: str | None = None
        data: str | None = None
        for propstat in response.iter(f"{_DAV}propstat"):
            status = propstat.findtext(f"{_DAV}status") or ""
            if " 200 " not in status + " ":
                continue
            etag = propstat.findtext(f"{_DAV}prop/{_DAV}getetag") or etag
            found = propstat.find(f"{_DAV}prop/{_CALDAV}calendar-data")
            if found is not None and found.text:
                data = found.text
        yield Resource(href=urljoin(base, href_text.strip()), etag=etag, data=data)
