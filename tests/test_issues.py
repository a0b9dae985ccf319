from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from meetup.issues import (
    ACTIVE,
    IssueDraft,
    add_comment,
    create_issue,
    current_author,
    cycle_status,
    draft_errors,
    edit_issue,
    filter_issues,
    link_action,
    link_topic,
    next_status,
    replace_draft,
    set_priority,
    set_status,
    unlink_action,
    unlink_topic,
)
from meetup.store.errors import InvalidInput, StaleWriteError
from meetup.store.loading import load

NOW = datetime(2026, 11, 24, 13, 0, 5, 123, tzinfo=timezone(timedelta(hours=1)))


def draft(**changes: object) -> IssueDraft:
    base = {"title": "Docs [build] breaks", "projects": ("nova", "docs"), "owner": "Ivan Petrov"}
    base.update(changes)
    return IssueDraft(**base)  # type: ignore[arg-type]


def test_create_issue_saves_file_with_slug_and_log(demo_dir: Path) -> None:
    ws = load(demo_dir)
    issue = create_issue(ws, draft(area="Gate / CI"), now=NOW, author="ivan-petrov")
    assert issue.id == "docs-build-breaks"
    assert (demo_dir / "issues/docs-build-breaks.toml").exists()
    again = load(demo_dir).issues["docs-build-breaks"]
    assert again.title == "Docs [build] breaks"
    assert again.owner == "ivan-petrov" and again.area == "gate"
    assert again.log[0].at == datetime(2026, 11, 24, 12, 0, 5, tzinfo=timezone.utc)
    assert not load(demo_dir).problems
    second = create_issue(ws, draft(), now=NOW)
    assert second.id == "docs-build-breaks-2"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "  "}, "title"),
        ({"projects": ("nova",)}, "projects"),
        ({"projects": ("nova", "nova")}, "projects"),
        ({"projects": ("nova", "nope")}, "projects"),
        ({"owner": "nobody"}, "owner"),
        ({"area": "nowhere"}, "area"),
        ({"links": ("notaurl",)}, "links"),
        ({"links": ("https://ok.example/1", "ftp://x.example/y")}, "links"),
        ({"links": ("https://",)}, "links"),
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_written(
    demo_dir: Path, changes: dict[str, object], field: str
) -> None:
    ws = load(demo_dir)
    assert field in draft_errors(ws, draft(**changes))
    before = sorted(p.name for p in (demo_dir / "issues").iterdir())
    with pytest.raises(InvalidInput) as exc:
        create_issue(ws, draft(**changes), now=NOW)
    assert exc.value.field == field
    assert sorted(p.name for p in (demo_dir / "issues").iterdir()) == before


def test_status_and_priority_changes_are_logged(demo_dir: Path) -> None:
    ws = load(demo_dir)
    set_status(ws, "gate-instability", "blocked", now=NOW, author="ivan-petrov")
    set_priority(ws, "gate-instability", "high", now=NOW)
    issue = load(demo_dir).issues["gate-instability"]
    assert issue.status == "blocked" and issue.priority == "high"
    assert [e.text for e in issue.log[-2:]] == [
        "status: in-progress -> blocked",
        "priority: critical -> high",
    ]
    assert issue.log[-2].author == "ivan-petrov"


def test_edit_logs_owner_and_edited_fields(demo_dir: Path) -> None:
    ws = load(demo_dir)
    issue = ws.issues["gate-instability"]
    new = edit_issue(
        ws,
        issue.id,
        replace_draft(issue, owner="lena-vogel", title="Gate is red"),
        now=NOW,
    )
    assert [e.text for e in new.log[-2:]] == ["owner: ivan-petrov -> lena-vogel", "edited title"]
    unchanged = edit_issue(ws, issue.id, replace_draft(new), now=NOW)
    assert unchanged.log == new.log


def test_cycle_status_wraps() -> None:
    assert next_status("open") == "in-progress"
    assert next_status("wontfix") == "open"


def test_cycle_status_saves(demo_dir: Path) -> None:
    ws = load(demo_dir)
    assert cycle_status(ws, "gate-instability", now=NOW).status == "blocked"


def test_comment(demo_dir: Path) -> None:
    ws = load(demo_dir)
    add_comment(ws, "gate-instability", "  Asked [infra]  ", now=NOW, author="ivan-petrov")
    assert load(demo_dir).issues["gate-instability"].log[-1].text == "Asked [infra]"
    with pytest.raises(InvalidInput):
        add_comment(ws, "gate-instability", " ", now=NOW)


def test_link_and_unlink_topic(demo_dir: Path) -> None:
    ws = load(demo_dir)
    link_topic(ws, "gate-instability", "kilo-midcycle", "ptl-burnout")
    assert "kilo-midcycle/ptl-burnout" in load(demo_dir).issues["gate-instability"].topics
    unlink_topic(ws, "gate-instability", "kilo-midcycle/ptl-burnout")
    assert "kilo-midcycle/ptl-burnout" not in load(demo_dir).issues["gate-instability"].topics


def test_link_action_updates_both_files_and_moves_between_issues(demo_dir: Path) -> None:
    ws = load(demo_dir)
    link_action(ws, "stable-backports-lag", "kilo-midcycle", "vmt-contacts")
    fresh = load(demo_dir)
    assert fresh.meetups["kilo-midcycle"].actions["vmt-contacts"].issue == "stable-backports-lag"
    assert "kilo-midcycle/vmt-contacts" in fresh.issues["stable-backports-lag"].actions
    link_action(ws, "gate-instability", "kilo-midcycle", "vmt-contacts")
    fresh = load(demo_dir)
    assert "kilo-midcycle/vmt-contacts" not in fresh.issues["stable-backports-lag"].actions
    assert "kilo-midcycle/vmt-contacts" in fresh.issues["gate-instability"].actions
    unlink_action(ws, "gate-instability", "kilo-midcycle/vmt-contacts")
    fresh = load(demo_dir)
    assert fresh.meetups["kilo-midcycle"].actions["vmt-contacts"].issue is None
    assert "kilo-midcycle/vmt-contacts" not in fresh.issues["gate-instability"].actions
    assert not fresh.problems


def test_link_action_refuses_before_writing_when_issue_changed_on_disk(demo_dir: Path) -> None:
    ws = load(demo_dir)
    path = demo_dir / "issues/stable-backports-lag.toml"
    path.write_text(path.read_text() + "\n")
    action_file = demo_dir / "meetups/kilo-midcycle/actions/vmt-contacts.toml"
    before = action_file.read_bytes()
    with pytest.raises(StaleWriteError):
        link_action(ws, "stable-backports-lag", "kilo-midcycle", "vmt-contacts")
    assert action_file.read_bytes() == before


def test_filter_issues(demo_dir: Path) -> None:
    ws = load(demo_dir)
    everything = filter_issues(ws)
    assert [i.priority for i in everything] == sorted(
        (i.priority for i in everything), key=["critical", "high", "medium", "low"].index
    )
    assert {i.id for i in filter_issues(ws, project="infra")} == {
        i.id for i in ws.issues.values() if "infra" in i.projects
    }
    assert [i.id for i in filter_issues(ws, owner="ivan-petrov", priority="critical")] == [
        "gate-instability"
    ]
    assert all(i.area == "gate" for i in filter_issues(ws, area="gate"))
    assert filter_issues(ws, status="resolved") == []
    assert len(filter_issues(ws, status=ACTIVE)) == len(ws.issues)


def test_current_author(demo_dir: Path) -> None:
    ws = load(demo_dir)
    assert current_author(ws, {"MEETUP_USER": "Ivan Petrov"}) == "ivan-petrov"
    assert current_author(ws, {"MEETUP_USER": "nobody"}) is None
    assert current_author(ws, {}) is None


def test_links_are_http_urls(demo_dir: Path) -> None:
    ws = load(demo_dir)
    errors = draft_errors(ws, draft(links=("notaurl",)))
    assert errors["links"].startswith("'notaurl' is not a link: links are http(s) URLs")
    assert "links" not in draft_errors(ws, draft(links=("https://bugs.example.org/gate/1402",)))
