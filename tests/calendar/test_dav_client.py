"""What a user reads when a CalDAV server or the network fails (meetup.calendar.dav_client)."""

from __future__ import annotations

import socket
import ssl

import httpx
import pytest

from meetup.calendar.caldav import publish
from meetup.calendar.dav_client import CalDAVError
from tests.calendar.davhelp import DOMAIN, PREFIX, do_publish, make_event, make_events
from tests.radicale_server import RadicaleServer


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
