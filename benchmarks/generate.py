"""Generate DESIGN.md's large workspace for the benchmarks, through meetup's own API.

Usage: ``python benchmarks/generate.py DIR [--scale 1.0] [--seed 2014]``

At scale 1: 60 projects (PTLs, some liaisons and volunteers), 400 people in varied IANA
timezones, 12 meetups of 60 attendees and 200 topics each (2-3 days, 3 rooms, breaks,
votes, about half the topics accepted and placed without overlaps), 1,000 cross-project
issues (2-5 projects, log entries), 8 elections with 2,000-voter rolls and CIVS ballots.
``--scale`` multiplies those counts, except for the meetup and election the scaling
benchmarks name (``BENCH_MEETUP``, ``BENCH_ELECTION``): they keep the scale-1 sizes (60
attendees, 200 topics; a 2,000-voter roll) at every scale, so that only the rest of the
workspace grows around them.

Everything comes from one seeded ``random.Random``, and every date is fixed, so the same
arguments write the same bytes.  Records are saved with ``ws.save_*`` (validated, canonical
TOML); the whole workspace is loaded again at the end and must have no problems.
"""

from __future__ import annotations

import argparse
import random
import sys
import time as _time
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from meetup.store.election_records import BallotBox, Candidate, Election, Timeline
from meetup.store.init import init_workspace
from meetup.store.loading import load
from meetup.store.records import (
    ActionItem,
    Attendee,
    Break,
    Day,
    Issue,
    LogEntry,
    Meetup,
    Person,
    Placement,
    Project,
    Room,
    Settings,
    Topic,
)
from meetup.store.workspace import Workspace


def words(text: str) -> list[str]:
    return text.split()


TIMEZONES = words(
    "Africa/Cairo Africa/Johannesburg Africa/Lagos Africa/Nairobi America/Bogota "
    "America/Chicago America/Denver America/Halifax America/Los_Angeles America/Mexico_City "
    "America/New_York America/Sao_Paulo America/Toronto Asia/Bangkok Asia/Dubai "
    "Asia/Jakarta Asia/Jerusalem Asia/Kolkata Asia/Seoul Asia/Shanghai Asia/Singapore "
    "Asia/Tokyo Atlantic/Reykjavik Australia/Melbourne Australia/Perth Australia/Sydney "
    "Europe/Berlin Europe/Dublin Europe/Helsinki Europe/Istanbul Europe/Lisbon "
    "Europe/London Europe/Madrid Europe/Moscow Europe/Paris Europe/Prague Europe/Stockholm "
    "Europe/Warsaw Pacific/Auckland Pacific/Honolulu UTC"
)

FIRST = words(
    "Ada Ahmed Aiko Alba Amara Anya Arjun Ben Bjorn Carla Chen Dana Dev Eitan Elif Emeka "
    "Fatima Femi Gustavo Hana Hugo Ines Ivan Jo Kai Kiri Lena Leo Maya Marcus Mei Nadia "
    "Nils Oscar Priya Quinn Rosa Sami Sven Tariq Tomas Uma Victor Wen Yara Yusuf Zoe"
)
LAST = words(
    "Abara Aalto Bell Brandt Carter Costa Delgado Demir Eze Fischer Garcia Haddad Ito "
    "Jensen Kim Kowalski Leclerc Lund Mbeki Moss Nakamura Novak Okafor Petrov Quispe Ramos "
    "Raman Sato Schmidt Sethi Silva Tane Tanaka Vogel Walsh Wei Yilmaz Zhang"
)

WORDS = words(
    "gate api quota upgrade scheduler network volume image identity dashboard metering "
    "database baremetal object storage release stable docs tempest oslo messaging policy "
    "rolling-upgrade microversion deprecation python3 packaging translation notification "
    "federation tenant quota cell placement resource tracing logging config migration"
)
VERBS = words(
    "Fix Plan Deprecate Adopt Split Document Standardize Test Review Triage Move Retire "
    "Harden Measure Rework Unify"
)
AREAS = ("release", "bugs", "oslo", "vmt", "gate", "docs", "qa", "stable")
STATUSES = ("open", "open", "open", "in-progress", "in-progress", "blocked", "resolved", "wontfix")
PRIORITY = ("critical", "high", "high", "medium", "medium", "medium", "low", "low")
KINDS = ("discussion", "discussion", "decision", "working", "presentation")
BREAKS = (
    Break(title="Coffee", start=time(10, 30), end=time(11)),
    Break(title="Lunch", start=time(12, 30), end=time(13, 30)),
    Break(title="Coffee", start=time(15), end=time(15, 30)),
)
DAY_START, DAY_END = time(9), time(17, 30)
EPOCH = datetime(2027, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class Sizes:
    projects: int
    people: int
    meetups: int
    attendees: int
    topics: int
    issues: int
    elections: int
    roll: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        def n(full: int, least: int) -> int:
            return max(least, round(full * scale))

        people = n(400, 24)
        return cls(
            projects=n(60, 6),
            people=people,
            meetups=n(12, 1),
            attendees=min(60, people - 4),
            topics=n(200, 8),
            issues=n(1000, 6),
            elections=n(8, 2),
            roll=n(2000, 40),
        )


BENCH_MEETUP = "kilo-midcycle-00"
"""The meetup the scaling benchmarks name (the first one): the same size at every scale."""
BENCH_ELECTION = "ptl-election-00"
"""The election the scaling benchmarks name (the first one): the same roll at every scale."""
BENCH = Sizes.at(1.0)
"""Sizes of the named meetup and election, whatever ``--scale`` says: a command about one
meetup or election should cost in proportion to it, not to the rest of the workspace."""


def named(sizes: Sizes, people: int) -> Sizes:
    """``sizes`` with the named meetup's and election's parts at ``BENCH``'s size."""
    return replace(
        sizes, attendees=min(BENCH.attendees, people - 4), topics=BENCH.topics, roll=BENCH.roll
    )


def slug_words(rng: random.Random, count: int) -> list[str]:
    return rng.sample(WORDS, count)


def make_people(rng: random.Random, count: int) -> list[Person]:
    people: list[Person] = []
    used: set[str] = set()
    for index in range(count):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        pid = f"{first}-{last}".lower()
        if pid in used:
            pid = f"{pid}-{index}"
        used.add(pid)
        people.append(
            Person(
                id=pid,
                name=f"{first} {last}",
                email=f"{pid.replace('-', '.')}@example.org",
                timezone=rng.choice(TIMEZONES),
                irc=pid.replace("-", "")[:16] if rng.random() < 0.7 else "",
            )
        )
    return people


def make_projects(rng: random.Random, count: int, people: list[Person]) -> list[Project]:
    ptls = rng.sample(people, count)
    projects = []
    for index, ptl in enumerate(ptls):
        words = slug_words(rng, 2)
        pid = f"{words[0]}-{words[1]}-{index:02d}"
        liaisons = {
            area: rng.choice(people).id for area in AREAS if rng.random() < 0.35 and area != "vmt"
        }
        if rng.random() < 0.5:
            liaisons["vmt"] = rng.choice(people).id
        volunteers = {}
        if rng.random() < 0.2:
            volunteers[rng.choice(AREAS)] = sorted({p.id for p in rng.sample(people, 2)})
        projects.append(
            Project(
                id=pid,
                name=f"{words[0].title()} {words[1].title()} {index}",
                ptl=ptl.id,
                description=f"The {words[0]} {words[1]} service.",
                liaisons=dict(sorted(liaisons.items())),
                volunteers=volunteers,
            )
        )
    return projects


def free_segments(days: list[Day]) -> list[tuple[date, int, int]]:
    """(day, start minute, end minute) spans between breaks, in day order."""
    cuts = sorted(
        (b.start.hour * 60 + b.start.minute, b.end.hour * 60 + b.end.minute) for b in BREAKS
    )
    segments = []
    for day in days:
        start = day.start.hour * 60 + day.start.minute
        end = day.end.hour * 60 + day.end.minute
        for cut_start, cut_end in cuts:
            if cut_start > start:
                segments.append((day.date, start, min(cut_start, end)))
            start = max(start, cut_end)
        if start < end:
            segments.append((day.date, start, end))
    return segments


class Grid:
    """A non-overlapping packer: each room's free spans, filled first-fit."""

    def __init__(self, days: list[Day], rooms: list[str]) -> None:
        self.free = {room: [list(s) for s in free_segments(days)] for room in rooms}

    def place(self, rng: random.Random, minutes: int) -> Placement | None:
        rooms = list(self.free)
        rng.shuffle(rooms)
        for room in rooms:
            for span in self.free[room]:
                day, start, end = span
                if end - start >= minutes:
                    span[1] = start + minutes
                    return Placement(day=day, start=time(start // 60, start % 60), room=room)
        return None


def make_meetup(
    rng: random.Random, index: int, sizes: Sizes, people: list[Person], projects: list[Project]
) -> Meetup:
    first = date(2027, 1, 11) + timedelta(weeks=4 * index)
    days = [Day(date=first + timedelta(days=d)) for d in range(rng.choice((2, 3, 3)))]
    ptl_projects = rng.sample(projects, min(len(projects), sizes.attendees - 6))
    attendees = [
        Attendee(person=p.ptl or "", projects=[p.id], rsvp=rng.choice(RSVPS)) for p in ptl_projects
    ]
    taken = {a.person for a in attendees}
    others = [p for p in people if p.id not in taken]
    rng.shuffle(others)
    for p in others[: sizes.attendees - len(attendees) - 1]:
        stand_in = rng.choice(ptl_projects)
        attendees.append(
            Attendee(
                person=p.id,
                role="delegate",
                projects=[stand_in.id],
                rsvp=rng.choice(RSVPS),
                delegate_for=stand_in.ptl,
            )
        )
    organizer = others[-1]
    attendees.append(Attendee(person=organizer.id, role="organizer", rsvp="accepted"))
    cycle = CYCLES[index % len(CYCLES)]
    return Meetup(
        id=f"{cycle.lower()}-midcycle-{index:02d}",
        title=f"{cycle} mid-cycle PTL meetup ({index + 1})",
        cycle=cycle,
        timezone=rng.choice(TIMEZONES),
        venue=f"Venue {index + 1}",
        address=f"{index + 1} Example Street",
        description="Generated for the benchmarks.",
        days=days,
        rooms=[
            Room(id="main", name="Main room", capacity=60),
            Room(id="breakout-a", name="Breakout A", capacity=20),
            Room(id="breakout-b", name="Breakout B", capacity=20),
        ],
        breaks=list(BREAKS),
        organizers=[organizer.id],
        attendees=attendees,
    )


RSVPS = ("accepted", "accepted", "accepted", "tentative", "declined", "needs-action")
CYCLES = ("Kilo", "Liberty", "Mitaka", "Newton", "Ocata", "Pike", "Queens", "Rocky")


def make_topics(rng: random.Random, meetup: Meetup, count: int) -> list[Topic]:
    voters = [a.person for a in meetup.attendees]
    projects = sorted({p for a in meetup.attendees for p in a.projects})
    grid = Grid(meetup.days, [r.id for r in meetup.rooms])
    topics: list[Topic] = []
    for index in range(count):
        words = slug_words(rng, 2)
        tid = f"{words[0]}-{words[1]}-{index:03d}"
        status = (
            "accepted"
            if rng.random() < 0.5
            else rng.choice(("proposed", "proposed", "deferred", "rejected", "duplicate"))
        )
        if status == "duplicate" and not topics:
            status = "proposed"
        duration = rng.choice((30, 30, 30, 60, 60, 90))
        placement = grid.place(rng, duration) if status == "accepted" else None
        topics.append(
            Topic(
                id=tid,
                title=f"{rng.choice(VERBS)} {words[0]} {words[1]} across projects",
                description=f"Why {words[0]} and {words[1]} need a cross-project decision.",
                proposer=rng.choice(voters),
                projects=sorted(rng.sample(projects, rng.randint(1, 3))),
                kind=rng.choice(KINDS),
                duration=duration,
                required=sorted(rng.sample(voters, rng.randint(0, 2))),
                votes=sorted(rng.sample(voters, rng.randint(0, min(25, len(voters))))),
                status=status,
                duplicate_of=rng.choice(topics).id if status == "duplicate" else None,
                placement=placement,
                notes="- Agreed to follow up on the list.\n" if placement and index % 4 else "",
            )
        )
    return topics


def make_actions(rng: random.Random, meetup: Meetup, topics: list[Topic]) -> list[ActionItem]:
    placed = [t for t in topics if t.placement is not None]
    actions = []
    for index, topic in enumerate(placed[: max(2, len(placed) // 5)]):
        actions.append(
            ActionItem(
                id=f"action-{index:03d}",
                title=f"Follow up: {topic.title}",
                owner=rng.choice(meetup.attendees).person,
                due=meetup.days[-1].date + timedelta(days=rng.randint(7, 40)),
                status=rng.choice(("open", "open", "done", "dropped")),
                topic=topic.id,
            )
        )
    return actions


def make_issue(
    rng: random.Random,
    index: int,
    people: list[Person],
    projects: list[Project],
    topic_refs: list[str],
) -> Issue:
    words = slug_words(rng, 3)
    author_pool = rng.sample(people, 3)
    log = [
        LogEntry(
            at=EPOCH + timedelta(days=rng.randint(0, 300), minutes=rng.randint(0, 1439)),
            author=rng.choice(author_pool).id,
            text=f"Update {n + 1}: {rng.choice(VERBS).lower()} the {words[n % 3]} part.",
        )
        for n in range(rng.randint(1, 4))
    ]
    log.sort(key=lambda e: e.at)
    return Issue(
        id=f"{words[0]}-{words[1]}-{index:04d}",
        title=f"{rng.choice(VERBS)} {words[0]} {words[1]} {words[2]} ({index})",
        description=f"The {words[0]} {words[1]} problem spans several projects.",
        projects=sorted(p.id for p in rng.sample(projects, rng.randint(2, 5))),
        owner=rng.choice(people).id if rng.random() < 0.8 else None,
        area=rng.choice(AREAS) if rng.random() < 0.7 else None,
        status=rng.choice(STATUSES),
        priority=rng.choice(PRIORITY),
        links=[f"https://bugs.example.org/{words[0]}/{1000 + index}"] if index % 3 else [],
        topics=sorted(rng.sample(topic_refs, rng.randint(0, 2))),
        log=log,
    )


def make_election(
    rng: random.Random, index: int, sizes: Sizes, people: list[Person], projects: list[Project]
) -> Election:
    kind = ("ptl", "liaison", "committee")[index % 3]
    project = rng.choice(projects)
    opens = EPOCH + timedelta(days=30 * index)
    candidates = rng.sample(people, rng.randint(3, 6))
    ids = [p.id for p in people]
    roll = ids[: sizes.roll] + [f"voter{n:05d}@example.org" for n in range(sizes.roll - len(ids))]
    return Election(
        id=f"{kind}-election-{index:02d}",
        title=f"{project.name} {kind} election {index + 1}"
        if kind != "committee"
        else f"Technical committee election {index + 1}",
        kind=kind,
        project=project.id if kind != "committee" else None,
        area=rng.choice(AREAS) if kind == "liaison" else None,
        seats=rng.randint(2, 3) if kind == "committee" else 1,
        timeline=Timeline(
            nominations_open=opens,
            nominations_close=opens + timedelta(days=7),
            voting_open=opens + timedelta(days=10),
            voting_close=opens + timedelta(days=17),
        ),
        candidates=[
            Candidate(person=c.id, statement=f"{c.name} would like to serve.") for c in candidates
        ],
        roll=roll,
    )


def make_ballots(rng: random.Random, candidates: int, voters: int) -> list[list[int | None]]:
    """Ranked ballots (1 = preferred; None = no opinion), about 60% turnout."""
    strength = [rng.random() for _ in range(candidates)]
    ballots = []
    for _ in range(round(voters * 0.6)):
        scores = [s + rng.gauss(0, 0.3) for s in strength]
        order = sorted(range(candidates), key=lambda c: -scores[c])
        ranks: list[int | None] = [None] * candidates
        for rank, choice in enumerate(order[: rng.randint(1, candidates)], 1):
            ranks[choice] = rank
        ballots.append(ranks)
    return ballots


def write_ballots(ws: Workspace, election: Election, ballots: list[list[int | None]]) -> None:
    """Store an election's ballots where the app keeps them: ``elections/<id>/ballots.toml``.

    Anonymous rank vectors in candidate order (0 = unranked), sorted, exactly as ballots
    cast in the app or imported with ``meetup election import-ballots`` are stored.
    """
    candidates = [c.person for c in election.candidates if not c.withdrawn]
    rows = sorted([0 if r is None else r for r in ranks] for ranks in ballots)
    ws.save_ballots(election.id, BallotBox(candidates=candidates, ballots=rows))


def generate(target: Path, *, scale: float = 1.0, seed: int = 2014) -> Workspace:
    """Write the large workspace into ``target`` (which must not exist or be empty)."""
    rng = random.Random(seed)
    sizes = Sizes.at(scale)
    init_workspace(target, name="Generated large workspace")
    ws = load(target)
    ws.save_settings(Settings(name="Generated large workspace", domain="bench.meetup.example.org"))
    people = make_people(rng, sizes.people)
    ws.save_people(people)
    projects = make_projects(rng, sizes.projects, people)
    for project in projects:
        ws.save_project(project)
    topic_refs: list[str] = []
    for index in range(sizes.meetups):
        these = named(sizes, len(people)) if index == 0 else sizes
        meetup = make_meetup(rng, index, these, people, projects)
        ws.save_meetup(meetup)
        topics = make_topics(rng, meetup, these.topics)
        for topic in topics:
            ws.save_topic(meetup.id, topic)
        for action in make_actions(rng, meetup, topics):
            ws.save_action(meetup.id, action)
        topic_refs += [f"{meetup.id}/{t.id}" for t in topics[:20]]
    for index in range(sizes.issues):
        ws.save_issue(make_issue(rng, index, people, projects, topic_refs))
    for index in range(sizes.elections):
        these = named(sizes, len(people)) if index == 0 else sizes
        election = make_election(rng, index, these, people, projects)
        ws.save_election(election)
        ballots = make_ballots(rng, len(election.candidates), len(election.roll))
        write_ballots(ws, election, ballots)
    (target / ".meetup.lock").unlink(missing_ok=True)
    return ws


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="directory to create (must not hold files)")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor (default 1)")
    parser.add_argument("--seed", type=int, default=2014)
    args = parser.parse_args(argv)
    started = _time.perf_counter()
    generate(args.dir, scale=args.scale, seed=args.seed)
    written = _time.perf_counter() - started
    problems = load(args.dir).problems
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"generated {args.dir} in {written:.1f} s; {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
