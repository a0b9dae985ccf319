"""Electorate roll import: matching, duplicates, unknown lines and the checksum."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from meetup.elections.electorate import import_roll, parse_roll, roll_checksum
from meetup.store.errors import InvalidInput
from meetup.store.loading import load
from tests.conftest import FIXED_NOW

ROLL_TEXT = """\
# Nova contributors
Aiko.Sato@Example.org
ben-carter
BEN.CARTER@example.org
not-a-person
outsider@elsewhere.net

CHEN-WEI
"""


def test_text_roll_matches_case_insensitively(demo_dir: Path) -> None:
    result = parse_roll(load(demo_dir), ROLL_TEXT)
    assert result.roll == ["aiko-sato", "ben-carter", "chen-wei", "outsider@elsewhere.net"]
    assert [(e.line, e.text) for e in result.duplicates] == [(4, "BEN.CARTER@example.org")]
    assert [(e.line, e.text) for e in result.unknown] == [(5, "not-a-person")]
    assert [e.line for e in result.addresses] == [6]


def test_csv_roll_with_a_header(demo_dir: Path) -> None:
    text = "name,email\nWen Li,wen.li@example.org\nZoe,ZOE.ADAMS@example.org\nX,y\n"
    result = parse_roll(load(demo_dir), text)
    assert result.header
    assert result.roll == ["wen-li", "zoe-adams"]
    assert [(e.line, e.text) for e in result.unknown] == [(4, "X,y")]


def test_checksum_is_sha256_of_the_sorted_roll(demo_dir: Path) -> None:
    result = parse_roll(load(demo_dir), "chen-wei\naiko-sato\n")
    expected = hashlib.sha256(b"aiko-sato\nchen-wei\n").hexdigest()
    assert result.checksum == expected == roll_checksum(["chen-wei", "aiko-sato", "chen-wei"])


def test_import_replaces_the_roll(demo_dir: Path) -> None:
    ws = load(demo_dir)
    result = import_roll(ws, "nova-ptl-l", ROLL_TEXT, now=FIXED_NOW)
    assert load(demo_dir).elections["nova-ptl-l"].roll == result.roll
    with pytest.raises(InvalidInput, match="names nobody"):
        import_roll(ws, "nova-ptl-l", "nobody\n", now=FIXED_NOW)
    assert load(demo_dir).elections["nova-ptl-l"].roll == result.roll


def test_a_roll_line_with_a_control_character_is_refused_with_its_line(demo_dir: Path) -> None:
    ws = load(demo_dir)
    text = "ben-carter\n# a comment\nbad\x1b[31mname@example.org\n"
    with pytest.raises(InvalidInput, match="line 3: must not contain control characters"):
        parse_roll(ws, text)
    with pytest.raises(InvalidInput, match="line 3"):
        import_roll(ws, "nova-ptl-l", text, FIXED_NOW)
    assert load(demo_dir).elections["nova-ptl-l"].roll == ws.elections["nova-ptl-l"].roll
