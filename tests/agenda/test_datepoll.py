"""The date poll: options, answers of the invited only, ranking, choosing the dates."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path

import pytest

from meetup.agenda import datepoll
from meetup.cli import main
from meetup.store.errors import InvalidInput
from meetup.store.loading import load

M = "kilo-midcycle"


def test_options_answers_ranking(demo_dir: Path) -> None:
    ws = load(demo_dir)
    a = datepoll.add_option(ws, M, date(2027, 2, 2), 2, "Early Feb")
    b = datepoll.add_option(ws, M, date(2027, 1, 26), 2)
    c = datepoll.add_option(ws, M, date(2027, 3, 2), 1)
    with pytest.raises(InvalidInput, match="already has"):
        datepoll.add_option(ws, M, date(2027, 2, 2), 2)
    with pytest.raises(InvalidInput, match="1 to 4 days"):
        datepoll.add_option(ws, M, date(2027, 2, 2), 5)
    with pytest.raises(InvalidInput, match="not invited"):
        datepoll.answer(ws, M, "nadia-haddad", a.id, "yes")
    for person, ans in [("dana-whitfield", "yes"), ("marcus-bell", "no"), ("lena-vogel", "no")]:
        datepoll.answer(ws, M, person, a.id, ans)
    for person, ans in [("dana-whitfield", "yes"), ("marcus-bell", "maybe")]:
        datepoll.answer(ws, M, person, b.id, ans)
    datepoll.answer(ws, M, "dana-whitfield", c.id, "yes")
    datepoll.answer(ws, M, "lena-vogel", c.id, "maybe")
    datepoll.answer(ws, M, "lena-vogel", c.id, "no")  # changed her mind
    ranked = datepoll.ranking(load(demo_dir), M)
    # b and c: 1 yes; b has no "no" -> first; c has 1 no; a has 2 no.
    assert [t.option.id for t in ranked] == [b.id, c.id, a.id]
    assert (ranked[1].yes, ranked[1].maybe, ranked[1].no) == (1, 0, 1)
    assert ranked[0].waiting == 16
    raw = (demo_dir / f"meetups/{M}/poll.toml").read_bytes()
    ws2 = load(demo_dir)
    datepoll.answer(ws2, M, "lena-vogel", c.id, "no")  # same answer: same bytes
    assert (demo_dir / f"meetups/{M}/poll.toml").read_bytes() == raw


def test_choose_refuses_then_forces(demo_dir: Path) -> None:
    ws = load(demo_dir)
    feb = datepoll.add_option(ws, M, date(2027, 2, 2), 3)
    same = datepoll.add_option(ws, M, date(2027, 1, 26), 2)
    with pytest.raises(InvalidInput, match="would disappear"):
        datepoll.choose(ws, M, feb.id)
    assert load(demo_dir).meetup(M).meetup.days[0].date == date(2027, 1, 26)
    kept = datepoll.choose(ws, M, same.id)
    assert kept.unscheduled == []
    choice = datepoll.choose(ws, M, feb.id, force=True)
    assert len(choice.unscheduled) == 7
    fresh = load(demo_dir)
    days = fresh.meetup(M).meetup.days
    assert [d.date for d in days] == [date(2027, 2, 2), date(2027, 2, 3), date(2027, 2, 4)]
    assert {(d.start, d.end) for d in days} == {(time(9), time(17, 30))}
    assert all(fresh.meetup(M).topics[t].placement is None for t in choice.unscheduled)
    assert datepoll.load_poll(fresh, M).chosen == feb.id
    assert not fresh.problems


def test_cli_poll(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    w = ["-w", str(demo_dir), "poll", M]
    assert main([*w, "--add", "2027-02-02", "--days", "2", "--label", "Feb"]) == 0
    assert main([*w, "--answer", "dana-whitfield", "2027-02-02-2d", "yes"]) == 0
    assert main([*w, "--answer", "dana-whitfield", "2027-02-02-2d", "perhaps"]) == 1
    capsys.readouterr()
    assert main([*w, "--choose", "2027-02-02-2d"]) == 1
    assert "refusing without --yes" in capsys.readouterr().err
    assert main([*w, "--choose", "2027-02-02-2d", "--yes"]) == 1
    assert "would disappear" in capsys.readouterr().err
    assert main([*w, "--choose", "2027-02-02-2d", "--yes", "--force", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["chosen"] == "2027-02-02-2d"
    assert doc["options"][0]["answers"] == {"dana-whitfield": "yes"}
    assert any("taken off the grid" in m for m in doc["messages"])


def test_an_option_before_today_is_refused_and_labels_show_another_year(demo_dir: Path) -> None:
    ws = load(demo_dir)
    with pytest.raises(InvalidInput, match="2020-01-01 is in the past") as refused:
        datepoll.add_option(ws, M, date(2020, 1, 1), 2)
    assert refused.value.field == "start"
    assert datepoll.load_poll(ws, M).options == []
    today = date(2026, 12, 15)
    assert datepoll.when(date(2026, 12, 22), today) == "Tue 22 Dec"
    assert datepoll.when(date(2027, 1, 26), today) == "Tue 26 Jan 2027"
    assert datepoll.when(date(2027, 1, 26), today, weekday=False) == "26 Jan 2027"
