"""Benchmark the automatic scheduler (DESIGN.md targets: 200 topics x 3 rooms x 2 days in
0.1 s, 800 x 6 x 3 in 0.3 s, no hard conflict), both cases side by side in one run.

Run from the repository root:  python benchmarks/bench_autoschedule.py [--seed N]

The meetup is generated deterministically (seeded): 60 attendees, 3 rooms (40, 20 and 12
seats), two days 09:00-17:30 with coffee and lunch breaks, 30-minute slots, 200 accepted
topics of 30 or 60 minutes with 0-3 votes... up to 20 votes and 0-3 required people drawn
from the attendees; 5 topics are already placed and pinned. Measured: ``plan()`` in-process
(best of 5), plus the check that the result has no hard conflict. The grid holds far fewer
sessions than 200 topics, so most topics stay unplaced: the worst case for the search.
"""

from __future__ import annotations

import argparse
import random
import sys
import time as clock
from datetime import date, time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from meetup.agenda import autoschedule, conflicts  # noqa: E402
from meetup.store.records import Attendee, Break, Day, Meetup, Placement, Room, Topic  # noqa: E402
from meetup.store.workspace import MeetupData  # noqa: E402

CASES = ((200, 3, 2, 0.1), (800, 6, 3, 0.3))
"""(topics, rooms, days, target seconds)"""
ROOMS = [("main", 40), ("side", 20), ("nook", 12), ("east", 30), ("west", 25), ("loft", 15)]
PINNED_STARTS = [time(9), time(11), time(13, 30), time(14), time(16)]


def generate(
    seed: int = 2014, n_topics: int = 200, n_people: int = 60, n_rooms: int = 3, n_days: int = 2
) -> MeetupData:
    rng = random.Random(seed)
    people = [f"ptl-{i:02d}" for i in range(n_people)]
    days = [date(2027, 1, 26 + i) for i in range(n_days)]
    meetup = Meetup(
        id="big",
        title="Big meetup",
        timezone="Europe/Paris",
        days=[Day(date=d) for d in days],
        rooms=[Room(id=r, name=r.title(), capacity=c) for r, c in ROOMS[:n_rooms]],
        breaks=[
            Break(title="Coffee", start=time(10, 30), end=time(11)),
            Break(title="Lunch", start=time(12, 30), end=time(13, 30)),
            Break(title="Coffee", start=time(15), end=time(15, 30)),
        ],
        attendees=[Attendee(person=p, rsvp="accepted") for p in people],
    )
    topics: dict[str, Topic] = {}
    for i in range(n_topics):
        placement = None
        if i < 5:
            placement = Placement(
                day=days[i % 2], start=PINNED_STARTS[i], room=("main", "side")[i % 2], pinned=True
            )
        ident = f"topic-{i:03d}"
        topics[ident] = Topic(
            id=ident,
            title=f"Topic {i}",
            duration=rng.choice([30, 60]),
            required=rng.sample(people, rng.choice([0, 1, 1, 2, 2, 3])),
            votes=rng.sample(people, min(n_people, int(rng.expovariate(0.2)))),
            status="accepted",
            placement=placement,
        )
    return MeetupData(meetup, topics)


def run_case(seed: int, n_topics: int, n_rooms: int, n_days: int, target: float) -> bool:
    data = generate(seed, n_topics, n_rooms=n_rooms, n_days=n_days)
    best = float("inf")
    result = None
    for _ in range(5):
        t0 = clock.perf_counter()
        result = autoschedule.plan(data)
        best = min(best, clock.perf_counter() - t0)
    assert result is not None
    after = autoschedule.preview(data, result)
    hard = [c for c in conflicts.conflicts(after) if c.hard]
    reasons: dict[str, int] = {}
    for u in result.unplaced:
        for r in u.reasons:
            reasons[r.kind] = reasons.get(r.kind, 0) + 1
    s = result.score
    print(f"seed {seed}: {n_topics} accepted topics, {n_rooms} rooms, {n_days} days")
    print(f"  plan(): best of 5 {best:.3f} s (target {target} s)")
    print(
        f"  placed {s.placed}, unplaced {s.unplaced}, votes placed {s.votes_placed}/"
        f"{s.votes_placed + s.votes_unplaced}, moves {len(result.moves)}, proven {s.proven}, "
        f"stopped early: {s.stopped or 'no'}"
    )
    print(f"  unplaced reasons: {dict(sorted(reasons.items()))}")
    print(f"  hard conflicts after the plan: {len(hard)}")
    ok = best <= target and not hard
    print("  ok" if ok else "  MISSED")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args()
    results = [run_case(args.seed, *case) for case in CASES]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
