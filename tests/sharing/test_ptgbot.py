"""ptgbot's database both ways, checked with ptgbot's own reading rules (shared db.py.txt)."""

from __future__ import annotations

import json
import sys
import types
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from meetup.agenda.schedule import sessions
from meetup.sharing.agenda_import import apply_plan, import_agenda
from meetup.sharing.ptgbot import ptgbot_db, ptgbot_json
from meetup.store.init import init_workspace
from meetup.store.loading import load
from meetup.store.workspace import Workspace
from tests.clihelp import meetup_cli

ROOT = Path(__file__).resolve().parents[2]
PTGBOT = ROOT.parent / "shared" / "realdata" / "ptgbot"
needs_ptgbot = pytest.mark.skipif(
    not (PTGBOT / "base.json").is_file(), reason=f"shared ptgbot data not found at {PTGBOT}"
)


def ptgbot_database(path: Path) -> Any:
    """ptgbot's own PTGDataBase class (from the shared copy of its db.py) reading ``path``."""
    source = (PTGBOT / "db.py.txt").read_text()
    module = types.ModuleType("ptgbot_db")
    stub = types.ModuleType("requests")  # imported by db.py for import_json only
    saved = sys.modules.get("requests")
    sys.modules["requests"] = stub
    try:
        exec(compile(source, "db.py", "exec"), module.__dict__)
    finally:
        if saved is None:
            del sys.modules["requests"]
        else:
            sys.modules["requests"] = saved
    return module.PTGDataBase({"db_filename": str(path)}, write_to_disk=False)


def bookings(db: dict[str, Any]) -> dict[tuple[str, str, str], str]:
    """(room, day, "HH:MM-HH:MM") -> track, for every booked slot."""
    desc = {s["name"]: (day, s["desc"]) for day, row in db["slots"].items() for s in row}
    return {
        (room, *desc[slot]): track
        for room, row in db["schedule"].items()
        for slot, track in row.items()
        if slot in desc and track
    }


def imported_base(tmp_path: Path) -> Workspace:
    init_workspace(tmp_path / "ws")
    ws = load(tmp_path / "ws")
    plan = import_agenda(ws, (PTGBOT / "base.json").read_bytes(), "base.json")
    apply_plan(ws, plan)
    return load(ws.root)


@needs_ptgbot
def test_base_json_imports_and_exports_back_to_the_same_grid(tmp_path: Path) -> None:
    original = json.loads((PTGBOT / "base.json").read_text())
    ws = imported_base(tmp_path)
    assert not ws.problems
    data = ws.meetup("den-ptg")
    assert len(data.meetup.rooms) == len(original["schedule"]) == 23
    assert [d.date.strftime("%A") for d in data.meetup.days] == list(original["slots"])
    exported = ptgbot_db(ws, "den-ptg")
    assert {day: [s["desc"] for s in row] for day, row in exported["slots"].items()} == {
        day: [s["desc"] for s in row] for day, row in original["slots"].items()
    }
    assert bookings(exported) == bookings(original)
    assert sorted(exported["schedule"]) == sorted(original["schedule"])
    booked = {t for t in bookings(original).values()}
    assert set(exported["tracks"]) == booked


@needs_ptgbot
def test_importing_base_json_twice_changes_nothing(tmp_path: Path) -> None:
    ws = imported_base(tmp_path)
    before = {p: p.read_bytes() for p in ws.root.rglob("*.toml")}
    plan = import_agenda(ws, (PTGBOT / "base.json").read_bytes(), "base.json")
    assert not plan.will_write
    assert {p: p.read_bytes() for p in ws.root.rglob("*.toml")} == before


@needs_ptgbot
def test_the_demo_loads_in_ptgbot_with_the_right_tracks_per_room_and_slot(
    demo_dir: Path, tmp_path: Path
) -> None:
    ws = load(demo_dir)
    data = ws.meetup("kilo-midcycle")
    at = datetime(2027, 1, 26, 10, 0, tzinfo=timezone.utc)
    path = tmp_path / "ptg.json"
    path.write_text(ptgbot_json(ws, "kilo-midcycle", at=at))
    bot = ptgbot_database(path)
    db = bot.data
    rooms = {r.id: r.name for r in data.meetup.rooms}
    placed = [s for s in sessions(data) if s.room in rooms]
    assert placed
    for s in placed:
        assert bot.is_track_valid(s.topic)
        day = s.day.strftime("%A")
        slots = [x for x in db["slots"][day] if _overlaps(x["desc"], s.start, s.end)]
        assert slots, s
        for slot in slots:
            assert bot.is_slot_booked_for_track(s.topic, rooms[s.room], slot["name"])
    # a free slot is bookable in ptgbot, a booked one is not
    booked = {(room, slot) for room, row in db["schedule"].items() for slot, t in row.items() if t}
    free = [
        (room, slot)
        for room, row in db["schedule"].items()
        for slot, t in row.items()
        if not t and slot not in ("desc", "url")
    ]
    assert free and all(bot.is_slot_valid_and_empty(room, slot) for room, slot in free)
    assert not any(bot.is_slot_valid_and_empty(room, slot) for room, slot in booked)
    # now and next at 10:00 UTC (11:00 in the meetup's Paris)
    local = at.astimezone(__import__("zoneinfo").ZoneInfo(data.meetup.timezone))
    minute = local.hour * 60 + local.minute
    on_now = {s.topic for s in placed if s.day == local.date() and s.start <= minute < s.end}
    assert set(db["now"]) == on_now


def _overlaps(desc: str, start: int, end: int) -> bool:
    a, b = (int(x[:2]) * 60 + int(x[3:]) for x in desc.split("-"))
    return a < end and start < b


@needs_ptgbot
def test_cli_export_and_import(demo_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "ptg.json"
    export = ("--workspace", str(demo_dir), "export", "agenda", "kilo-midcycle", "--format")
    run = meetup_cli(*export, "ptgbot", "--at", "2027-01-26T10:00Z", "-o", str(out))
    assert run.returncode == 0, run.stderr
    assert json.loads(out.read_text())["eventid"] == "kilo-midcycle"
    bad = meetup_cli(*export, "ptgbot", "--at", "tomorrow")
    assert bad.returncode == 1 and "--at" in bad.stderr
