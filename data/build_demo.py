"""Rebuild the bundled demo workspace in ``data/demo`` through meetup's own API.

Run from the repository root: ``python data/build_demo.py``.  Going through the
workspace API means every file is validated and written in canonical bytes.  The people
are fictional; the projects are OpenStack's of the Kilo era.
"""

from __future__ import annotations

import shutil
import sys
from datetime import date, datetime, time, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from demo_content import D1, D2, MEETUP, PEOPLE, PROJECTS, RSVPS, TOPICS

from meetup.store.init import init_workspace
from meetup.store.records import (
    ActionItem,
    Attendee,
    Break,
    Candidate,
    Day,
    Election,
    Issue,
    LogEntry,
    Meetup,
    Person,
    Placement,
    Project,
    Room,
    Settings,
    Timeline,
    Topic,
)
from meetup.store.workspace import load


def build(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    init_workspace(target, name="OpenStack PTLs (demo)")
    ws = load(target)
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
    ptl_of = {ptl: pid for pid, _, ptl, _ in PROJECTS}
    attendees = [
        Attendee(person=ptl, role="ptl", projects=[ptl_of[ptl]], rsvp=rsvp)
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
            timezone="Europe/Paris",
            venue="Maison des Associations, Paris",
            address="12 rue Example, 75011 Paris",
            description="Two days for PTLs only: project management, liaisons and the "
            "cross-project issues that no single project can fix.",
            days=[
                Day(date=D1, start=time(9), end=time(17, 30)),
                Day(date=D2, start=time(9), end=time(16)),
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
                Break(title="Coffee", start=time(10, 30), end=time(11)),
                Break(title="Lunch", start=time(12, 30), end=time(13, 30)),
                Break(title="Coffee", start=time(15), end=time(15, 30)),
            ],
            ptl_only=True,
            organizers=["clara-moss"],
            attendees=attendees,
        )
    )
    for (
        tid,
        title,
        proposer,
        projects,
        kind,
        duration,
        required,
        votes,
        status,
        placement,
    ) in TOPICS:
        ws.save_topic(
            MEETUP,
            Topic(
                id=tid,
                title=title,
                proposer=proposer,
                projects=projects,
                kind=kind,
                duration=duration,
                required=required,
                votes=votes,
                status=status,
                duplicate_of="release-delegation" if status == "duplicate" else None,
                placement=Placement(day=placement[0], start=placement[1], room=placement[2])
                if placement
                else None,
                description=f"Proposed by {proposer} for the Kilo mid-cycle.",
                notes="- Agreed: every project names a release liaison by kilo-2.\n"
                "- The PTL stays the default when nobody volunteers.\n"
                if tid == "liaison-roles"
                else "",
            ),
        )
    ws.save_action(
        MEETUP,
        ActionItem(
            id="publish-liaison-list",
            title="Publish the liaison list on the wiki",
            owner="victor-leclerc",
            due=date(2027, 2, 5),
            topic="liaison-roles",
        ),
    )
    ws.save_action(
        MEETUP,
        ActionItem(
            id="gate-triage-rota",
            title="Draft a gate triage rota with infra and QA",
            owner="ivan-petrov",
            due=date(2027, 2, 12),
            topic="gate-triage",
        ),
    )
    ws.save_action(
        MEETUP,
        ActionItem(
            id="vmt-contacts",
            title="Collect a named vulnerability contact from each project",
            owner="lena-vogel",
            due=date(2027, 2, 1),
            topic="vuln-contacts",
            status="open",
        ),
    )
    at = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
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
                    at=at,
                    author="ivan-petrov",
                    text="Top three failure signatures posted to the list.",
                )
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
    ws.save_election(
        Election(
            id="nova-ptl-l",
            title="Nova PTL election (L cycle)",
            kind="ptl",
            project="nova",
            seats=1,
            timeline=Timeline(
                nominations_open=datetime(2026, 11, 20, 0, 0, tzinfo=timezone.utc),
                nominations_close=datetime(2026, 12, 4, 23, 59, tzinfo=timezone.utc),
                voting_open=datetime(2026, 12, 7, 0, 0, tzinfo=timezone.utc),
                voting_close=datetime(2026, 12, 14, 23, 59, tzinfo=timezone.utc),
            ),
            candidates=[
                Candidate(
                    person="dana-whitfield",
                    statement="I would like to serve another cycle, with a named "
                    "liaison for every duty so the PTL is no bottleneck.",
                )
            ],
            roll=[pid for pid, _, _ in PEOPLE],
        )
    )
    ws.save_election(
        Election(
            id="neutron-release-liaison",
            title="Neutron release liaison",
            kind="liaison",
            project="neutron",
            area="release",
            seats=1,
            timeline=Timeline(
                nominations_open=datetime(2026, 11, 1, 0, 0, tzinfo=timezone.utc),
                nominations_close=datetime(2026, 11, 14, 23, 59, tzinfo=timezone.utc),
                voting_open=datetime(2026, 11, 17, 0, 0, tzinfo=timezone.utc),
                voting_close=datetime(2026, 12, 1, 23, 59, tzinfo=timezone.utc),
            ),
            candidates=[
                Candidate(
                    person="wen-li",
                    statement="Bug triage taught me the release calendar the hard way.",
                ),
                Candidate(person="zoe-adams", statement="I run the gate jobs already."),
                Candidate(
                    person="marcus-bell", statement="Until someone else steps up.", withdrawn=True
                ),
            ],
            roll=[
                "marcus-bell",
                "wen-li",
                "zoe-adams",
                "dana-whitfield",
                "ivan-petrov",
                "hana-kobayashi",
            ],
        )
    )
    (target / ".meetup.lock").unlink(missing_ok=True)
    reloaded = load(target)
    if reloaded.problems:
        raise SystemExit("\n".join(str(p) for p in reloaded.problems))


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / "demo")
    print("demo rebuilt")
