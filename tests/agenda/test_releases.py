"""Released agenda versions: files, diff, affected people, calendar hook, CLI."""

from __future__ import annotations

import json
from datetime import datetime, time, timezone
from pathlib import Path

import pytest

from meetup.agenda import releases, schedule
from meetup.cli import main
from meetup.store import table
from meetup.store.errors import InvalidInput
from meetup.store.loading import load

M = "kilo-midcycle"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def test_release_file_is_deterministic(demo_dir: Path, tmp_path: Path) -> None:
    ws = load(demo_dir)
    r = releases.release(ws, M, "v1", NOW)
    path = demo_dir / table.RELEASE.path(M, "v1")
    first = path.read_bytes()
    assert b"released = 2026-11-24 12:00:00+00:00" in first
    assert len(r.sessions) == 7
    again = releases.release(load(demo_dir), M, "v1-copy", NOW)
    assert (demo_dir / table.RELEASE.path(M, "v1-copy")).read_bytes() == first
    assert again.sessions == r.sessions
    with pytest.raises(InvalidInput, match="already exists"):
        releases.release(ws, M, "v1", NOW)
    assert releases.load_release(load(demo_dir), M, "v1") == r
    assert [x.name for x in releases.list_releases(ws, M)] == ["v1", "v1-copy"]


def test_diff_new_moved_cancelled_retitled(demo_dir: Path) -> None:
    ws = load(demo_dir)
    v1 = releases.release(ws, M, "v1", NOW)
    data = ws.meetup(M)
    placed = [s.topic for s in schedule.sessions(data)]
    moved, cancelled = placed[0], placed[1]
    schedule.place(ws, M, moved, data.meetup.days[1].date, time(14), "breakout")
    schedule.unschedule(ws, M, cancelled)
    schedule.place(ws, M, "stable-branch-liaisons", data.meetup.days[1].date, time(9), "main")
    t = ws.meetup(M).topics["gate-triage"]
    import msgspec

    ws.save_topic(M, msgspec.structs.replace(t, title="Gate triage, renamed"))
    d = releases.diff(v1, releases.current(ws.meetup(M), NOW))
    assert [c.topic for c in d.new] == ["stable-branch-liaisons"]
    assert [c.topic for c in d.moved] == [moved]
    assert [c.topic for c in d.cancelled] == [cancelled]
    assert [c.topic for c in d.retitled] == ["gate-triage"]
    people = releases.affected_people(ws, M, d)
    # The required people of a changed session; for one that requires nobody, every
    # invited attendee who did not decline.
    coming = {a.person for a in data.meetup.attendees if a.rsvp != "declined"}
    expected: dict[str, set[str]] = {}
    for c in d.changes:
        needed = {p for s in (c.before, c.after) if s for p in s.required}
        for person in needed or coming:
            expected.setdefault(person, set()).add(c.topic)
    assert people == {p: sorted(ts) for p, ts in sorted(expected.items())}
    assert "gate-triage" in people["ivan-petrov"]
    assert "eitan-mizrahi" not in people  # declined
    assert releases.recipients_since(ws, M, "v1") == people


def test_no_change_affects_nobody(demo_dir: Path) -> None:
    ws = load(demo_dir)
    releases.release(ws, M, "v1", NOW)
    assert releases.recipients_since(ws, M, "v1") == {}


def test_cli_release_list_diff(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    w = ["-w", str(demo_dir)]
    assert main([*w, "release", M, "v1"]) == 0
    assert "released v1 of kilo-midcycle: 7 sessions" in capsys.readouterr().out
    assert main([*w, "release", M, "v1"]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main([*w, "release", M, "--list", "--json"]) == 0
    [item] = json.loads(capsys.readouterr().out)
    assert (item["name"], item["sessions"]) == ("v1", 7)
    assert main([*w, "schedule", M, "--auto", "--yes"]) == 0
    capsys.readouterr()
    assert main([*w, "release", M, "v2"]) == 0
    assert main([*w, "release", M, "--diff", "v1", "v2", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert {c["topic"] for c in doc["new"]} == {"stable-branch-liaisons", "ptl-vs-program-lead"}
    assert doc["cancelled"] == []
    assert doc["moved"]
    assert main([*w, "release", M, "--diff", "v2"]) == 0
    assert "no changes" in capsys.readouterr().out
    assert main([*w, "release", M]) == 2


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("", "a release needs a name"),
        ("  ", "a release needs a name"),
        ("Bad Name", "lowercase letters, digits and dashes, e.g. v1, final-2"),
        ("../x", "lowercase letters, digits and dashes"),
    ],
)
def test_a_release_needs_a_valid_name(demo_dir: Path, name: str, said: str) -> None:
    ws = load(demo_dir)
    with pytest.raises(InvalidInput, match=said) as refused:
        releases.release(ws, M, name, NOW)
    assert refused.value.field == "name"
    assert not (demo_dir / "meetups" / M / "releases").exists() or not any(
        (demo_dir / "meetups" / M / "releases").iterdir()
    )


def test_cli_refuses_a_bad_release_name(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-w", str(demo_dir), "release", M, "Bad Name"]) == 1
    assert "e.g. v1, final-2" in capsys.readouterr().err
    assert releases.list_releases(load(demo_dir), M) == []
