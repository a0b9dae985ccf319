"""The search behind the automatic scheduler: topics packed into room x slot cells.

Times are minutes since midnight; the occupancy of a room or a person on a day is an int
bitmask over those minutes, so "does this interval collide" is one ``&``.  Everything
here is deterministic: candidates are tried in a fixed order, budgets count tries, never
seconds.

The objective (see ``meetup.autoschedule`` for the user-facing statement):
1. primary: the set of placed topics is lexicographically best in priority order
   (a topic is placed whenever it fits together with every higher-priority placed topic);
2. secondary: for that set, the vector of cell ranks in priority order is lexicographically
   smallest (the most-voted topic gets the best cell it can have, then the next, ...).
Feasibility is closed under removal (dropping a topic never breaks a schedule), so adding
topics one by one in priority order, each time asking "does a schedule exist for the chosen
set plus this topic?", yields the primary optimum; a depth-first search that assigns topics
in priority order and tries cells best-first finds the secondary optimum as its first
solution.  Both are exact whenever the search is not cut by its budget.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    """A topic to place: its index in priority order, duration and required people."""

    key: str
    duration: int
    people: tuple[str, ...]


@dataclass
class Grid:
    """Days, their usable starts and break masks, rooms in rank order, and fixed sessions."""

    days: list[tuple[int, int, list[int], int]]
    """Per day index: (start, end, slot starts, break mask)."""
    rooms: int
    """Number of rooms; room index 0 is the best."""
    room_busy: list[list[int]] = field(default_factory=list)
    person_busy: list[dict[str, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.room_busy:
            self.room_busy = [[0] * self.rooms for _ in self.days]
        if not self.person_busy:
            self.person_busy = [{} for _ in self.days]

    def block(
        self, day: int, room: int | None, start: int, end: int, people: Sequence[str]
    ) -> None:
        """Mark a fixed session (room None: the room is not on the grid)."""
        mask = span(start, end - start)
        if room is not None:
            self.room_busy[day][room] |= mask
        busy = self.person_busy[day]
        for p in people:
            busy[p] = busy.get(p, 0) | mask


def _all_busy(rooms: list[int]) -> int:
    """The minutes busy in every one of ``rooms``."""
    busy = -1
    for row in rooms:
        busy &= row
    return busy if rooms else 0


def span(start: int, length: int) -> int:
    return ((1 << max(length, 0)) - 1) << start


Cell = tuple[int, int, int]
"""(day index, start minute, room index): compared as tuples, smaller is better."""


class BudgetExceeded(Exception):
    """The search used up its tries (or its time: the argument says which) before deciding."""


class Packer:
    """Greedy placement plus an exact, budgeted depth-first repair."""

    def __init__(self, grid: Grid, items: Sequence[Item]) -> None:
        self.grid = grid
        self.items = list(items)
        self.base_rooms = [row[:] for row in grid.room_busy]
        self.base_people = [dict(d) for d in grid.person_busy]
        # Time-feasible starts per item: inside the day, clear of breaks and of the
        # fixed sessions of its people (those never move).
        self.starts: list[list[tuple[int, int, int]]] = []
        by_duration: dict[int, list[tuple[int, int, int]]] = {}
        for item in self.items:
            clear = by_duration.get(item.duration)
            if clear is None:
                clear = by_duration[item.duration] = [
                    (di, s, mask)
                    for di, (begin, end, starts, breaks) in enumerate(grid.days)
                    for s in starts
                    if begin <= s and s + item.duration <= end
                    for mask in (span(s, item.duration),)
                    if not breaks & mask
                ]
            fixed_people = [
                (di, bits)
                for p in item.people
                for di, fixed in enumerate(self.base_people)
                if (bits := fixed.get(p, 0))
            ]
            if not fixed_people:
                self.starts.append(clear)
                continue
            self.starts.append(
                [
                    (di, s, mask)
                    for di, s, mask in clear
                    if not any(fdi == di and bits & mask for fdi, bits in fixed_people)
                ]
            )
        self.room_busy = [row[:] for row in self.base_rooms]
        self.person_busy = [dict(d) for d in self.base_people]
        self.full = [_all_busy(row) for row in self.room_busy]
        """Per day: the minutes when every room is busy (no session can span them)."""
        self.assigned: dict[int, Cell] = {}
        self.nodes = 0
        self._room_minutes: int | None = None
        self._person_minutes: dict[str, int] = {}
        self.deadline: float | None = None
        self.stopped = ""
        """"", or the budget ("tries" or "time") that cut the whole search short."""

    # ------------------------------------------------------------ state

    def _put(self, i: int, cell: Cell) -> None:
        di, s, ri = cell
        mask = span(s, self.items[i].duration)
        self.room_busy[di][ri] |= mask
        self.full[di] = _all_busy(self.room_busy[di])
        busy = self.person_busy[di]
        for p in self.items[i].people:
            busy[p] = busy.get(p, 0) | mask
        self.assigned[i] = cell

    def _take(self, i: int) -> None:
        di, s, ri = self.assigned.pop(i)
        mask = ~span(s, self.items[i].duration)
        self.room_busy[di][ri] &= mask
        self.full[di] = _all_busy(self.room_busy[di])
        busy = self.person_busy[di]
        for p in self.items[i].people:
            busy[p] &= mask

    def _reset(self, assignment: dict[int, Cell]) -> None:
        self.room_busy = [row[:] for row in self.base_rooms]
        self.person_busy = [dict(d) for d in self.base_people]
        self.full = [_all_busy(row) for row in self.room_busy]
        self.assigned = {}
        for i, cell in sorted(assignment.items()):
            self._put(i, cell)

    def cells(self, i: int) -> list[Cell]:
        """Every cell where item ``i`` fits now, best first."""
        out: list[Cell] = []
        people = self.items[i].people
        full = self.full
        for di, s, mask in self.starts[i]:
            if full[di] & mask:
                continue
            busy = self.person_busy[di]
            if any(busy.get(p, 0) & mask for p in people):
                continue
            rooms = self.room_busy[di]
            out.extend((di, s, ri) for ri in range(self.grid.rooms) if not rooms[ri] & mask)
        return out

    def first_cell(self, i: int) -> Cell | None:
        people = self.items[i].people
        full = self.full
        for di, s, mask in self.starts[i]:
            if full[di] & mask:
                continue
            busy = self.person_busy[di]
            if any(busy.get(p, 0) & mask for p in people):
                continue
            rooms = self.room_busy[di]
            for ri in range(self.grid.rooms):
                if not rooms[ri] & mask:
                    return (di, s, ri)
        return None

    # ------------------------------------------------------------ search

    def solve(
        self, *, node_budget: int, total_budget: int, seconds: float | None = None
    ) -> dict[int, bool]:
        """Place items in priority order; returns item -> proven (False: budget cut).

        ``seconds`` bounds the exact search in time as well as in tries (the greedy pass
        always runs to the end); ``stopped`` then says which budget cut it, if any.
        """
        self.deadline = None if seconds is None else time.monotonic() + seconds
        self.stopped = ""
        unplaced: dict[int, bool] = {}
        spent = 0
        for i in range(len(self.items)):
            cell = self.first_cell(i)
            if cell is not None:
                self._put(i, cell)
                continue
            if not self.starts[i] or not self._could_fit(i):
                unplaced[i] = True
                continue
            budget = min(node_budget, total_budget - spent)
            if budget <= 0 or self._out_of_time():
                self.stopped = self.stopped or ("time" if budget > 0 else "tries")
                unplaced[i] = False
                continue
            before = dict(self.assigned)
            try:
                found = self._search([*sorted(before), i], budget)
            except BudgetExceeded as exc:
                found = None
                unplaced[i] = False
                if exc.args and exc.args[0] == "time":
                    self.stopped = "time"
            else:
                if found is None:
                    unplaced[i] = True
            spent += self.nodes
            if found is None:
                self._reset(before)
            else:
                self._reset(found)
        return unplaced

    def _out_of_time(self) -> bool:
        return self.deadline is not None and time.monotonic() > self.deadline

    def _could_fit(self, i: int) -> bool:
        """Necessary conditions: enough free room-minutes, and minutes for each person."""
        chosen = [*self.assigned, i]
        need = sum(self.items[j].duration for j in chosen)
        if need > self._free_room_minutes():
            return False
        for p in self.items[i].people:
            need_p = sum(self.items[j].duration for j in chosen if p in self.items[j].people)
            if need_p > self._free_person_minutes(p):
                return False
        return True

    def _free_room_minutes(self) -> int:
        """Room-minutes outside breaks and fixed sessions (they never change: computed once)."""
        if self._room_minutes is None:
            free = 0
            for di, (begin, end, _, breaks) in enumerate(self.grid.days):
                usable = span(begin, end - begin) & ~breaks
                free += sum(bin(usable & ~b).count("1") for b in self.base_rooms[di])
            self._room_minutes = free
        return self._room_minutes

    def _free_person_minutes(self, person: str) -> int:
        """A person's minutes outside breaks and their fixed sessions (computed once each)."""
        known = self._person_minutes.get(person)
        if known is None:
            known = 0
            for di, (begin, end, _, breaks) in enumerate(self.grid.days):
                fixed = self.base_people[di].get(person, 0)
                known += bin(span(begin, end - begin) & ~breaks & ~fixed).count("1")
            self._person_minutes[person] = known
        return known

    def _search(self, order: list[int], budget: int) -> dict[int, Cell] | None:
        """Depth-first over ``order`` (priority order), cells best first; first solution."""
        self._reset({})
        self.nodes = 0
        last = order[-1]
        stack: list[tuple[int, list[Cell], int]] = []
        depth = 0
        while True:
            if depth == len(order):
                return dict(self.assigned)
            if len(stack) == depth:
                stack.append((order[depth], self.cells(order[depth]), 0))
            i, options, k = stack[depth]
            if i in self.assigned:
                self._take(i)
            advanced = False
            while k < len(options):
                cell = options[k]
                k += 1
                self.nodes += 1
                if self.nodes > budget:
                    raise BudgetExceeded("tries")
                if not self.nodes & 255 and self._out_of_time():
                    raise BudgetExceeded("time")
                self._put(i, cell)
                # Forward check: the topic we are trying to add must still fit somewhere.
                if i != last and self.first_cell(last) is None:
                    self._take(i)
                    continue
                stack[depth] = (i, options, k)
                depth += 1
                advanced = True
                break
            if advanced:
                continue
            stack.pop()
            depth -= 1
            if depth < 0:
                return None
