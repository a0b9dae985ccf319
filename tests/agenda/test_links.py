"""Per-session links: every placed session of the demo carries its etherpad (and its room's
video link) in the .ics, the Markdown agenda and minutes, the frab XML and the HTML page."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from meetup.agenda.links import etherpad_url, session_links
from meetup.agenda.minutes import compiled_minutes
from meetup.agenda.schedule import sessions
from meetup.calendar.events import publish_calendar
from meetup.sharing.frab import frab_xml
from meetup.sharing.html import agenda_html
from meetup.sharing.markdown import agenda_markdown
from meetup.store.errors import InvalidInput
from meetup.store.loading import load
from meetup.store.workspace import Workspace

PATTERN = "https://etherpad.example.org/p/{meetup}-{topic}"
VIDEO = "https://meet.example.org/kilo-main"


def linked(demo_dir: Path) -> Workspace:
    ws = load(demo_dir)
    ws.save_settings(msgspec.structs.replace(ws.settings, etherpad_pattern=PATTERN))
    data = ws.meetup("kilo-midcycle")
    rooms = [
        msgspec.structs.replace(r, video_url=VIDEO) if r.id == data.meetup.rooms[0].id else r
        for r in data.meetup.rooms
    ]
    ws.save_meetup(msgspec.structs.replace(data.meetup, rooms=rooms))
    return load(demo_dir)


def test_every_session_carries_its_etherpad_everywhere(demo_dir: Path) -> None:
    ws = linked(demo_dir)
    data = ws.meetup("kilo-midcycle")
    ics, _ = publish_calendar(ws, "kilo-midcycle")
    unfolded = ics.replace("\r\n ", "")
    markdown = agenda_markdown(ws, "kilo-midcycle")
    minutes = compiled_minutes(ws, "kilo-midcycle")
    frab = frab_xml(ws, "kilo-midcycle")
    html = agenda_html(ws, "kilo-midcycle")
    placed = [s for s in sessions(data) if s.room]
    assert placed
    for s in placed:
        pad = f"https://etherpad.example.org/p/kilo-midcycle-{s.topic}"
        assert f"URL:{pad}" in unfolded, s.topic
        assert f"[etherpad](<{pad}>)" in markdown, s.topic
        assert f'href="{pad}"' in frab and f'href="{pad}"' in html, s.topic
        if data.topics[s.topic].status == "accepted":
            assert f"- Etherpad: <{pad}>" in minutes, s.topic
    main = data.meetup.rooms[0].id
    assert any(s.room == main for s in placed)
    assert f"CONFERENCE;VALUE=URI:{VIDEO}" in unfolded
    assert f"[video](<{VIDEO}>)" in markdown and f'href="{VIDEO}"' in html


def test_a_topic_may_set_its_own_pad_and_the_pattern_is_checked(demo_dir: Path) -> None:
    ws = linked(demo_dir)
    data = ws.meetup("kilo-midcycle")
    topic = next(iter(data.topics.values()))
    own = msgspec.structs.replace(topic, etherpad="https://pad.example.net/p/mine")
    assert etherpad_url(ws, "kilo-midcycle", own) == "https://pad.example.net/p/mine"
    assert session_links(ws, "kilo-midcycle", topic).etherpad.endswith(f"kilo-midcycle-{topic.id}")
    for bad, why in (
        ("ftp://x/{topic}", "http"),
        ("https://x/p/static", "{topic}"),
        ("https://x/{meetup}-{title}", "only {meetup} and {topic}"),
    ):
        with pytest.raises(InvalidInput, match=why):
            ws.save_settings(msgspec.structs.replace(ws.settings, etherpad_pattern=bad))
