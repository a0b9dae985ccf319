"""The schedule page, rendered by a real browser: headless Chromium (Debian's package)."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from meetup.agenda.schedule import sessions
from meetup.sharing.html import agenda_html
from meetup.store.loading import load
from meetup.store.records import Settings
from meetup.store.workspace import Workspace

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (Debian package: chromium)"
)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


def browser(tmp_path: Path, *args: str, tz: str = "UTC") -> str:
    assert CHROMIUM is not None
    profile = tmp_path / "profile"
    run = subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TZ": tz},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def page(tmp_path: Path, ws: Workspace) -> Path:
    path = tmp_path / "schedule.html"
    path.write_text(agenda_html(ws, "kilo-midcycle"), encoding="utf-8")
    return path


def test_the_page_is_self_contained_escaped_and_accessible(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup("kilo-midcycle")
    topic = next(iter(t for t in data.topics.values() if t.placement))
    import msgspec

    data.topics[topic.id] = msgspec.structs.replace(topic, title="<b>x</b> & y")
    html = agenda_html(ws, "kilo-midcycle")
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in html and "<b>x</b>" not in html
    assert "http" not in html.split("<main>")[0]  # nothing fetched: no external CSS/JS
    assert "<script src" not in html and "<link " not in html
    assert html.count("<table>") == len(data.meetup.days)
    assert '<th scope="col">' in html and '<th scope="row">' in html and "<caption>" in html
    assert 'href="kilo-midcycle.ics"' in html


@needs_chromium
def test_every_session_renders_and_the_one_on_now_is_marked(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup("kilo-midcycle")
    placed = [s for s in sessions(data) if s.room]
    first = min(placed, key=lambda s: (s.day, s.start))
    from datetime import timezone

    from meetup.agenda.schedule import aware

    moment = aware(data.meetup, first.day, first.start + 1).astimezone(timezone.utc)
    during = moment.strftime("%Y-%m-%dT%H:%M:%SZ")  # a "+" would read as a space in a query
    path = page(tmp_path, ws)
    dom = browser(tmp_path, "--dump-dom", f"{path.as_uri()}?now={during}")
    from html import escape

    for s in placed:
        assert escape(data.topics[s.topic].title) in dom, s.topic
    assert dom.count('aria-current="time"') >= 1
    marked = dom.split('aria-current="time"')[0].rsplit("<td", 1)[1]
    assert f'data-start="{first.day.isoformat()}' in marked
    assert "Show my time" in dom  # the switch shows once the script ran


@needs_chromium
def test_the_switch_shows_the_viewers_own_time(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetup("kilo-midcycle")
    first = min((s for s in sessions(data) if s.room), key=lambda s: (s.day, s.start))
    from meetup.agenda.schedule import aware, hhmm

    path = page(tmp_path, ws)
    meetup_dom = browser(tmp_path, "--dump-dom", path.as_uri(), tz="Asia/Tokyo")
    own_dom = browser(tmp_path, "--dump-dom", f"{path.as_uri()}?time=mine", tz="Asia/Tokyo")
    from zoneinfo import ZoneInfo

    tokyo = aware(data.meetup, first.day, first.start).astimezone(ZoneInfo("Asia/Tokyo"))
    assert f">{hhmm(first.start)}</time>" in meetup_dom
    assert f">{tokyo:%H:%M}</time>" in own_dom
    assert "Asia/Tokyo (your time)" in own_dom


@needs_chromium
def test_a_screenshot_of_the_page(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    ws.settings = Settings(
        name=ws.settings.name, etherpad_pattern="https://etherpad.example.org/p/{meetup}-{topic}"
    )
    path = page(tmp_path, ws)
    shot = tmp_path / "schedule.png"
    browser(tmp_path, f"--screenshot={shot}", "--window-size=1200,900", path.as_uri())
    raw = shot.read_bytes()
    assert raw[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", raw[16:24])
    assert (width, height) == (1200, 900)
    assert len(raw) > 20_000  # a rendered page, not a blank one
