"""The one clock: ``MEETUP_NOW`` is read by :func:`meetup.clock.now`, and nothing else in the
application reads the system clock, so the suite gives the same answers on any day."""

from __future__ import annotations

import ast
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from meetup import clock
from tests.conftest import FIXED_NOW

ROOT = Path(__file__).resolve().parents[1]

WALL_CLOCK = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
}
"""Calls that read the wall clock (``time.monotonic`` and ``perf_counter`` measure durations
and are fine)."""


def wall_clock_calls(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        owner = node.func.value
        name = owner.attr if isinstance(owner, ast.Attribute) else getattr(owner, "id", "")
        if (name, node.func.attr) in WALL_CLOCK:
            found.append(f"{path.relative_to(root)}:{node.lineno}: {name}.{node.func.attr}()")
    return found


def test_only_the_clock_module_reads_the_system_clock() -> None:
    sources = [*(ROOT / "meetup").rglob("*.py"), *(ROOT / "screens").rglob("*.py")]
    assert len(sources) > 50
    found = [
        call
        for path in sources
        if path != ROOT / "meetup" / "clock.py"
        for call in wall_clock_calls(path)
    ]
    assert found == []


def test_the_guard_sees_a_wall_clock_call(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("import datetime\nx = datetime.datetime.now()\ny = date.today()\n")
    assert wall_clock_calls(probe, tmp_path) == [
        "probe.py:2: datetime.now()",
        "probe.py:3: date.today()",
    ]


def test_every_test_runs_at_the_fixed_time() -> None:
    assert clock.now() == FIXED_NOW


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-01-26T10:30Z", datetime(2027, 1, 26, 10, 30, tzinfo=timezone.utc)),
        ("2027-01-26T11:30+01:00", datetime(2027, 1, 26, 10, 30, tzinfo=timezone.utc)),
        (" 2027-01-26T10:30:00z ", datetime(2027, 1, 26, 10, 30, tzinfo=timezone.utc)),
    ],
)
def test_meetup_now_sets_the_time(
    monkeypatch: pytest.MonkeyPatch, text: str, expected: datetime
) -> None:
    monkeypatch.setenv(clock.ENV_NOW, text)
    assert clock.now() == expected
    assert clock.now().utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    ("text", "message"),
    [("2027-01-26T10:30", "has no offset"), ("tomorrow", "is not an ISO time")],
)
def test_a_bad_meetup_now_says_what_is_expected(
    monkeypatch: pytest.MonkeyPatch, text: str, message: str
) -> None:
    monkeypatch.setenv(clock.ENV_NOW, text)
    with pytest.raises(clock.ClockError, match=message) as caught:
        clock.now()
    assert "MEETUP_NOW" in str(caught.value)


def test_without_meetup_now_it_is_the_system_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.ENV_NOW)
    before = datetime.now(timezone.utc)
    assert before <= clock.now() <= datetime.now(timezone.utc)
