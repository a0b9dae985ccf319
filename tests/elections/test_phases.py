"""Elections: creation, timeline, nominations, withdrawals and standings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from meetup.elections import phases as elections
from meetup.store.election_records import Timeline
from meetup.store.errors import InvalidInput
from meetup.store.loading import load
from tests.conftest import FIXED_NOW

T0 = datetime(2027, 1, 1, tzinfo=timezone.utc)


def timeline(start: datetime = T0) -> Timeline:
    return Timeline(
        nominations_open=start,
        nominations_close=start + timedelta(days=7),
        voting_open=start + timedelta(days=8),
        voting_close=start + timedelta(days=15),
    )


def test_create_writes_the_election(demo_dir: Path) -> None:
    ws = load(demo_dir)
    elections.create_election(
        ws,
        election_id="cinder-ptl-m",
        title="Cinder PTL",
        kind="ptl",
        project="cinder",
        timeline=timeline(),
    )
    assert (demo_dir / "elections/cinder-ptl-m/election.toml").is_file()
    again = load(demo_dir)
    assert again.elections["cinder-ptl-m"].project == "cinder"
    assert elections.phase(again.elections["cinder-ptl-m"], FIXED_NOW) == "upcoming"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "ptl", "project": "nope"}, "project"),
        ({"kind": "ptl"}, "project"),
        ({"kind": "liaison", "project": "nova", "area": "nope"}, "area"),
        ({"kind": "ptl", "project": "nova", "seats": 2}, "seats"),
        ({"kind": "committee", "seats": 0}, "seats"),
    ],
)
def test_create_refuses_bad_input(demo_dir: Path, kwargs: dict, field: str) -> None:
    ws = load(demo_dir)
    with pytest.raises(InvalidInput) as info:
        elections.create_election(ws, election_id="x", title="X", timeline=timeline(), **kwargs)
    assert info.value.field == field
    assert not (demo_dir / "elections/x").exists()


def test_timeline_must_be_in_order() -> None:
    moments = {
        "nominations_open": T0,
        "nominations_close": T0 + timedelta(days=3),
        "voting_open": T0 + timedelta(days=2),
        "voting_close": T0 + timedelta(days=9),
    }
    with pytest.raises(InvalidInput) as info:
        elections.make_timeline(moments)
    assert info.value.field == "timeline.voting_open"


def test_parse_utc_forms() -> None:
    assert elections.parse_utc("2027-01-01 10:00", "f") == T0.replace(hour=10)
    assert elections.parse_utc("2027-01-01T10:00Z", "f") == T0.replace(hour=10)
    assert elections.parse_utc("2027-01-01T12:00+02:00", "f") == T0.replace(hour=10)
    assert elections.parse_utc("2027-01-01", "f") == T0
    with pytest.raises(InvalidInput):
        elections.parse_utc("soon", "f")


def test_nominate_and_withdraw_during_nominations(demo_dir: Path) -> None:
    ws = load(demo_dir)
    elections.nominate(ws, "nova-ptl-l", "chen-wei", "Let me help.", now=FIXED_NOW)
    e = load(demo_dir).elections["nova-ptl-l"]
    assert elections.active_candidates(e) == ["dana-whitfield", "chen-wei"]
    assert e.candidates[1].statement == "Let me help."
    assert elections.outcome(e) == "contested"
    elections.withdraw(ws, "nova-ptl-l", "chen-wei", now=FIXED_NOW)
    e = load(demo_dir).elections["nova-ptl-l"]
    assert elections.active_candidates(e) == ["dana-whitfield"]
    assert elections.outcome(e) == "acclaimed"


def test_withdraw_only_during_nominations(demo_dir: Path) -> None:
    ws = load(demo_dir)
    with pytest.raises(InvalidInput, match="only while nominations are open"):
        elections.withdraw(ws, "neutron-release-liaison", "wen-li", now=FIXED_NOW)
    with pytest.raises(InvalidInput, match="only while nominations are open"):
        elections.nominate(ws, "neutron-release-liaison", "chen-wei", now=FIXED_NOW)


def test_standings_after_nominations_close(demo_dir: Path) -> None:
    ws = load(demo_dir)
    nova = ws.elections["nova-ptl-l"]
    assert elections.standing(nova, FIXED_NOW) == "nominating"
    after = nova.timeline.nominations_close + timedelta(minutes=1)
    assert elections.standing(nova, after) == "acclaimed"
    assert elections.project_standings(ws, after) == {"nova": "acclaimed"}
    elections.create_election(
        ws,
        election_id="heat-ptl",
        title="Heat PTL",
        kind="ptl",
        project="heat",
        timeline=timeline(FIXED_NOW - timedelta(days=10)),
    )
    assert elections.project_standings(ws, FIXED_NOW)["heat"] == "leaderless"
    neutron = ws.elections["neutron-release-liaison"]
    assert elections.standing(neutron, FIXED_NOW) == "contested"
