"""The automatic scheduler: accepted topics placed into room x slot cells, conflict-free.

``plan(data)`` is pure: it reads a meetup and returns a :class:`Plan` (moves, the topics
it could not place with the reasons why, a score); ``apply(ws, meetup_id, plan)`` saves it
through ``schedule.place``/``schedule.unschedule`` so SEQUENCE is bumped on every move.

Rules of a plan:
- no required person is in two sessions at once; no session overlaps a break, another
  session in its room, or the end of its day; sessions start on slot boundaries;
- pinned placements (of any topic) stay exactly where they are; so do placed topics that
  are not accepted (they are the organizer's business: ``schedule`` reports them); with
  ``keep_existing=True`` every current placement stays and only the gaps are filled;
- otherwise accepted topics may move, and one that no longer fits is taken off the grid
  (a move whose ``after`` is None).

What the scheduler optimizes:
- priority order: most votes first, then topic id (so ties are broken the same way every
  time);
- best cell: earlier day, then earlier start, then the bigger room (capacity, then the
  meetup's room order);
- primary objective: the placed set is lexicographically best in priority order, i.e. a
  topic is left out only when it cannot fit together with all the more-voted placed topics;
- secondary: among schedules of that set, the most-voted topic gets the best cell it can
  have, then the next one, and so on (lexicographic on cell ranks).
The search is exact when it finishes within its budget (``Score.proven``); on large
meetups the budget bounds the time and a topic it gave up on says so in its reasons.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

import msgspec

from meetup.agenda.packing import Grid, Item, Packer, span
from meetup.agenda.schedule import breaks_on, hhmm, minutes, slot_starts, time_of_day
from meetup.store.errors import InvalidInput, StaleWriteError
from meetup.store.records import Meetup, Placement, Topic

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

ReasonKind = Literal["no-grid", "too-long", "break", "person-busy", "no-room", "search-limit"]

NODE_BUDGET = 2_000
"""Tries of the exact search for one topic that the greedy pass could not place."""
TOTAL_BUDGET = 20_000
"""Tries of the exact search for the whole plan (bounds the time on large meetups)."""
SECONDS_BUDGET = 0.15
"""Wall time of the exact search for the whole plan: tries alone do not bound it when
each try is slow (near capacity); the greedy pass and the explanations come on top."""


@dataclass(frozen=True)
class Move:
    """One topic's change: ``before``/``after`` None mean not on the grid."""

    topic: str
    title: str
    votes: int
    before: Placement | None
    after: Placement | None


@dataclass(frozen=True)
class Reason:
    """Why a topic could not be placed."""

    kind: ReasonKind
    message: str
    person: str | None = None
    topics: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "message": self.message,
            "person": self.person,
            "topics": list(self.topics),
        }


@dataclass(frozen=True)
class Unplaced:
    topic: str
    title: str
    votes: int
    duration: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Score:
    placed: int
    """Accepted topics on the grid after the plan (pinned and kept ones included)."""
    unplaced: int
    votes_placed: int
    votes_unplaced: int
    slot_cost: int
    """Sum over placed topics of (votes + 1) x rank of their cell; lower is better."""
    proven: bool
    """The search finished: no placed set or cell choice better by the objective exists."""
    stopped: str = ""
    """"" when the search ran to its end, else the budget that stopped it early:
    "tries" or "time" (then the plan is the best found so far)."""

    def to_json(self) -> dict[str, object]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Plan:
    meetup: str
    moves: tuple[Move, ...]
    unplaced: tuple[Unplaced, ...]
    score: Score
    placements: dict[str, Placement]
    """Every accepted topic's placement after the plan."""
    keep_existing: bool = False


def priority(topic: Topic) -> tuple[int, str]:
    """Sort key: most votes first, then id."""
    return (-len(topic.votes), topic.id)


def room_ranking(data: MeetupData) -> list[str]:
    """Room ids best first: biggest capacity, then the meetup's order."""
    rooms = list(enumerate(data.meetup.rooms))
    rooms.sort(key=lambda ir: (-ir[1].capacity, ir[0]))
    return [r.id for _, r in rooms]


def plan(
    data: MeetupData,
    *,
    keep_existing: bool = False,
    node_budget: int = NODE_BUDGET,
    total_budget: int = TOTAL_BUDGET,
    seconds: float | None = SECONDS_BUDGET,
) -> Plan:
    """Compute (never save) the best conflict-free placement of the accepted topics."""
    meetup = data.meetup
    days = sorted(d.date for d in meetup.days)
    day_index = {d: i for i, d in enumerate(days)}
    hours = {d.date: d for d in meetup.days}
    rooms = room_ranking(data)
    room_index = {r: i for i, r in enumerate(rooms)}
    grid = Grid(
        days=[
            (
                minutes(hours[d].start),
                minutes(hours[d].end),
                slot_starts(meetup, d),
                _break_mask(data, d),
            )
            for d in days
        ],
        rooms=len(rooms),
    )
    movable: list[Topic] = []
    fixed: list[Topic] = []
    for t in data.topics.values():
        if t.status == "duplicate":
            continue
        p = t.placement
        if p is None:
            if t.status == "accepted":
                movable.append(t)
            continue
        if p.pinned or t.status != "accepted" or keep_existing:
            fixed.append(t)
        else:
            movable.append(t)
    for t in fixed:
        assert t.placement is not None
        di = day_index.get(t.placement.day)
        if di is not None:
            start = minutes(t.placement.start)
            grid.block(di, room_index.get(t.placement.room), start, start + t.duration, t.required)
    movable.sort(key=priority)
    items = [Item(t.id, t.duration, tuple(dict.fromkeys(t.required))) for t in movable]
    packer = Packer(grid, items)
    gave_up = packer.solve(node_budget=node_budget, total_budget=total_budget, seconds=seconds)

    placements: dict[str, Placement] = {
        t.id: t.placement for t in fixed if t.placement is not None and t.status == "accepted"
    }
    moves: list[Move] = []
    slot_cost = 0
    for i, t in enumerate(movable):
        cell = packer.assigned.get(i)
        after = None
        if cell is not None:
            di, s, ri = cell
            after = Placement(day=days[di], start=time_of_day(s), room=rooms[ri])
            placements[t.id] = after
            slot_cost += (len(t.votes) + 1) * _rank(cell, grid)
        before = t.placement
        if before is None and after is None:
            continue
        if before is not None and after is not None and _same(before, after):
            continue
        moves.append(Move(t.id, t.title, len(t.votes), before, after))
    moves.sort(key=lambda m: _move_key(m, room_index))

    by_id = {t.id: t for t in movable}
    waiting = [by_id[items[i].key] for i in sorted(gave_up)]
    occupancy = Occupancy(data, placements)
    unplaced_list = tuple(
        Unplaced(
            t.id,
            t.title,
            len(t.votes),
            t.duration,
            explain(data, t, placements, searched=gave_up[i], occupancy=occupancy),
        )
        for i, t in zip(sorted(gave_up), waiting)
    )
    accepted = [t for t in data.topics.values() if t.status == "accepted"]
    votes_placed = sum(len(t.votes) for t in accepted if t.id in placements)
    score = Score(
        placed=len(placements),
        unplaced=len(unplaced_list),
        votes_placed=votes_placed,
        votes_unplaced=sum(u.votes for u in unplaced_list),
        slot_cost=slot_cost,
        proven=all(gave_up.values()),
        stopped=packer.stopped,
    )
    return Plan(meetup.id, tuple(moves), unplaced_list, score, placements, keep_existing)


def _break_mask(data: MeetupData, day: date) -> int:
    mask = 0
    for pause in breaks_on(data.meetup, day):
        mask |= span(pause.start, pause.end - pause.start)
    return mask


def _rank(cell: tuple[int, int, int], grid: Grid) -> int:
    """Position of a cell in the best-first order of all cells of the grid."""
    di, s, ri = cell
    before = sum(len(grid.days[d][2]) for d in range(di)) * grid.rooms
    return before + grid.days[di][2].index(s) * grid.rooms + ri


def _same(a: Placement, b: Placement) -> bool:
    return (a.day, a.start, a.room) == (b.day, b.start, b.room)


def _move_key(m: Move, room_index: dict[str, int]) -> tuple[object, ...]:
    p = m.after or m.before
    assert p is not None
    return (m.after is None, p.day, p.start, room_index.get(p.room, 99), m.topic)


# ------------------------------------------------------------------ reasons


class Occupancy:
    """Every session after a plan, indexed once by day and by person on a day.

    ``explain`` asks it which sessions overlap a time span; built once per plan, so the
    explanations cost (unplaced topics x slots x overlapping sessions), not x all topics.
    """

    def __init__(self, data: MeetupData, placements: dict[str, Placement]) -> None:
        self._days = _day_shapes(data.meetup)
        self.longest_stretch = max((shape[4] for shape in self._days), default=0)
        """The longest time between breaks on any day, in minutes."""
        self._slots: dict[int, tuple[list[tuple[date, int]], list[str]]] = {}
        rooms = {r.id for r in data.meetup.rooms}
        by_day: dict[date, list[tuple[int, int, str, str | None]]] = {}
        by_person: dict[tuple[date, str], list[tuple[int, int, str]]] = {}
        for t in data.topics.values():
            if t.status == "duplicate":
                continue
            p = placements.get(t.id) if t.status == "accepted" else t.placement
            if p is None:
                continue
            start = minutes(p.start)
            end = start + t.duration
            by_day.setdefault(p.day, []).append(
                (start, end, t.id, p.room if p.room in rooms else None)
            )
            for person in dict.fromkeys(t.required):
                by_person.setdefault((p.day, person), []).append((start, end, t.id))
        for sessions in by_day.values():
            sessions.sort()
        self._by_day = by_day
        self._starts = {day: [s[0] for s in sessions] for day, sessions in by_day.items()}
        self._by_person = by_person
        self._longest = max(
            (e - s for sessions in by_day.values() for s, e, _, _ in sessions), default=0
        )

    def slots_for(self, duration: int) -> tuple[list[tuple[date, int]], list[str]]:
        """Where a session this long fits the days and breaks, and the breaks that cut it."""
        known = self._slots.get(duration)
        if known is None:
            fits: list[tuple[date, int]] = []
            cut_by: dict[str, None] = {}
            for day, end, starts, pauses, _ in self._days:
                for s in starts:
                    if s + duration > end:
                        continue
                    hit = [p for p in pauses if s < p.end and p.start < s + duration]
                    if hit:
                        cut_by.update(
                            (f"{p.title} {hhmm(p.start)}-{hhmm(p.end)}", None) for p in hit
                        )
                        continue
                    fits.append((day, s))
            known = self._slots[duration] = (fits, sorted(cut_by))
        return known

    def rooms_taken(self, day: date, start: int, end: int, exclude: str) -> list[str]:
        """Sessions in a room that overlap ``[start, end)`` on ``day``."""
        sessions = self._by_day.get(day)
        if not sessions:
            return []
        starts = self._starts[day]
        lo = bisect.bisect_left(starts, start - self._longest)
        hi = bisect.bisect_left(starts, end)
        return [
            topic
            for s, e, topic, room in sessions[lo:hi]
            if e > start and room is not None and topic != exclude
        ]

    def person_busy(self, day: date, start: int, end: int, person: str, exclude: str) -> list[str]:
        """Sessions requiring ``person`` that overlap ``[start, end)`` on ``day``."""
        return [
            topic
            for s, e, topic in self._by_person.get((day, person), ())
            if s < end and start < e and topic != exclude
        ]


def _day_shapes(meetup: Meetup) -> list[tuple[date, int, list[int], list[Any], int]]:
    """Per day: (date, end, slot starts, breaks, longest stretch between breaks)."""
    shapes = []
    for hours in sorted(meetup.days, key=lambda h: h.date):
        begin, end = minutes(hours.start), minutes(hours.end)
        pauses = breaks_on(meetup, hours.date)
        edges = sorted({begin, end, *(p.start for p in pauses), *(p.end for p in pauses)})
        longest = 0
        for a, b in itertools.pairwise(edges):
            if a >= begin and b <= end and not any(p.start <= a < p.end for p in pauses):
                longest = max(longest, b - a)
        shapes.append((hours.date, end, slot_starts(meetup, hours.date), pauses, longest))
    return shapes


def explain(
    data: MeetupData,
    topic: Topic,
    placements: dict[str, Placement],
    *,
    searched: bool = True,
    occupancy: Occupancy | None = None,
) -> tuple[Reason, ...]:
    """Why ``topic`` fits nowhere, given the other sessions in ``placements`` (+ fixed ones)."""
    meetup = data.meetup
    if not meetup.days or not meetup.rooms:
        return (Reason("no-grid", "the meetup has no days or no rooms to schedule into"),)
    index = occupancy or Occupancy(data, placements)
    required = list(dict.fromkeys(topic.required))
    d = topic.duration
    busy: dict[str, set[str]] = {}
    room_blocked: set[str] = set()
    fits, cut_by = index.slots_for(d)
    for day, s in fits:
        who = [
            (person, o)
            for person in required
            for o in index.person_busy(day, s, s + d, person, topic.id)
        ]
        if who:
            for person, o in who:
                busy.setdefault(person, set()).add(o)
            continue
        room_blocked.update(index.rooms_taken(day, s, s + d, topic.id))
    fitting = len(fits)
    longest = index.longest_stretch
    reasons: list[Reason] = []
    if not fitting:
        reasons.append(
            Reason(
                "too-long",
                f"needs {d} min; the longest stretch between breaks is {longest} min",
            )
        )
        reasons.extend(Reason("break", f"would overlap {name}") for name in sorted(cut_by))
        return tuple(reasons)
    for person in sorted(busy):
        names = sorted(busy[person])
        reasons.append(
            Reason(
                "person-busy",
                f"{person} is busy in {', '.join(names)}",
                person=person,
                topics=tuple(names),
            )
        )
    if room_blocked:
        reasons.append(
            Reason(
                "no-room",
                f"no room is free for {d} min at the other times "
                f"({len(room_blocked)} sessions fill them)",
                topics=tuple(sorted(room_blocked)),
            )
        )
    if not searched:
        reasons.append(
            Reason(
                "search-limit",
                "the search stopped at its budget; moving sessions by hand may make room",
            )
        )
    return tuple(reasons)


# ------------------------------------------------------------------ preview and apply


def preview(data: MeetupData, result: Plan) -> MeetupData:
    """A copy of ``data`` with the plan's moves applied in memory (for dry runs)."""
    from meetup.store.workspace import MeetupData

    topics = dict(data.topics)
    for m in result.moves:
        topics[m.topic] = msgspec.structs.replace(topics[m.topic], placement=m.after)
    return MeetupData(data.meetup, topics, dict(data.actions))


def apply(ws: Workspace, meetup_id: str, result: Plan) -> list[Topic]:
    """Save the plan's moves; every move is checked before the first is written.

    Raises InvalidInput (nothing written) when the plan no longer matches the workspace,
    StaleWriteError (nothing written) when a topic file changed on disk, also while the
    moves are saved: they are one transaction.
    """
    from meetup.agenda import schedule
    from meetup.store import table

    data = ws.meetup(meetup_id)
    if result.meetup != meetup_id:
        raise InvalidInput("plan", f"the plan is for {result.meetup}, not {meetup_id}")
    days = {d.date: d for d in data.meetup.days}
    rooms = {r.id for r in data.meetup.rooms}
    for m in result.moves:
        topic = data.topics.get(m.topic)
        if topic is None:
            raise InvalidInput("plan", f"topic {m.topic} no longer exists")
        if topic.placement != m.before:
            raise InvalidInput("plan", f"{m.topic} was moved since the plan was made")
        if topic.status != "accepted" or (topic.placement and topic.placement.pinned):
            raise InvalidInput("plan", f"{m.topic} is no longer an unpinned accepted topic")
        if m.after is not None:
            hours = days.get(m.after.day)
            if hours is None or m.after.room not in rooms:
                raise InvalidInput("plan", f"{m.topic}: day or room no longer exists")
            start = minutes(m.after.start)
            if start < minutes(hours.start) or start + topic.duration > minutes(hours.end):
                raise InvalidInput("plan", f"{m.topic} no longer fits in {m.after.day}'s hours")
        rel = table.TOPIC.path(meetup_id, m.topic)
        if ws.store.changed_on_disk(rel):
            raise StaleWriteError(rel)
    saved: list[Topic] = []
    with ws.transaction():  # all moves or none, also when a file changes meanwhile
        for m in result.moves:
            if m.after is None:
                saved.append(schedule.unschedule(ws, meetup_id, m.topic))
            else:
                day, at, room = m.after.day, m.after.start, m.after.room
                saved.append(schedule.place(ws, meetup_id, m.topic, day, at, room))
    return saved
