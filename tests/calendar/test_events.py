"""meetup/calendar.py: exports, invites, cancellations, personal calendars, elections."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import msgspec
import pytest

from meetup.agenda import schedule
from meetup.calendar import events as calendar
from meetup.calendar import export as ics_export
from meetup.calendar.timeline import election_calendar
from meetup.cli import main
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.loading import load
from tests.conftest import FIXED_NOW
from tests.ical_checks import (
    assert_itip,
    assert_valid,
    attendees_of,
    parse_ical,
    rfc5546_problems,
    split_stream,
)

M = "kilo-midcycle"
DOMAIN = "demo.meetup.example.org"


def _events(cal: object) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}  # type: ignore[attr-defined]


def _sessions(ws: object) -> list[str]:
    return [s.topic for s in schedule.sessions(ws.meetup(M))]  # type: ignore[attr-defined]


def _all(text: str) -> dict[str, object]:
    """UID -> VEVENT of a PUBLISH calendar or of a stream of single-UID iTIP objects."""
    if text.count("BEGIN:VCALENDAR") == 1 and "METHOD:PUBLISH" in text:
        return _events(assert_valid(text))
    return assert_itip(text)


@pytest.mark.parametrize("method", ["publish", "request", "cancel"])
@pytest.mark.parametrize("tz", [None, "Europe/Paris", "America/New_York"])
def test_every_export_is_valid(demo_dir: Path, method: str, tz: str | None) -> None:
    ws = load(demo_dir)
    export = ics_export.export_meetup(ws, M, method=method, tz=tz, now=FIXED_NOW)  # type: ignore[arg-type]
    if method == "publish":
        events = _events(assert_valid(export.text, method))
    else:
        events = assert_itip(export.text, method)  # one UID per iTIP object
        assert export.text.count("BEGIN:VCALENDAR") == len(events)
    assert f"{M}.meetup@{DOMAIN}" in events
    sessions = _sessions(ws)
    if method != "publish":  # a session is an invitation only for the people it requires
        sessions = [t for t in sessions if ws.meetup(M).topics[t].required]
        assert len(sessions) < len(_sessions(ws))
    assert {f"{M}.topic.{t}@{DOMAIN}" for t in sessions} == set(events) - {f"{M}.meetup@{DOMAIN}"}
    assert "RDATE" not in export.text
    assert ("BEGIN:VTIMEZONE" in export.text) == (tz is not None)


def test_meetup_and_session_events(demo_dir: Path) -> None:
    ws = load(demo_dir)
    cal = assert_valid(ics_export.export_meetup(ws, M, now=FIXED_NOW).text, "publish")
    events = _events(cal)
    whole = events[f"{M}.meetup@{DOMAIN}"]
    assert whole["DTSTART"].params["VALUE"] == "DATE"
    assert whole.decoded("DTSTART") == date(2027, 1, 26)
    assert whole.decoded("DTEND") == date(2027, 1, 28)  # exclusive: the day after the last
    gate = events[f"{M}.topic.gate-triage@{DOMAIN}"]
    assert gate.decoded("DTSTART") == datetime(2027, 1, 26, 10, 0, tzinfo=timezone.utc)
    assert gate.to_ical().decode().count("DTSTART:20270126T100000Z") == 1
    assert str(gate["LOCATION"]) == "Breakout room, Maison des Associations, Paris"
    assert str(gate["RELATED-TO"]) == f"{M}.meetup@{DOMAIN}"
    assert str(gate["SUMMARY"]) == "Gate failure triage: who owns a red gate?"
    assert gate["CATEGORIES"].cats == ["working"]
    text = str(gate["DESCRIPTION"])
    assert "Projects: Infrastructure, QA, Neutron" in text
    assert "Required: Ivan Petrov, Hana Kobayashi" in text
    assert int(gate["SEQUENCE"]) == ws.meetup(M).topics["gate-triage"].sequence
    assert gate.decoded("DTSTAMP") == FIXED_NOW
    assert "ATTENDEE" not in gate
    assert "Clara Moss" in gate["ORGANIZER"].params["CN"]


def test_deterministic_apart_from_dtstamp(demo_dir: Path) -> None:
    ws = load(demo_dir)
    export = ics_export.export_meetup
    first = export(ws, M, method="request", now=FIXED_NOW).text
    again = export(ws, M, method="request", now=FIXED_NOW).text
    later = export(ws, M, method="request", now=FIXED_NOW + timedelta(days=3))
    assert first == again
    strip = [ln for ln in first.splitlines() if not ln.startswith("DTSTAMP")]
    assert strip == [ln for ln in later.text.splitlines() if not ln.startswith("DTSTAMP")]
    assert first != later.text


def test_request_attendees(demo_dir: Path) -> None:
    """The meetup to every invitee; a session only to its required people; never the organizer."""
    ws = load(demo_dir)
    events = assert_itip(ics_export.export_meetup(ws, M, method="request", now=FIXED_NOW).text)
    gate = attendees_of(events[f"{M}.topic.gate-triage@{DOMAIN}"])
    assert set(gate) == {"mailto:ivan.petrov@example.org", "mailto:hana.kobayashi@example.org"}
    assert {a.params["ROLE"] for a in gate.values()} == {"REQ-PARTICIPANT"}
    whole = attendees_of(events[f"{M}.meetup@{DOMAIN}"])
    assert "mailto:dana.whitfield@example.org" in whole
    assert whole["mailto:eitan.mizrahi@example.org"].params["PARTSTAT"] == "DECLINED"
    for event in events.values():
        assert "mailto:clara.moss@example.org" not in attendees_of(event)  # the organizer
        assert str(event["ORGANIZER"]) == "mailto:clara.moss@example.org"
    assert "Björn Lindqvist" in {a.params["CN"] for a in whole.values()}


def test_known_answers_are_carried(demo_dir: Path) -> None:
    ws = load(demo_dir)
    meetup = ws.meetup(M).meetup
    rsvp = {a.person: a.rsvp for a in meetup.attendees}
    events = assert_itip(ics_export.export_meetup(ws, M, method="request", now=FIXED_NOW).text)
    whole = attendees_of(events[f"{M}.meetup@{DOMAIN}"])
    for person, answer in rsvp.items():
        email = ws.people[person].email.lower()
        if f"mailto:{email}" in whole:
            assert whole[f"mailto:{email}"].params["PARTSTAT"] == answer.upper()
    assert "ACCEPTED" in {a.params["PARTSTAT"] for a in whole.values()}


def test_special_characters_round_trip(demo_dir: Path) -> None:
    ws = load(demo_dir)
    title = 'Gate; triage, "red" \\ gates — ünïcödé 漢字'
    description = "Line one, with commas; semicolons\nline two \\ backslash\n\nÉté 🚦"
    topic = ws.meetup(M).topics["gate-triage"]
    ws.save_topic(M, msgspec.structs.replace(topic, title=title, description=description))
    ws = load(demo_dir)
    for method in ("publish", "request"):
        text = ics_export.export_meetup(ws, M, method=method, now=FIXED_NOW).text  # type: ignore[arg-type]
        event = _all(text)[f"{M}.topic.gate-triage@{DOMAIN}"]
        assert str(event["SUMMARY"]) == title
        assert str(event["DESCRIPTION"]).startswith(description + "\n\n")
        obj = (
            next(o for o in split_stream(text) if "gate-triage@" in o)
            if method != "publish"
            else text
        )
        strict = parse_ical(obj)
        found = next(e for e in strict.events if e.uid.endswith("gate-triage@" + DOMAIN))
        assert found.summary == title
        assert found.description.startswith(description)


def test_moved_session_sequence_increments(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    first = ics_export.export_meetup(ws, M, method="request", now=FIXED_NOW)
    ics_export.write_export(ws, first, tmp_path / "invite.ics")
    uid = f"{M}.topic.gate-triage@{DOMAIN}"
    before = int(assert_itip(first.text)[uid]["SEQUENCE"])
    schedule.place(ws, M, "gate-triage", date(2027, 1, 27), time(13, 30), "breakout")
    second = ics_export.export_meetup(ws, M, method="request", now=FIXED_NOW)
    after = assert_itip(second.text, "request")
    assert int(after[uid]["SEQUENCE"]) == before + 1
    unchanged = f"{M}.topic.vuln-contacts@{DOMAIN}"
    assert int(after[unchanged]["SEQUENCE"]) == int(assert_itip(first.text)[unchanged]["SEQUENCE"])


def test_hand_edited_move_still_raises_sequence(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    ics_export.write_export(
        ws, ics_export.export_meetup(ws, M, method="request"), tmp_path / "a.ics"
    )
    topic = ws.meetup(M).topics["gate-triage"]
    assert topic.placement is not None
    moved = msgspec.structs.replace(topic.placement, start=time(13, 30))
    ws.save_topic(M, msgspec.structs.replace(topic, placement=moved))  # no SEQUENCE bump
    export = ics_export.export_meetup(load(demo_dir), M, method="request")
    event = assert_itip(export.text)[f"{M}.topic.gate-triage@{DOMAIN}"]
    assert int(event["SEQUENCE"]) == topic.sequence + 1


def test_removed_session_is_cancelled_once(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    out = tmp_path / "invite.ics"
    first = ics_export.write_export(ws, ics_export.export_meetup(ws, M, method="request"), out)
    assert first[0] == out and tmp_path / "invite-gate-triage.ics" in first
    uid = f"{M}.topic.gate-triage@{DOMAIN}"
    sent = calendar.load_state(ws, M).sent[uid]
    schedule.unschedule(ws, M, "gate-triage")
    ws = load(demo_dir)
    export = ics_export.export_meetup(ws, M, method="request", now=FIXED_NOW)
    written = ics_export.write_export(ws, export, out)
    cancel = assert_itip((tmp_path / "invite-gate-triage.ics").read_text("utf-8"), "cancel")
    assert tmp_path / "invite-gate-triage.ics" in written
    event = cancel[uid]
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == sent.sequence + 1
    assert event.decoded("DTSTART") == sent.start
    assert set(attendees_of(event)) == {
        "mailto:ivan.petrov@example.org",
        "mailto:hana.kobayashi@example.org",
    }
    state = load(demo_dir)
    remembered = calendar.load_state(state, M).sent[uid]
    assert remembered.status == "cancelled"
    assert remembered.sequence == sent.sequence + 1
    # Sent once: the next invite has nothing left to cancel
    assert uid not in assert_itip(ics_export.export_meetup(state, M, method="request").text)
    # Scheduled again: a new invite above the cancellation's SEQUENCE
    schedule.place(state, M, "gate-triage", date(2027, 1, 27), time(9, 0), "breakout")
    back = ics_export.export_meetup(load(demo_dir), M, method="request")
    assert int(assert_itip(back.text)[uid]["SEQUENCE"]) > remembered.sequence


def test_method_cancel_cancels_everything(demo_dir: Path) -> None:
    ws = load(demo_dir)
    export = ics_export.export_meetup(ws, M, method="cancel", now=FIXED_NOW)
    for uid, event in assert_itip(export.text, "cancel").items():
        assert str(event["STATUS"]) == "CANCELLED"
        topic = uid.removeprefix(f"{M}.topic.").split("@")[0]
        natural = ws.meetup(M).topics[topic].sequence if "topic" in uid else 0
        assert int(event["SEQUENCE"]) == natural + 1


def test_personal_calendar(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup(M)
    person = "hana-kobayashi"
    export = ics_export.export_meetup(ws, M, person=person, now=FIXED_NOW)
    events = _events(assert_valid(export.text, "publish"))
    expected = {
        f"{M}.topic.{s.topic}@{DOMAIN}"
        for s in schedule.sessions(data)
        if calendar.concerns(data, person, data.topics[s.topic])
    }
    assert set(events) == {f"{M}.meetup@{DOMAIN}", *expected}
    assert f"{M}.topic.gate-triage@{DOMAIN}" in expected  # required there
    assert len(expected) < len(schedule.sessions(data))


def test_personal_invites_one_uid_each_and_remembered(demo_dir: Path) -> None:
    """--for P --method request: P's own messages; a later move raises P's SEQUENCE."""
    ws = load(demo_dir)
    person = "hana-kobayashi"
    export = ics_export.export_meetup(ws, M, method="request", person=person, now=FIXED_NOW)
    events = assert_itip(export.text, "request")
    required = {
        f"{M}.topic.{t.id}@{DOMAIN}"
        for t in ws.meetup(M).topics.values()
        if person in t.required and t.placement is not None and t.status == "accepted"
    }
    assert set(events) == {f"{M}.meetup@{DOMAIN}", *required}
    for event in events.values():
        assert f"mailto:{ws.people[person].email}" in attendees_of(event)
    ics_export.record_export(ws, export)
    delivered = calendar.load_state(ws, M).delivered[person]
    uid = f"{M}.topic.gate-triage@{DOMAIN}"
    assert delivered[uid].sequence == int(events[uid]["SEQUENCE"])
    assert delivered[uid].stamp == FIXED_NOW
    schedule.place(ws, M, "gate-triage", date(2027, 1, 27), time(13, 30), "breakout")
    again = ics_export.export_meetup(load(demo_dir), M, method="request", person=person)
    assert int(assert_itip(again.text)[uid]["SEQUENCE"]) > delivered[uid].sequence


def test_personal_calendar_refusals(demo_dir: Path) -> None:
    ws = load(demo_dir)
    with pytest.raises(NotFoundError):
        ics_export.export_meetup(ws, M, person="nobody-here")
    with pytest.raises(InvalidInput, match="declined"):
        ics_export.export_meetup(ws, M, method="request", person="eitan-mizrahi")
    with pytest.raises(InvalidInput, match="not invited"):
        ics_export.export_meetup(ws, M, person="aiko-sato")


def test_delegate_gets_sessions_of_the_ptl_they_replace(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup(M)
    topic = data.topics["gate-triage"]
    ws.save_topic(M, msgspec.structs.replace(topic, required=["eitan-mizrahi"], projects=["qa"]))
    export = ics_export.export_meetup(load(demo_dir), M, person="wen-li")
    assert f"gate-triage@{DOMAIN}" in export.text
    invite = ics_export.export_meetup(load(demo_dir), M, method="request", person="wen-li")
    assert f"{M}.topic.gate-triage@{DOMAIN}" in assert_itip(invite.text)


def test_election_calendar_is_transparent_markers(demo_dir: Path) -> None:
    ws = load(demo_dir)
    text = election_calendar(ws, "nova-ptl-l", now=FIXED_NOW)
    events = _events(assert_valid(text))
    assert len(events) == 4
    t = ws.elections["nova-ptl-l"].timeline
    opens = events[f"election.nova-ptl-l.voting-open@{DOMAIN}"]
    closes = events[f"election.nova-ptl-l.voting-close@{DOMAIN}"]
    assert opens.decoded("DTSTART") == t.voting_open
    assert closes.decoded("DTEND") == t.voting_close
    for event in events.values():
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert event.decoded("DTEND") - event.decoded("DTSTART") <= timedelta(hours=1)
        assert int(event["SEQUENCE"]) == 0
    with pytest.raises(NotFoundError):
        election_calendar(ws, "nope")


def test_election_sequence_rises_when_the_timeline_moves(demo_dir: Path) -> None:
    ws = load(demo_dir)
    election_calendar(ws, "nova-ptl-l", now=FIXED_NOW)
    election = ws.elections["nova-ptl-l"]
    later = election.timeline.voting_close + timedelta(days=2)
    timeline = msgspec.structs.replace(election.timeline, voting_close=later)
    ws.save_election(msgspec.structs.replace(election, timeline=timeline))
    ws = load(demo_dir)
    events = _events(assert_valid(election_calendar(ws, "nova-ptl-l", now=FIXED_NOW)))
    assert int(events[f"election.nova-ptl-l.voting-close@{DOMAIN}"]["SEQUENCE"]) == 1
    assert int(events[f"election.nova-ptl-l.voting-open@{DOMAIN}"]["SEQUENCE"]) == 0
    again = _events(assert_valid(election_calendar(load(demo_dir), "nova-ptl-l", now=FIXED_NOW)))
    assert int(again[f"election.nova-ptl-l.voting-close@{DOMAIN}"]["SEQUENCE"]) == 1


def test_checker_catches_what_it_should() -> None:
    bad = (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n"
        "UID:a\r\nMETHOD:REQUEST\r\nDTSTAMP:20260101T000000Z\r\n"
        "DTSTART;TZID=Mars/Olympus:20260101T100000\r\nDTEND:20260101T110000\r\n"
        "SUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    problems = "\n".join(rfc5546_problems(bad))
    assert "METHOD inside VEVENT" in problems
    assert "needs ORGANIZER" in problems and "needs ATTENDEE" in problems
    assert "needs SEQUENCE" in problems
    assert "without a VTIMEZONE" in problems
    assert "floating" in problems


# ---------------------------------------------------------------------------- CLI


def test_cli_export_request_writes_one_file_per_event(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ["-w", str(demo_dir)]
    out = tmp_path / "kilo.ics"
    assert main([*w, "export", "ics", M, "--method", "request", "-o", str(out)]) == 0
    assert list(assert_itip(out.read_text("utf-8"), "request")) == [f"{M}.meetup@{DOMAIN}"]
    assert (tmp_path / "kilo-gate-triage.ics").is_file()
    assert (demo_dir / "meetups" / M / "calendar.toml").is_file()
    ws = load(demo_dir)
    schedule.unschedule(ws, M, "gate-triage")
    capsys.readouterr()
    assert main([*w, "export", "ics", M, "--method", "request"]) == 0
    stream = assert_itip(capsys.readouterr().out)
    assert str(stream[f"{M}.topic.gate-triage@{DOMAIN}"]["STATUS"]) == "CANCELLED"
    assert main([*w, "export", "ics", M, "--method", "request", "-o", str(out)]) == 0
    assert "gate-triage" not in capsys.readouterr().out  # its cancellation went out already


def test_cli_export_options(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    w = ["-w", str(demo_dir)]
    assert main([*w, "export", "ics", M, "--tz"]) == 0
    text = capsys.readouterr().out
    assert "TZID=Europe/Paris" in text
    assert_valid(text, "publish")
    assert main([*w, "export", "ics", M, "--for", "ivan-petrov", "--tz", "Asia/Tokyo"]) == 0
    assert_valid(capsys.readouterr().out)
    assert main([*w, "export", "ics", "--election", "nova-ptl-l", "--no-record"]) == 0
    assert_valid(capsys.readouterr().out)
    assert main([*w, "export", "ics", M, "--tz", "Mars/Base"]) == 2
    assert "unknown IANA timezone" in capsys.readouterr().err
    assert main([*w, "export", "ics", "nope"]) == 1
    assert main([*w, "export", "ics", M, "--for", "nobody"]) == 1
    assert main([*w, "export", "ics"]) == 2
    state = demo_dir / "meetups" / M / "calendar.toml"
    before = state.read_bytes()  # the personal calendar above was remembered
    assert main([*w, "export", "ics", M, "--method", "request", "--no-record"]) == 0
    assert state.read_bytes() == before
