"""meetup.calendar.caldav against a real Radicale server (see tests/radicale_server.py)."""

from __future__ import annotations

import datetime as dt

import httpx
import icalendar
import pytest

from meetup.calendar.dav_client import CalDAVError
from tests.calendar.davhelp import (
    DOMAIN,
    PREFIX,
    Recorder,
    do_publish,
    etags,
    href,
    make_event,
    make_events,
)
from tests.radicale_server import RadicaleServer

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
