"""Benchmark the .ics export (targets: publish <= 2x, request <= 0.6x icalendar's to_ical).

Run from the repository root:  python benchmarks/bench_ics.py [WORKSPACE]

With WORKSPACE (e.g. one made by benchmarks/generate.py) the meetup with the most scheduled
sessions is exported; without it a meetup of 200 scheduled topics and 60 attendees (4 days x
5 rooms x 10 slots, 3 required people per topic) is generated in a temporary directory.
Measured, best of 7 after a warm-up: (a) ``meetup.calendar.export.export_meetup`` end to
end (read calendar.toml, build every event, serialize) for --method publish and --method
request (request: one iTIP object per UID, the meetup event with every invitee as ATTENDEE,
each session with its required people); (b) icalendar's ``to_ical()`` of the same
calendars (the export's output parsed by icalendar once, outside the timing), i.e.
icalendar's own serialization of the same content. The ratio a/b is the figure the
targets are about.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from datetime import time as dtime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from meetup.agenda import schedule  # noqa: E402
from meetup.calendar import export as calendar  # noqa: E402
from meetup.store.init import init_workspace  # noqa: E402
from meetup.store.loading import load  # noqa: E402
from meetup.store.records import Attendee, Day, Meetup, Person, Placement, Room, Topic  # noqa: E402
from meetup.store.workspace import Workspace  # noqa: E402

TARGETS = {"publish": 2.0, "request": 0.6}
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


def generate(root: Path) -> str:
    """A meetup of 200 scheduled topics x 60 attendees; returns its id."""
    init_workspace(root)
    ws = load(root)
    people = [
        Person(id=f"p{i:03d}", name=f"Person {i}, PTL; \\ Ünïcode", email=f"p{i}@example.org")
        for i in range(61)
    ]
    ws.save_people(people)
    start = date(2027, 3, 1)
    meetup = Meetup(
        id="big",
        title="Large mid-cycle",
        timezone="Europe/Paris",
        venue="Somewhere, Paris",
        days=[Day(date=start + timedelta(days=d), start=dtime(8), end=dtime(18)) for d in range(4)],
        rooms=[Room(id=f"r{r}", name=f"Room {r}") for r in range(5)],
        organizers=["p060"],
        attendees=[Attendee(person=p.id) for p in people[:60]],
    )
    ws.save_meetup(meetup)
    for n in range(200):
        day, rest = divmod(n, 50)
        room, slot = divmod(rest, 10)
        ws.save_topic(
            "big",
            Topic(
                id=f"t{n:03d}",
                title=f"Topic {n}: gates, liaisons; and \\ more",
                description=f"Why topic {n} matters.\nSecond line, with commas; semicolons.",
                required=[f"p{(n * 7 + k) % 60:03d}" for k in range(3)],
                status="accepted",
                duration=60,
                placement=Placement(
                    day=start + timedelta(days=day), start=dtime(8 + slot), room=f"r{room}"
                ),
            ),
        )
    return "big"


def biggest(ws: Workspace) -> str:
    return max(ws.meetups, key=lambda m: (len(schedule.sessions(ws.meetups[m])), m))


def reference(text: str) -> list[Any]:
    """icalendar's Calendars of an export (one per VCALENDAR), checked to say the same."""
    from icalendar import Calendar

    objects = ["BEGIN:VCALENDAR\r\n" + p for p in text.split("BEGIN:VCALENDAR\r\n")[1:]]
    built = [Calendar.from_ical(o) for o in objects]
    for obj, cal in zip(objects, built):
        assert Calendar.from_ical(cal.to_ical()) == Calendar.from_ical(obj)
    return built


def best(func: Callable[[], object], runs: int = 7) -> float:
    func()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if len(sys.argv) > 1:
            ws = load(sys.argv[1])
            meetup_id = biggest(ws)
        else:
            meetup_id = generate(Path(tmp) / "ws")
            ws = load(Path(tmp) / "ws")
        data = ws.meetup(meetup_id)
        print(
            f"meetup {meetup_id}: {len(schedule.sessions(data))} sessions, "
            f"{len(data.meetup.attendees)} attendees"
        )
        ok = True
        for method in ("publish", "request"):
            export = calendar.export_meetup(ws, meetup_id, method=method, now=NOW)  # type: ignore[arg-type]
            built = reference(export.text)
            full = best(lambda m=method: calendar.export_meetup(ws, meetup_id, method=m, now=NOW))
            own = best(lambda b=built: [c.to_ical() for c in b])
            ratio = full / own
            target = TARGETS[method]
            ok = ok and ratio <= target
            print(
                f"  --method {method:<8} export {full * 1000:7.1f} ms   icalendar to_ical "
                f"{own * 1000:7.1f} ms   ratio {ratio:.2f}x (target <= {target:.1f}x)   "
                f"({len(built)} calendars, {len(export.text) / 1e6:.2f} MB)"
            )
        print("OK" if ok else "OVER TARGET")


if __name__ == "__main__":
    main()
