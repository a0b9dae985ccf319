"""The liaison roster: assignments, volunteers, areas and gaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetup import liaisons
from meetup.store.errors import InvalidInput
from meetup.store.loading import load


def test_assign_writes_the_project_file(demo_dir: Path) -> None:
    ws = load(demo_dir)
    liaisons.assign(ws, "neutron", "release", "wen-li")
    assert 'release = "wen-li"' in (demo_dir / "projects/neutron.toml").read_text()
    again = load(demo_dir)
    assert liaisons.assignment(again, "neutron", "release").person == "wen-li"
    assert not liaisons.assignment(again, "neutron", "release").fallback


def test_unassign_falls_back_to_the_ptl(demo_dir: Path) -> None:
    ws = load(demo_dir)
    liaisons.unassign(ws, "neutron", "bugs")
    held = liaisons.assignment(load(demo_dir), "neutron", "bugs")
    assert held.person == "marcus-bell" and held.fallback


def test_vmt_is_a_gap_without_a_named_liaison(demo_dir: Path) -> None:
    ws = load(demo_dir)
    gap_keys = {(g.project, g.area) for g in liaisons.gaps(ws)}
    assert ("neutron", "vmt") in gap_keys
    assert ("nova", "vmt") not in gap_keys
    rows = liaisons.roster_rows(ws, only_gaps=True)
    assert all(r["person"] is None for r in rows) and len(rows) == len(gap_keys)


def test_assign_refuses_unknown_people_and_areas(demo_dir: Path) -> None:
    ws = load(demo_dir)
    with pytest.raises(InvalidInput, match="unknown person"):
        liaisons.assign(ws, "nova", "release", "nobody")
    with pytest.raises(InvalidInput, match="unknown liaison area"):
        liaisons.assign(ws, "nova", "nope", "wen-li")


def test_volunteers_added_once_and_removed(demo_dir: Path) -> None:
    ws = load(demo_dir)
    liaisons.add_volunteer(ws, "neutron", "vmt", "ivan-petrov")
    liaisons.add_volunteer(ws, "neutron", "vmt", "ivan-petrov")
    assert load(demo_dir).projects["neutron"].volunteers == {"vmt": ["ivan-petrov"]}
    offered = liaisons.candidates_for(ws, "neutron", "vmt")
    assert offered[0] == ("ivan-petrov", "Ivan Petrov (volunteer)")
    liaisons.remove_volunteer(ws, "neutron", "vmt", "ivan-petrov")
    assert load(demo_dir).projects["neutron"].volunteers == {}


def test_add_edit_remove_area(demo_dir: Path) -> None:
    ws = load(demo_dir)
    liaisons.add_area(ws, "api", "API working group", defaults_to_ptl=False)
    assert "api" in load(demo_dir).areas
    assert ("nova", "api") in {(g.project, g.area) for g in liaisons.gaps(ws)}
    liaisons.edit_area(ws, "api", name="API WG", defaults_to_ptl=True)
    assert load(demo_dir).areas["api"].name == "API WG"
    liaisons.remove_area(ws, "api")
    assert "api" not in load(demo_dir).areas
    with pytest.raises(InvalidInput, match="exists already"):
        liaisons.add_area(ws, "docs", "Docs again")


def test_removing_an_area_in_use_asks_first(demo_dir: Path) -> None:
    ws = load(demo_dir)
    assert "project neutron (liaison)" in liaisons.area_usage(ws, "gate")
    with pytest.raises(InvalidInput, match="in use"):
        liaisons.remove_area(ws, "gate")
    assert "gate" in load(demo_dir).areas
    liaisons.remove_area(ws, "gate", cascade=True)
    after = load(demo_dir)
    assert "gate" not in after.areas
    assert "gate" not in after.projects["neutron"].liaisons
    assert not after.problems


def test_an_area_named_by_an_election_stays(demo_dir: Path) -> None:
    ws = load(demo_dir)
    with pytest.raises(InvalidInput, match="election neutron-release-liaison"):
        liaisons.remove_area(ws, "release", cascade=True)
