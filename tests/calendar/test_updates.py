"""After a release, updates and cancellations go only to the people a change affects."""

from __future__ import annotations

from datetime import datetime, time, timezone
from pathlib import Path
from typing import Any

import pytest

from meetup.agenda import releases, schedule
from meetup.calendar import events as calendar
from meetup.calendar.updates import invites_since
from meetup.cli import main
from meetup.store.workspace import load
from tests.ical_checks import assert_valid

M = "kilo-midcycle"
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def events_of(cal: Any) -> list[Any]:
    return [c for c in cal.walk() if c.name == "VEVENT"]


@pytest.fixture
def changed(demo_dir: Path) -> Path:
    """Release v1, then move gate-triage (ivan, hana required) and drop vuln-contacts (lena)."""
    ws = load(demo_dir)
    releases.release(ws, M, "v1", now=NOW)
    day = ws.meetup(M).meetup.days[1].date
    schedule.place(ws, M, "gate-triage", day, time(13, 30), "breakout")
    schedule.unschedule(ws, M, "vuln-contacts")
    return demo_dir


def test_only_affected_people_get_an_update(changed: Path) -> None:
    ws = load(changed)
    result = invites_since(ws, M, "v1", now=NOW)
    assert set(result.invites) == {"ivan-petrov", "hana-kobayashi", "lena-vogel"}

    ivan = assert_valid(result.invites["ivan-petrov"].text, "request")
    (gate,) = events_of(ivan)
    assert str(gate["UID"]) == calendar.session_uid(ws, M, "gate-triage")
    assert int(gate["SEQUENCE"]) >= 1
    attendees = gate["ATTENDEE"] if isinstance(gate["ATTENDEE"], list) else [gate["ATTENDEE"]]
    assert [str(a).lower() for a in attendees] == ["mailto:ivan.petrov@example.org"]
    assert not result.invites["ivan-petrov"].cancel_text

    lena = result.invites["lena-vogel"]
    assert lena.events == []  # only a cancellation for her: no REQUEST is written
    (cancelled,) = events_of(assert_valid(lena.cancel_text, "cancel"))
    assert str(cancelled["UID"]) == calendar.session_uid(ws, M, "vuln-contacts")
    assert str(cancelled["STATUS"]) == "CANCELLED"


def test_cli_writes_one_file_per_affected_person_and_remembers(
    changed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "updates"
    assert main(["-w", str(changed), "export", "ics", M, "--since", "v1", "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "hana-kobayashi.ics",
        "ivan-petrov.ics",
        "lena-vogel-cancel.ics",
    ]
    assert "ivan-petrov: 1 updated" in capsys.readouterr().out
    sent = calendar.load_state(load(changed), M).sent
    assert sent[calendar.session_uid(load(changed), M, "vuln-contacts")].status == "cancelled"


def test_nothing_changed_sends_nothing(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    releases.release(load(demo_dir), M, "v1", now=NOW)
    out = tmp_path / "updates"
    assert main(["-w", str(demo_dir), "export", "ics", M, "--since", "v1", "-o", str(out)]) == 0
    assert list(out.iterdir()) == []
    assert "nothing changed since v1" in capsys.readouterr().out


def test_since_needs_a_folder(changed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-w", str(changed), "export", "ics", M, "--since", "v1"]) == 2
    assert "-o DIR" in capsys.readouterr().err
