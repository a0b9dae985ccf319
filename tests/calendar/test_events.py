"""meetup/calendar.py: exports, invites, cancellations, personal calendars, elections."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import msgspec
import pytest

from meetup.agenda import schedule
from meetup.calendar import events as calendar
from meetup.cli import main
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.workspace import load
from tests.conftest import FIXED_NOW
from tests.ical_checks import assert_valid, parse_ical, rfc5546_problems

M = "kilo-midcycle"
DOMAIN = "demo.meetup.example.org"


def _events(cal: object) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}  # type: ignore[attr-defined]


def _sessions(ws: object) -> list[str]:
    return [s.topic for s in schedule.sessions(ws.meetup(M))]  # type: ignore[attr-defined]


@pytest.mark.parametrize("method", ["publish", "request", "cancel"])
@pytest.mark.parametrize("tz", [None, "Europe/Paris", "America/New_York"])
def test_every_export_is_valid(demo_dir: Path, method: str, tz: str | None) -> None:
    ws = load(demo_dir)
    export = calendar.export_meetup(ws, M, method=method, tz=tz, now=FIXED_NOW)  # type: ignore[arg-type]
    cal = assert_valid(export.text, method)
    events = _events(cal)
    assert f"{M}.meetup@{DOMAIN}" in events
    assert {f"{M}.topic.{t}@{DOMAIN}" for t in _sessions(ws)} <= set(events)
    assert len(events) == 1 + len(_sessions(ws))
    assert "RDATE" not in export.text
    assert ("BEGIN:VTIMEZONE" in export.text) == (tz is not None)


def test_meetup_and_session_events(demo_dir: Path) -> None:
    ws = load(demo_dir)
    cal = assert_valid(calendar.export_meetup(ws, M, now=FIXED_NOW).text, "publish")
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
    first = calendar.export_meetup(ws, M, method="request", now=FIXED_NOW).text
    again = calendar.export_meetup(ws, M, method="request", now=FIXED_NOW).text
    later = calendar.export_meetup(ws, M, method="request", now=FIXED_NOW + timedelta(days=3))
    assert first == again
    strip = [ln for ln in first.splitlines() if not ln.startswith("DTSTAMP")]
    assert strip == [ln for ln in later.text.splitlines() if not ln.startswith("DTSTAMP")]
    assert first != later.text


def test_request_attendees(demo_dir: Path) -> None:
    ws = load(demo_dir)
    cal = assert_valid(calendar.export_meetup(ws, M, method="request", now=FIXED_NOW).text)
    gate = _events(cal)[f"{M}.topic.gate-triage@{DOMAIN}"]
    roles = {str(a).lower(): a.params["ROLE"] for a in gate["ATTENDEE"]}
    assert roles["mailto:ivan.petrov@example.org"] == "REQ-PARTICIPANT"
    assert roles["mailto:hana.kobayashi@example.org"] == "REQ-PARTICIPANT"
    assert roles["mailto:dana.whitfield@example.org"] == "OPT-PARTICIPANT"
    assert "mailto:eitan.mizrahi@example.org" not in roles  # declined the meetup
    assert "mailto:clara.moss@example.org" not in roles  # the organizer
    assert str(gate["ORGANIZER"]) == "mailto:clara.moss@example.org"
    cns = {a.params["CN"] for a in gate["ATTENDEE"]}
    assert "Björn Lindqvist" in cns


def test_special_characters_round_trip(demo_dir: Path) -> None:
    ws = load(demo_dir)
    title = 'Gate; triage, "red" \\ gates — ünïcödé 漢字'
    description = "Line one, with commas; semicolons\nline two \\ backslash\n\nÉté 🚦"
    topic = ws.meetup(M).topics["gate-triage"]
    ws.save_topic(M, msgspec.structs.replace(topic, title=title, description=description))
    ws = load(demo_dir)
    for method in ("publish", "request"):
        text = calendar.export_meetup(ws, M, method=method, now=FIXED_NOW).text  # type: ignore[arg-type]
        event = _events(assert_valid(text))[f"{M}.topic.gate-triage@{DOMAIN}"]
        assert str(event["SUMMARY"]) == title
        assert str(event["DESCRIPTION"]).startswith(description + "\n\n")
        strict = parse_ical(text)
        found = next(e for e in strict.events if e.uid.endswith("gate-triage@" + DOMAIN))
        assert found.summary == title
        assert found.description.startswith(description)


def test_moved_session_sequence_increments(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    first = calendar.export_meetup(ws, M, method="request", now=FIXED_NOW)
    calendar.write_export(ws, first, tmp_path / "invite.ics")
    uid = f"{M}.topic.gate-triage@{DOMAIN}"
    before = int(_events(assert_valid(first.text))[uid]["SEQUENCE"])
    schedule.place(ws, M, "gate-triage", date(2027, 1, 27), time(13, 30), "breakout")
    second = calendar.export_meetup(ws, M, method="request", now=FIXED_NOW)
    after = _events(assert_valid(second.text, "request"))
    assert int(after[uid]["SEQUENCE"]) == before + 1
    unchanged = f"{M}.topic.ptl-burnout@{DOMAIN}"
    assert int(after[unchanged]["SEQUENCE"]) == int(
        _events(assert_valid(first.text))[unchanged]["SEQUENCE"]
    )
    assert not second.cancel_text


def test_hand_edited_move_still_raises_sequence(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    calendar.write_export(ws, calendar.export_meetup(ws, M, method="request"), tmp_path / "a.ics")
    topic = ws.meetup(M).topics["gate-triage"]
    assert topic.placement is not None
    moved = msgspec.structs.replace(topic.placement, start=time(13, 30))
    ws.save_topic(M, msgspec.structs.replace(topic, placement=moved))  # no SEQUENCE bump
    export = calendar.export_meetup(load(demo_dir), M, method="request")
    event = _events(assert_valid(export.text))[f"{M}.topic.gate-triage@{DOMAIN}"]
    assert int(event["SEQUENCE"]) == topic.sequence + 1


def test_removed_session_is_cancelled_once(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    out = tmp_path / "invite.ics"
    calendar.write_export(ws, calendar.export_meetup(ws, M, method="request"), out)
    sent = calendar.load_state(ws, M).sent[f"{M}.topic.gate-triage@{DOMAIN}"]
    schedule.unschedule(ws, M, "gate-triage")
    ws = load(demo_dir)
    export = calendar.export_meetup(ws, M, method="request", now=FIXED_NOW)
    assert f"gate-triage@{DOMAIN}" not in export.text
    written = calendar.write_export(ws, export, out)
    assert written == [out, tmp_path / "invite-cancel.ics"]
    cancel = assert_valid(written[1].read_bytes().decode("utf-8"), "cancel")
    (event,) = cancel.walk("VEVENT")
    assert str(event["UID"]) == f"{M}.topic.gate-triage@{DOMAIN}"
    assert str(event["STATUS"]) == "CANCELLED"
    assert int(event["SEQUENCE"]) == sent.sequence + 1
    assert event.decoded("DTSTART") == sent.start
    assert event["ATTENDEE"]
    state = load(demo_dir)
    remembered = calendar.load_state(state, M).sent[f"{M}.topic.gate-triage@{DOMAIN}"]
    assert remembered.status == "cancelled"
    assert remembered.sequence == sent.sequence + 1
    # Sent once: the next invite has nothing left to cancel
    assert not calendar.export_meetup(state, M, method="request").cancel_text
    # Scheduled again: a new invite above the cancellation's SEQUENCE
    schedule.place(state, M, "gate-triage", date(2027, 1, 27), time(9, 0), "breakout")
    back = calendar.export_meetup(load(demo_dir), M, method="request")
    event = _events(assert_valid(back.text))[f"{M}.topic.gate-triage@{DOMAIN}"]
    assert int(event["SEQUENCE"]) > remembered.sequence


def test_method_cancel_cancels_everything(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    export = calendar.export_meetup(ws, M, method="cancel", now=FIXED_NOW)
    cal = assert_valid(export.text, "cancel")
    for uid, event in _events(cal).items():
        assert str(event["STATUS"]) == "CANCELLED"
        topic = uid.removeprefix(f"{M}.topic.").split("@")[0]
        natural = ws.meetup(M).topics[topic].sequence if "topic" in uid else 0
        assert int(event["SEQUENCE"]) == natural + 1


def test_personal_calendar(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup(M)
    person = "hana-kobayashi"
    export = calendar.export_meetup(ws, M, method="request", person=person, now=FIXED_NOW)
    events = _events(assert_valid(export.text, "request"))
    expected = {
        f"{M}.topic.{s.topic}@{DOMAIN}"
        for s in schedule.sessions(data)
        if calendar.concerns(data, person, data.topics[s.topic])
    }
    assert set(events) == {f"{M}.meetup@{DOMAIN}", *expected}
    assert f"{M}.topic.gate-triage@{DOMAIN}" in expected  # required there
    assert len(expected) < len(schedule.sessions(data))
    for event in events.values():
        (attendee,) = (
            [event["ATTENDEE"]] if not isinstance(event["ATTENDEE"], list) else event["ATTENDEE"]
        )
        assert str(attendee) == "mailto:hana.kobayashi@example.org"
    assert export.state is None  # personal invites do not change what was sent to everyone


def test_personal_calendar_refusals(demo_dir: Path) -> None:
    ws = load(demo_dir)
    with pytest.raises(NotFoundError):
        calendar.export_meetup(ws, M, person="nobody-here")
    with pytest.raises(InvalidInput, match="declined"):
        calendar.export_meetup(ws, M, method="request", person="eitan-mizrahi")
    with pytest.raises(InvalidInput, match="not invited"):
        calendar.export_meetup(ws, M, person="aiko-sato")


def test_delegate_gets_sessions_of_the_ptl_they_replace(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup(M)
    topic = data.topics["gate-triage"]
    ws.save_topic(M, msgspec.structs.replace(topic, required=["eitan-mizrahi"], projects=["qa"]))
    export = calendar.export_meetup(load(demo_dir), M, person="wen-li")
    assert f"gate-triage@{DOMAIN}" in export.text


def test_election_calendar(demo_dir: Path) -> None:
    ws = load(demo_dir)
    text = calendar.election_calendar(ws, "nova-ptl-l", now=FIXED_NOW)
    cal = assert_valid(text)
    events = _events(cal)
    vote = events[f"election.nova-ptl-l.voting@{DOMAIN}"]
    assert vote.decoded("DTSTART") == ws.elections["nova-ptl-l"].timeline.voting_open
    assert vote.to_ical().decode().count("Z\r\n") >= 2  # UTC
    assert f"election.nova-ptl-l.nominations@{DOMAIN}" in events
    with pytest.raises(NotFoundError):
        calendar.election_calendar(ws, "nope")


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


def test_cli_export_request_and_cancel_file(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    w = ["-w", str(demo_dir)]
    out = tmp_path / "kilo.ics"
    assert main([*w, "export", "ics", M, "--method", "request", "-o", str(out)]) == 0
    assert_valid(out.read_bytes().decode("utf-8"), "request")
    assert (demo_dir / "meetups" / M / "calendar.toml").is_file()
    assert main([*w, "schedule", M]) in (0, 1)
    ws = load(demo_dir)
    schedule.unschedule(ws, M, "ptl-burnout")
    capsys.readouterr()
    # stdout cannot carry a second METHOD: warned, and the cancellation stays pending
    assert main([*w, "export", "ics", M, "--method", "request"]) == 0
    captured = capsys.readouterr()
    assert_valid(captured.out, "request")
    assert "no longer scheduled" in captured.err and "-o FILE" in captured.err
    assert main([*w, "export", "ics", M, "--method", "request", "-o", str(out)]) == 0
    assert "1 cancellations" in capsys.readouterr().out
    cancel = assert_valid((tmp_path / "kilo-cancel.ics").read_bytes().decode("utf-8"), "cancel")
    assert [str(e["UID"]) for e in cancel.walk("VEVENT")] == [f"{M}.topic.ptl-burnout@{DOMAIN}"]


def test_cli_export_options(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    w = ["-w", str(demo_dir)]
    assert main([*w, "export", "ics", M, "--tz"]) == 0
    text = capsys.readouterr().out
    assert "TZID=Europe/Paris" in text
    assert_valid(text, "publish")
    assert main([*w, "export", "ics", M, "--for", "ivan-petrov", "--tz", "Asia/Tokyo"]) == 0
    assert_valid(capsys.readouterr().out)
    assert main([*w, "export", "ics", "--election", "nova-ptl-l"]) == 0
    assert_valid(capsys.readouterr().out)
    assert main([*w, "export", "ics", M, "--tz", "Mars/Base"]) == 2
    assert "unknown IANA timezone" in capsys.readouterr().err
    assert main([*w, "export", "ics", "nope"]) == 1
    assert main([*w, "export", "ics", M, "--for", "nobody"]) == 1
    assert main([*w, "export", "ics"]) == 2
    assert main([*w, "export", "ics", M, "--method", "request", "--no-record"]) == 0
    assert not (demo_dir / "meetups" / M / "calendar.toml").exists()
