"""The store keeps data safe: identical bytes, atomic writes, no silent overwrites."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec
import pytest

from meetup.store import table, tomlio
from meetup.store.errors import BrokenFileError, StaleWriteError, StoreIOError
from meetup.store.files import Store, atomic_write
from meetup.store.loading import load
from meetup.store.records import Topic

MEETUP = "kilo-midcycle"


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".meetup.lock"
    }


def test_round_trip_gives_identical_bytes(demo_dir: Path) -> None:
    before = snapshot(demo_dir)
    ws = load(demo_dir)
    assert ws.problems == []
    ws.save_settings(ws.settings)
    ws.save_people(ws.people.values())
    ws.save_areas(ws.areas.values())
    for project in ws.projects.values():
        ws.save_project(project)
    for meetup_id, data in ws.meetups.items():
        ws.save_meetup(data.meetup)
        for topic in data.topics.values():
            ws.save_topic(meetup_id, topic)
        for action in data.actions.values():
            ws.save_action(meetup_id, action)
    for issue in ws.issues.values():
        ws.save_issue(issue)
    for election in ws.elections.values():
        ws.save_election(election)
    assert snapshot(demo_dir) == before


def test_serialization_is_deterministic(demo_dir: Path) -> None:
    ws = load(demo_dir)
    topic = ws.meetups[MEETUP].topics["gate-triage"]
    again = load(demo_dir).meetups[MEETUP].topics["gate-triage"]
    assert tomlio.to_bytes(topic) == tomlio.to_bytes(again)
    assert tomlio.to_bytes(topic).startswith(b"schema = 1\n")


def test_crash_between_temp_write_and_replace_keeps_old_file(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = load(demo_dir)
    rel = table.TOPIC.path(MEETUP, "gate-triage")
    path = demo_dir / rel
    old = path.read_bytes()
    topic = ws.meetups[MEETUP].topics["gate-triage"]

    def crash(src: str, dst: str) -> None:
        raise OSError("power cut")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(StoreIOError, match=f"cannot write {rel}: power cut") as caught:
        ws.save_topic(MEETUP, msgspec.structs.replace(topic, title="Changed"))
    assert isinstance(caught.value.__cause__, OSError)
    assert path.read_bytes() == old
    leftovers = [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "f.toml"
    atomic_write(target, b"one")
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"


def test_two_instances_never_silently_overwrite_each_other(demo_dir: Path) -> None:
    first = load(demo_dir)
    second = load(demo_dir)
    topic = first.meetups[MEETUP].topics["gate-triage"]
    first.save_topic(MEETUP, msgspec.structs.replace(topic, title="First's title"))
    mine = second.meetups[MEETUP].topics["gate-triage"]
    with pytest.raises(StaleWriteError, match="changed on disk"):
        second.save_topic(MEETUP, msgspec.structs.replace(mine, title="Second's title"))
    assert b"First's title" in (demo_dir / table.TOPIC.path(MEETUP, "gate-triage")).read_bytes()
    # after a reload the second instance sees the first's change and may save again
    second = load(demo_dir)
    assert second.meetups[MEETUP].topics["gate-triage"].title == "First's title"
    second.save_topic(
        MEETUP,
        msgspec.structs.replace(second.meetups[MEETUP].topics["gate-triage"], title="Both"),
    )


def test_an_editor_change_is_detected(demo_dir: Path) -> None:
    ws = load(demo_dir)
    path = demo_dir / table.TOPIC.path(MEETUP, "bug-rotation")
    path.write_bytes(path.read_bytes().replace(b"duration = 60", b"duration = 90"))
    topic = ws.meetups[MEETUP].topics["bug-rotation"]
    with pytest.raises(StaleWriteError):
        ws.save_topic(MEETUP, msgspec.structs.replace(topic, title="Mine"))
    assert b"duration = 90" in path.read_bytes()


def test_two_instances_creating_the_same_new_file(demo_dir: Path) -> None:
    first, second = load(demo_dir), load(demo_dir)
    first.save_topic(MEETUP, Topic(id="new-topic", title="From the first"))
    with pytest.raises(StaleWriteError):
        second.save_topic(MEETUP, Topic(id="new-topic", title="From the second"))
    assert b"From the first" in (demo_dir / table.TOPIC.path(MEETUP, "new-topic")).read_bytes()


def test_deleting_a_file_changed_on_disk_is_refused(demo_dir: Path) -> None:
    ws = load(demo_dir)
    path = demo_dir / table.TOPIC.path(MEETUP, "meeting-times")
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(StaleWriteError):
        ws.delete_topic(MEETUP, "meeting-times")
    assert path.exists()


def test_saving_unchanged_record_does_not_touch_the_file(demo_dir: Path) -> None:
    ws = load(demo_dir)
    path = demo_dir / table.TOPIC.path(MEETUP, "gate-triage")
    before = path.stat().st_mtime_ns
    ws.save_topic(MEETUP, ws.meetups[MEETUP].topics["gate-triage"])
    assert path.stat().st_mtime_ns == before


def test_broken_file_is_reported_and_never_rewritten(demo_dir: Path) -> None:
    path = demo_dir / table.TOPIC.path(MEETUP, "gate-triage")
    broken = path.read_bytes().replace(b'kind = "working"', b'kind = "working')
    path.write_bytes(broken)
    ws = load(demo_dir)
    problems = [p for p in ws.problems if p.file.endswith("gate-triage.toml")]
    assert len(problems) == 1
    problem = problems[0]
    expected_line = broken.split(b"\n").index(b'kind = "working') + 1
    assert problem.line == expected_line
    assert problem.kind == "parse"
    assert str(problem).startswith(f"meetups/{MEETUP}/topics/gate-triage.toml:{expected_line}:")
    # the rest of the workspace is usable
    assert "bug-rotation" in ws.meetups[MEETUP].topics
    assert "gate-triage" not in ws.meetups[MEETUP].topics
    with pytest.raises(BrokenFileError):
        ws.save_topic(MEETUP, Topic(id="gate-triage", title="Overwrite"))
    assert path.read_bytes() == broken


def test_git_conflict_markers_are_reported_as_such(demo_dir: Path) -> None:
    path = demo_dir / table.TOPIC.path(MEETUP, "bug-rotation")
    text = path.read_text()
    path.write_text(
        text.replace(
            'kind = "working"\n',
            '<<<<<<< HEAD\nkind = "working"\n=======\nkind = "decision"\n>>>>>>> theirs\n',
        )
    )
    ws = load(demo_dir)
    (problem,) = [p for p in ws.problems if p.file.endswith("bug-rotation.toml")]
    assert problem.kind == "conflict"
    assert "merge conflict" in problem.message
    assert path.read_text().splitlines()[problem.line - 1].startswith("<<<<<<<")


def test_validation_error_names_line_and_field(demo_dir: Path) -> None:
    path = demo_dir / "meetups" / MEETUP / "meetup.toml"
    text = path.read_text()
    text = text.replace('rsvp = "tentative"', 'rsvp = "maybe"', 1)
    path.write_text(text)
    ws = load(demo_dir)
    (problem,) = [p for p in ws.problems if p.file == f"meetups/{MEETUP}/meetup.toml"]
    assert problem.field.startswith("attendees[") and problem.field.endswith("].rsvp")
    assert text.splitlines()[problem.line - 1].strip() == 'rsvp = "maybe"'
    assert "needs-action" in problem.message
    assert MEETUP not in ws.meetups  # a broken meetup is left out, the rest stays


def test_unknown_field_is_located(demo_dir: Path) -> None:
    path = demo_dir / "issues" / "gate-instability.toml"
    path.write_text(
        path.read_text().replace('priority = "critical"', 'priority = "critical"\nseverity = 3')
    )
    (problem,) = load(demo_dir).problems
    assert problem.field == "severity"
    assert "unknown field" in problem.message
    assert path.read_text().splitlines()[problem.line - 1] == "severity = 3"


def test_unknown_reference_is_located(demo_dir: Path) -> None:
    path = demo_dir / table.TOPIC.path(MEETUP, "gate-triage")
    path.write_text(path.read_text().replace('"marcus-bell",', '"nobody-at-all",', 1))
    ws = load(demo_dir)
    (problem,) = ws.problems
    assert problem.kind == "reference"
    assert problem.field.startswith("votes[")
    assert "unknown person 'nobody-at-all'" in problem.message
    assert '"nobody-at-all"' in path.read_text().splitlines()[problem.line - 1]
    # a reference problem does not hide the record
    assert "gate-triage" in ws.meetups[MEETUP].topics


def test_newer_schema_is_refused_with_a_clear_message(demo_dir: Path) -> None:
    path = demo_dir / "issues" / "install-guide-drift.toml"
    path.write_text(path.read_text().replace("schema = 1", "schema = 99"))
    (problem,) = load(demo_dir).problems
    assert problem.kind == "schema"
    assert "newer" in problem.message and problem.line == 1


def test_older_schema_is_migrated(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from meetup.store import fields, migrate, tomlio

    def rename_kind(data: dict[str, object]) -> dict[str, object]:
        if data.get("kind") == "talk":  # schema 1 called presentations talks
            data["kind"] = "presentation"
        return data

    monkeypatch.setattr(fields, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(tomlio, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(migrate, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(migrate.MIGRATIONS, 1, rename_kind)
    path = demo_dir / table.TOPIC.path(MEETUP, "horizon-plugins")
    path.write_text(path.read_text().replace('kind = "presentation"', 'kind = "talk"'))
    ws = load(demo_dir)
    assert not [p for p in ws.problems if "horizon-plugins" in p.file]
    assert ws.meetups[MEETUP].topics["horizon-plugins"].kind == "presentation"


def test_invalid_record_is_not_written(demo_dir: Path) -> None:
    from meetup.store.errors import InvalidInput

    ws = load(demo_dir)
    before = snapshot(demo_dir)
    with pytest.raises(InvalidInput, match="title"):
        ws.save_topic(MEETUP, Topic(id="empty", title=""))
    with pytest.raises(InvalidInput, match="unknown person"):
        ws.save_topic(MEETUP, Topic(id="ghost", title="Ghost", votes=["ghost"]))
    assert snapshot(demo_dir) == before


def test_store_refuses_write_without_prior_read(tmp_path: Path) -> None:
    (tmp_path / "x.toml").write_bytes(b"a = 1\n")
    store = Store(tmp_path)
    with pytest.raises(StaleWriteError):
        store.write("x.toml", b"a = 2\n")
    store.read("x.toml")
    assert store.write("x.toml", b"a = 2\n") is True
    assert store.write("x.toml", b"a = 2\n") is False
