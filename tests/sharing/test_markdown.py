"""Markdown writers (agenda, minutes) keep user text inside its own line and format."""

from __future__ import annotations

from pathlib import Path

import msgspec

from meetup.agenda.minutes import compiled_minutes
from meetup.sharing.markdown import agenda_markdown
from meetup.store.loading import load

MEETUP = "kilo-midcycle"


def poisoned(demo_dir: Path) -> object:
    """The demo with hostile titles held in memory (validation refuses them on disk)."""
    ws = load(demo_dir)
    data = ws.meetup(MEETUP)
    topic = data.topics["bug-rotation"]
    data.topics["bug-rotation"] = msgspec.structs.replace(
        topic,
        title="Rotation\r\n# Injected heading\n- [x] fake item\x1b]2;t\x07",
        notes="Kept *Markdown*\r\nline two\x07\n",
    )
    return ws


def test_a_cr_lf_in_a_title_starts_no_new_markdown_line(demo_dir: Path) -> None:
    ws = poisoned(demo_dir)
    for text in (agenda_markdown(ws, MEETUP), compiled_minutes(ws, MEETUP)):  # type: ignore[arg-type]
        lines = text.splitlines()
        assert not any(line.startswith(("# Injected", "- [x] fake")) for line in lines)
        assert "\r" not in text and "\x1b" not in text and "\x07" not in text
        assert any("Rotation" in line and "Injected heading" in line for line in lines)


def test_minutes_escape_titles_but_keep_notes_as_markdown(demo_dir: Path) -> None:
    text = compiled_minutes(poisoned(demo_dir), MEETUP)  # type: ignore[arg-type]
    assert "## Rotation \\# Injected heading - \\[x\\] fake item \\]2;t\n" in text
    assert "Kept *Markdown*\nline two\n" in text
