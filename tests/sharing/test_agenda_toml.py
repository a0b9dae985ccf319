"""Agenda exports: the lossless TOML round trip, Markdown, frab XML, the announcement."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from zoneinfo import ZoneInfo

import msgspec
import pytest

from meetup.agenda.schedule import aware, hhmm, sessions
from meetup.cli import main
from meetup.sharing import agenda_toml as agenda
from meetup.store.loading import load

MEETUP = "kilo-midcycle"


def test_toml_round_trip_into_an_empty_workspace_gives_identical_bytes(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = tmp_path / "first.toml"
    assert main(["-w", str(demo_dir), "export", "agenda", MEETUP, "-o", str(first)]) == 0
    empty = tmp_path / "empty"
    assert main(["init", str(empty)]) == 0
    assert main(["-w", str(empty), "import", "agenda", str(first), "--yes"]) == 0
    again = tmp_path / "again.toml"
    assert main(["-w", str(empty), "export", "agenda", MEETUP, "-o", str(again)]) == 0
    assert again.read_bytes() == first.read_bytes()
    imported = load(empty)
    assert imported.problems == []
    original = load(demo_dir).meetup(MEETUP)
    copy = imported.meetup(MEETUP)
    assert copy.meetup == original.meetup
    assert copy.topics == original.topics
    assert copy.actions == original.actions
    # a second import of the same file has nothing to do
    capsys.readouterr()
    assert main(["-w", str(empty), "import", "agenda", str(first), "--dry-run"]) == 0
    assert "nothing to change" in capsys.readouterr().out


def test_toml_document_is_self_contained(demo_dir: Path) -> None:
    doc = agenda.build_agenda(load(demo_dir), MEETUP)
    assert (doc.format, doc.version) == ("meetup-agenda", 1)
    people = {p.id for p in doc.people}
    assert {a.person for a in doc.meetup.attendees} <= people
    assert all(p.email and p.timezone for p in doc.people)
    projects = {p.id for p in doc.projects}
    assert {p for t in doc.topics for p in t.projects} <= projects
    assert any(t.notes for t in doc.topics) and doc.actions
    assert any(t.placement and t.votes for t in doc.topics)
    text = agenda.agenda_toml(load(demo_dir), MEETUP)
    assert text.startswith('schema = 1\nformat = "meetup-agenda"\nversion = 1\n')
    assert "__id__" not in text


def test_markdown_has_every_session_with_local_and_utc_times(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup(MEETUP)
    ws.save_topic(
        MEETUP,
        msgspec.structs.replace(data.topics["gate-triage"], title="Gate *triage* [red]"),
    )
    from meetup.sharing.markdown import agenda_markdown

    text = agenda_markdown(ws, MEETUP)
    placed = sessions(data)
    assert placed
    lines = text.splitlines()
    for s in placed:
        start_utc = aware(data.meetup, s.day, s.start).astimezone(ZoneInfo("UTC"))
        expected = f"- {hhmm(s.start)}–{hhmm(s.end)} ({start_utc:%H:%M}–"
        assert any(line.startswith(expected) and "UTC)" in line for line in lines), expected
    assert "**Gate \\*triage\\* \\[red\\]**" in text
    assert "## Tuesday 26 January 2027" in text and "### Breakout room" in text
    assert "_Lunch_" in text and "(11:30–12:30 UTC)" in text
    # the compiled minutes of meetup.minutes, nested one heading level down
    assert "## Minutes: Kilo mid-cycle PTL meetup" in text and "### Action items" in text
    assert "Agreed: every project names a release liaison" in text
    assert (
        "- **Collect a named vulnerability contact from each project** (owner: Lena Vogel;" in text
    )


def test_frab_xml_parses_with_stable_guids_and_right_durations(
    demo_dir: Path, tmp_path: Path
) -> None:
    from meetup.sharing.frab import frab_xml

    ws = load(demo_dir)
    first = frab_xml(ws, MEETUP)
    root = ET.fromstring(first.encode())
    assert root.tag == "schedule" and root.find("version") is not None
    conference = root.find("conference")
    assert conference is not None
    for tag in ("title", "acronym", "start", "end", "days", "timeslot_duration", "time_zone_name"):
        assert conference.findtext(tag), tag
    assert conference.findtext("time_zone_name") == "Europe/Paris"
    events = root.findall("day/room/event")
    data = ws.meetup(MEETUP)
    assert len(events) == len(sessions(data))
    guids = [e.get("guid") for e in events]
    ids = [e.get("id") for e in events]
    assert len(set(guids)) == len(guids) and len(set(ids)) == len(ids)
    uuid_re = re.compile(r"^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$")
    required = (
        "date",
        "start",
        "duration",
        "room",
        "slug",
        "title",
        "subtitle",
        "track",
        "type",
        "abstract",
    )
    for event in events:
        assert uuid_re.match(event.get("guid", ""))
        assert int(event.get("id", "0")) > 0
        for tag in required:
            assert event.find(tag) is not None, tag
        assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+01:00$", event.findtext("date", ""))
        assert re.match(r"^[0-2]\d:[0-5]\d$", event.findtext("start", ""))
        topic = data.topics[event.findtext("slug", "").removeprefix(f"{MEETUP}-")]
        hours, mins = map(int, event.findtext("duration", "").split(":"))
        assert hours * 60 + mins == topic.duration
    for day in root.findall("day"):
        assert re.match(r".+\+01:00$", day.get("start", ""))
    # stable across exports and across unrelated edits; escaping survives a re-parse
    topic = data.topics["gate-triage"]
    ws.save_topic(MEETUP, msgspec.structs.replace(topic, title='A <b>&"odd" title'))
    again = load(demo_dir)
    # validation refuses control characters in a title; the writer drops them all the same
    odd = msgspec.structs.replace(topic, title='A <b>&"odd"\x01\x1b\x9b title')
    again.meetup(MEETUP).topics["gate-triage"] = odd
    second = ET.fromstring(frab_xml(again, MEETUP).encode())
    assert [e.get("guid") for e in second.findall("day/room/event")] == guids
    titles = [e.findtext("title") for e in second.findall("day/room/event")]
    assert 'A <b>&"odd" title' in titles


def test_announcement_mail(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-w", str(demo_dir), "announce", MEETUP]) == 0
    mail = capsys.readouterr().out
    lines = mail.splitlines()
    assert lines[0].startswith("Subject: Kilo mid-cycle PTL meetup: 26–27 January 2027")
    assert lines[1].startswith("To: ") and "Dana Whitfield <dana.whitfield@example.org>" in lines[1]
    ws = load(demo_dir)
    ptls = [a for a in ws.meetup(MEETUP).meetup.attendees if a.role == "ptl"]
    assert lines[1].count("@") == len(ptls)
    for needle in (
        "Europe/Paris (UTC+01:00)",
        "Maison des Associations",
        "How to RSVP",
        'rsvp = "accepted"',
        "How to propose a topic",
        "meetup sync",
        "meetups/kilo-midcycle/topics/",
        "09:00–17:30 (08:00–16:30 UTC)",
    ):
        assert needle in mail, needle


def test_export_unknown_meetup_fails(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-w", str(demo_dir), "export", "agenda", "nope", "--format", "frab"]) == 1
    assert "no meetup 'nope'" in capsys.readouterr().err
