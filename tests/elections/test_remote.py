"""Elekto and CIVS export/import, the OpenStack cycle and Debian tally sheets, on real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from meetup.cli import main
from meetup.elections.debian import parse_debian_tally
from meetup.elections.elekto import FENCE, parse_candidate, read_elekto
from meetup.elections.tally import schulze
from meetup.store.init import init_workspace
from meetup.store.loading import load
from tests.elections.shared import REALDATA, SHARED_BALLOTS, needs_realdata

K8S_2025 = REALDATA / "k8s-steering-2025"
META = REALDATA / "elekto" / "meta-test" / "elections"
CYCLE = REALDATA / "election"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    assert code == 0, out.err
    return out.out


def test_elekto_export_reads_back_the_same(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    e = "neutron-release-liaison"
    out = tmp_path / "elekto"
    run(capsys, "-w", str(demo_dir), "election", "export", e, "--format", "elekto", "-o", str(out))
    data = yaml.safe_load((out / "election.yaml").read_text())
    for key in (
        "name",
        "organization",
        "start_datetime",
        "end_datetime",
        "no_winners",
        "allow_no_opinion",
        "delete_after",
        "election_officers",
        "eligibility",
    ):
        assert key in data
    assert str(data["start_datetime"]) == "2026-12-08 00:00:00"
    assert "eligible_voters" in yaml.safe_load((out / "voters.yaml").read_text())
    assert (out / "election_desc.md").is_file()
    lines = (out / "candidate-wen-li.md").read_text().splitlines()
    assert lines[0] == FENCE and len(FENCE) == 61 and FENCE in lines[1:]
    assert not (out / "candidate-marcus-bell.md").exists()  # withdrawn
    ws = load(demo_dir)
    before = ws.elections[e]
    run(capsys, "-w", str(demo_dir), "election", "import", str(out), "--id", "copy")
    after = load(demo_dir).elections["copy"]
    assert [c.person for c in after.candidates] == ["wen-li", "zoe-adams"]
    assert after.roll == sorted(before.roll)
    assert after.timeline == before.timeline
    assert (after.kind, after.project, after.area) == ("liaison", "neutron", "release")
    assert after.candidates[0].statement == before.candidates[0].statement


def test_civs_export(demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "civs"
    e = "neutron-release-liaison"
    run(capsys, "-w", str(demo_dir), "election", "export", e, "--format", "civs", "-o", str(out))
    ws = load(demo_dir)
    names = (out / "candidates.txt").read_text().splitlines()
    assert names == [ws.person_name("wen-li"), ws.person_name("zoe-adams")]
    voters = (out / "voters.txt").read_text().splitlines()
    assert voters == sorted(voters) and all("@" in v for v in voters) and voters


@needs_realdata
@pytest.mark.parametrize("folder", sorted(p.parent.name for p in META.glob("**/election.yaml")))
def test_reads_elekto_meta_test(folder: str) -> None:
    path = next(p.parent for p in META.glob("**/election.yaml") if p.parent.name == folder)
    found = read_elekto(path)
    assert found.title and found.candidates and found.voters
    assert found.timeline.voting_open < found.timeline.voting_close
    for file in path.glob("candidate-*.md"):
        front, _ = parse_candidate(file.read_text(), file.name)
        assert front["ID"] == file.stem.removeprefix("candidate-")


@needs_realdata
def test_kubernetes_2025_imports_with_its_ballots_and_tallies_to_the_published_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "steering-2025"
    folder.mkdir()
    for file in K8S_2025.iterdir():
        (folder / file.name).write_bytes(file.read_bytes())
    (folder / "ballots.csv").write_bytes((SHARED_BALLOTS / "steering_2025.csv").read_bytes())
    ws = tmp_path / "ws"
    init_workspace(ws)
    monkeypatch.setenv("MEETUP_NOW", "2025-11-01T00:00Z")
    out = run(capsys, "-w", str(ws), "election", "import", str(folder))
    assert "210 ballots" in out and "8 candidates" in out
    data = json.loads(run(capsys, "-w", str(ws), "election", "tally", "steering-2025", "--json"))
    assert data["winners"] == ["katcosgrove", "pacoxu", "ritazh", "soltysh"] or sorted(
        data["winners"]
    ) == ["katcosgrove", "pacoxu", "ritazh", "soltysh"]
    order = [c for group in data["ranking"] for c in group]
    assert order[:4] == ["soltysh", "ritazh", "pacoxu", "katcosgrove"]
    assert order[4:] == ["priyankasaggu11929", "natalisucks", "xmudrii", "stmcginnis"]
    assert load(ws).people["katcosgrove"].name == "Kat Cosgrove"


@needs_realdata
def test_openstack_cycle_creates_every_ptl_election(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = tmp_path / "ws"
    init_workspace(ws)
    monkeypatch.setenv("MEETUP_NOW", "2026-02-10T00:00Z")
    config = CYCLE / "configuration-2026.2.yaml"
    candidates = CYCLE / "candidates"
    args = ["-w", str(ws), "election", "cycle", "2026.2", "--config", str(config)]
    data = json.loads(run(capsys, *args, "--candidates", str(candidates), "--json"))
    folders = [p for p in (candidates / "2026.2").iterdir() if p.is_dir() and p.name != "TC"]
    assert len(data["elections"]) == len(folders)
    loaded = load(ws)
    qa = loaded.elections["quality-assurance-ptl-2026-2"]
    assert [c.person for c in qa.candidates] == ["gmaan-os14"]
    assert "quality-assurance" in loaded.projects and "openstacksdk" in loaded.projects
    t = qa.timeline
    assert (t.nominations_open.isoformat(), t.voting_close.isoformat()) == (
        "2026-02-04T23:45:00+00:00",
        "2026-03-18T23:45:00+00:00",
    )
    cinder = loaded.elections["cinder-ptl-2026-2"]
    assert cinder.candidates[0].statement.startswith("Hi All,")
    rows = json.loads(run(capsys, "-w", str(ws), "election", "list", "--cycle", "2026.2", "--json"))
    assert {r["outcome"] for r in rows} <= {"acclaimed", "contested", "leaderless"}
    assert len(rows) == len(folders)
    text = run(capsys, "-w", str(ws), "election", "list", "--cycle", "2026.2")
    assert "acclaimed" in text
    # again: nothing is created twice
    again = json.loads(run(capsys, *args, "--candidates", str(candidates), "--json"))
    assert again["elections"] == [] and len(again["skipped"]) == len(folders)


@needs_realdata
def test_real_exceptions_file_names_its_candidates() -> None:
    from meetup.elections.cycle import read_exceptions

    names = read_exceptions((CYCLE / "exceptions.txt").read_text("utf-8"))
    assert len(names) == 75  # every line that is not a comment
    assert names["candidates/queens/Zaqar/flwang.txt"] == "Feilong Wang"
    assert names["candidates/queens/Chef_OpenStack/sc`.txt"] == "Samuel Cassiba"
    assert names["candidates/rocky/Solum/zhurong.txt"] == "Rong Zhu"


@needs_realdata
def test_cycle_reads_the_exceptions_beside_the_candidates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    repo = tmp_path / "election"  # laid out as openstack/election is
    shutil.copytree(CYCLE / "candidates" / "2026.2", repo / "candidates" / "2026.2")
    real = (CYCLE / "exceptions.txt").read_text("utf-8")
    extra = "candidates/2026.2/Nova/rene.ribaud@gmail.com: René Ribaud\n"
    (repo / "exceptions.txt").write_text(real + extra, encoding="utf-8")
    ws = tmp_path / "ws"
    init_workspace(ws)
    config = CYCLE / "configuration-2026.2.yaml"
    args = ["-w", str(ws), "election", "cycle", "2026.2", "--config", str(config)]
    run(capsys, *args, "--candidates", str(repo / "candidates"))
    people = {p.email: p.name for p in load(ws).people.values()}
    assert people["rene.ribaud@gmail.com"] == "René Ribaud"
    assert people["tburke@nvidia.com"] == "tburke"  # not in the file: the e-mail's local part

    bad = tmp_path / "bad.txt"
    bad.write_text("# fine\nNova rene: René\n", encoding="utf-8")
    capsys.readouterr()
    again = [*args, "--candidates", str(repo / "candidates"), "--exceptions", str(bad)]
    assert main(again) == 1
    assert "bad.txt:2: expected 'candidates/<series>/<Project>/<file>: <name>'" in (
        capsys.readouterr().err
    )


def test_unpadded_days_in_a_cycle_configuration() -> None:
    from meetup.elections.cycle import cycle_timeline

    t = cycle_timeline(
        {
            "timeline": [
                {"name": "PTL Nominations", "start": "2026-2-4T23:45", "end": "2026-2-18T23:45"},
                {"name": "PTL Election", "start": "2026-2-25T23:45", "end": "2026-3-8T23:45"},
            ]
        }
    )
    assert t.nominations_open.isoformat() == "2026-02-04T23:45:00+00:00"
    assert t.voting_close.isoformat() == "2026-03-08T23:45:00+00:00"


@needs_realdata
def test_debian_2020_elects_jonathan_carter(capsys: pytest.CaptureFixture[str]) -> None:
    sheet = REALDATA / "debian" / "leader2020_tally.txt"
    ballots = parse_debian_tally(sheet.read_text(), source=str(sheet))
    assert ballots.count == 339
    assert ballots.candidates[0] == "jonathan-carter"
    assert schulze(ballots, unranked="last").winners == ("jonathan-carter",)
    data = json.loads(run(capsys, "election", "tally", "--ballots", str(sheet), "--json"))
    assert data["winners"] == ["jonathan-carter"] and data["unranked"] == "last"


def test_debian_bad_line() -> None:
    from meetup.elections.ballots import BallotError

    text = "  Option 1--->: A\n  Option 2-->: B\nV: 12  ab\nV: 1x  cd\n"
    with pytest.raises(BallotError, match="illegal rank 'X'"):
        parse_debian_tally(text, source="t")
