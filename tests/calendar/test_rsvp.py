"""meetup/rsvp.py and ``meetup import rsvp``: METHOD:REPLY files update RSVPs."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetup.calendar import events as calendar
from meetup.calendar.rsvp import import_replies
from meetup.cli import main
from meetup.store.workspace import load
from tests.conftest import FIXED_NOW
from tests.ical_checks import rfc5546_problems

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
            "SEQUENCE:0",
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
    text = calendar.export_meetup(ws, M, method="request", now=FIXED_NOW).text
    gate = text.split(f"UID:{GATE_UID}")[0].rsplit("BEGIN:VEVENT", 1)[1]
    assert "dana.whitfield" not in gate.replace("\r\n ", "")


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
