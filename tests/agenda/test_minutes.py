from datetime import date
from pathlib import Path

import pytest
from msgspec.structs import replace

from meetup.agenda.minutes import (
    ActionDraft,
    action_errors,
    actions_in_order,
    agenda_order,
    compiled_minutes,
    create_action,
    delete_action,
    edit_action,
    parse_due,
    set_notes,
    toggle_done,
)
from meetup.store.errors import InvalidInput
from meetup.store.loading import load
from tests.clihelp import meetup_cli

M = "kilo-midcycle"


def test_set_notes_saves_markdown(demo_dir: Path) -> None:
    ws = load(demo_dir)
    set_notes(ws, M, "ptl-burnout", "- Agreed [x]\n- two\n")
    assert load(demo_dir).meetups[M].topics["ptl-burnout"].notes == "- Agreed [x]\n- two\n"


def test_agenda_order_is_day_start_room_then_accepted_unscheduled(demo_dir: Path) -> None:
    ws = load(demo_dir)
    data = ws.meetups[M]
    rooms = [r.id for r in data.meetup.rooms]
    order = agenda_order(ws, M)
    placed = [t for t in order if t.placement]
    keys = [(t.placement.day, t.placement.start, rooms.index(t.placement.room)) for t in placed]
    assert keys == sorted(keys)
    tail = order[len(placed) :]
    assert all(t.status == "accepted" and t.placement is None for t in tail)
    expected = {t.id for t in data.topics.values() if t.placement or t.status == "accepted"}
    assert {t.id for t in order} == expected


def test_create_action_linked_to_issue_saves_both(demo_dir: Path) -> None:
    ws = load(demo_dir)
    action = create_action(
        ws,
        M,
        ActionDraft(
            "Write the [gate] runbook",
            owner="Ivan Petrov",
            due="2027-02-20",
            topic="gate-triage",
            issue="stable-backports-lag",
        ),
    )
    assert action.id == "write-the-gate-runbook"
    fresh = load(demo_dir)
    saved = fresh.meetups[M].actions[action.id]
    assert saved.owner == "ivan-petrov" and saved.due == date(2027, 2, 20)
    assert f"{M}/{action.id}" in fresh.issues["stable-backports-lag"].actions
    assert not fresh.problems

    edit_action(ws, M, action.id, ActionDraft(saved.title, owner="ivan-petrov"))
    fresh = load(demo_dir)
    assert fresh.meetups[M].actions[action.id].issue is None
    assert f"{M}/{action.id}" not in fresh.issues["stable-backports-lag"].actions


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (ActionDraft(" "), "title"),
        (ActionDraft("x", owner="nobody"), "owner"),
        (ActionDraft("x", due="2027-13-01"), "due"),
        (ActionDraft("x", topic="nope"), "topic"),
        (ActionDraft("x", issue="nope"), "issue"),
    ],
)
def test_bad_action_drafts(demo_dir: Path, draft: ActionDraft, field: str) -> None:
    ws = load(demo_dir)
    assert field in action_errors(ws, M, draft)
    with pytest.raises(InvalidInput):
        create_action(ws, M, draft)
    assert len(list((demo_dir / f"meetups/{M}/actions").iterdir())) == 3


def test_parse_due() -> None:
    assert parse_due(" ") is None
    assert parse_due("2027-01-02") == date(2027, 1, 2)
    with pytest.raises(InvalidInput):
        parse_due("tomorrow")


def test_toggle_and_delete_unlinks_issue(demo_dir: Path) -> None:
    ws = load(demo_dir)
    assert toggle_done(ws, M, "gate-triage-rota").status == "done"
    assert toggle_done(ws, M, "gate-triage-rota").status == "open"
    # The demo's gate issue lists this action (without the action naming it back).
    assert f"{M}/gate-triage-rota" in ws.issues["gate-instability"].actions
    delete_action(ws, M, "gate-triage-rota")
    fresh = load(demo_dir)
    assert "gate-triage-rota" not in fresh.meetups[M].actions
    assert f"{M}/gate-triage-rota" not in fresh.issues["gate-instability"].actions
    assert not fresh.problems


def test_compiled_minutes_in_agenda_order(demo_dir: Path) -> None:
    ws = load(demo_dir)
    set_notes(ws, M, "ptl-burnout", "Burnout notes [kept]")
    text = compiled_minutes(ws, M)
    positions = [text.index(f"## {t.title}\n") for t in agenda_order(ws, M)]
    assert positions == sorted(positions)
    assert "Burnout notes [kept]" in text
    assert "Europe/Paris" in text
    section = text[text.index("## Action items") :]
    titles = [a.title for a in actions_in_order(ws, M)]
    assert [section.index(t) for t in titles] == sorted(section.index(t) for t in titles)
    assert "owner: Ivan Petrov" in section


def test_compiled_minutes_lists_unscheduled_accepted_last(demo_dir: Path) -> None:
    ws = load(demo_dir)
    topic = ws.meetups[M].topics["ptl-burnout"]
    ws.save_topic(M, replace(topic, placement=None, status="accepted"))
    text = compiled_minutes(ws, M)
    last_placed = max(
        text.index(f"## {t.title}\n") for t in ws.meetups[M].topics.values() if t.placement
    )
    assert text.index(f"## {topic.title}\n") > last_placed
    assert "not scheduled" in text


def test_cli_minutes_and_list_actions(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "minutes.md"
    result = meetup_cli("-w", str(demo_dir), "minutes", M, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_text().startswith("# Minutes: Kilo mid-cycle PTL meetup")
    result = meetup_cli("-w", str(demo_dir), "list", "actions", "--meetup", M, "--json")
    assert result.returncode == 0, result.stderr
    import json

    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} == {"gate-triage-rota", "publish-liaison-list", "vmt-contacts"}
    assert all(r["title"] for r in rows)
    assert meetup_cli("-w", str(demo_dir), "minutes", "nope").returncode == 1
