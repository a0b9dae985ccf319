"""Build the demo workspace relative to a day, through meetup's own API.

Going through the API means every file is validated and written in canonical bytes, so
the same ``now`` gives the same bytes.  What is where, for a demo made on day T (UTC):

* ``kilo-midcycle``: Tuesday and Wednesday of the week six weeks after T (weekdays in its
  own timezone, Europe/Paris), two rooms, a scheduled agenda, minutes and action items due
  around T; with ``live=True`` it runs today instead (see :func:`_live_program`);
* ``liberty-midcycle``: the next meetup, its dates still in an open date poll;
* ``nova-ptl-l`` in nominations, ``neutron-release-liaison`` in voting with some ballots
  in, ``tc-2027`` closed with its result and a tie at the cut broken by a fixed seed.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

from meetup import clock
from meetup.demo.content import MEETUP, NEXT_MEETUP, PEOPLE, PROJECTS, RSVPS, TOPICS
from meetup.demo.elections import build_elections
from meetup.store.loading import load
from meetup.store.records import (
    ActionItem,
    Attendee,
    Break,
    DatePoll,
    Day,
    Issue,
    LogEntry,
    Meetup,
    Person,
    Placement,
    PollOption,
    Project,
    Room,
    Settings,
    Topic,
)
from meetup.store.workspace import Workspace

DEMO_MEETUP = MEETUP
MARKER = ".meetup-demo"
"""A file in the demo's root: the day (and mode) it was built for."""

WEEKS_AHEAD = 6
DAY_HOURS = ((time(9), time(17, 30)), (time(9), time(16)))
BREAKS = (
    ("Coffee", time(10, 30), time(11)),
    ("Lunch", time(12, 30), time(13, 30)),
    ("Coffee", time(15), time(15, 30)),
)
LIVE_ANCHORS = (time(11), time(13, 30))
"""Starts of the first day's slots where both rooms hold a session: a live demo puts now
just after one of them."""
VENUES = (
    ("Europe/Paris", "Maison des Associations, Paris", "12 rue Example, 75011 Paris"),
    ("Asia/Tokyo", "Community Hall, Tokyo", "1-2-3 Example, Shibuya, Tokyo"),
    ("America/New_York", "Community Center, New York", "123 Example Ave, New York, NY"),
)


def demo_marker(now: datetime, live: bool) -> str:
    """What the marker file says for a demo built at ``now``."""
    stamp = now.astimezone(timezone.utc)
    return f"{stamp:%Y-%m-%dT%H:%M}Z live\n" if live else f"{stamp:%Y-%m-%d} planning\n"


def is_current_demo(root: Path, now: datetime | None = None, live: bool = False) -> bool:
    """True if ``root`` holds a demo built today (a live one: this very minute)."""
    try:
        text = (Path(root) / MARKER).read_text()
    except OSError:
        return False
    return text == demo_marker(now or clock.now(), live)


def build_demo(
    target: Path, now: datetime | None = None, *, live: bool = False, replace: bool = True
) -> None:
    """Write the demo workspace as of ``now`` into ``target``: replacing the folder, or
    with ``replace=False`` adding to what is there (a fresh git clone, say)."""
    import tempfile

    now = (now or clock.now()).astimezone(timezone.utc).replace(second=0, microsecond=0)
    target = Path(target)
    # Built outside any git repository: the bytes must not depend on where it goes (the
    # caller sets up sharing for the real folder, see meetup.store.init.share_setup).
    with tempfile.TemporaryDirectory(prefix="meetup-demo-") as scratch:
        built = Path(scratch) / "demo"
        _build(built, now, live)
        if replace and target.exists():
            shutil.rmtree(target)
        shutil.copytree(built, target, dirs_exist_ok=True)


def copy_demo(target: Path, *, live: bool = False) -> None:
    """Build the demo for today (the clock, so ``MEETUP_NOW``) into ``target``, keeping
    what is there (a fresh git clone, say)."""
    build_demo(target, live=live, replace=False)


def _build(target: Path, now: datetime, live: bool) -> None:
    from meetup.sharing.driver import ensure_gitignore
    from meetup.store import table
    from meetup.store.files import LOCK_NAME, atomic_write
    from meetup.store.paths import data_dir
    from meetup.store.transaction import JOURNAL_NAME

    target.mkdir(parents=True)
    settings = table.encode(Settings(name="OpenStack PTLs (demo)"))
    atomic_write(target / table.SETTINGS.path(), settings)
    atomic_write(target / table.AREAS.path(), (data_dir() / "areas.toml").read_bytes())
    atomic_write(
        target / ".gitignore", f"{LOCK_NAME}\n{JOURNAL_NAME}\n.*.tmp\n.meetup-station\n".encode()
    )
    ensure_gitignore(target)
    ws = load(target, cache=False)  # often built in a folder that goes away
    today = now.date()
    ws.save_settings(
        Settings(
            name="OpenStack PTLs (demo)",
            domain="demo.meetup.example.org",
            timezone="UTC",
            etherpad_pattern="https://etherpad.example.org/p/{meetup}-{topic}",
        )
    )
    ws.save_people(
        Person(
            id=pid,
            name=name,
            email=f"{pid.replace('-', '.')}@example.org",
            timezone=tz,
            irc=pid.split("-")[0],
        )
        for pid, name, tz in PEOPLE
    )
    for pid, name, ptl, liaisons in PROJECTS:
        volunteers = {"vmt": ["oscar-lund"]} if pid == "glance" else {}
        ws.save_project(
            Project(id=pid, name=name, ptl=ptl, liaisons=liaisons, volunteers=volunteers)
        )
    _build_meetup(ws, now, live)
    _build_next_meetup(ws, today)
    _build_issues(ws, now)
    build_elections(ws, today)
    (target / ".meetup.lock").unlink(missing_ok=True)
    (target / MARKER).write_text(demo_marker(now, live))
    reloaded = load(target, cache=False)
    if reloaded.problems:
        raise RuntimeError("\n".join(str(p) for p in reloaded.problems))


# ------------------------------------------------------------------ the meetup


def first_day(today: date) -> date:
    """The Tuesday of the week six weeks after ``today``."""
    ahead = today + timedelta(weeks=WEEKS_AHEAD)
    return ahead + timedelta(days=(1 - ahead.weekday()) % 7)


def _shift(t: time, minutes: int) -> time:
    total = t.hour * 60 + t.minute + minutes
    return time(total // 60, total % 60)


def _live_program(now: datetime) -> tuple[str, str, str, date, int]:
    """Venue, first day and a shift in minutes that put ``now`` 0-14 minutes into a slot
    where every room has a session on the first day (the day must fit in one date)."""
    latest = max(end for _, end in DAY_HOURS)
    for tz, venue, address in VENUES:
        local = now.astimezone(ZoneInfo(tz))
        at = local.hour * 60 + local.minute
        for anchor in LIVE_ANCHORS:
            shift = (at - (anchor.hour * 60 + anchor.minute)) // 15 * 15
            start, end = 9 * 60 + shift, latest.hour * 60 + latest.minute + shift
            if start >= 0 and end < 24 * 60:
                return tz, venue, address, local.date(), shift
    raise RuntimeError("no venue has its meetup day around this time")  # pragma: no cover


def _build_meetup(ws: Workspace, now: datetime, live: bool) -> None:
    tz, venue, address = VENUES[0]
    shift = 0
    if live:
        tz, venue, address, d1, shift = _live_program(now)
    else:
        d1 = first_day(now.date())
    dates = (d1, d1 + timedelta(days=1))
    attendees = [
        Attendee(person=ptl, role="ptl", projects=[_ptl_of(ptl)], rsvp=cast(Any, rsvp))
        for ptl, rsvp in RSVPS.items()
    ]
    attendees.append(
        Attendee(
            person="wen-li",
            role="delegate",
            projects=["trove"],
            rsvp="accepted",
            delegate_for="eitan-mizrahi",
        )
    )
    attendees.append(Attendee(person="clara-moss", role="organizer", rsvp="accepted"))
    ws.save_meetup(
        Meetup(
            id=MEETUP,
            title="Kilo mid-cycle PTL meetup",
            cycle="Kilo",
            timezone=tz,
            venue=venue,
            address=address,
            description="Two days for PTLs only: project management, liaisons and the "
            "cross-project issues that no single project can fix.",
            days=[
                Day(date=day, start=_shift(start, shift), end=_shift(end, shift))
                for day, (start, end) in zip(dates, DAY_HOURS)
            ],
            rooms=[
                Room(
                    id="main",
                    name="Main room",
                    capacity=40,
                    video_url="https://meet.example.org/kilo-midcycle-main",
                ),
                Room(id="breakout", name="Breakout room", capacity=15),
            ],
            slot_minutes=30,
            breaks=[
                Break(title=title, start=_shift(start, shift), end=_shift(end, shift))
                for title, start, end in BREAKS
            ],
            ptl_only=True,
            organizers=["clara-moss"],
            attendees=attendees,
        )
    )
    zone = ZoneInfo(tz)
    for tid, title, proposer, projects, kind, duration, required, votes, status, at in TOPICS:
        placement = None
        progress: Any = None
        if at:
            day, start = dates[at[0] - 1], _shift(at[1], shift)
            placement = Placement(day=day, start=start, room=at[2])
            if live:
                begins = datetime.combine(day, start, tzinfo=zone)
                if begins + timedelta(minutes=duration) <= now:
                    progress = "done"
                elif begins <= now:
                    progress = "started"
        ws.save_topic(
            MEETUP,
            Topic(
                id=tid,
                title=title,
                proposer=proposer,
                projects=projects,
                kind=cast(Any, kind),
                duration=duration,
                required=required,
                votes=votes,
                status=cast(Any, status),
                duplicate_of="release-delegation" if status == "duplicate" else None,
                placement=placement,
                progress=progress,
                description=f"Proposed by {proposer} for the Kilo mid-cycle.",
                notes="- Agreed: every project names a release liaison by kilo-2.\n"
                "- The PTL stays the default when nobody volunteers.\n"
                if tid == "liaison-roles"
                else "",
            ),
        )
    today = now.date()
    for action in (
        ActionItem(
            id="publish-liaison-list",
            title="Publish the liaison list on the wiki",
            owner="victor-leclerc",
            due=dates[1] + timedelta(days=9),
            topic="liaison-roles",
        ),
        ActionItem(
            id="gate-triage-rota",
            title="Draft a gate triage rota with infra and QA",
            owner="ivan-petrov",
            due=today + timedelta(days=5),
            topic="gate-triage",
        ),
        ActionItem(
            id="vmt-contacts",
            title="Collect a named vulnerability contact from each project",
            owner="lena-vogel",
            due=today - timedelta(days=2),
            topic="vuln-contacts",
        ),
    ):
        ws.save_action(MEETUP, action)


def _ptl_of(person: str) -> str:
    return next(pid for pid, _, ptl, _ in PROJECTS if ptl == person)


def _build_next_meetup(ws: Workspace, today: date) -> None:
    """The next cycle's meetup: invited, no dates yet, a date poll open."""
    invited = ["dana-whitfield", "marcus-bell", "lena-vogel", "kiri-tane", "ivan-petrov"]
    ws.save_meetup(
        Meetup(
            id=NEXT_MEETUP,
            title="Liberty mid-cycle PTL meetup",
            cycle="Liberty",
            timezone="America/New_York",
            description="Dates to be chosen: answer the date poll.",
            rooms=[Room(id="main", name="Main room", capacity=30)],
            organizers=["clara-moss"],
            attendees=[
                *(
                    Attendee(person=p, role="ptl", projects=[_ptl_of(p)], rsvp="needs-action")
                    for p in invited
                ),
                Attendee(person="clara-moss", role="organizer", rsvp="accepted"),
            ],
        )
    )
    base = first_day(today) + timedelta(weeks=20)
    answers = (
        {"dana-whitfield": "yes", "marcus-bell": "yes", "lena-vogel": "maybe"},
        {"dana-whitfield": "no", "kiri-tane": "yes", "ivan-petrov": "yes", "lena-vogel": "yes"},
        {"marcus-bell": "maybe", "ivan-petrov": "no"},
    )
    options = []
    for week, given in enumerate(answers):
        start = base + timedelta(weeks=2 * week)
        options.append(
            PollOption(
                id=f"{start.isoformat()}-2d", start=start, days=2, answers=cast(Any, dict(given))
            )
        )
    ws.save_poll(NEXT_MEETUP, DatePoll(options=options))


# ------------------------------------------------------------------ issues


def _build_issues(ws: Workspace, now: datetime) -> None:
    day = datetime.combine(now.date(), time(9, 30), tzinfo=timezone.utc)
    issues = [
        Issue(
            id="gate-instability",
            title="Gate instability blocks merges across projects",
            projects=["nova", "neutron", "infra", "qa"],
            owner="ivan-petrov",
            area="gate",
            status="in-progress",
            priority="critical",
            links=["https://bugs.example.org/gate/1402"],
            topics=[f"{MEETUP}/gate-triage"],
            actions=[f"{MEETUP}/gate-triage-rota"],
            log=[
                LogEntry(
                    at=day - timedelta(days=22),
                    author="ivan-petrov",
                    text="Top three failure signatures posted to the list.",
                ),
                LogEntry(
                    at=day - timedelta(days=1),
                    author="hana-kobayashi",
                    text="Two of the three signatures are fixed; the third is a race.",
                ),
            ],
        ),
        Issue(
            id="missing-vuln-contacts",
            title="Projects without a named vulnerability contact",
            projects=["glance", "horizon", "heat", "ceilometer", "trove"],
            owner="lena-vogel",
            area="vmt",
            priority="high",
            topics=[f"{MEETUP}/vuln-contacts"],
            actions=[f"{MEETUP}/vmt-contacts"],
        ),
        Issue(
            id="oslo-messaging-upgrade",
            title="Upgrade to oslo.messaging 1.5 before kilo-2",
            projects=["nova", "cinder", "heat", "ceilometer"],
            owner="bjorn-lindqvist",
            area="oslo",
            priority="medium",
            topics=[f"{MEETUP}/oslo-adoption"],
        ),
        Issue(
            id="install-guide-drift",
            title="Install guides drift from the code",
            projects=["docs", "nova", "neutron"],
            owner="amara-okafor",
            area="docs",
            priority="low",
            status="open",
        ),
        Issue(
            id="stable-backports-lag",
            title="Stable backports lag behind security fixes",
            projects=["nova", "cinder", "neutron"],
            area="stable",
            priority="high",
            status="blocked",
        ),
    ]
    for issue in issues:
        ws.save_issue(issue)
