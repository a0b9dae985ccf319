"""``meetup publish``: a meetup's events on a REAL Radicale server (tests/radicale_server.py)."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import httpx
import pytest

from meetup.agenda import schedule
from meetup.calendar import events as calendar
from meetup.cli import main
from meetup.store.loading import load
from tests.ical_checks import parse_ical
from tests.radicale_server import RadicaleServer

M = "kilo-midcycle"
DOMAIN = "demo.meetup.example.org"


def _server_events(server: RadicaleServer, url: str) -> dict[str, str]:
    """UID -> text of every event in the collection, read back over HTTP."""
    import icalendar

    body = (
        b'<?xml version="1.0"?><C:calendar-query xmlns:D="DAV:" '
        b'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><C:calendar-data/></D:prop>'
        b'<C:filter><C:comp-filter name="VCALENDAR"/></C:filter></C:calendar-query>'
    )
    response = httpx.request(
        "REPORT",
        url,
        content=body,
        headers={"Depth": "1", "Content-Type": "application/xml"},
        auth=(server.user, server.password),
    )
    assert response.status_code == 207
    import xml.etree.ElementTree as ET

    found = {}
    for node in ET.fromstring(response.content).iter(
        "{urn:ietf:params:xml:ns:caldav}calendar-data"
    ):
        cal = icalendar.Calendar.from_ical(node.text or "")
        (event,) = cal.walk("VEVENT")
        assert "METHOD" not in cal
        found[str(event["UID"])] = node.text or ""
    return found


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, radicale_server: RadicaleServer) -> RadicaleServer:
    monkeypatch.setenv("MEETUP_CALDAV_PASSWORD", radicale_server.password)
    return radicale_server


def _publish(demo_dir: Path, server: RadicaleServer, url: str) -> int:
    return main(["-w", str(demo_dir), "publish", M, "--caldav", url, "--user", server.user])


def test_caldav_events_have_no_method_and_no_attendees(demo_dir: Path) -> None:
    events = calendar.caldav_events(load(demo_dir), M)
    for uid, text in events.items():
        assert uid.startswith(calendar.owned_prefix(M))
        assert "METHOD" not in text and "ATTENDEE" not in text and "ORGANIZER" not in text
        parse_ical(text)


def test_publish_create_idempotent_move_unschedule(
    demo_dir: Path, env: RadicaleServer, capsys: pytest.CaptureFixture[str]
) -> None:
    url = env.new_calendar_url("kilo")
    ws = load(demo_dir)
    count = 1 + len(schedule.sessions(ws.meetup(M)))
    assert _publish(demo_dir, env, url) == 0
    assert f"{count} created, 0 updated, 0 deleted, 0 unchanged" in capsys.readouterr().out
    on_server = _server_events(env, url)
    assert set(on_server) == set(calendar.caldav_events(ws, M))

    assert _publish(demo_dir, env, url) == 0
    assert f"0 created, 0 updated, 0 deleted, {count} unchanged" in capsys.readouterr().out
    assert _server_events(env, url) == on_server

    schedule.place(ws, M, "gate-triage", date(2027, 1, 27), time(13, 30), "breakout")
    assert _publish(demo_dir, env, url) == 0
    assert f"0 created, 1 updated, 0 deleted, {count - 1} unchanged" in capsys.readouterr().out
    gate = _server_events(env, url)[f"{M}.topic.gate-triage@{DOMAIN}"]
    assert "DTSTART:20270127T123000Z" in gate

    schedule.unschedule(ws, M, "ptl-burnout")
    assert _publish(demo_dir, env, url) == 0
    assert "0 created, 0 updated, 1 deleted" in capsys.readouterr().out
    assert f"{M}.topic.ptl-burnout@{DOMAIN}" not in _server_events(env, url)


def test_publish_leaves_other_events_alone(demo_dir: Path, env: RadicaleServer) -> None:
    url = env.new_calendar_url("shared")
    other = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:someone-else@x\r\n"
        "DTSTAMP:20260101T000000Z\r\nDTSTART:20270101T100000Z\r\nSUMMARY:Other\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    assert _publish(demo_dir, env, url) == 0
    response = httpx.put(url + "other.ics", content=other, auth=(env.user, env.password))
    assert response.status_code == 201
    schedule.unschedule(load(demo_dir), M, "gate-triage")
    assert _publish(demo_dir, env, url) == 0
    assert "someone-else@x" in _server_events(env, url)


def test_wrong_password_is_exit_1_with_a_clear_message(
    demo_dir: Path,
    radicale_server: RadicaleServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MEETUP_CALDAV_PASSWORD", "wrong-secret-123")
    url = radicale_server.new_calendar_url("denied")
    assert _publish(demo_dir, radicale_server, url) == 1
    err = capsys.readouterr().err
    assert "401" in err and "organizer" in err and "password" in err
    assert "wrong-secret-123" not in err


def test_read_only_user_gets_403(
    demo_dir: Path,
    radicale_server: RadicaleServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = radicale_server.new_calendar_url("ro")
    monkeypatch.setenv("MEETUP_CALDAV_PASSWORD", radicale_server.reader_password)
    code = main(
        ["-w", str(demo_dir), "publish", M, "--caldav", url, "--user", radicale_server.reader]
    )
    assert code == 1
    assert "403" in capsys.readouterr().err


def test_no_password_without_a_terminal(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MEETUP_CALDAV_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    code = main(
        ["-w", str(demo_dir), "publish", M, "--caldav", "http://127.0.0.1:9/", "--user", "x"]
    )
    assert code == 1
    assert "MEETUP_CALDAV_PASSWORD" in capsys.readouterr().err


def test_unreachable_server(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["-w", str(demo_dir), "publish", M, "--caldav", "http://127.0.0.1:9/cal/"])
    assert code == 1
    assert "connect" in capsys.readouterr().err.lower()
