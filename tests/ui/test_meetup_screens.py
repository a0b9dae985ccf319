"""The meetup screens end to end: act in the TUI at 80x24, then check the files on disk."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Label, OptionList, Static

from meetup.store.workspace import load
from screens.app import MeetupApp, create_app
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, until

M = "kilo-midcycle"


async def open_meetup(app: MeetupApp, pilot: object, tab: str = "1") -> None:
    app.open_record("meetups", M)
    await pilot.pause()  # type: ignore[attr-defined]
    await pilot.press(tab)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


def cursor_key(table: DataTable) -> str:  # type: ignore[type-arg]
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


async def test_create_meetup_then_invite_all_ptls(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("m", "n")
        await pilot.pause()
        form = app.screen
        await pilot.press(*"Liberty")
        form.query_one("#timezone", Input).value = "America/New_York"
        form.query_one("#day1-date", Input).value = "2027-06-01"
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetupScreen"
        await pilot.press("2", "I")
        await pilot.pause()
        counts = str(app.screen.query_one("#attendees-counts", Static).render())
        assert "needs-action 16" in counts
    meetup = load(demo_dir).meetup("liberty").meetup
    assert meetup.timezone == "America/New_York"
    assert sum(a.role == "ptl" for a in meetup.attendees) == 16
    assert meetup.organizers == ["clara-moss"]


async def test_ptl_only_refusal_says_why(demo_dir: Path) -> None:
    before = (demo_dir / "meetups" / M / "meetup.toml").read_bytes()
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetup(app, pilot, "2")
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"aiko", "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#add-error", Label).render())
        assert "leads no project" in error and "PTL-only" in error
        assert type(app.screen).__name__ == "AddAttendeeDialog"
    assert (demo_dir / "meetups" / M / "meetup.toml").read_bytes() == before


async def test_rsvp_cycles_and_remove_asks_first(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetup(app, pilot, "2")
        table = app.screen.query_one("#attendees-table", DataTable)
        assert cursor_key(table) == "amara-okafor"
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("n")  # keep her
        await pilot.pause()
    meetup = load(demo_dir).meetup(M).meetup
    amara = next(a for a in meetup.attendees if a.person == "amara-okafor")
    assert amara.rsvp == "accepted"


async def test_propose_with_inline_error_vote_accept(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetup(app, pilot, "3")
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "needs a title" in str(app.screen.query_one("#error-title", Label).render())
        await pilot.press(*"Gate [flaky] tests", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetupScreen"
        table = app.screen.query_one("#topics-table", DataTable)
        assert cursor_key(table) == "gate-flaky-tests"
        assert "Gate [flaky] tests" in str(table.get_row("gate-flaky-tests")[3])
        await pilot.press("space")
        await pilot.pause()
        assert load(demo_dir).meetup(M).topics["gate-flaky-tests"].votes == ["clara-moss"]
        await pilot.press("space")
        await pilot.pause()
        assert load(demo_dir).meetup(M).topics["gate-flaky-tests"].votes == []
        await pilot.press("a")
        await pilot.pause()
    topic = load(demo_dir).meetup(M).topics["gate-flaky-tests"]
    assert (topic.title, topic.status, topic.proposer) == (
        "Gate [flaky] tests",
        "accepted",
        "clara-moss",
    )


async def test_search_then_mark_duplicate_merges_votes(demo_dir: Path) -> None:
    ws = load(demo_dir)
    target_votes = set(ws.meetup(M).topics["cross-project-specs"].votes)
    dup_votes = set(ws.meetup(M).topics["docs-in-tree"].votes)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetup(app, pilot, "3")
        await pilot.press("slash", *"install docs")
        await pilot.pause()
        table = app.screen.query_one("#topics-table", DataTable)
        assert table.row_count == 1 and cursor_key(table) == "docs-in-tree"
        await pilot.press("enter", "u")
        await pilot.pause()
        await pilot.press(*"specs", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "ConfirmDialog"
        await pilot.press("y")
        await pilot.pause()
    topics = load(demo_dir).meetup(M).topics
    assert topics["docs-in-tree"].status == "duplicate"
    assert topics["docs-in-tree"].duplicate_of == "cross-project-specs"
    merged = topics["cross-project-specs"].votes
    assert set(merged) == target_votes | dup_votes and len(merged) == len(set(merged))


async def test_place_move_conflict_unschedule_on_the_grid(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetup(app, pilot, "4")
        screen = app.screen
        unplaced = screen.query_one("#unplaced", OptionList)
        # The unplaced list, most voted first: ptl-vs-program-lead, stable-branch-liaisons
        await pilot.press("tab", "down", "enter")
        await pilot.pause()
        view = screen.query_one("#schedule-view")
        assert view.carrying == "stable-branch-liaisons"  # type: ignore[attr-defined]
        await pilot.press("right", "down", "down", "enter")  # Tue 10:00 breakout
        await pilot.pause()
        placement = load(demo_dir).meetup(M).topics["stable-branch-liaisons"].placement
        assert placement is not None
        assert (str(placement.start), placement.room) == ("10:00:00", "breakout")
        assert unplaced.option_count == 1
        # move it: pick up, two rows up (09:00), drop
        await pilot.press("p", "up", "up", "enter")
        await pilot.pause()
        placement = load(demo_dir).meetup(M).topics["stable-branch-liaisons"].placement
        assert placement is not None and str(placement.start) == "09:00:00"
        # into the main room, where liaison-roles runs: a conflict appears in the list
        await pilot.press("p", "left", "enter")
        await pilot.pause()
        conflicts = str(screen.query_one("#conflicts", Static).render())
        assert "room-double-booked" in conflicts
        grid = screen.query_one("#grid", DataTable)
        assert str(grid.get_cell_at(grid.cursor_coordinate)).startswith("! ")
        await pilot.press("u")
        await pilot.pause()
        assert "No conflicts" in str(screen.query_one("#conflicts", Static).render())
    topic = load(demo_dir).meetup(M).topics["stable-branch-liaisons"]
    assert topic.placement is None and topic.status == "accepted"
    assert load(demo_dir).meetup(M).topics["liaison-roles"].placement is not None


async def test_grid_by_mouse_and_undo(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetup(app, pilot, "4")
        screen = app.screen
        await pilot.click("#unplaced", offset=(3, 0))
        await pilot.pause()
        view = screen.query_one("#schedule-view")
        assert view.carrying == "ptl-vs-program-lead"  # type: ignore[attr-defined]
        # row 14:30 is the 12th slot; the header takes a row; breakout column ~x=30
        await pilot.click("#grid", offset=(30, 12))
        await pilot.pause()
        placement = load(demo_dir).meetup(M).topics["ptl-vs-program-lead"].placement
        assert placement is not None and placement.room == "breakout"
        assert str(placement.start) == "14:30:00"
        await pilot.press("z")
        await pilot.pause()
    assert load(demo_dir).meetup(M).topics["ptl-vs-program-lead"].placement is None


async def test_meetup_form_shows_errors_inline(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetup(app, pilot, "1")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        form.query_one("#timezone", Input).value = "Europe/Pari"
        form.query_one("#day2-end", Input).value = "08:00"
        await pilot.press("enter")
        await pilot.pause()
        assert "Europe/Paris" in str(form.query_one("#error-timezone", Label).render())
        assert "before it starts" in str(form.query_one("#error-day2", Label).render())
        await pilot.press("escape")
    assert load(demo_dir).meetup(M).meetup.timezone == "Europe/Paris"


def test_open_record_selects_before_mount(demo_dir: Path) -> None:
    from screens.meetups import MeetupsScreen

    screen = MeetupsScreen()
    screen.select(M)
    assert screen._pending == M


async def test_who_are_you_is_asked_once_when_nobody_is_named(demo_dir: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from meetup import identity
    from screens.dialogs.pick import PickDialog

    monkeypatch.delenv("MEETUP_USER")
    monkeypatch.setattr(identity, "git_email", lambda root: "")
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_meetup(app, pilot, "3")
        assert pilot.app.screen.acting is None
        table = app.screen.query_one("#topics-table", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        table.focus()
        await pilot.pause()
        await pilot.press("space")  # a vote needs a voter: "who are you?"
        await on_screen(pilot, PickDialog)
        await pilot.press(*"dana", "enter")
        await until(pilot, lambda: identity.picked() == "dana-whitfield")
        await until(pilot, lambda: "Dana" in str(pilot.app.screen.sub_title))
    assert identity.picked() == "dana-whitfield"
