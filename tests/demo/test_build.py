"""The demo is built for the day it is made: current phases, same day -> same bytes."""

from __future__ import annotations

import filecmp
import importlib.util
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from meetup import dashboard
from meetup.agenda import datepoll
from meetup.cli import main
from meetup.demo import build_demo, is_current_demo
from meetup.demo.build import first_day
from meetup.store.loading import load
from tests.conftest import FIXED_NOW

ROOT = Path(__file__).resolve().parents[2]


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name not in (".meetup.lock", ".meetup-station")
    }


def summary(root: Path, now: datetime) -> tuple[list[str], set[str], bool]:
    ws = load(root)
    assert not ws.problems
    upcoming = [
        m.id
        for m in dashboard.upcoming_meetups(ws, now.date())
        if m.start is not None and m.start > now.date()
    ]
    phases = {e.phase for e in dashboard.elections(ws, now)}
    poll_open = datepoll.load_poll(ws, "liberty-midcycle").chosen is None
    return upcoming, phases, poll_open


@pytest.mark.parametrize(
    "now",
    [
        FIXED_NOW,
        datetime(2027, 6, 1, 9, 0, tzinfo=timezone.utc),
        FIXED_NOW + timedelta(days=365),
        datetime.now(timezone.utc),
    ],
)
def test_every_phase_is_current_whatever_the_day(tmp_path: Path, now: datetime) -> None:
    build_demo(tmp_path / "demo", now)
    upcoming, phases, poll_open = summary(tmp_path / "demo", now)
    assert upcoming == ["kilo-midcycle"]
    assert phases == {"nominations", "voting", "closed"}
    assert poll_open
    ws = load(tmp_path / "demo")
    days = [d.date for d in ws.meetup("kilo-midcycle").meetup.days]
    assert 38 <= (days[0] - now.date()).days <= 48
    assert all(d.weekday() < 5 for d in days)
    dues = [a.due for a in ws.meetup("kilo-midcycle").actions.values() if a.due]
    assert any(abs((d - now.date()).days) <= 7 for d in dues)
    result = ws.read_result("tc-2027")
    assert result is not None and result.tie_at_cut and result.tie_break is not None
    assert len(ws.read_ballots("neutron-release-liaison").ballots) < len(
        ws.elections["neutron-release-liaison"].roll
    )


def test_first_day_is_a_tuesday_six_weeks_on() -> None:
    assert first_day(date(2026, 12, 15)) == date(2027, 1, 26)
    assert first_day(date(2026, 12, 16)) == date(2027, 2, 2)


def test_same_day_same_bytes(tmp_path: Path) -> None:
    build_demo(tmp_path / "a", FIXED_NOW)
    build_demo(tmp_path / "b", FIXED_NOW + timedelta(hours=3))
    assert files(tmp_path / "a") == files(tmp_path / "b")
    build_demo(tmp_path / "c", FIXED_NOW + timedelta(days=1))
    assert files(tmp_path / "a") != files(tmp_path / "c")


def test_bundled_snapshot_is_the_build_at_the_fixed_day(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_demo", ROOT / "data" / "build_demo.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.SNAPSHOT_NOW == FIXED_NOW
    build_demo(tmp_path / "demo", script.SNAPSHOT_NOW)
    assert files(tmp_path / "demo") == files(ROOT / "data" / "demo"), (
        "data/demo is stale: run python data/build_demo.py"
    )
    assert not filecmp.dircmp(tmp_path / "demo", ROOT / "data" / "demo").diff_files


def test_init_demo_builds_for_meetup_now(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEETUP_NOW", "2027-06-01T09:00Z")
    assert main(["init", str(tmp_path / "d"), "--demo"]) == 0
    days = load(tmp_path / "d").meetup("kilo-midcycle").meetup.days
    assert days[0].date == date(2027, 7, 13)
    assert is_current_demo(tmp_path / "d")
    assert not is_current_demo(tmp_path / "d", datetime(2027, 6, 2, tzinfo=timezone.utc))
    assert main(["init", str(tmp_path / "e"), "--live"]) == 2


def test_init_into_a_git_clone_keeps_what_is_there(tmp_path: Path) -> None:
    from meetup.demo import copy_demo

    (tmp_path / "clone" / ".git").mkdir(parents=True)
    copy_demo(tmp_path / "clone")
    assert (tmp_path / "clone" / ".git").is_dir()
    assert (tmp_path / "clone" / "workspace.toml").is_file()
