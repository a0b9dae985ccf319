"""The load's fast path (listed files, one parse call, one roll test) refuses exactly what
the careful path refuses, and says the same where and what."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from meetup.store import table
from meetup.store.errors import InvalidInput
from meetup.store.files import Store, UnsafePathError
from meetup.store.loading import load, load_for

M = "kilo-midcycle"
E = "neutron-release-liaison"
TOPIC = table.TOPIC.path(M, "gate-triage")


def test_a_listed_file_swapped_for_a_link_out_is_refused(demo_dir: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.toml"
    outside.write_bytes((demo_dir / TOPIC).read_bytes())
    (demo_dir / TOPIC).unlink()
    (demo_dir / TOPIC).symlink_to(outside)  # as if swapped after the folder was listed
    with pytest.raises(UnsafePathError, match="leads outside the workspace"):
        Store(demo_dir).read(TOPIC, listed=True)


def test_a_listed_file_swapped_for_a_link_inside_is_read(demo_dir: Path) -> None:
    moved = demo_dir / "meetups" / M / "kept.toml"
    raw = (demo_dir / TOPIC).read_bytes()
    (demo_dir / TOPIC).rename(moved)
    (demo_dir / TOPIC).symlink_to(moved)
    assert Store(demo_dir).read(TOPIC, listed=True) == raw


def test_a_listed_file_swapped_for_a_fifo_is_refused_without_hanging(demo_dir: Path) -> None:
    (demo_dir / TOPIC).unlink()
    os.mkfifo(demo_dir / TOPIC)
    with pytest.raises(UnsafePathError, match="FIFO"):
        Store(demo_dir).read(TOPIC, listed=True)


def test_a_folder_linked_out_of_the_workspace_is_refused_for_reading(
    demo_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "topics"
    (demo_dir / "meetups" / M / "topics").rename(outside)
    (demo_dir / "meetups" / M / "topics").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePathError, match="leads outside"):
        Store(demo_dir).read(TOPIC, listed=True)
    ws = load(demo_dir)
    assert any(p.file == TOPIC and "outside" in p.message for p in ws.problems)


def test_a_file_that_grew_after_its_size_was_taken_is_read_whole(demo_dir: Path) -> None:
    big = b"# " + b"x" * 200_000 + b"\n" + (demo_dir / TOPIC).read_bytes()
    (demo_dir / TOPIC).write_bytes(big)
    assert Store(demo_dir).read(TOPIC, listed=True) == big


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # a conflict inside a multi-line string still parses as TOML: found all the same
        ('description = """\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> b\n"""\n', "conflict"),
        ("\ufeff", "byte-order mark"),
    ],
)
def test_what_the_fast_parse_lets_through_is_found_by_the_careful_one(
    demo_dir: Path, text: str, message: str
) -> None:
    path = demo_dir / TOPIC
    raw = path.read_text("utf-8")
    path.write_text(text + raw if text == "\ufeff" else raw + text, "utf-8")
    problems = [p for p in load(demo_dir).problems if p.file == TOPIC]
    assert problems and message in problems[0].message


def roll_with(demo_dir: Path, index: int, entry: str) -> None:
    path = demo_dir / table.ELECTION.path(E)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("roll = ["))
    lines[start + 1 + index] = f'    "{entry}",\n'
    path.write_text("".join(lines), "utf-8")


@pytest.mark.parametrize("entry", ["wen-li\\u001b[31m", "a\\nb", "tab\\there", "c1\\u0085"])
def test_a_roll_entry_with_a_control_character_is_located(demo_dir: Path, entry: str) -> None:
    roll_with(demo_dir, 1, entry)
    for ws in (load(demo_dir), load_for(demo_dir, elections=[E])):
        found = [p for p in ws.problems if p.file == table.ELECTION.path(E)]
        assert len(found) == 1, found
        assert found[0].field == "roll[1]" and "control characters" in found[0].message
        text = (demo_dir / table.ELECTION.path(E)).read_text("utf-8").splitlines()
        assert text[found[0].line - 1].strip().startswith('"')


def test_a_roll_with_a_control_character_is_not_saved(demo_dir: Path) -> None:
    import msgspec

    ws = load(demo_dir)
    election = ws.elections[E]
    bad = msgspec.structs.replace(election, roll=[*election.roll, "x\x1by"])
    with pytest.raises(InvalidInput, match="control characters"):
        ws.save_election(bad)


def test_a_roll_of_printable_names_in_any_script_passes(demo_dir: Path) -> None:
    roll_with(demo_dir, 0, "josé.müller@example.org")
    roll_with(demo_dir, 1, "李 雷\u00a0(nbsp)")  # a no-break space is no control character
    assert not [p for p in load(demo_dir).problems if p.file == table.ELECTION.path(E)]


# Every way TOML lets a control character into a text field is caught, at its line.
CONTROL_TITLES = [
    ('"bell \\u0007 here"', "an escape"),
    ('"tab\\there"', "an escaped tab"),
    ('"raw\ttab"', "a raw tab"),
    ("'literal\ttab'", "a raw tab in a literal string"),
    ('"c1 \u0085 next line"', "a raw C1 character"),
    ('"""two\nlines"""', "a multi-line string"),
    ("'''two\nlines'''", "a multi-line literal string"),
]


@pytest.mark.parametrize(("value", "how"), CONTROL_TITLES, ids=[h for _, h in CONTROL_TITLES])
def test_a_control_character_in_a_title_is_found_however_it_is_written(
    demo_dir: Path, value: str, how: str
) -> None:
    path = demo_dir / TOPIC
    lines = path.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("title = "))
    lines[at] = f"title = {value}\n"
    path.write_text("".join(lines), "utf-8")
    for ws in (load(demo_dir), load_for(demo_dir, meetups=[M])):
        found = [p for p in ws.problems if p.file == TOPIC]
        assert [(p.line, p.field) for p in found] == [(at + 1, "title")], how
        assert "control characters" in found[0].message


def test_a_record_built_in_code_with_a_control_character_is_not_saved(demo_dir: Path) -> None:
    import msgspec

    ws = load(demo_dir)
    topic = ws.meetups[M].topics["gate-triage"]
    for bad in ("esc\x1b[31m", "two\nlines", "c1\x85"):
        with pytest.raises(InvalidInput, match="control characters"):
            ws.save_topic(M, msgspec.structs.replace(topic, title=bad))
    ws.save_topic(M, msgspec.structs.replace(topic, description="two\nlines\tand a tab"))
