"""meetup.text: control characters out of what the writers produce (ics, Markdown)."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from meetup.text import has_controls, md_inline, one_line, strip_controls

MEETUP = "kilo-midcycle"


def test_helpers() -> None:
    assert one_line("a\r\nb\tc\x1b]2;x\x07 d") == "a b c ]2;x d"
    assert strip_controls("a\r\nb\tc\x1b\x9b\x7f") == "a\nb\tc"
    assert md_inline("# *not* a\nheading") == "\\# \\*not\\* a heading"
    assert has_controls("a\tb") and not has_controls("a\tb", multiline=True)
    assert has_controls("a\x85b", multiline=True)


@pytest.mark.parametrize("method", ["publish", "request"])
def test_ics_text_never_carries_raw_escape_or_bell(demo_dir: Path, method: str) -> None:
    from meetup.calendar.export import export_meetup
    from meetup.store.loading import load

    ws = load(demo_dir)
    data = ws.meetup(MEETUP)
    for ident, topic in list(data.topics.items()):
        data.topics[ident] = msgspec.structs.replace(
            topic, title=topic.title + "\x1b]2;pwned\x07", description="a\r\nb\x1b[31m"
        )
    data.meetup = msgspec.structs.replace(data.meetup, venue="Hall\x07", title="K\x9bM")
    text = export_meetup(ws, MEETUP, method=method).text  # type: ignore[arg-type]
    unfolded = text.replace("\r\n ", "")
    body = unfolded.replace("\r\n", "")
    assert not has_controls(body, multiline=True)
    assert "\n" not in body
    summaries = [line for line in unfolded.split("\r\n") if line.startswith("SUMMARY:")]
    assert any(line.endswith(" ]2\\;pwned") for line in summaries)
