"""Events, a recording transport and publish-as-the-organizer for the CalDAV tests."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Callable

import httpx
import icalendar

from meetup.calendar.caldav import PublishReport, publish
from tests.radicale_server import RadicaleServer

PREFIX = "meetup-"
DOMAIN = "@meetup.test"


def make_event(
    uid: str,
    summary: str = "Session",
    *,
    description: str | None = None,
    stamp: dt.datetime | None = None,
    hour: int = 9,
) -> str:
    """A VCALENDAR text with one VEVENT, as the exporter would write it (no METHOD)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//meetup//tests//EN")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp or dt.datetime.now(dt.timezone.utc).replace(microsecond=0))
    event.add("dtstart", dt.datetime(2025, 3, 4, hour, 0, tzinfo=dt.timezone.utc))
    event.add("dtend", dt.datetime(2025, 3, 4, hour + 1, 0, tzinfo=dt.timezone.utc))
    event.add("summary", summary)
    event.add("location", "Room A")
    event.add("sequence", 0)
    if description is not None:
        event.add("description", description)
    calendar.add_component(event)
    text: str = calendar.to_ical().decode("utf-8")
    return text


def make_events(count: int, stamp: dt.datetime | None = None) -> dict[str, str]:
    uids = [f"{PREFIX}session-{i}{DOMAIN}" for i in range(count)]
    return {
        uid: make_event(uid, f"Session {i}", stamp=stamp, hour=9 + i) for i, uid in enumerate(uids)
    }


class Recorder(httpx.BaseTransport):
    """Forwards to a real transport and records (method, path, headers) of every request."""

    def __init__(self, before: Callable[[httpx.Request], None] | None = None) -> None:
        self.inner = httpx.HTTPTransport()
        self.requests: list[tuple[str, str, httpx.Headers]] = []
        self.before = before

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append((request.method, request.url.raw_path.decode(), request.headers))
        if self.before is not None:
            self.before(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()

    def methods(self) -> list[str]:
        return [method for method, _, _ in self.requests]


def do_publish(
    server: RadicaleServer,
    url: str,
    events: dict[str, str],
    *,
    on_progress: Callable[[int, int], None] | None = None,
    transport: httpx.BaseTransport | None = None,
) -> PublishReport:
    """Publish as the organizer, owning the ``meetup-`` UIDs."""
    return publish(
        url,
        events,
        user=server.user,
        password=server.password,
        owned=lambda uid: uid.startswith(PREFIX),
        on_progress=on_progress,
        transport=transport,
    )


def etags(client: httpx.Client, url: str) -> dict[str, str]:
    """href -> etag of every calendar object in the collection."""
    body = (
        '<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>'
    )
    response = client.request("PROPFIND", url, headers={"Depth": "1"}, content=body)
    assert response.status_code == 207
    result = {}
    for item in ET.fromstring(response.content).iter("{DAV:}response"):
        path = item.findtext("{DAV:}href") or ""
        etag = item.findtext(".//{DAV:}getetag")
        if etag and not path.endswith("/"):  # the collection's own etag changes with any write
            result[path] = etag
    return result


def href(url: str, uid: str) -> str:
    return url + uid.replace("@", "%40") + ".ics"
