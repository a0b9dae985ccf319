"""meetup/rsvp.py and ``meetup import rsvp``: METHOD:REPLY files update RSVPs."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetup.calendar import events as calendar
from meetup.calendar.export import export_meetup, write_export
from meetup.calendar.rsvp import import_replies
from meetup.cli import main
from meetup.store.loading import load
from tests.conftest import FIXED_NOW
from tests.ical_checks import assert_itip, attendees_of, rfc5546_problems

M = "kilo-midcycle"
DOMAIN = "demo.meetup.example.org"
MEETUP_UID = f"{M}.meetup@{DOMAIN}"
GATE_UID = f"{M}.topic.gate-triage@{DOMAIN}"


def reply(
    tmp_path: Path,
    name: str,
    uid: str,
    email: str,
    partstat: str,
    stamp: str = "20261201T090000Z",
    method: str = "REPLY",
    sequence: int = 0,
) -> Path:
    text = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Example Mail//EN",
            f"METHOD:{method}",
            "BEGIN:VEVENT",
            f"UID:{uid}",
            f"DTSTAMP:{stamp}",
            f"SEQUENCE:{sequence}",
            "ORGANIZER;CN=Clara Moss:mailto:clara.moss@example.org",
            f"ATTENDEE;CN=Someone;PARTSTAT={partstat}:mailto:{email}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    assert not rfc5546_problems(text) or method != "REPLY"
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _rsvp(demo_dir: Path, person: str) -> str:
    meetup = load(demo_dir).meetup(M).meetup
    return next(a.rsvp for a in meetup.attendees if a.person == person)


def test_reply_to_the_meetup_updates_the_file(demo_dir: Path, tmp_path: Path) -> None:
    assert _rsvp(demo_dir, "rosa-delgado") == "needs-action"
    path = reply(tmp_path, "r.ics", MEETUP_UID, "Rosa.Delgado@EXAMPLE.org", "ACCEPTED")
    before = (demo_dir / "meetups" / M / "meetup.toml").read_bytes()
    report = import_replies(load(demo_dir), [path])
    assert report.ok
    assert [(a.person, a.rsvp, a.changed) for a in report.applied] == [
        ("rosa-delgado", "accepted", True)
    ]
    after = (demo_dir / "meetups" / M / "meetup.toml").read_bytes()
    assert after != before
    assert _rsvp(demo_dir, "rosa-delgado") == "accepted"
    # idempotent: same bytes, reported unchanged
    again = import_replies(load(demo_dir), [path])
    assert [a.changed for a in again.applied] == [False]
    assert (demo_dir / "meetups" / M / "meetup.toml").read_bytes() == after


def test_session_decline_is_remembered_and_leaves_the_invite(
    demo_dir: Path, tmp_path: Path
) -> None:
    path = reply(tmp_path, "r.ics", GATE_UID, "dana.whitfield@example.org", "DECLINED")
    assert import_replies(load(demo_dir), [path]).ok
    ws = load(demo_dir)
    assert calendar.load_state(ws, M).replies[GATE_UID] == {"dana-whitfield": "declined"}
    assert _rsvp(demo_dir, "dana-whitfield") == "accepted"  # the meetup answer is untouched
    path = reply(tmp_path, "i.ics", GATE_UID, "ivan.petrov@example.org", "DECLINED")
    assert import_replies(load(demo_dir), [path]).ok
    text = export_meetup(load(demo_dir), M, method="request", now=FIXED_NOW).text
    gate = attendees_of(assert_itip(text)[GATE_UID])
    assert gate["mailto:ivan.petrov@example.org"].params["PARTSTAT"] == "DECLINED"


def test_latest_answer_wins(demo_dir: Path, tmp_path: Path) -> None:
    late = reply(
        tmp_path, "b.ics", MEETUP_UID, "rosa.delgado@example.org", "TENTATIVE", "20261203T090000Z"
    )
    early = reply(
        tmp_path, "a.ics", MEETUP_UID, "rosa.delgado@example.org", "DECLINED", "20261202T090000Z"
    )
    assert import_replies(load(demo_dir), [late, early]).ok
    assert _rsvp(demo_dir, "rosa-delgado") == "tentative"


def test_unknown_uid_and_attendee_are_reported_not_guessed(demo_dir: Path, tmp_path: Path) -> None:
    before = (demo_dir / "meetups" / M / "meetup.toml").read_bytes()
    files = [
        reply(
            tmp_path,
            "uid.ics",
            f"{M}.topic.no-such-topic@{DOMAIN}",
            "rosa.delgado@example.org",
            "ACCEPTED",
        ),
        reply(tmp_path, "who.ics", MEETUP_UID, "rosa.delgado@example.com", "ACCEPTED"),
        reply(tmp_path, "guest.ics", MEETUP_UID, "aiko.sato@example.org", "ACCEPTED"),
        reply(tmp_path, "deleg.ics", MEETUP_UID, "rosa.delgado@example.org", "DELEGATED"),
        reply(
            tmp_path,
            "req.ics",
            MEETUP_UID,
            "rosa.delgado@example.org",
            "ACCEPTED",
            method="REQUEST",
        ),
    ]
    (tmp_path / "junk.ics").write_text("not a calendar", encoding="utf-8")
    files.append(tmp_path / "junk.ics")
    report = import_replies(load(demo_dir), files)
    assert not report.applied
    messages = dict(report.rejected)
    assert "unknown UID" in messages[str(files[0])]
    assert "nobody here has the email rosa.delgado@example.com" in messages[str(files[1])]
    assert "not invited" in messages[str(files[2])]
    assert "DELEGATED" in messages[str(files[3])]
    assert "not REPLY" in messages[str(files[4])]
    assert str(files[5]) in messages
    assert (demo_dir / "meetups" / M / "meetup.toml").read_bytes() == before


def test_cli_import_rsvp(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = reply(tmp_path, "good.ics", MEETUP_UID, "amara.okafor@example.org", "ACCEPTED")
    bad = reply(
        tmp_path, "bad.ics", "someone-else@elsewhere", "amara.okafor@example.org", "ACCEPTED"
    )
    assert main(["-w", str(demo_dir), "import", "rsvp", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    assert "amara-okafor accepted meetup kilo-midcycle" in captured.out
    assert f"{bad}: not applied: unknown UID someone-else@elsewhere" in captured.err
    assert _rsvp(demo_dir, "amara-okafor") == "accepted"
    assert main(["-w", str(demo_dir), "import", "rsvp", str(good)]) == 0
    assert "(unchanged)" in capsys.readouterr().out


def test_stale_reply_is_ignored_with_a_message(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ivan answers the first invite after the session moved and was re-sent (SEQUENCE 1)."""
    from datetime import date, time

    from meetup.agenda import schedule

    ws = load(demo_dir)
    write_export(ws, export_meetup(ws, M, method="request"), tmp_path / "one.ics")
    schedule.place(ws, M, "gate-triage", date(2027, 1, 27), time(13, 30), "breakout")
    ws = load(demo_dir)
    write_export(ws, export_meetup(ws, M, method="request"), tmp_path / "two.ics")
    sent = calendar.load_state(load(demo_dir), M).delivered["ivan-petrov"][GATE_UID].sequence
    stale = reply(tmp_path, "s.ics", GATE_UID, "ivan.petrov@example.org", "ACCEPTED", sequence=0)
    assert sent >= 1
    assert main(["-w", str(demo_dir), "import", "rsvp", str(stale)]) == 0
    out = capsys.readouterr().out
    assert "ignored" in out and "stale" in out and f"SEQUENCE 0, but {sent}" in out
    assert GATE_UID not in calendar.load_state(load(demo_dir), M).replies
    fresh = reply(tmp_path, "f.ics", GATE_UID, "ivan.petrov@example.org", "ACCEPTED", sequence=sent)
    assert import_replies(load(demo_dir), [fresh]).applied


def test_required_non_attendee_reply_is_accepted(demo_dir: Path, tmp_path: Path) -> None:
    import msgspec

    ws = load(demo_dir)
    topic = ws.meetup(M).topics["gate-triage"]
    ws.save_topic(M, msgspec.structs.replace(topic, required=[*topic.required, "aiko-sato"]))
    email = ws.people["aiko-sato"].email
    path = reply(tmp_path, "a.ics", GATE_UID, email, "ACCEPTED")
    report = import_replies(load(demo_dir), [path])
    assert report.ok, report.rejected
    assert calendar.load_state(load(demo_dir), M).replies[GATE_UID]["aiko-sato"] == "accepted"
    # ... but she is still not invited to the meetup itself
    other = reply(tmp_path, "b.ics", MEETUP_UID, email, "ACCEPTED")
    assert not import_replies(load(demo_dir), [other]).ok


def _mail(ics: bytes, sender: str) -> bytes:
    from email.message import EmailMessage

    message = EmailMessage()
    message["From"] = sender
    message["To"] = "clara.moss@example.org"
    message["Subject"] = "Accepted: Kilo mid-cycle"
    message.set_content("Accepted.")
    message.add_attachment(ics, maintype="text", subtype="calendar", params={"method": "REPLY"})
    return bytes(message)


def test_replies_read_from_eml_and_mbox(demo_dir: Path, tmp_path: Path) -> None:
    one = reply(tmp_path, "1.ics", MEETUP_UID, "rosa.delgado@example.org", "ACCEPTED").read_bytes()
    two = reply(tmp_path, "2.ics", GATE_UID, "ivan.petrov@example.org", "TENTATIVE").read_bytes()
    eml = tmp_path / "reply.eml"
    eml.write_bytes(_mail(one, "rosa.delgado@example.org"))
    box = tmp_path / "replies.mbox"
    box.write_bytes(
        b"From rosa@example.org Tue Dec  1 10:00:00 2026\n"
        + _mail(one, "rosa.delgado@example.org").replace(b"\r\n", b"\n")
        + b"\nFrom ivan@example.org Tue Dec  1 11:00:00 2026\n"
        + _mail(two, "ivan.petrov@example.org").replace(b"\r\n", b"\n")
    )
    report = import_replies(load(demo_dir), [eml])
    assert report.ok and [a.person for a in report.applied] == ["rosa-delgado"]
    report = import_replies(load(demo_dir), [box])
    assert report.ok, report.rejected
    assert sorted(a.person for a in report.applied) == ["ivan-petrov", "rosa-delgado"]
    plain = tmp_path / "plain.eml"
    plain.write_bytes(b"From: a@example.org\nSubject: hi\n\nno calendar here\n")
    assert "without a text/calendar" in import_replies(load(demo_dir), [plain]).rejected[0][1]
