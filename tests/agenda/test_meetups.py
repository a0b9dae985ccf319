"""meetup/meetups.py, meetup/attendees.py and meetup/topics.py on a copy of the demo."""

from __future__ import annotations

from datetime import date, time

import pytest

from meetup.agenda import attendees, meetups, topics
from meetup.agenda.meetups import DayDraft, MeetupDraft
from meetup.agenda.topics import TopicDraft
from meetup.store import table
from meetup.store.errors import InvalidInput
from meetup.store.loading import load
from meetup.store.workspace import Workspace

M = "kilo-midcycle"


def draft(**kw: object) -> MeetupDraft:
    d = MeetupDraft(
        title="Liberty mid-cycle",
        cycle="Liberty",
        timezone="America/New_York",
        days=[DayDraft("2027-06-01", "09:00", "17:00"), DayDraft("2027-06-02", "9", "12:30")],
    )
    for key, value in kw.items():
        setattr(d, key, value)
    return d


# ------------------------------------------------------------------ meetups


def test_create_meetup_with_slug_and_organizer(ws: Workspace) -> None:
    m = meetups.create_meetup(ws, draft(), organizer="clara-moss")
    assert m.id == "liberty-mid-cycle"
    again = load(ws.root).meetup("liberty-mid-cycle").meetup
    assert again.days[1].end == time(12, 30) and again.timezone == "America/New_York"
    assert again.organizers == ["clara-moss"] and again.attendees[0].role == "organizer"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": "  "}, "title", "needs a title"),
        ({"ident": M}, "id", "already exists"),
        ({"timezone": "Europe/Pariss"}, "timezone", "Europe/Paris"),
        ({"days": [DayDraft("2027-06-01", "17:00", "09:00")]}, "day1", "before it starts"),
        ({"days": [DayDraft(f"2027-06-0{i}") for i in range(1, 6)]}, "days", "at most 4"),
        ({"days": []}, "day1", "at least one"),
        ({"days": [DayDraft("June 1")]}, "day1", "YYYY-MM-DD"),
        ({"slot_minutes": "2"}, "slot_minutes", "between 5 and 240"),
    ],
)
def test_meetup_form_errors(ws: Workspace, changes: dict, field: str, words: str) -> None:
    bad = draft(**changes)
    before = set(ws.meetups)
    assert words in meetups.meetup_errors(ws, bad)[field]
    with pytest.raises(InvalidInput):
        meetups.create_meetup(ws, bad)
    assert set(load(ws.root).meetups) == before


def test_timezone_suggestions() -> None:
    assert meetups.timezone_suggestions("europe/pa") == ["Europe/Paris"]
    assert "America/New_York" in meetups.timezone_suggestions("new_y")
    assert meetups.timezone_suggestions("") == []


def test_update_meetup_keeps_id_and_refuses_dropping_a_scheduled_day(ws: Workspace) -> None:
    d = meetups.draft_of(ws.meetup(M).meetup)
    d.title = "Kilo [mid]-cycle"
    meetups.update_meetup(ws, M, d)
    assert load(ws.root).meetup(M).meetup.title == "Kilo [mid]-cycle"
    d.days = d.days[:1]
    with pytest.raises(InvalidInput, match="unschedule"):
        meetups.update_meetup(ws, M, d)


def test_rooms(ws: Workspace) -> None:
    room = meetups.add_room(ws, M, "Board room", 8)
    assert room.id == "board-room"
    meetups.rename_room(ws, M, "board-room", "Library")
    assert [r.name for r in load(ws.root).meetup(M).meetup.rooms][-1] == "Library"
    with pytest.raises(InvalidInput, match="already a room"):
        meetups.add_room(ws, M, "main room")
    with pytest.raises(InvalidInput, match="scheduled topic"):
        meetups.remove_room(ws, M, "main")
    meetups.remove_room(ws, M, "board-room")
    assert [r.id for r in load(ws.root).meetup(M).meetup.rooms] == ["main", "breakout"]


def test_room_names_are_refused_in_words(ws: Workspace) -> None:
    for name, words in [("x" * 201, "at most 200 characters"), ("a\tb", "control characters")]:
        with pytest.raises(InvalidInput, match=words) as refused:
            meetups.add_room(ws, M, name)
        assert refused.value.field == "name" and "Expected" not in refused.value.message
        with pytest.raises(InvalidInput, match=words):
            meetups.rename_room(ws, M, "main", name)
    assert [r.id for r in load(ws.root).meetup(M).meetup.rooms] == ["main", "breakout"]


def test_breaks(ws: Workspace) -> None:
    title, start, end = meetups.parse_break("Tea 16:00-16:15")
    assert (title, start, end) == ("Tea", time(16), time(16, 15))
    meetups.add_break(ws, M, title, start, end, date(2027, 1, 26))
    breaks = load(ws.root).meetup(M).meetup.breaks
    assert any(b.title == "Tea" and b.day == date(2027, 1, 26) for b in breaks)
    with pytest.raises(InvalidInput):
        meetups.add_break(ws, M, "Bad", time(12), time(11))
    with pytest.raises(InvalidInput):
        meetups.parse_break("lunch at noon")
    removed = meetups.remove_break(ws, M, 0)
    meetups.restore_break(ws, M, removed)
    assert len(load(ws.root).meetup(M).meetup.breaks) == 4


def test_a_break_outside_the_days_hours_is_refused(ws: Workspace) -> None:
    day = ws.meetup(M).meetup.days[0]
    hours = f"({day.start:%H:%M}-{day.end:%H:%M})"
    with pytest.raises(InvalidInput, match=r"20:00-21:00 is outside the day's hours") as refused:
        meetups.add_break(ws, M, "Dinner", time(20), time(21))
    assert refused.value.field == "break" and hours in refused.value.message
    with pytest.raises(InvalidInput, match=r"outside the day's hours"):
        meetups.add_break(ws, M, "Early", time(7), time(8), day.date)
    assert not any(b.title in ("Dinner", "Early") for b in load(ws.root).meetup(M).meetup.breaks)


# ---------------------------------------------------------------- attendees


def test_invite_ptls_is_one_idempotent_action(ws: Workspace) -> None:
    m = meetups.create_meetup(ws, draft(), organizer="clara-moss")
    added = attendees.invite_ptls(ws, m.id)
    assert len(added) == 16 and "dana-whitfield" in added
    on_disk = load(ws.root).meetup(m.id).meetup
    nova = attendees.get_attendee(on_disk, "dana-whitfield")
    assert (nova.role, nova.projects, nova.rsvp) == ("ptl", ["nova"], "needs-action")
    before = ws.store.path(table.MEETUP.path(m.id)).read_bytes()
    assert attendees.invite_ptls(ws, m.id) == []
    assert ws.store.path(table.MEETUP.path(m.id)).read_bytes() == before


def test_ptl_only_policy(ws: Workspace) -> None:
    with pytest.raises(InvalidInput, match="leads no project: this meetup is PTL-only"):
        attendees.add_attendee(ws, M, "aiko-sato", "ptl")
    with pytest.raises(InvalidInput, match="PTL-only"):
        attendees.add_attendee(ws, M, "aiko-sato", "guest")
    with pytest.raises(InvalidInput, match="not an invited PTL"):
        attendees.add_attendee(ws, M, "aiko-sato", "delegate", "wen-li")
    with pytest.raises(InvalidInput, match="already has a delegate"):
        attendees.add_attendee(ws, M, "aiko-sato", "delegate", "eitan-mizrahi")
    delegate = attendees.add_attendee(ws, M, "aiko-sato", "delegate", "dana-whitfield")
    assert delegate.projects == ["nova"]
    attendees.add_attendee(ws, M, "ben-carter", "organizer")
    again = load(ws.root).meetup(M).meetup
    assert "ben-carter" in again.organizers
    with pytest.raises(InvalidInput, match="already invited"):
        attendees.add_attendee(ws, M, "ben-carter", "organizer")


def test_rsvp_remove_restore_counts_and_sort(ws: Workspace) -> None:
    attendees.set_rsvp(ws, M, "rosa-delgado", "declined")
    meetup = load(ws.root).meetup(M).meetup
    assert attendees.get_attendee(meetup, "rosa-delgado").rsvp == "declined"
    assert attendees.rsvp_counts(meetup) == {
        "needs-action": 1,
        "accepted": 13,
        "declined": 2,
        "tentative": 2,
    }
    assert attendees.next_rsvp("declined") == "needs-action"
    with pytest.raises(InvalidInput):
        attendees.set_rsvp(ws, M, "rosa-delgado", "maybe")
    with pytest.raises(InvalidInput, match="delegate first"):
        attendees.remove_attendee(ws, M, "eitan-mizrahi")
    gone = attendees.remove_attendee(ws, M, "rosa-delgado")
    assert "rosa-delgado" not in {a.person for a in load(ws.root).meetup(M).meetup.attendees}
    attendees.restore_attendee(ws, M, gone)
    declined = attendees.select(ws, ws.meetup(M).meetup, state="declined")
    assert [a.person for a in declined] == ["eitan-mizrahi", "rosa-delgado"]
    by_role = attendees.select(ws, ws.meetup(M).meetup, sort="role")
    assert by_role[0].role == "delegate"


def test_local_times(ws: Workspace) -> None:
    # bug-rotation: Tue 13:30 Paris, required marcus-bell
    times = attendees.local_times(ws, M, "bug-rotation")
    tz = ws.people["marcus-bell"].timezone
    assert times[0][0] == "marcus-bell" and times[0][1].endswith(tz)
    assert attendees.local_times(ws, M, "ptl-vs-program-lead") == []
    sessions = attendees.sessions_of(ws, M, "marcus-bell")
    assert [t.id for t, _ in sessions] == ["bug-rotation"]


# ------------------------------------------------------------------- topics


def test_propose_edit_and_errors(ws: Workspace) -> None:
    bad = TopicDraft(title="", duration="0", projects="nova, nope", required="ghost")
    errors = topics.topic_errors(ws, bad)
    assert set(errors) == {"title", "duration", "projects", "required"}
    with pytest.raises(InvalidInput):
        topics.propose(ws, M, bad)
    good = TopicDraft(
        title="Gate [flaky] tests",
        proposer="clara-moss",
        projects="nova, qa",
        duration="45",
        required="hana-kobayashi",
    )
    topic = topics.propose(ws, M, good)
    assert topic.id == "gate-flaky-tests"
    again = load(ws.root).meetup(M).topics["gate-flaky-tests"]
    assert again.title == "Gate [flaky] tests" and again.projects == ["nova", "qa"]
    assert topics.propose(ws, M, good).id == "gate-flaky-tests-2"
    good.duration = "60"
    assert topics.edit(ws, M, "gate-flaky-tests", good).duration == 60


def test_votes_toggle_once_per_attendee(ws: Workspace) -> None:
    assert topics.toggle_vote(ws, M, "meeting-times", "clara-moss") is True
    assert load(ws.root).meetup(M).topics["meeting-times"].votes[-1] == "clara-moss"
    assert topics.toggle_vote(ws, M, "meeting-times", "clara-moss") is False
    assert "clara-moss" not in load(ws.root).meetup(M).topics["meeting-times"].votes
    with pytest.raises(InvalidInput, match="only attendees vote"):
        topics.toggle_vote(ws, M, "meeting-times", "aiko-sato")
    with pytest.raises(InvalidInput, match="duplicate"):
        topics.toggle_vote(ws, M, "release-liaison-dup", "clara-moss")


def test_backlog_and_search(ws: Workspace) -> None:
    ranked = topics.backlog(ws.meetup(M))
    assert ranked[0].id == "liaison-roles" and ranked[-1].status == "duplicate"
    votes = [len(t.votes) for t in ranked if t.status != "duplicate"]
    assert votes == sorted(votes, reverse=True)
    assert [t.id for t in topics.search(ws.meetup(M), "TEMPEST")] == ["qa-liaison-tempest"]
    assert {t.id for t in topics.search(ws.meetup(M), "trove")} >= {"trove-guest-images"}


def test_triage_statuses(ws: Workspace) -> None:
    topics.set_status(ws, M, "meeting-times", "accepted")
    assert load(ws.root).meetup(M).topics["meeting-times"].status == "accepted"
    rejected = topics.set_status(ws, M, "vuln-contacts", "rejected")
    assert rejected.placement is None and rejected.sequence == 1
    with pytest.raises(InvalidInput):
        topics.set_status(ws, M, "meeting-times", "duplicate")


def test_mark_duplicate_merges_votes(ws: Workspace) -> None:
    before = ws.meetup(M).topics
    expected = list(before["cross-project-specs"].votes) + [
        v for v in before["docs-in-tree"].votes if v not in before["cross-project-specs"].votes
    ]
    topics.mark_duplicate(ws, M, "docs-in-tree", "cross-project-specs")
    again = load(ws.root).meetup(M).topics
    assert again["cross-project-specs"].votes == expected
    assert len(set(expected)) == len(expected)
    dup = again["docs-in-tree"]
    assert (dup.status, dup.duplicate_of, dup.votes) == ("duplicate", "cross-project-specs", [])
    with pytest.raises(InvalidInput, match="itself a duplicate"):
        topics.mark_duplicate(ws, M, "meeting-times", "docs-in-tree")
    with pytest.raises(InvalidInput):
        topics.mark_duplicate(ws, M, "meeting-times", "meeting-times")
    assert ws.store.path(table.TOPIC.path(M, "meeting-times")).exists()
