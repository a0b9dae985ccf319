"""``meetup invite send``: one RFC 6047 mail per person and event, to a real SMTP server."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import datetime, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import msgspec
import pytest

from meetup.agenda import releases
from meetup.calendar import events as calendar
from meetup.cli import main
from meetup.store.loading import load
from tests.ical_checks import assert_itip, attendees_of, parse_ical

M = "kilo-midcycle"
DOMAIN = "demo.meetup.example.org"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


class _Collect:
    def __init__(self) -> None:
        self.mails: list[tuple[str, list[str], bytes]] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.mails.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


class _Auth:
    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        ok = data.login == b"clara" and data.password == b"pw-s3cret"
        return AuthResult(success=ok)


@pytest.fixture
def smtp() -> Iterator[tuple[int, _Collect]]:
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = _Collect()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        authenticator=_Auth(),
        auth_require_tls=False,
    )
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


def _parts(raw: bytes) -> tuple[EmailMessage, str, str]:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    assert plain is not None
    (cal,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    payload = cal.get_payload(decode=True)
    assert isinstance(payload, bytes)
    text = payload.decode("utf-8")
    assert cal.get_param("method") == text.split("METHOD:")[1].split("\r\n")[0]
    return message, str(plain.get_content()), text


def _invitees(ws: Any) -> list[str]:
    data = ws.meetup(M)
    return [
        a.person
        for a in data.meetup.attendees
        if a.rsvp != "declined"
        and a.person not in data.meetup.organizers[:1]
        and ws.people[a.person].email
    ]


def test_send_one_message_per_person_and_event(
    demo_dir: Path, smtp: tuple[int, _Collect], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    port, handler = smtp
    monkeypatch.setenv("MEETUP_SMTP_PASSWORD", "pw-s3cret")
    monkeypatch.setenv("MEETUP_NOW", NOW.isoformat())
    w = ["-w", str(demo_dir)]
    assert main([*w, "invite", "send", M, "--smtp", f"127.0.0.1:{port}", "--user", "clara"]) == 0
    out = capsys.readouterr().out
    assert "pw-s3cret" not in out and "0 failed" in out
    ws = load(demo_dir)
    invitees = _invitees(ws)
    got: dict[str, list[str]] = {}
    for mail_from, rcpt, raw in handler.mails:
        message, plain, text = _parts(raw)
        assert mail_from == "clara.moss@example.org"
        assert len(rcpt) == 1 and message["To"].addresses[0].addr_spec == rcpt[0]
        events = assert_itip(text)  # exactly one UID, valid for icalendar and ical
        parse_ical(text)
        (uid,) = events
        got.setdefault(rcpt[0], []).append(uid)
        assert "mailto:" + rcpt[0].lower() in attendees_of(events[uid]) or "CANCEL" in text
        assert "When:" in plain and ("Where:" in plain)
    meetup_uid = f"{M}.meetup@{DOMAIN}"
    emails = {ws.people[p].email: p for p in invitees}
    assert {a for a, uids in got.items() if meetup_uid in uids} == set(emails)
    gate = f"{M}.topic.gate-triage@{DOMAIN}"
    assert sorted(emails[a] for a, uids in got.items() if gate in uids) == [
        "hana-kobayashi",
        "ivan-petrov",
    ]
    assert "clara.moss@example.org" not in got  # the organizer
    assert "eitan.mizrahi@example.org" not in got  # declined
    # everything is remembered: a second run sends nothing
    handler.mails.clear()
    assert main([*w, "invite", "send", M, "--smtp", f"127.0.0.1:{port}", "--user", "clara"]) == 0
    assert handler.mails == []
    assert "nothing to send" in capsys.readouterr().out


def test_plain_text_says_when_in_both_zones(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    person = ws.people["ivan-petrov"]
    ws.save_people(
        [
            msgspec.structs.replace(p, timezone="Asia/Tokyo") if p.id == person.id else p
            for p in ws.people.values()
        ]
    )
    out = tmp_path / "mail"
    assert (
        main(["-w", str(demo_dir), "invite", "send", M, "--to", "ivan-petrov", "-o", str(out)]) == 0
    )
    raw = (out / "ivan-petrov-gate-triage.eml").read_bytes()
    _, plain, text = _parts(raw)
    assert "Europe/Paris" in plain and "Asia/Tokyo" in plain and "(your time)" in plain
    assert "Maison des Associations" in plain
    import vobject

    assert vobject.readOne(text).vevent.uid.value == f"{M}.topic.gate-triage@{DOMAIN}"
    assert sorted(p.name for p in out.iterdir()) == [
        "ivan-petrov-gate-triage.eml",
        "ivan-petrov-meetup.eml",
    ]


def test_eml_folder_matches_what_smtp_sends(
    demo_dir: Path, tmp_path: Path, smtp: tuple[int, _Collect]
) -> None:
    import shutil

    port, handler = smtp
    twin = tmp_path / "twin"
    shutil.copytree(demo_dir, twin)
    out = tmp_path / "eml"
    assert main(["-w", str(demo_dir), "invite", "send", M, "-o", str(out)]) == 0
    assert main(["-w", str(twin), "invite", "send", M, "--smtp", f"127.0.0.1:{port}"]) == 0
    files = sorted(out.glob("*.eml"))
    assert len(files) == len(handler.mails) > len(_invitees(load(demo_dir)))

    def calendars(raws: list[bytes]) -> list[str]:
        texts = [_parts(raw)[2] for raw in raws]
        return sorted(
            "\n".join(ln for ln in t.splitlines() if not ln.startswith("DTSTAMP")) for t in texts
        )

    assert calendars([f.read_bytes() for f in files]) == calendars([m[2] for m in handler.mails])


def test_failed_recipient_is_retried_and_nobody_gets_a_sequence_twice(
    demo_dir: Path, smtp: tuple[int, _Collect], capsys: Any
) -> None:
    port, handler = smtp
    handler.refuse = {"ivan.petrov@example.org"}
    w = ["-w", str(demo_dir), "invite", "send", M, "--smtp", f"127.0.0.1:{port}"]
    assert main(w) == 1
    captured = capsys.readouterr()
    assert "ivan-petrov" in captured.err and "550" in captured.err
    first = len(handler.mails)
    handler.refuse = set()
    assert main(w) == 0
    retried = handler.mails[first:]
    assert {rcpt[0] for _, rcpt, _ in retried} == {"ivan.petrov@example.org"}
    seen: set[tuple[str, str, int]] = set()
    for _, rcpt, raw in handler.mails:
        (event,) = assert_itip(_parts(raw)[2]).values()
        key = (rcpt[0], str(event["UID"]), int(event["SEQUENCE"]))
        assert key not in seen
        seen.add(key)


def test_deferring_after_a_release_cancels_for_everyone_who_holds_it(
    demo_dir: Path, tmp_path: Path
) -> None:
    """All invitees got the released agenda: a deferred session is a CANCEL to each of them."""
    ws = load(demo_dir)
    w = ["-w", str(demo_dir)]
    assert main([*w, "invite", "send", M, "-o", str(tmp_path / "first")]) == 0
    releases.release(ws, M, "v1", now=NOW)
    ws = load(demo_dir)
    topic = ws.meetup(M).topics["vuln-contacts"]
    ws.save_topic(M, msgspec.structs.replace(topic, status="deferred"))
    out = tmp_path / "after"
    assert main([*w, "invite", "send", M, "--since", "v1", "-o", str(out)]) == 0
    cancels = sorted(out.glob("*-vuln-contacts.eml"))
    holders = set(_invitees(load(demo_dir))) | {"lena-vogel"}
    assert {f.name.removesuffix("-vuln-contacts.eml") for f in cancels} == holders
    assert len(cancels) == 16
    for path in cancels:
        (event,) = assert_itip(_parts(path.read_bytes())[2], "cancel").values()
        assert str(event["STATUS"]) == "CANCELLED"
        assert int(event["SEQUENCE"]) >= 1


def test_removed_person_and_required_change_get_cancels(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    assert main(["-w", str(demo_dir), "invite", "send", M, "-o", str(tmp_path / "a")]) == 0
    meetup = ws.meetup(M).meetup
    kept = [a for a in meetup.attendees if a.person != "dana-whitfield"]
    ws.save_meetup(msgspec.structs.replace(meetup, attendees=kept))
    topic = ws.meetup(M).topics["gate-triage"]
    ws.save_topic(M, msgspec.structs.replace(topic, required=["ivan-petrov"]))
    out = tmp_path / "b"
    assert main(["-w", str(demo_dir), "invite", "send", M, "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert "dana-whitfield-meetup.eml" in names
    assert "hana-kobayashi-gate-triage.eml" in names
    for name in ("dana-whitfield-meetup.eml", "hana-kobayashi-gate-triage.eml"):
        (event,) = assert_itip(_parts((out / name).read_bytes())[2], "cancel").values()
        assert "STATUS" not in event  # uninvited: the event itself goes on
    state = calendar.load_state(load(demo_dir), M)
    assert state.delivered["dana-whitfield"][f"{M}.meetup@{DOMAIN}"].method == "cancel"
