"""The date poll of a meetup: candidate date ranges, answers of the invited, a ranking.

Stored in ``meetups/<meetup>/poll.toml`` and loaded here, lazily (not by meetup.store.loading.load).
Each option is a start date and 1-4 days; each invited attendee answers yes, maybe (if need
be) or no, and may change the answer.  Options rank by most yes, then fewest no, then most
maybe, then the earliest start.  Choosing an option sets the meetup's days, keeping each
day's hours from its first existing day (else 09:00-17:30); placed sessions on days that
disappear make it refuse, unless ``force``, which takes them off the grid and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING

import msgspec

from meetup import clock
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.fields import year_problem
from meetup.store.records import POLL_ANSWERS, DatePoll, Day, PollAnswer, PollOption

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

LABELS = {"yes": "yes", "maybe": "if need be", "no": "no"}


def load_poll(ws: Workspace, meetup_id: str) -> DatePoll:
    """The meetup's poll (an empty one when there is no poll file yet)."""
    return ws.read_poll(meetup_id)


def option_id(start: date, days: int) -> str:
    return f"{start.isoformat()}-{days}d"


def parse_option(start: str, days: str, label: str = "") -> tuple[date, int, str]:
    """A poll option as typed (``2027-02-02``, ``2``): its start, length and label."""
    try:
        first = date.fromisoformat(start.strip())
    except ValueError:
        raise InvalidInput("start", "a date like 2027-02-02") from None
    try:
        length = int(days.strip())
    except ValueError:
        length = 0
    if not 1 <= length <= 4:
        raise InvalidInput("days", "a number from 1 to 4")
    return first, length, label.strip()


def when(start: date, today: date | None = None, *, weekday: bool = True) -> str:
    """``Tue 26 Jan``, with the year when it is not this year's: ``Tue 26 Jan 2027``."""
    today = today or clock.now().date()
    text = f"{start:%a %d %b}" if weekday else f"{start:%d %b}"
    return text if start.year == today.year else f"{text} {start.year}"


def add_option(
    ws: Workspace,
    meetup_id: str,
    start: date,
    days: int,
    label: str = "",
    today: date | None = None,
) -> PollOption:
    """Add a date option; one that starts before ``today`` (the clock's) is refused."""
    if not 1 <= days <= 4:
        raise InvalidInput("days", "a meetup lasts 1 to 4 days")
    problem = year_problem(start) or year_problem(start + timedelta(days=days - 1))
    if problem:
        raise InvalidInput("start", problem)
    today = today or clock.now().date()
    if start < today:
        raise InvalidInput("start", f"{start.isoformat()} is in the past (today is {today})")
    poll = load_poll(ws, meetup_id)
    ident = option_id(start, days)
    if any(o.id == ident for o in poll.options):
        raise InvalidInput("start", f"the poll already has {ident}")
    option = PollOption(id=ident, start=start, days=days, label=label.strip())
    options = sorted([*poll.options, option], key=lambda o: (o.start, o.days))
    ws.save_poll(meetup_id, msgspec.structs.replace(poll, options=options))
    return option


def remove_option(ws: Workspace, meetup_id: str, option: str) -> None:
    poll = load_poll(ws, meetup_id)
    _option(poll, option)
    options = [o for o in poll.options if o.id != option]
    chosen = None if poll.chosen == option else poll.chosen
    ws.save_poll(meetup_id, msgspec.structs.replace(poll, options=options, chosen=chosen))


def answer(ws: Workspace, meetup_id: str, person: str, option: str, value: str) -> PollOption:
    """Record (or change) ``person``'s answer; only invited attendees may answer."""
    if value not in POLL_ANSWERS:
        raise InvalidInput("answer", f"answer yes, maybe or no, not {value!r}")
    invited = {a.person for a in ws.meetup(meetup_id).meetup.attendees}
    if person not in invited:
        raise InvalidInput("person", f"{person} is not invited to {meetup_id}")
    poll = load_poll(ws, meetup_id)
    current = _option(poll, option)
    answers: dict[str, PollAnswer] = dict(current.answers)
    answers[person] = value
    updated = msgspec.structs.replace(current, answers=dict(sorted(answers.items())))
    options = [updated if o.id == option else o for o in poll.options]
    ws.save_poll(meetup_id, msgspec.structs.replace(poll, options=options))
    return updated


@dataclass(frozen=True)
class Tally:
    option: PollOption
    yes: int
    maybe: int
    no: int
    waiting: int
    """Invited people who have not answered."""

    @property
    def end(self) -> date:
        return self.option.start + timedelta(days=self.option.days - 1)

    def to_json(self) -> dict[str, object]:
        o = self.option
        return {
            "id": o.id,
            "start": o.start.isoformat(),
            "days": o.days,
            "label": o.label,
            "yes": self.yes,
            "maybe": self.maybe,
            "no": self.no,
            "waiting": self.waiting,
            "answers": dict(o.answers),
        }


def ranking(ws: Workspace, meetup_id: str, poll: DatePoll | None = None) -> list[Tally]:
    """Options best first: most yes, fewest no, most maybe, earliest."""
    poll = poll or load_poll(ws, meetup_id)
    invited = [a.person for a in ws.meetup(meetup_id).meetup.attendees]
    out = []
    for o in poll.options:
        votes = [o.answers.get(p) for p in invited]
        out.append(
            Tally(o, votes.count("yes"), votes.count("maybe"), votes.count("no"), votes.count(None))
        )
    out.sort(key=lambda t: (-t.yes, t.no, -t.maybe, t.option.start, t.option.id))
    return out


@dataclass(frozen=True)
class Choice:
    option: PollOption
    days: list[date]
    unscheduled: list[str]
    """Topics taken off the grid because their day disappeared (only with force)."""
    dropped_breaks: int


def choose(ws: Workspace, meetup_id: str, option: str, *, force: bool = False) -> Choice:
    """Set the meetup's days from a poll option (see the module doc for the rules)."""
    from meetup.agenda import schedule
    from meetup.store.workspace import validate

    data = ws.meetup(meetup_id)
    poll = load_poll(ws, meetup_id)
    picked = _option(poll, option)
    meetup = data.meetup
    first = min(meetup.days, key=lambda d: d.date, default=None)
    begin, end = (first.start, first.end) if first else (time(9), time(17, 30))
    dates = [picked.start + timedelta(days=i) for i in range(picked.days)]
    kept = set(dates)
    stranded = sorted(
        t.id
        for t in data.topics.values()
        if t.placement is not None and t.placement.day not in kept and t.status != "duplicate"
    )
    if stranded and not force:
        raise InvalidInput(
            "option",
            f"sessions are placed on days that would disappear: {', '.join(stranded)}; "
            "choose with force to take them off the grid",
        )
    breaks = [b for b in meetup.breaks if b.day is None or b.day in kept]
    updated = msgspec.structs.replace(
        meetup, days=[Day(date=d, start=begin, end=end) for d in dates], breaks=breaks
    )
    validate(updated)
    with ws.transaction():
        for topic_id in stranded:
            schedule.unschedule(ws, meetup_id, topic_id)
        ws.save_meetup(updated)
        ws.save_poll(meetup_id, msgspec.structs.replace(poll, chosen=option))
    return Choice(picked, dates, stranded, len(meetup.breaks) - len(breaks))


def _option(poll: DatePoll, option: str) -> PollOption:
    for o in poll.options:
        if o.id == option:
            return o
    raise NotFoundError(f"no poll option {option!r}")
