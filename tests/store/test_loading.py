"""Partial loads read only what a command needs, and find the same problems as a full one."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from meetup.store import table, tomlio
from meetup.store.errors import Problem
from meetup.store.loading import complete, load, load_dashboard, load_for
from meetup.store.workspace import Workspace

M = "kilo-midcycle"
OTHER = "mitaka-midcycle"  # the demo has liberty-midcycle already
E = "nova-ptl-l"


@pytest.fixture
def messy(demo_dir: Path) -> Path:
    """The demo with a second meetup and problems of every sort in several records."""
    shutil.copytree(demo_dir / "meetups" / M, demo_dir / "meetups" / OTHER)

    def edit(rel: str, old: str, new: str) -> None:
        path = demo_dir / rel
        text = path.read_text("utf-8")
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1), "utf-8")

    # A reference error in a topic of M and one in the other meetup.
    edit(table.TOPIC.path(M, "gate-triage"), 'proposer = "', 'proposer = "nobody-')
    edit(table.TOPIC.path(OTHER, "bug-rotation"), 'title = "', 'title = 7 #"')
    # An action item of M names an issue whose file is broken.
    action = demo_dir / table.ACTION.path(M, "gate-triage-rota")
    action.write_text(action.read_text("utf-8") + 'issue = "gate-instability"\n', "utf-8")
    (demo_dir / table.ISSUE.path("gate-instability")).write_text("title = [\n", "utf-8")
    # An issue naming a topic of the other meetup that does not exist.
    issue = table.ISSUE.path("stable-backports-lag")
    edit(issue, "projects = [", 'topics = ["mitaka-midcycle/nope"]\nprojects = [')
    # An election with an unknown candidate.
    edit(table.ELECTION.path(E), 'person = "', 'person = "ghost-')
    return demo_dir


def expected(full: Workspace, partial: Workspace, subjects: tuple[str, ...]) -> list[Problem]:
    """The full load's problems a partial load must find: every finding of the records it
    checks (base files and ``subjects``), and every broken file it read."""
    base = ("workspace.toml", "people.toml", "areas.toml", "projects/")
    read = set(partial.store._seen)
    return sorted(
        p
        for p in full.problems
        if p.file.startswith(base + subjects) or (p.kind != "reference" and p.file in read)
    )


def test_a_meetup_load_reads_only_that_meetup_and_finds_the_same_problems(messy: Path) -> None:
    full = load(messy)
    partial = load_for(messy, meetups=[M])
    read = set(partial.store._seen)
    assert not any(rel.startswith(f"meetups/{OTHER}/") for rel in read)
    assert not any(rel.startswith("elections/") for rel in read)
    assert {rel for rel in read if rel.startswith("issues/")} == {"issues/gate-instability.toml"}
    assert sorted(partial.problems) == expected(full, partial, (f"meetups/{M}/",))
    assert any(p.message == "unknown issue 'gate-instability'" for p in partial.problems)
    assert partial.meetups[M] == full.meetups[M]
    assert (partial.people, partial.projects, partial.areas) == (
        full.people,
        full.projects,
        full.areas,
    )
    assert list(partial.meetups) == [M]


def test_an_election_load_reads_only_that_election(messy: Path) -> None:
    full = load(messy)
    partial = load_for(messy, elections=[E])
    assert not any(rel.startswith("meetups/") for rel in partial.store._seen)
    assert sorted(partial.problems) == expected(full, partial, (table.ELECTION.path(E),))
    assert any("ghost-" in p.message for p in partial.problems)
    assert partial.election(E) == full.election(E)


def test_an_issue_load_checks_its_topic_references_like_a_full_load(messy: Path) -> None:
    full = load(messy)
    issue = "stable-backports-lag"
    partial = load_for(messy, issues=[issue])
    assert sorted(partial.problems) == expected(full, partial, (table.ISSUE.path(issue),))
    assert any("mitaka-midcycle/nope" in p.message for p in partial.problems)
    assert partial.issues[issue] == full.issues[issue]


def test_records_not_named_are_read_when_asked_for(messy: Path) -> None:
    partial = load_for(messy, meetups=[M])
    assert "nova-ptl-l" in partial.elections
    assert partial.meetup(OTHER).meetup == load(messy).meetup(OTHER).meetup
    assert "no-such-election" not in partial.elections
    assert "../escape" not in partial.meetups


def test_a_partial_workspace_saves_with_the_same_checks(messy: Path) -> None:
    import msgspec

    from meetup.store.errors import InvalidInput

    ws = load_for(messy, meetups=[M])
    topic = ws.meetups[M].topics["bug-rotation"]
    ws.save_topic(M, msgspec.structs.replace(topic, votes=[*topic.votes]))
    with pytest.raises(InvalidInput):
        ws.save_topic(M, msgspec.structs.replace(topic, required=["nobody"]))


def test_dashboard_first_then_the_rest_equals_a_full_load(messy: Path) -> None:
    first = load_dashboard(messy)
    assert all(not data.topics for data in first.meetups.values())
    assert not any("/topics/" in rel for rel in first.store._seen)
    rest = complete(first)
    full = load(messy)
    assert sorted(rest.problems) == sorted(full.problems)
    assert rest.meetups == full.meetups
    assert (rest.issues, rest.projects) == (full.issues, full.projects)
    # the rolls are left for the screen that opens an election
    assert {i: e.roll for i, e in rest.elections.items()} == {i: [] for i in full.elections}
    assert {i: rest.election(i) for i in rest.elections} == full.elections
    assert not rest.cut_files and sorted(rest.problems) == sorted(full.problems)
    assert not rest.partial and rest.store is first.store
    # what the background load keeps shares its ids (one string per id, not one per use)
    votes = [v for data in rest.meetups.values() for t in data.topics.values() for v in t.votes]
    assert votes and all(v is sys.intern(v) for v in votes)


def test_shared_interns_short_strings_and_keeps_everything_else() -> None:
    data = {"a": ["x" * 3, {"b": "y" * 5}], "n": [1, 2], "long": "z" * 200, "f": 1.5}
    out = tomlio.shared(data)
    assert out == data
    assert out["a"][0] is sys.intern("xxx") and out["a"][1]["b"] is sys.intern("yyyyy")
    assert out["n"] is data["n"]


def test_the_dashboard_reads_elections_without_their_rolls(messy: Path) -> None:
    import msgspec

    from meetup.store.errors import InvalidInput

    first = load_dashboard(messy)
    full = load(messy)
    assert full.election("neutron-release-liaison").roll
    for ident, election in first.elections.items():
        assert election.roll == []
        assert msgspec.structs.replace(full.election(ident), roll=[]) == election
    with pytest.raises(InvalidInput):  # saving a header would drop the roll
        first.save_election(first.election(E))
    rest = complete(first)
    assert {i: rest.election(i) for i in rest.elections} == full.elections


def test_without_roll_keeps_lines_and_refuses_what_it_cannot_cut() -> None:
    from meetup.store.reading import without_roll

    text = b'title = "x"\nroll = [\n    "a",\n    "b@example.org",\n]\n\n[timeline]\nx = 1\n'
    cut = without_roll(text)
    assert cut is not None and cut.count(b"\n") == text.count(b"\n")
    assert b"a" not in cut.split(b"[timeline]")[0].split(b"roll")[1]
    assert without_roll(b'title = "x"\n') is None
    assert without_roll(b'[timeline]\nroll = [\n "a",\n]\n') is None
    assert without_roll(b'roll = [\n ["a"],\n]\n') is None
    assert without_roll(b"roll = [\xff\n]\n") is None


LOG = '\n[[log]]\nat = 2026-11-23 09:30:00+00:00\nauthor = "ivan-petrov"\ntext = "Seen."\n'


def add_log(root: Path, ident: str = "install-guide-drift") -> str:
    path = root / table.ISSUE.path(ident)
    path.write_text(path.read_text("utf-8") + LOG, "utf-8")
    return ident


def test_the_dashboard_reads_issues_without_their_logs(messy: Path) -> None:
    import msgspec

    from meetup.store.errors import InvalidInput

    add_log(messy)
    first = load_dashboard(messy)
    full = load(messy)
    logged = [ident for ident, issue in full.issues.items() if issue.log]
    assert logged
    for ident in logged:
        assert first.issues[ident].log == []
        assert msgspec.structs.replace(full.issues[ident], log=[]) == first.issues[ident]
        assert table.ISSUE.path(ident) in first.cut_files
    with pytest.raises(InvalidInput, match="still loading"):  # it would drop the log
        first.save_issue(first.issues[logged[0]])
    rest = complete(first)
    assert rest.issues == full.issues
    assert not any(rel.startswith("issues/") for rel in rest.cut_files)
    rest.save_issue(rest.issues[logged[0]])  # whole again: saves


def test_an_issue_whose_text_holds_a_table_header_is_read_whole(messy: Path) -> None:
    ident = "header-in-text"
    (messy / table.ISSUE.path(ident)).write_text(
        'schema = 1\ntitle = "A header in the text"\n'
        'description = """\n[[log]]\nstarts a log entry\n"""\n'
        'projects = ["docs", "nova"]\n' + LOG,
        "utf-8",
    )
    full = load(messy)
    assert "[[log]]" in full.issues[ident].description and full.issues[ident].log
    first = load_dashboard(messy)
    assert first.issues[ident] == full.issues[ident]
    assert table.ISSUE.path(ident) not in first.cut_files


def test_before_tables_cuts_at_the_first_table_header() -> None:
    from meetup.store.reading import before_tables

    assert before_tables(b'title = "x"\n\n[[log]]\nat = 1\n') == b'title = "x"\n\n'
    assert before_tables(b'title = "x"\n') is None


def test_an_issue_removed_while_the_dashboard_shows_is_left_out_by_complete(messy: Path) -> None:
    ident = add_log(messy)
    first = load_dashboard(messy)
    assert table.ISSUE.path(ident) in first.cut_files
    (messy / table.ISSUE.path(ident)).unlink()
    rest = complete(first)
    assert ident not in rest.issues and ident in first.issues
    assert rest.issues == load(messy).issues


def test_the_dashboard_reads_each_issue_file_once(
    messy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meetup.store.files import Store

    add_log(messy)
    reads: list[str] = []
    original = Store.read

    def counting(self: Store, rel: str, **options: bool) -> bytes:
        reads.append(rel)
        return original(self, rel, **options)

    monkeypatch.setattr(Store, "read", counting)
    load_dashboard(messy)
    issues = [rel for rel in reads if rel.startswith("issues/")]
    assert len(issues) == len(set(issues)) == len(list((messy / "issues").glob("*.toml")))
