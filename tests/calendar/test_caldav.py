"""meetup.caldav against a real Radicale server (see tests/radicale_server.py)."""

from __future__ import annotations

import datetime as dt
import socket
import ssl
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

import httpx
import icalendar
import pytest

from meetup.calendar.caldav import CalDAVError, PublishReport, _same_event, publish
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


@pytest.fixture
def server(radicale_server: RadicaleServer) -> RadicaleServer:
    return radicale_server


@pytest.fixture
def cal_url(radicale_server: RadicaleServer) -> str:
    return radicale_server.new_calendar_url()


@pytest.fixture
def client(radicale_server: RadicaleServer) -> Iterator[httpx.Client]:
    """The organizer's own HTTP client, to look at (or tamper with) the server directly."""
    with httpx.Client(auth=(radicale_server.user, radicale_server.password)) as http:
        yield http


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


# --- publishing -----------------------------------------------------------------------------


def test_first_publish_creates_calendar_and_events(
    server: RadicaleServer, cal_url: str, client: httpx.Client
) -> None:
    events = make_events(3)
    progress: list[tuple[int, int]] = []
    recorder = Recorder()

    report = do_publish(
        server,
        cal_url,
        events,
        on_progress=lambda d, t: progress.append((d, t)),
        transport=recorder,
    )

    assert report.created == sorted(events)
    assert (report.updated, report.deleted, report.unchanged) == ([], [], [])
    assert report.changed
    assert progress == [(1, 3), (2, 3), (3, 3)]
    assert recorder.methods() == ["PROPFIND", "MKCALENDAR", "REPORT", "PUT", "PUT", "PUT"]
    for method, _, headers in recorder.requests:
        if method == "PUT":
            assert headers["If-None-Match"] == "*"
            assert "If-Match" not in headers
    # it really is a calendar collection now
    response = client.request("PROPFIND", cal_url, headers={"Depth": "0"})
    assert "urn:ietf:params:xml:ns:caldav" in response.text and "calendar" in response.text
    assert len(etags(client, cal_url)) == 3


def test_published_event_reads_back_without_method(
    server: RadicaleServer, cal_url: str, client: httpx.Client
) -> None:
    uid = f"{PREFIX}keynote{DOMAIN}"
    do_publish(server, cal_url, {uid: make_event(uid, "Keynote")})

    response = client.get(href(cal_url, uid))
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.text)
    assert "METHOD" not in calendar
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid
    assert str(event["SUMMARY"]) == "Keynote"


def test_second_identical_publish_changes_nothing(
    server: RadicaleServer, cal_url: str, client: httpx.Client
) -> None:
    do_publish(
        server, cal_url, make_events(3, stamp=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    )
    before = etags(client, cal_url)
    recorder = Recorder()

    # a new export: every DTSTAMP differs, the content does not
    again = make_events(3, stamp=dt.datetime(2025, 2, 2, 12, 30, tzinfo=dt.timezone.utc))
    report = do_publish(server, cal_url, again, transport=recorder)

    assert not report.changed
    assert report.unchanged == sorted(again)
    assert recorder.methods() == ["PROPFIND", "REPORT"]
    assert etags(client, cal_url) == before


def test_changing_one_event_updates_only_it(
    server: RadicaleServer, cal_url: str, client: httpx.Client
) -> None:
    events = make_events(3)
    do_publish(server, cal_url, events)
    before = etags(client, cal_url)
    changed_uid = sorted(events)[1]
    events[changed_uid] = make_event(changed_uid, "Session 1 (moved)", hour=15)
    recorder = Recorder()

    report = do_publish(server, cal_url, events, transport=recorder)

    assert report.updated == [changed_uid]
    assert report.created == [] and report.deleted == []
    assert len(report.unchanged) == 2
    puts = [(path, headers) for method, path, headers in recorder.requests if method == "PUT"]
    assert len(puts) == 1
    path, headers = puts[0]
    assert path == href(cal_url, changed_uid).removeprefix(server.url.rstrip("/"))
    assert headers["If-Match"] == before[path]
    after = etags(client, cal_url)
    assert {h for h in after if after[h] != before[h]} == {path}
    stored = icalendar.Calendar.from_ical(client.get(href(cal_url, changed_uid)).text)
    assert str(stored.walk("VEVENT")[0]["SUMMARY"]) == "Session 1 (moved)"


def test_removed_event_is_deleted_and_others_kept(
    server: RadicaleServer, cal_url: str, client: httpx.Client
) -> None:
    events = make_events(3)
    do_publish(server, cal_url, events)
    before = etags(client, cal_url)
    gone = sorted(events)[0]
    del events[gone]
    progress: list[tuple[int, int]] = []
    recorder = Recorder()

    report = do_publish(
        server,
        cal_url,
        events,
        transport=recorder,
        on_progress=lambda d, t: progress.append((d, t)),
    )

    assert report.deleted == [gone]
    assert report.unchanged == sorted(events)
    assert progress == [(1, 3), (2, 3), (3, 3)]
    deletes = [headers for method, _, headers in recorder.requests if method == "DELETE"]
    assert len(deletes) == 1 and deletes[0]["If-Match"]
    assert client.get(href(cal_url, gone)).status_code == 404
    after = etags(client, cal_url)
    gone_path = href(cal_url, gone).removeprefix(server.url.rstrip("/"))
    assert after == {h: e for h, e in before.items() if h != gone_path}


def test_resources_not_owned_are_left_alone(
    server: RadicaleServer, cal_url: str, client: httpx.Client
) -> None:
    do_publish(server, cal_url, make_events(2))
    foreign_uid = "dentist-appointment@example.org"
    lookalike_uid = "xmeetup-session@example.org"  # contains the prefix, does not start with it
    for uid in (foreign_uid, lookalike_uid):
        response = client.put(
            href(cal_url, uid),
            content=make_event(uid, "Not ours"),
            headers={"Content-Type": "text/calendar"},
        )
        assert response.status_code == 201

    report = do_publish(server, cal_url, {})

    assert report.deleted == sorted(make_events(2))
    assert client.get(href(cal_url, foreign_uid)).status_code == 200
    assert client.get(href(cal_url, lookalike_uid)).status_code == 200


def test_special_characters_round_trip(
    server: RadicaleServer, cal_url: str, client: httpx.Client
) -> None:
    uid = f"{PREFIX}spécial{DOMAIN}"
    summary = "Nova, Neutron; Cinder \\ Glance — Zürich 東京 ✓"
    description = (
        "Line one, with comma;\nline two \\n is not a newline\n\nünïcödé: ÆØÅ 🚀\n" + "x" * 90
    )
    events = {uid: make_event(uid, summary, description=description)}

    assert do_publish(server, cal_url, events).created == [uid]

    stored = icalendar.Calendar.from_ical(client.get(href(cal_url, uid)).text)
    event = stored.walk("VEVENT")[0]
    assert str(event["UID"]) == uid
    assert str(event["SUMMARY"]) == summary
    assert str(event["DESCRIPTION"]) == description
    # the server's re-serialization (property order, folding) still counts as "the same"
    events = {
        uid: make_event(
            uid,
            summary,
            description=description,
            stamp=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc),
        )
    }
    assert not do_publish(server, cal_url, events).changed


# --- conflicts and errors -------------------------------------------------------------------


def test_event_edited_on_server_meanwhile_is_not_overwritten(
    server: RadicaleServer, cal_url: str, client: httpx.Client
) -> None:
    events = make_events(2)
    do_publish(server, cal_url, events)
    target = sorted(events)[0]
    theirs = make_event(target, "Edited by a co-organizer")

    def someone_else_edits_first(request: httpx.Request) -> None:
        if request.method == "PUT" and "If-Match" in request.headers:
            response = client.put(
                str(request.url), content=theirs, headers={"Content-Type": "text/calendar"}
            )
            assert response.status_code in (201, 204)

    events[target] = make_event(target, "Our new title")
    with pytest.raises(CalDAVError) as caught:
        do_publish(server, cal_url, events, transport=Recorder(someone_else_edits_first))

    error = caught.value
    assert error.status == 412
    assert target in str(error)
    assert "changed on the server" in str(error) and "Nothing was overwritten" in str(error)
    assert error.report is not None and not error.report.changed
    stored = icalendar.Calendar.from_ical(client.get(href(cal_url, target)).text)
    assert str(stored.walk("VEVENT")[0]["SUMMARY"]) == "Edited by a co-organizer"


def test_event_edited_on_server_is_not_deleted(
    server: RadicaleServer, cal_url: str, client: httpx.Client
) -> None:
    events = make_events(2)
    do_publish(server, cal_url, events)
    removed = sorted(events)[0]

    def someone_else_edits_first(request: httpx.Request) -> None:
        if request.method == "DELETE":
            client.put(str(request.url), content=make_event(removed, "Kept by a co-organizer"))

    del events[removed]
    with pytest.raises(CalDAVError) as caught:
        do_publish(server, cal_url, events, transport=Recorder(someone_else_edits_first))
    assert caught.value.status == 412
    assert removed in str(caught.value) and "delete it" in str(caught.value)
    assert client.get(href(cal_url, removed)).status_code == 200


def test_event_created_on_server_meanwhile_is_not_overwritten(
    server: RadicaleServer, cal_url: str, client: httpx.Client
) -> None:
    uid = f"{PREFIX}race{DOMAIN}"

    def someone_else_creates_first(request: httpx.Request) -> None:
        if request.method == "PUT":
            client.put(str(request.url), content=make_event(uid, "Theirs"))

    with pytest.raises(CalDAVError) as caught:
        do_publish(
            server,
            cal_url,
            {uid: make_event(uid, "Ours")},
            transport=Recorder(someone_else_creates_first),
        )
    assert caught.value.status == 412
    assert "nothing was overwritten" in str(caught.value)


def test_wrong_password(server: RadicaleServer, cal_url: str) -> None:
    with pytest.raises(CalDAVError) as caught:
        publish(
            cal_url,
            make_events(1),
            user=server.user,
            password="wrong",
            owned=lambda uid: uid.startswith(PREFIX),
        )
    assert caught.value.status == 401
    message = str(caught.value)
    assert "rejected the login" in message and "'organizer'" in message
    assert "password" in message and server.url.rstrip("/") in message


def test_no_credentials(server: RadicaleServer, cal_url: str) -> None:
    with pytest.raises(CalDAVError) as caught:
        publish(cal_url, make_events(1), owned=lambda uid: uid.startswith(PREFIX))
    assert caught.value.status == 401
    assert "requires a login" in str(caught.value)


def test_read_only_user_cannot_write(server: RadicaleServer, cal_url: str) -> None:
    do_publish(server, cal_url, make_events(1))  # the organizer creates it
    events = make_events(2)
    with pytest.raises(CalDAVError) as caught:
        publish(
            cal_url,
            events,
            user=server.reader,
            password=server.reader_password,
            owned=lambda uid: uid.startswith(PREFIX),
        )
    assert caught.value.status == 403
    assert "'reader' has no permission" in str(caught.value)
    assert cal_url.rstrip("/") in str(caught.value)


def test_read_only_user_cannot_create_calendar(server: RadicaleServer, cal_url: str) -> None:
    with pytest.raises(CalDAVError) as caught:
        publish(
            cal_url,
            make_events(1),
            user=server.reader,
            password=server.reader_password,
            owned=lambda uid: uid.startswith(PREFIX),
        )
    assert caught.value.status == 403
    assert "create the calendar" in str(caught.value)


def test_missing_parent_collection(server: RadicaleServer) -> None:
    url = f"{server.url}{server.user}/no-such-folder/calendar/"
    with pytest.raises(CalDAVError) as caught:
        do_publish(server, url, make_events(1))
    assert caught.value.status in (404, 409)
    assert "parent collection does not exist" in str(caught.value)
    assert url in str(caught.value)


def test_connection_refused() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/organizer/cal/"  # nobody listens there any more
    with pytest.raises(CalDAVError) as caught:
        publish(url, make_events(1), owned=lambda uid: uid.startswith(PREFIX), timeout=2)
    assert caught.value.status is None
    assert "connection refused" in str(caught.value)
    assert f"127.0.0.1:{port}" in str(caught.value)


def test_timeout_when_server_never_answers() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)  # the kernel accepts the connection; nobody ever answers
        port = sock.getsockname()[1]
        url = f"http://127.0.0.1:{port}/organizer/cal/"
        with pytest.raises(CalDAVError) as caught:
            publish(url, make_events(1), owned=lambda uid: uid.startswith(PREFIX), timeout=0.2)
    assert caught.value.status is None
    assert "did not answer in time" in str(caught.value)
    assert url in str(caught.value)


@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        (socket.gaierror(-2, "Name or service not known"), "DNS lookup failed"),
        (ssl.SSLCertVerificationError(1, "certificate verify failed"), "TLS"),
    ],
)
def test_dns_and_tls_failures(cause: Exception, expected: str) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError(str(cause), request=request) from cause

    with pytest.raises(CalDAVError) as caught:
        publish(
            "https://calendar.invalid/u/c/",
            {},
            owned=lambda uid: uid.startswith(PREFIX),
            transport=httpx.MockTransport(fail),
        )
    assert expected in str(caught.value)
    assert "calendar.invalid" in str(caught.value)


def test_url_of_a_collection_that_is_not_a_calendar(server: RadicaleServer) -> None:
    with pytest.raises(CalDAVError) as caught:
        do_publish(server, f"{server.url}{server.user}/", make_events(1))
    assert "is not a calendar collection" in str(caught.value)


def test_invalid_event_texts_are_refused_before_any_request() -> None:
    def no_network(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request expected")

    uid = f"{PREFIX}a{DOMAIN}"
    transport = httpx.MockTransport(no_network)
    with pytest.raises(ValueError, match="has UID"):
        publish(
            "http://x/c/",
            {"other": make_event(uid)},
            owned=lambda uid: uid.startswith(PREFIX),
            transport=transport,
        )
    with_method = make_event(uid).replace("VERSION:2.0", "VERSION:2.0\r\nMETHOD:REQUEST")
    with pytest.raises(ValueError, match="METHOD"):
        publish(
            "http://x/c/",
            {uid: with_method},
            owned=lambda uid: uid.startswith(PREFIX),
            transport=transport,
        )


# --- comparison -----------------------------------------------------------------------------


def test_comparison_ignores_dtstamp_folding_and_line_ends() -> None:
    uid = f"{PREFIX}x{DOMAIN}"
    long_summary = "A very long title " * 10
    a = make_event(uid, long_summary, stamp=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc))
    b = make_event(uid, long_summary, stamp=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    unfolded = b.replace("\r\n ", "").replace("\r\n", "\n")
    assert _same_event(a, unfolded)
    assert not _same_event(a, make_event(uid, long_summary + "!"))
