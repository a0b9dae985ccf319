"""Roster import from openstack/governance's projects.yaml: the real file and older shapes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from meetup.liaisons import assignment, gaps
from meetup.roster import apply_roster, parse_roster, plan_roster
from meetup.store.init import init_workspace
from meetup.store.loading import load
from meetup.store.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
GOVERNANCE = ROOT.parent / "shared" / "realdata" / "governance" / "projects.yaml"
SHAPES = Path(__file__).resolve().parent / "data" / "roster"

needs_governance = pytest.mark.skipif(
    not GOVERNANCE.is_file(), reason=f"shared governance data not found at {GOVERNANCE}"
)


def fresh(tmp_path: Path) -> Workspace:
    init_workspace(tmp_path / "ws")
    return load(tmp_path / "ws")


def imported(tmp_path: Path, source: Path) -> Workspace:
    ws = fresh(tmp_path)
    apply_roster(ws, plan_roster(ws, parse_roster(source.read_text(), str(source)), "x"))
    return load(ws.root)


@needs_governance
def test_the_real_governance_file(tmp_path: Path) -> None:
    ws = imported(tmp_path, GOVERNANCE)
    assert not ws.problems
    assert len(ws.projects) == 42
    assert sum(1 for p in ws.projects.values() if p.ptl) == 37
    distributed = sorted(p.id for p in ws.projects.values() if p.leadership == "distributed")
    assert distributed == ["freezer", "ironic", "oslo", "release-management", "requirements"]
    # the key kept as the id, slugged where it has spaces; the name as written
    rm = ws.projects["release-management"]
    assert rm.name == "Release Management" and rm.ptl is None
    assert ws.people[rm.liaisons["release"]].name == "Thierry Carrez"
    assert [ws.people[p].name for p in rm.co_liaisons["release"]] == [
        "Elod Illes",
        "Dr. Jens Harbott",
    ]
    assert ws.people[rm.liaisons["vmt"]].name == "Jeremy Stanley"
    assert ws.people[rm.liaisons["tact-sig"]].name == "Jeremy Stanley"
    ironic = ws.projects["ironic"]
    assert ws.people[ironic.liaisons["events"]].name == "Iury Gregory Melo Ferreira"
    assert ws.people[ironic.liaisons["tc-liaison"]].name == "Doug Goldstein"
    oslo = ws.projects["oslo"]
    assert ws.people[oslo.liaisons["vmt"]].name == "Daniel Bengtsson"
    # a PTL with their contact details; an appointed PTL marked as such
    adjutant = ws.projects["adjutant"]
    ptl = ws.people[adjutant.ptl or ""]
    assert (ptl.name, ptl.email, ptl.irc) == (
        "Callum Dickinson",
        "callum.dickinson@catalystcloud.nz",
        "Callum027",
    )
    assert "2026.2" in adjutant.appointed
    assert adjutant.irc_channel == "openstack-adjutant"
    assert adjutant.url == "http://adjutant.readthedocs.io/"
    assert adjutant.description.startswith("To provide an extensible API framework")
    # new areas are created with the role's name; known ones map to ours
    assert {"tact-sig", "tc-liaison", "events"} <= set(ws.areas)
    assert ws.areas["tc-liaison"].name == "TC liaison"


@needs_governance
def test_importing_twice_changes_nothing(tmp_path: Path) -> None:
    ws = imported(tmp_path, GOVERNANCE)
    before = {p: p.read_bytes() for p in ws.root.rglob("*.toml")}
    plan = plan_roster(ws, parse_roster(GOVERNANCE.read_text(), "again"), "again")
    assert not plan.changed
    apply_roster(ws, plan)
    assert {p: p.read_bytes() for p in ws.root.rglob("*.toml")} == before


@needs_governance
def test_real_gaps_and_the_ptl_fallback(tmp_path: Path) -> None:
    ws = imported(tmp_path, GOVERNANCE)
    # a PTL-led team without a security liaison falls back to its PTL
    rally = ws.projects["rally"]
    assert "vmt" not in rally.liaisons
    held = assignment(ws, "rally", "vmt")
    assert held.person == rally.ptl and held.fallback
    # a distributed team has no PTL to fall back on: what nobody holds is a real gap
    open_duties = {(g.project, g.area) for g in gaps(ws)}
    assert ("oslo", "docs") in open_duties
    assert ("oslo", "release") not in open_duties
    assert not any(g.project == "rally" for g in gaps(ws))


@needs_governance
def test_cli_preview_then_yes(tmp_path: Path) -> None:
    ws = fresh(tmp_path)
    base = [sys.executable, "-m", "meetup", "--workspace", str(ws.root)]
    run = subprocess.run(
        [*base, "import", "roster", str(GOVERNANCE), "--dry-run"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert run.returncode == 0, run.stderr
    assert "42 projects" in run.stdout and "new      project  nova" in run.stdout
    assert not (ws.root / "projects").exists() or not list((ws.root / "projects").iterdir())
    no_tty = subprocess.run(
        [*base, "import", "roster", str(GOVERNANCE)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        stdin=subprocess.DEVNULL,
    )
    assert no_tty.returncode == 1 and "--yes" in no_tty.stderr
    done = subprocess.run(
        [*base, "import", "roster", str(GOVERNANCE), "--yes"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    gaps_run = subprocess.run(
        [*base, "liaisons", "--gaps", "--json"], capture_output=True, text=True, cwd=ROOT
    )
    assert gaps_run.returncode == 0 and '"project": "oslo"' in gaps_run.stdout


def test_the_2015_shape(tmp_path: Path) -> None:
    ws = imported(tmp_path, SHAPES / "2015.yaml")
    assert not ws.problems
    nova = ws.projects["nova"]
    assert nova.name == "Nova"
    ptl = ws.people[nova.ptl or ""]
    assert (ptl.name, ptl.irc) == ("Michael Still", "mikal")
    assert ws.projects["documentation"].ptl == "anne-gentle"


def test_the_2018_shape_liaisons_as_a_plain_list(tmp_path: Path) -> None:
    ws = imported(tmp_path, SHAPES / "2018.yaml")
    nova = ws.projects["nova"]
    assert nova.appointed == ["rocky"]
    assert ws.people[nova.liaisons["tc-members"]].name == "Sean McGinnis"
    assert [ws.people[p].name for p in nova.co_liaisons["tc-members"]] == ["Jeremy Stanley"]


def test_the_2021_shape_and_matching_by_email_case_insensitively(tmp_path: Path) -> None:
    ws = imported(tmp_path, SHAPES / "2021.yaml")
    nova, oslo = ws.projects["nova"], ws.projects["oslo"]
    assert nova.appointed == ["yoga"]
    assert ws.people[nova.liaisons["release"]].email == "elod.illes@est.tech"
    assert ws.people[nova.liaisons["tc-members"]].name == "Ghanshyam Mann"
    assert oslo.ptl is None and oslo.leadership == "distributed"
    herve = [p for p in ws.people.values() if p.name == "Herve Beraud"]
    assert len(herve) == 1  # HBERAUD@redhat.com is the same person
    assert oslo.liaisons["tact-sig"] == herve[0].id


def test_matching_existing_people_by_email_then_name(tmp_path: Path) -> None:
    ws = fresh(tmp_path)
    from meetup.store.records import Person

    ws.save_people(
        [
            Person(id="sylvain", name="S. Bauza", email="SBAUZA@redhat.com"),
            Person(id="elod", name="Elöd Illés"),
        ]
    )
    text = (SHAPES / "2021.yaml").read_text()
    plan = plan_roster(ws, parse_roster(text, "x"), "x")
    assert plan.projects["nova"].ptl == "sylvain"  # by e-mail, whatever the name says
    assert plan.projects["nova"].liaisons["release"] == "elod"  # by name, accents aside
    assert plan.people["sylvain"].name == "S. Bauza"  # never overwritten
    assert plan.people["elod"].email == "elod.illes@est.tech"  # filled in


def test_what_is_skipped_is_said(tmp_path: Path) -> None:
    ws = fresh(tmp_path)
    text = "nova:\n  ptl: {name: A B, email: a@b.c}\n  surprise: 1\nbroken: 3\n"
    plan = plan_roster(ws, parse_roster(text, "x"), "x")
    assert "broken: not a table of team data" in plan.skipped
    assert "nova: surprise: not imported" in plan.skipped


def test_bad_yaml_is_located(tmp_path: Path) -> None:
    from meetup.store.errors import InvalidInput

    with pytest.raises(
        InvalidInput, match=r"roster.yaml:3:4: not YAML: expected ',' or '\]', but got ':'\Z"
    ):
        parse_roster("nova:\n  ptl: [unclosed\n  x: 1\n", "roster.yaml")
    with pytest.raises(InvalidInput, match="mapping of project teams"):
        parse_roster("- a list\n", "roster.yaml")


def test_control_characters_never_reach_the_workspace(tmp_path: Path) -> None:
    ws = fresh(tmp_path)
    before = {p: p.read_bytes() for p in ws.root.rglob("*.toml")}
    text = 'nova:\n  ptl: {name: "Bad\\e]2;x\\aName", email: a@b.c}\n'  # YAML escapes
    plan = plan_roster(ws, parse_roster(text, "x"), "x")
    # control characters are stripped from names on the way in, never written raw
    assert all("\x1b" not in p.name for p in plan.people.values())
    apply_roster(ws, plan)
    assert (ws.root / "projects" / "nova.toml").is_file()
    assert all(b"\x1b" not in p.read_bytes() for p in ws.root.rglob("*.toml"))
    assert set(before) <= set(ws.root.rglob("*.toml"))
