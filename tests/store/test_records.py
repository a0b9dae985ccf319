"""Strict records: whole-string ids, no control characters in text, dates in range."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from meetup.cli import main
from meetup.store import tomlio
from meetup.store.errors import InvalidInput, WorkspaceError
from meetup.store.ids import is_slug
from meetup.store.loading import load
from meetup.store.records import Meetup, Topic

MEETUP = "kilo-midcycle"
HOSTILE_TITLE = "Gate \x1b]2;pwned\x07 triage"
TIMELINE = [
    "--nominations-open",
    "2027-01-04 00:00",
    "--nominations-close",
    "2027-01-11 00:00",
    "--voting-open",
    "2027-01-12 00:00",
    "--voting-close",
    "2027-01-19 00:00",
]


@pytest.mark.parametrize("text", ["evil\n", "evil\r\n", "\nevil", "evil\x00", "Evil", "-x", ""])
def test_is_slug_matches_the_whole_string(text: str) -> None:
    assert not is_slug(text)
    assert is_slug("evil") and is_slug("kilo-midcycle-2")


def test_record_id_with_a_trailing_newline_is_refused() -> None:
    data = {"__id__": "kilo-midcycle\n", "title": "Kilo"}
    with pytest.raises(WorkspaceError) as caught:
        tomlio.convert(data, Meetup, "meetups/x/meetup.toml", b'title = "Kilo"\n')
    assert "not a valid id" in str(caught.value)


def test_folder_named_with_a_newline_is_a_problem_not_a_meetup(demo_dir: Path) -> None:
    source = demo_dir / "meetups" / MEETUP
    evil = demo_dir / "meetups" / f"{MEETUP}\n"
    evil.mkdir()
    (evil / "meetup.toml").write_bytes((source / "meetup.toml").read_bytes())
    ws = load(demo_dir)
    assert f"{MEETUP}\n" not in ws.meetups
    assert any("not a valid id" in p.message for p in ws.problems)


def test_election_create_refuses_an_id_with_a_newline(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["-w", str(demo_dir), "election", "create", "evil\n", "--title", "E", *TIMELINE])
    assert code == 1
    assert "id:" in capsys.readouterr().err
    assert not any("\n" in p.name for p in (demo_dir / "elections").iterdir())


@pytest.mark.parametrize(
    ("title", "hint"),
    [(HOSTILE_TITLE, "control characters"), ("Two\r\nlines", "control characters")],
)
def test_title_with_control_characters_is_refused_naming_the_field(
    demo_dir: Path, title: str, hint: str
) -> None:
    ws = load(demo_dir)
    topic = ws.meetup(MEETUP).topics["bug-rotation"]
    before = (demo_dir / "meetups" / MEETUP / "topics" / "bug-rotation.toml").read_bytes()
    with pytest.raises(InvalidInput) as caught:
        ws.save_topic(MEETUP, msgspec.structs.replace(topic, title=title))
    assert caught.value.field == "title" and hint in caught.value.message
    after = (demo_dir / "meetups" / MEETUP / "topics" / "bug-rotation.toml").read_bytes()
    assert after == before


def test_notes_keep_newline_and_tab_but_no_other_control(demo_dir: Path) -> None:
    ws = load(demo_dir)
    topic = ws.meetup(MEETUP).topics["bug-rotation"]
    ws.save_topic(MEETUP, msgspec.structs.replace(topic, notes="- one\n\t- two\n"))
    for bad in ("bell\x07", "esc\x1b[31m", "c1\x9b", "del\x7f", "cr\rlf"):
        with pytest.raises(InvalidInput) as caught:
            ws.save_topic(MEETUP, msgspec.structs.replace(topic, notes=bad))
        assert caught.value.field == "notes"
        assert "other than newline and tab" in caught.value.message


def test_control_characters_in_a_file_are_a_located_problem(demo_dir: Path) -> None:
    path = demo_dir / "meetups" / MEETUP / "topics" / "bug-rotation.toml"
    text = path.read_text()
    path.write_text(text.replace('title = "A bug', 'title = "\\u001b]2;x\\u0007A bug'))
    ws = load(demo_dir)
    assert "bug-rotation" not in ws.meetup(MEETUP).topics
    (problem,) = [p for p in ws.problems if p.file.endswith("bug-rotation.toml")]
    assert problem.field == "title" and problem.line == 2
    assert "control characters" in problem.message and "\x1b" not in str(problem)


@pytest.mark.parametrize("day", ["9999-12-31", "1969-12-31", "0001-01-01"])
def test_meetup_days_out_of_range_are_refused_where_they_are_read(
    demo_dir: Path, day: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = demo_dir / "meetups" / MEETUP / "meetup.toml"
    text = path.read_text()
    first = text.index("date = ") + len("date = ")
    path.write_text(text[:first] + day + text[first + 10 :])
    ws = load(demo_dir)
    (problem,) = [p for p in ws.problems if p.file.endswith("meetup.toml")]
    assert "out of range" in problem.message and problem.line > 0
    # the export refuses to run on the broken meetup instead of overflowing
    code = main(["-w", str(demo_dir), "export", "ics", MEETUP])
    captured = capsys.readouterr()
    assert code != 0 and "Traceback" not in captured.err


def test_dates_out_of_range_are_refused_at_input(demo_dir: Path) -> None:
    from meetup.agenda.meetups import parse_date
    from meetup.agenda.minutes import parse_due
    from meetup.elections.phases import parse_utc

    for parse in (lambda t: parse_date(t, "day1"), parse_due, lambda t: parse_utc(t, "x")):
        with pytest.raises(InvalidInput, match="out of range"):
            parse("9999-12-31")
    late = [*TIMELINE[:-1], "9999-12-31 00:00"]
    code = main(["-w", str(demo_dir), "election", "create", "late", "--title", "Late", *late])
    assert code == 1


def test_timeline_and_topic_placement_years_are_checked() -> None:
    data = {"title": "T", "placement": {"day": "9999-12-31", "start": "09:00:00", "room": "r"}}
    with pytest.raises(WorkspaceError, match="out of range"):
        tomlio.convert(data, Topic, "t.toml", b'title = "T"\n')
