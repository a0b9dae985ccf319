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

from meetup.init import init_workspace
from meetup.model import (
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
from meetup.workspace import load

PEOPLE = [
    # id, name, timezone
    ("amara-okafor", "Amara Okafor", "Africa/Lagos"),
    ("bjorn-lindqvist", "Björn Lindqvist", "Europe/Stockholm"),
    ("chen-wei", "Chen Wei", "Asia/Shanghai"),
    ("dana-whitfield", "Dana Whitfield", "America/New_York"),
    ("eitan-mizrahi", "Eitan Mizrahi", "Asia/Jerusalem"),
    ("fatima-zahra", "Fatima Zahra Benali", "Africa/Casablanca"),
    ("gustavo-ramos", "Gustavo Ramos", "America/Sao_Paulo"),
    ("hana-kobayashi", "Hana Kobayashi", "Asia/Tokyo"),
    ("ivan-petrov", "Ivan Petrov", "Europe/Moscow"),
    ("jo-mcallister", "Jo McAllister", "Europe/Dublin"),
    ("kiri-tane", "Kiri Tane", "Pacific/Auckland"),
    ("lena-vogel", "Lena Vogel", "Europe/Berlin"),
    ("marcus-bell", "Marcus Bell", "America/Chicago"),
    ("nadia-haddad", "Nadia Haddad", "Asia/Beirut"),
    ("oscar-lund", "Oscar Lund", "Europe/Oslo"),
    ("priya-raman", "Priya Raman", "Asia/Kolkata"),
    ("quinn-harper", "Quinn Harper", "America/Los_Angeles"),
    ("rosa-delgado", "Rosa Delgado", "Europe/Madrid"),
    ("sven-aalto", "Sven Aalto", "Europe/Helsinki"),
    ("tomas-novak", "Tomáš Novák", "Europe/Prague"),
    ("uma-sethi", "Uma Sethi", "America/Toronto"),
    ("victor-leclerc", "Victor Leclerc", "Europe/Paris"),
    ("wen-li", "Wen Li", "Asia/Singapore"),
    ("yusuf-demir", "Yusuf Demir", "Europe/Istanbul"),
    ("zoe-adams", "Zoe Adams", "Australia/Sydney"),
    ("aiko-sato", "Aiko Sato", "Asia/Tokyo"),
    ("ben-carter", "Ben Carter", "America/Denver"),
    ("clara-moss", "Clara Moss", "Europe/London"),
]

PROJECTS = [
    # id, name, ptl, liaisons
    (
        "nova",
        "Nova",
        "dana-whitfield",
        {"release": "ben-carter", "oslo": "aiko-sato", "vmt": "clara-moss"},
    ),
    ("neutron", "Neutron", "marcus-bell", {"bugs": "wen-li", "gate": "zoe-adams"}),
    ("swift", "Swift", "quinn-harper", {"vmt": "quinn-harper"}),
    ("cinder", "Cinder", "gustavo-ramos", {"release": "uma-sethi"}),
    ("glance", "Glance", "priya-raman", {}),
    ("keystone", "Keystone", "lena-vogel", {"vmt": "sven-aalto", "oslo": "tomas-novak"}),
    ("horizon", "Horizon", "rosa-delgado", {}),
    ("heat", "Heat", "kiri-tane", {"docs": "yusuf-demir"}),
    ("ceilometer", "Ceilometer", "chen-wei", {}),
    ("trove", "Trove", "eitan-mizrahi", {}),
    ("ironic", "Ironic", "jo-mcallister", {"qa": "oscar-lund"}),
    ("oslo", "Oslo", "bjorn-lindqvist", {}),
    ("infra", "Infrastructure", "ivan-petrov", {"gate": "ivan-petrov"}),
    ("docs", "Documentation", "amara-okafor", {}),
    ("qa", "QA", "hana-kobayashi", {}),
    ("release-mgmt", "Release Management", "victor-leclerc", {}),
]

MEETUP = "kilo-midcycle"
RSVPS = {
    "dana-whitfield": "accepted",
    "marcus-bell": "accepted",
    "quinn-harper": "tentative",
    "gustavo-ramos": "accepted",
    "priya-raman": "accepted",
    "lena-vogel": "accepted",
    "rosa-delgado": "needs-action",
    "kiri-tane": "accepted",
    "chen-wei": "tentative",
    "eitan-mizrahi": "declined",
    "jo-mcallister": "accepted",
    "bjorn-lindqvist": "accepted",
    "ivan-petrov": "accepted",
    "amara-okafor": "needs-action",
    "hana-kobayashi": "accepted",
    "victor-leclerc": "accepted",
}

D1, D2 = date(2027, 1, 26), date(2027, 1, 27)

TOPICS = [
    # id, title, proposer, projects, kind, duration, required, votes, status, placement
    (
        "liaison-roles",
        "Which cross-project liaison roles do we create?",
        "victor-leclerc",
        ["release-mgmt", "oslo", "qa"],
        "decision",
        60,
        ["victor-leclerc", "bjorn-lindqvist"],
        [
            "dana-whitfield",
            "marcus-bell",
            "lena-vogel",
            "kiri-tane",
            "bjorn-lindqvist",
            "ivan-petrov",
            "hana-kobayashi",
            "priya-raman",
            "gustavo-ramos",
        ],
        "accepted",
        (D1, time(9, 0), "main"),
    ),
    (
        "ptl-burnout",
        "PTL burnout and succession planning",
        "dana-whitfield",
        ["nova", "neutron"],
        "discussion",
        60,
        [],
        [
            "marcus-bell",
            "lena-vogel",
            "gustavo-ramos",
            "priya-raman",
            "jo-mcallister",
            "kiri-tane",
            "rosa-delgado",
            "victor-leclerc",
        ],
        "accepted",
        (D1, time(11, 0), "main"),
    ),
    (
        "release-delegation",
        "Delegating release management to liaisons",
        "victor-leclerc",
        ["release-mgmt", "nova", "cinder"],
        "decision",
        60,
        ["victor-leclerc"],
        [
            "dana-whitfield",
            "gustavo-ramos",
            "lena-vogel",
            "kiri-tane",
            "hana-kobayashi",
            "bjorn-lindqvist",
            "jo-mcallister",
        ],
        "accepted",
        (D1, time(13, 30), "main"),
    ),
    (
        "gate-triage",
        "Gate failure triage: who owns a red gate?",
        "ivan-petrov",
        ["infra", "qa", "neutron"],
        "working",
        60,
        ["ivan-petrov", "hana-kobayashi"],
        [
            "marcus-bell",
            "hana-kobayashi",
            "dana-whitfield",
            "jo-mcallister",
            "lena-vogel",
            "priya-raman",
        ],
        "accepted",
        (D1, time(11, 0), "breakout"),
    ),
    (
        "bug-rotation",
        "A bug triage rotation every project can copy",
        "marcus-bell",
        ["neutron", "nova", "cinder"],
        "working",
        60,
        ["marcus-bell"],
        ["dana-whitfield", "gustavo-ramos", "priya-raman", "kiri-tane", "chen-wei"],
        "accepted",
        (D1, time(13, 30), "breakout"),
    ),
    (
        "oslo-adoption",
        "Oslo library adoption: graduation, deprecations, liaisons",
        "bjorn-lindqvist",
        ["oslo", "nova", "keystone", "heat"],
        "discussion",
        60,
        ["bjorn-lindqvist"],
        ["lena-vogel", "kiri-tane", "dana-whitfield", "jo-mcallister", "chen-wei"],
        "accepted",
        (D2, time(9, 0), "main"),
    ),
    (
        "vuln-contacts",
        "Vulnerability contacts for every project",
        "lena-vogel",
        ["keystone", "swift", "nova"],
        "decision",
        30,
        ["lena-vogel"],
        ["quinn-harper", "dana-whitfield", "victor-leclerc", "marcus-bell"],
        "accepted",
        (D2, time(11, 0), "main"),
    ),
    (
        "ptl-vs-program-lead",
        "Project vs program technical lead: what does the title mean?",
        "kiri-tane",
        ["heat", "docs"],
        "discussion",
        60,
        [],
        ["amara-okafor", "rosa-delgado", "priya-raman", "lena-vogel"],
        "accepted",
        None,
    ),
    (
        "stable-branch-liaisons",
        "Stable branch liaisons and the backport policy",
        "gustavo-ramos",
        ["cinder", "nova", "neutron"],
        "decision",
        30,
        [],
        ["dana-whitfield", "marcus-bell", "jo-mcallister"],
        "accepted",
        None,
    ),
    (
        "docs-in-tree",
        "Moving install docs into project trees",
        "amara-okafor",
        ["docs", "nova", "neutron", "horizon"],
        "discussion",
        60,
        ["amara-okafor"],
        ["rosa-delgado", "kiri-tane", "priya-raman"],
        "proposed",
        None,
    ),
    (
        "cross-project-specs",
        "A cross-project specs repository",
        "jo-mcallister",
        ["ironic", "nova", "release-mgmt"],
        "decision",
        60,
        [],
        ["dana-whitfield", "victor-leclerc", "hana-kobayashi"],
        "proposed",
        None,
    ),
    (
        "qa-liaison-tempest",
        "QA liaisons and Tempest test ownership",
        "hana-kobayashi",
        ["qa", "nova", "neutron", "cinder"],
        "working",
        60,
        ["hana-kobayashi"],
        ["marcus-bell", "gustavo-ramos"],
        "proposed",
        None,
    ),
    (
        "meeting-times",
        "Rotating meeting times across time zones",
        "kiri-tane",
        ["heat", "ceilometer"],
        "discussion",
        30,
        [],
        ["chen-wei", "hana-kobayashi"],
        "proposed",
        None,
    ),
    (
        "ceilometer-load",
        "Ceilometer load on the gate",
        "chen-wei",
        ["ceilometer", "infra"],
        "working",
        30,
        ["chen-wei", "ivan-petrov"],
        ["ivan-petrov"],
        "proposed",
        None,
    ),
    (
        "trove-guest-images",
        "Trove guest images and who builds them",
        "eitan-mizrahi",
        ["trove", "infra"],
        "discussion",
        30,
        ["eitan-mizrahi"],
        [],
        "deferred",
        None,
    ),
    (
        "horizon-plugins",
        "Horizon plugin interface for other projects",
        "rosa-delgado",
        ["horizon", "heat", "trove"],
        "presentation",
        30,
        [],
        ["kiri-tane"],
        "proposed",
        None,
    ),
    (
        "release-liaison-dup",
        "Release liaison for every project",
        "gustavo-ramos",
        ["release-mgmt", "cinder"],
        "decision",
        30,
        [],
        [],
        "duplicate",
        None,
    ),
    (
        "summit-feedback",
        "Feedback on the design summit format",
        "priya-raman",
        ["glance", "docs"],
        "discussion",
        30,
        [],
        ["amara-okafor"],
        "rejected",
        None,
    ),
]


def build(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    init_workspace(target, name="OpenStack PTLs (demo)")
    ws = load(target)
    ws.save_settings(
        Settings(name="OpenStack PTLs (demo)", domain="demo.meetup.example.org", timezone="UTC")
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
                Room(id="main", name="Main room", capacity=40),
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
