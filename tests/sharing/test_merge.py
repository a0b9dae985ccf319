"""The record-aware three-way merge, field by field (no git here)."""

from __future__ import annotations

from datetime import time

import msgspec
import pytest

from meetup.sharing import merge
from meetup.store import tomlio
from meetup.store.election_records import BallotBox, VotedRoll
from meetup.store.records import Attendee, Break, Issue, LogEntry, Meetup, Room, Topic

replace = msgspec.structs.replace
BASE = Topic(title="T", votes=["a"], notes="one\ntwo", required=["x"])


def test_scalars_one_side_wins_same_change_fine_two_changes_conflict() -> None:
    ours = replace(BASE, title="Ours")
    assert merge.merge_records(BASE, ours, BASE).record == ours
    assert merge.merge_records(BASE, ours, replace(BASE, kind="decision")).record == replace(
        ours, kind="decision"
    )
    assert merge.merge_records(BASE, ours, ours).clean
    result = merge.merge_records(BASE, ours, replace(BASE, title="Theirs", votes=["a", "b"]))
    assert [c.path for c in result.conflicts] == ["title"]
    assert merge.describe("t.toml", result.conflicts) == [
        't.toml: title: yours "Ours", theirs "Theirs"'
    ]
    assert merge.describe("t.toml", result.conflicts, yours="theirs")[0].endswith(
        'yours "Theirs", theirs "Ours"'
    )
    taken = merge.merge_records(BASE, ours, replace(BASE, title="Th"), choices={"title": "theirs"})
    assert taken.record is not None and taken.record.title == "Th"  # type: ignore[attr-defined]


def test_sets_apply_both_sides_additions_and_removals() -> None:
    ours = replace(BASE, votes=["a", "b"], required=[])
    theirs = replace(BASE, votes=["c"], required=["x", "y"])
    result = merge.merge_records(BASE, ours, theirs)
    assert result.clean
    assert result.record.votes == ["b", "c"]  # type: ignore[union-attr]
    assert result.record.required == ["y"]  # type: ignore[union-attr]


def test_text_both_appends_kept_ours_first_and_overlap_conflicts() -> None:
    assert merge.merge_text("one\ntwo", "one\ntwo\nA", "one\ntwo\nB") == "one\ntwo\nA\nB"
    assert merge.merge_text("one\ntwo\n", "ONE\ntwo\n", "one\ntwo\nB\n") == "ONE\ntwo\nB\n"
    assert merge.merge_text("", "A", "B") == "A\nB"
    assert merge.merge_text("one\ntwo", "uno\ntwo", "eins\ntwo") is None
    result = merge.merge_records(BASE, replace(BASE, notes="x"), replace(BASE, notes="y"))
    assert [c.path for c in result.conflicts] == ["notes"]


def _meetup(*attendees: Attendee, rooms: tuple[Room, ...] = (), breaks: tuple[Break, ...] = ()):  # type: ignore[no-untyped-def]
    return Meetup(title="M", attendees=list(attendees), rooms=list(rooms), breaks=list(breaks))


def test_keyed_lists_merge_per_key_and_remove_vs_edit_conflicts() -> None:
    a, b = Attendee(person="a"), Attendee(person="b", projects=["nova"])
    base = _meetup(a, b, rooms=(Room(id="r1", name="One"),))
    ours = _meetup(
        replace(a, rsvp="accepted"),
        replace(b, projects=["nova", "glance"]),
        rooms=(Room(id="r1", name="One", capacity=10),),
    )
    theirs = _meetup(
        a,
        replace(b, rsvp="declined", projects=[]),
        Attendee(person="c"),
        rooms=(Room(id="r1", name="Uno"), Room(id="r2", name="Two")),
    )
    result = merge.merge_records(base, ours, theirs)
    assert result.clean, result.conflicts
    got = result.record
    assert [(x.person, x.rsvp, x.projects) for x in got.attendees] == [  # type: ignore[union-attr]
        ("a", "accepted", []),
        ("b", "declined", ["glance"]),
        ("c", "needs-action", []),
    ]
    assert [(r.id, r.name, r.capacity) for r in got.rooms] == [  # type: ignore[union-attr]
        ("r1", "Uno", 10),
        ("r2", "Two", 0),
    ]
    removed = merge.merge_records(base, _meetup(b), _meetup(replace(a, rsvp="declined"), b))
    assert [c.path for c in removed.conflicts] == ["attendees[a]"]
    assert merge.describe("m.toml", removed.conflicts)[0].endswith(
        ", theirs " + '{"person": "a", "rsvp": "declined"}'
    )
    assert merge.merge_records(base, _meetup(b), base).record == _meetup(b)


def test_breaks_and_log_entries_are_keyed() -> None:
    from datetime import datetime, timezone

    pause = Break(start=time(10, 30), end=time(11))
    base = _meetup(breaks=(pause,))
    ours = _meetup(breaks=(replace(pause, title="Coffee"),))
    theirs = _meetup(breaks=(pause, Break(start=time(15), end=time(15, 30))))
    assert len(merge.merge_records(base, ours, theirs).record.breaks) == 2  # type: ignore[union-attr]
    at = datetime(2027, 1, 1, tzinfo=timezone.utc)
    issue = Issue(title="I", projects=["a", "b"], log=[LogEntry(at=at, text="created")])
    one = replace(issue, log=[*issue.log, LogEntry(at=at, author="x", text="hi")])
    two = replace(issue, log=[*issue.log, LogEntry(at=at, author="y", text="yo")])
    log = merge.merge_records(issue, one, two).record.log  # type: ignore[union-attr]
    assert [e.text for e in log] == ["created", "hi", "yo"]


def test_ballots_are_a_multiset_and_the_voted_roll_a_sorted_set() -> None:
    box = BallotBox(candidates=["a", "b"], ballots=[[1, 2]])
    ours = replace(box, ballots=[[1, 2], [2, 1]])
    theirs = replace(box, ballots=[[1, 2], [2, 1], [1, 1]])
    assert merge.merge_records(box, ours, theirs).record.ballots == [  # type: ignore[union-attr]
        [1, 1],
        [1, 2],
        [2, 1],
        [2, 1],
    ]
    roll = VotedRoll(voted=["m"])
    merged = merge.merge_records(roll, VotedRoll(voted=["m", "z"]), VotedRoll(voted=["a", "m"]))
    assert merged.record.voted == ["a", "m", "z"]  # type: ignore[union-attr]


def test_an_invalid_result_is_a_conflict_never_a_broken_file() -> None:
    issue = Issue(title="I", projects=["a", "b", "c"])
    result = merge.merge_records(
        issue, replace(issue, projects=["a", "c"]), replace(issue, projects=["b", "c"])
    )
    assert result.data is None and not result.clean and "invalid" in result.problem


def test_merge_bytes_and_record_paths() -> None:
    raw = tomlio.to_bytes(BASE)
    ours = tomlio.to_bytes(replace(BASE, votes=["a", "b"]))
    theirs = tomlio.to_bytes(replace(BASE, votes=["a", "c"]))
    result = merge.merge_bytes(raw, ours, theirs, "meetups/m/topics/t.toml")
    assert result.data == tomlio.to_bytes(replace(BASE, votes=["a", "b", "c"]))
    assert merge.split_workspace_path("ws/meetups/m/topics/t.toml") == (
        "ws/",
        "meetups/m/topics/t.toml",
    )
    assert merge.split_workspace_path("README.toml") is None
    with pytest.raises(merge.NotARecord):
        merge.merge_bytes(raw, b"title = [", theirs, "meetups/m/topics/t.toml")


def test_conflict_text_marks_only_the_differing_lines() -> None:
    text = merge.conflict_text(b"a\nb\nc\n", b"a\nB\nc\n").decode()
    assert text == "a\n<<<<<<< yours\nb\n=======\nB\n>>>>>>> theirs\nc\n"
