"""Broken records on the command line: check names every kind, commands report what they
read, and output for other people is refused when a record it needs is broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetup.cli import main
from meetup.store import table

M = "kilo-midcycle"
E = "nova-ptl-l"
BROKEN_TOPIC = table.TOPIC.path(M, "gate-triage")


def break_file(root: Path, rel: str, text: str = "schema = 1\ntitle = [\n") -> int:
    """Write a file that does not parse; the line of its error."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return text.count("\n") + 1  # tomli reports an unclosed value at the end


@pytest.mark.parametrize(
    ("rel", "text", "where"),
    [
        (table.POLL.path(M), "schema = 1\noptions = 3\n", "2:1: options:"),
        (table.BALLOTS.path(E), 'schema = 1\nballots = [[1, "a"]]\n', "2:1: ballots[0][1]:"),
        (table.CALENDAR.path(M), "schema = 1\n[sent.x]\nstart = 1\n", "3:1: sent.x.start:"),
        (table.ELECTION_CALENDAR.path(E), "schema = 1\nsent = 2\n", "2:1: sent:"),
        (table.VOTED.path(E), "voted = [\n", ":1:"),
        (table.RESULT.path(E), "schema = 1\nwinners = []\n", "closed_at"),
        (table.RELEASE.path(M, "v1"), "released = 'no'\n", ":1:1: released:"),
    ],
)
def test_check_validates_every_lazy_kind(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], rel: str, text: str, where: str
) -> None:
    break_file(demo_dir, rel, text)
    assert main(["-w", str(demo_dir), "check"]) == 1
    err = capsys.readouterr().err
    assert f"{rel}:" in err and where in err, err


def test_export_ics_refuses_a_meetup_with_a_broken_topic(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-w", str(demo_dir), "export", "ics", M]) == 0
    assert capsys.readouterr().out.count("BEGIN:VEVENT") == 8
    line = break_file(demo_dir, BROKEN_TOPIC)
    assert main(["-w", str(demo_dir), "export", "ics", M]) == 1
    out, err = capsys.readouterr()
    assert "BEGIN:VCALENDAR" not in out
    assert f"{BROKEN_TOPIC}:{line}:" in err and "refusing" in err


@pytest.mark.parametrize(
    "command",
    [
        ["export", "agenda", M, "--format", "markdown"],
        ["announce", M],
        ["schedule", M, "--json"],
        ["minutes", M],
        ["release", M, "v1"],
        ["publish", M, "--caldav", "http://127.0.0.1:9/cal/"],
    ],
)
def test_output_for_other_people_refuses_broken_records(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    line = break_file(demo_dir, BROKEN_TOPIC)
    assert main(["-w", str(demo_dir), *command]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "refusing" in err and f"{BROKEN_TOPIC}:{line}:1: invalid TOML" in err
    assert not (demo_dir / table.RELEASE.path(M, "v1")).exists()


def test_a_broken_meetup_file_is_named_not_reported_missing(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_file(demo_dir, table.MEETUP.path(M))
    assert main(["-w", str(demo_dir), "export", "ics", M]) == 1
    assert table.MEETUP.path(M) in capsys.readouterr().err


def test_reading_commands_report_broken_records_on_stderr(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = break_file(demo_dir, BROKEN_TOPIC)
    assert main(["-w", str(demo_dir), "list", "topics", "--meetup", M]) == 0
    out, err = capsys.readouterr()
    assert "gate-triage" not in out and "bug-rotation" in out
    assert f"meetup: {BROKEN_TOPIC}:{line}:1: invalid TOML" in err


def test_a_broken_lazy_file_fails_the_command_that_reads_it(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    break_file(demo_dir, table.BALLOTS.path(E), "ballots = [\n")
    assert main(["-w", str(demo_dir), "election", "tally", E]) == 1
    assert f"{table.BALLOTS.path(E)}:2:" in capsys.readouterr().err
    break_file(demo_dir, table.POLL.path(M))
    assert main(["-w", str(demo_dir), "poll", M]) == 1
    assert f"{table.POLL.path(M)}:3:" in capsys.readouterr().err


@pytest.mark.parametrize("what", ["issues", "meetups", "topics", "people"])
def test_list_on_a_whole_load_names_each_broken_record(
    demo_dir: Path, capsys: pytest.CaptureFixture[str], what: str
) -> None:
    issue = table.ISSUE.path("gate-instability")
    topic_line = break_file(demo_dir, BROKEN_TOPIC)
    issue_line = break_file(demo_dir, issue, "schema = 1\ntitle = \n")
    assert main(["-w", str(demo_dir), "list", what]) == 0
    err = capsys.readouterr().err.splitlines()
    assert f"meetup: {BROKEN_TOPIC}:{topic_line}:1: invalid TOML: Invalid value" in err
    assert f"meetup: {issue}:{issue_line - 1}:9: invalid TOML: Invalid value" in err
    assert len(err) == 2  # each once, cross-references are for check
