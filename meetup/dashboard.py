"""What the dashboard shows, computed from a workspace (the screen only renders it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import msgspec

from meetup.elections.phases import outcome, phase
from meetup.liaisons import roster
from meetup.listing import rsvp_counts
from meetup.store.fields import OPEN_ISSUE_STATUSES, PRIORITIES

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace


class MeetupSummary(msgspec.Struct, frozen=True):
    id: str
    title: str
    start: date | None
    end: date | None
    timezone: str
    invited: int
    accepted: int
    declined: int
    tentative: int
    pending: int
    topics: int


class IssueSummary(msgspec.Struct, frozen=True):
    id: str
    title: str
    priority: str
    status: str
    projects: tuple[str, ...]


class ElectionSummary(msgspec.Struct, frozen=True):
    id: str
    title: str
    kind: str
    phase: str
    outcome: str
    candidates: int


class LiaisonSummary(msgspec.Struct, frozen=True):
    gaps: tuple[tuple[str, str], ...]
    """(project, area) with nobody holding the duty."""
    fallbacks: int
    """Duties held by the PTL only because nobody else is named."""
    named: int


def upcoming_meetups(ws: Workspace, today: date) -> list[MeetupSummary]:
    """Meetups that have not ended, soonest first; then past ones, latest first."""
    summaries = []
    for data in ws.meetups.values():
        m = data.meetup
        counts = rsvp_counts(data)
        summaries.append(
            MeetupSummary(
                id=m.id,
                title=m.title,
                start=m.days[0].date if m.days else None,
                end=m.days[-1].date if m.days else None,
                timezone=m.timezone,
                invited=len(m.attendees),
                accepted=counts["accepted"],
                declined=counts["declined"],
                tentative=counts["tentative"],
                pending=counts["needs-action"],
                topics=len(data.topics),
            )
        )
    upcoming = sorted(
        (s for s in summaries if s.end is None or s.end >= today),
        key=lambda s: (s.start or date.max, s.id),
    )
    past = sorted(
        (s for s in summaries if s.end is not None and s.end < today),
        key=lambda s: (s.start or date.min, s.id),
        reverse=True,
    )
    return upcoming + past


def open_issues(ws: Workspace) -> list[IssueSummary]:
    """Open cross-project issues, most urgent first."""
    rank = {p: i for i, p in enumerate(PRIORITIES)}
    issues = [i for i in ws.issues.values() if i.status in OPEN_ISSUE_STATUSES]
    issues.sort(key=lambda i: (rank[i.priority], i.id))
    return [IssueSummary(i.id, i.title, i.priority, i.status, tuple(i.projects)) for i in issues]


def issue_counts(ws: Workspace) -> dict[str, int]:
    counts: dict[str, int] = dict.fromkeys(PRIORITIES, 0)
    for issue in ws.issues.values():
        if issue.status in OPEN_ISSUE_STATUSES:
            counts[issue.priority] += 1
    return counts


def liaison_summary(ws: Workspace) -> LiaisonSummary:
    assignments = roster(ws)
    return LiaisonSummary(
        gaps=tuple((a.project, a.area) for a in assignments if a.person is None),
        fallbacks=sum(1 for a in assignments if a.fallback),
        named=sum(1 for a in assignments if a.person and not a.fallback),
    )


def elections(ws: Workspace, now: datetime) -> list[ElectionSummary]:
    """Elections that are not closed first (by voting close), then closed ones."""
    order = {"voting": 0, "campaigning": 1, "nominations": 2, "upcoming": 3, "closed": 4}
    rows = [
        ElectionSummary(
            e.id,
            e.title,
            e.kind,
            phase(e, now),
            outcome(e),
            sum(1 for c in e.candidates if not c.withdrawn),
        )
        for e in ws.elections.values()
    ]
    rows.sort(key=lambda r: (order[r.phase], r.id))
    return rows
