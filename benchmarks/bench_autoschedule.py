"""Benchmark the automatic scheduler (DESIGN.md target: 200 topics, 3 rooms, 2 days <= 1 s).

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

from meetup.agenda import autoschedule, schedule  # noqa: E402
from meetup.store.records import Attendee, Break, Day, Meetup, Placement, Room, Topic  # noqa: E402
from meetup.store.workspace import MeetupData  # noqa: E402

TARGET_S = 1.0
PINNED_STARTS = [time(9), time(11), time(13, 30), time(14), time(16)]


def generate(seed: int = 2014, n_topics: int = 200, n_people: int = 60) -> MeetupData:
    rng = random.Random(seed)
    people = [f"ptl-{i:02d}" for i in range(n_people)]
    days = [date(2027, 1, 26), date(2027, 1, 27)]
    meetup = Meetup(
        id="big",
        title="Big meetup",
        timezone="Europe/Paris",
        days=[Day(date=d) for d in days],
        rooms=[
            Room(id="main", name="Main", capacity=40),
            Room(id="side", name="Side", capacity=20),
            Room(id="nook", name="Nook", capacity=12),
        ],
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args()
    data = generate(args.seed)
    best = float("inf")
    result = None
    for _ in range(5):
        t0 = clock.perf_counter()
        result = autoschedule.plan(data)
        best = min(best, clock.perf_counter() - t0)
    assert result is not None
    after = autoschedule.preview(data, result)
    hard = [c for c in schedule.conflicts(after) if c.hard]
    reasons: dict[str, int] = {}
    for u in result.unplaced:
        for r in u.reasons:
            reasons[r.kind] = reasons.get(r.kind, 0) + 1
    print(f"seed {args.seed}: 200 accepted topics, 3 rooms, 2 days, 60 attendees")
    print(f"plan(): best of 5 {best:.3f} s (target {TARGET_S} s)")
    print(
        f"placed {result.score.placed}, unplaced {result.score.unplaced}, "
        f"votes placed {result.score.votes_placed}/"
        f"{result.score.votes_placed + result.score.votes_unplaced}, "
        f"moves {len(result.moves)}, proven {result.score.proven}"
    )
    print(f"unplaced reasons: {dict(sorted(reasons.items()))}")
    print(f"hard conflicts after the plan: {len(hard)}")
    ok = best <= TARGET_S and not hard
    print("ok" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
