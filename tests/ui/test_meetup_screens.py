"""The meetup screens end to end: act in the TUI at 80x24, then check the files on disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, OptionList, Static

from meetup.store.loading import load
from screens.app import MeetupApp, create_app
from screens.dialogs.confirm import ConfirmDialog
from screens.dialogs.pick import PickDialog
from screens.forms.attendee import AddAttendeeDialog
from screens.forms.meetup import MeetupFormDialog
from screens.forms.topic import TopicFormDialog
from screens.meetup import MeetupScreen
from screens.meetups import MeetupsScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, text_of, until

M = "kilo-midcycle"


TABS = {"1": "overview", "2": "attendees", "3": "topics", "4": "schedule"}


async def open_meetup(app: MeetupApp, pilot: Any, tab: str = "1") -> MeetupScreen:
    app.open_record("meetups", M)
    screen = await on_screen(pilot, MeetupScreen)
    await pilot.press(*["right_square_bracket"] * (int(tab) - 1))  # from the first tab
    await until(pilot, lambda: screen.query_one("#meetup-tabs").active == TABS[tab])
    return screen


def rsvp_of(demo_dir: Path, person: str) -> str:
    meetup = load(demo_dir).meetup(M).meetup
    return next(a.rsvp for a in meetup.attendees if a.person == person)


def cursor_key(table: DataTable) -> str:  # type: ignore[type-arg]
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


async def test_create_meetup_then_invite_all_ptls(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        await on_screen(pilot, MeetupsScreen)
        await pilot.press("n")
        form = await on_screen(pilot, MeetupFormDialog)
        await pilot.press(*"Liberty")
        form.query_one("#timezone", Input).value = "America/New_York"
        form.query_one("#day1-date", Input).value = "2027-06-01"
        await pilot.press("enter")
        screen = await on_screen(pilot, MeetupScreen)
        await pilot.press("right_square_bracket", "I")
        counts = screen.query_one("#attendees-counts", Static)
        await until(pilot, lambda: "needs-action 16" in text_of(counts))
    meetup = load(demo_dir).meetup("liberty").meetup
    assert meetup.timezone == "America/New_York"
    assert sum(a.role == "ptl" for a in meetup.attendees) == 16
    assert meetup.organizers == ["clara-moss"]


async def test_ptl_only_refusal_says_why(demo_dir: Path) -> None:
    before = (demo_dir / "meetups" / M / "meetup.toml").read_bytes()
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetup(app, pilot, "2")
        await pilot.press("n")
        dialog = await on_screen(pilot, AddAttendeeDialog)
        await pilot.press(*"aiko", "enter")
        error = dialog.query_one("#person-error")
        await until(pilot, lambda: "leads no project" in text_of(error))
        assert "PTL-only" in text_of(error)
        assert app.screen is dialog
    assert (demo_dir / "meetups" / M / "meetup.toml").read_bytes() == before


async def test_rsvp_cycles_and_remove_asks_first(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meetup(app, pilot, "2")
        table = screen.query_one("#attendees-table", DataTable)
        assert cursor_key(table) == "amara-okafor"
        await pilot.press("r")
        await until(pilot, lambda: rsvp_of(demo_dir, "amara-okafor") == "accepted")
        await pilot.press("d")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("n")  # keep her
        await on_screen(pilot, MeetupScreen)
    meetup = load(demo_dir).meetup(M).meetup
    amara = next(a for a in meetup.attendees if a.person == "amara-okafor")
    assert amara.rsvp == "accepted"


async def test_propose_with_inline_error_vote_accept(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meetup(app, pilot, "3")
        await pilot.press("n")
        form = await on_screen(pilot, TopicFormDialog)
        await pilot.press("enter")
        error = form.query_one("#title-error")
        await until(pilot, lambda: "needs a title" in text_of(error))
        await pilot.press(*"Gate [flaky] tests")
        await until(pilot, lambda: not text_of(error))  # fixed: the error goes
        await pilot.press("enter")
        await on_screen(pilot, MeetupScreen)
        table = screen.query_one("#topics-table", DataTable)
        await until(pilot, lambda: cursor_key(table) == "gate-flaky-tests")
        assert "Gate [flaky] tests" in str(table.get_row("gate-flaky-tests")[3])

        def votes() -> list[str]:
            return load(demo_dir).meetup(M).topics["gate-flaky-tests"].votes

        await pilot.press("space")
        await until(pilot, lambda: votes() == ["clara-moss"])
        await pilot.press("space")
        await until(pilot, lambda: votes() == [])
        await pilot.press("a")
        await until(
            pilot, lambda: load(demo_dir).meetup(M).topics["gate-flaky-tests"].status == "accepted"
        )
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
        screen = await open_meetup(app, pilot, "3")
        await pilot.press("slash", *"install docs")
        table = screen.query_one("#topics-table", DataTable)
        await until(pilot, lambda: table.row_count == 1)
        assert cursor_key(table) == "docs-in-tree"
        await pilot.press("enter", "u")
        await on_screen(pilot, PickDialog)
        await pilot.press(*"specs", "enter")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await until(
            pilot, lambda: load(demo_dir).meetup(M).topics["docs-in-tree"].status == "duplicate"
        )
    topics = load(demo_dir).meetup(M).topics
    assert topics["docs-in-tree"].status == "duplicate"
    assert topics["docs-in-tree"].duplicate_of == "cross-project-specs"
    merged = topics["cross-project-specs"].votes
    assert set(merged) == target_votes | dup_votes and len(merged) == len(set(merged))


async def test_place_move_conflict_unschedule_on_the_grid(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meetup(app, pilot, "4")
        unplaced = screen.query_one("#unplaced", OptionList)
        view = screen.query_one("#schedule-view")

        def placed() -> str:
            p = load(demo_dir).meetup(M).topics["stable-branch-liaisons"].placement
            return f"{p.start} {p.room}" if p else ""

        # The unplaced list, most voted first: ptl-vs-program-lead, stable-branch-liaisons
        await pilot.press("tab", "down", "enter")
        await until(pilot, lambda: view.carrying == "stable-branch-liaisons")  # type: ignore[attr-defined]
        await pilot.press("right", "down", "down", "enter")  # Tue 10:00 breakout
        await until(pilot, lambda: placed() == "10:00:00 breakout")
        await until(pilot, lambda: unplaced.option_count == 1)
        # move it: pick up, two rows up (09:00), drop
        await pilot.press("p", "up", "up", "enter")
        await until(pilot, lambda: placed().startswith("09:00:00"))
        # into the main room, where liaison-roles runs: a conflict appears in the list
        await pilot.press("p", "left", "enter")
        conflicts = screen.query_one("#conflicts", Static)
        await until(pilot, lambda: "room-double-booked" in text_of(conflicts))
        grid = screen.query_one("#grid", DataTable)
        assert str(grid.get_cell_at(grid.cursor_coordinate)).startswith("! ")
        await pilot.press("u")
        await until(pilot, lambda: "No conflicts" in text_of(conflicts))
    topic = load(demo_dir).meetup(M).topics["stable-branch-liaisons"]
    assert topic.placement is None and topic.status == "accepted"
    assert load(demo_dir).meetup(M).topics["liaison-roles"].placement is not None


async def test_grid_by_mouse_and_undo(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meetup(app, pilot, "4")
        await pilot.click("#unplaced", offset=(3, 0))
        view = screen.query_one("#schedule-view")
        await until(pilot, lambda: view.carrying == "ptl-vs-program-lead")  # type: ignore[attr-defined]

        def placement() -> Any:
            return load(demo_dir).meetup(M).topics["ptl-vs-program-lead"].placement

        # row 14:30 is the 12th slot; the header takes a row; breakout column ~x=30
        await pilot.click("#grid", offset=(30, 12))
        await until(pilot, lambda: placement() is not None)
        assert placement().room == "breakout"
        assert str(placement().start) == "14:30:00"
        await pilot.press("z")
        await until(pilot, lambda: placement() is None)
    assert load(demo_dir).meetup(M).topics["ptl-vs-program-lead"].placement is None


async def test_meetup_form_shows_errors_inline(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_meetup(app, pilot, "1")
        await pilot.press("e")
        form = await on_screen(pilot, MeetupFormDialog)
        form.query_one("#timezone", Input).value = "Europe/Pari"
        form.query_one("#day2-end", Input).value = "08:00"
        await pilot.press("enter")
        timezone = form.query_one("#timezone-error")
        await until(pilot, lambda: "Europe/Paris" in text_of(timezone))
        assert "before it starts" in text_of(form.query_one("#day2-error"))
        await pilot.press("escape")  # something was typed: asks first
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_screen(pilot, MeetupScreen)
    assert load(demo_dir).meetup(M).meetup.timezone == "Europe/Paris"


def test_open_record_selects_before_mount(demo_dir: Path) -> None:
    from screens.meetups import MeetupsScreen

    screen = MeetupsScreen()
    screen.select(M)
    assert screen._pending == M


async def test_meetups_list_counts_topics_added_in_the_meetup(demo_dir: Path) -> None:
    """The list one level up is never stale: three topics proposed, three more counted."""
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("2")
        listing = await on_screen(pilot, MeetupsScreen)
        table = listing.query_one("#meetups-table", DataTable)

        def count() -> int:
            return int(str(table.get_row(M)[2]))

        before = count()
        listing.select(M)
        screen = await on_screen(pilot, MeetupScreen)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await until(pilot, lambda: screen.query_one("#meetup-tabs").active == "topics")
        for title in ("One [1]", "Two", "Three"):
            await pilot.press("n")
            await on_screen(pilot, TopicFormDialog)
            await pilot.press(*title, "enter")
            await on_screen(pilot, MeetupScreen)
        await until(pilot, lambda: count() == before + 3)
        await pilot.press("escape")
        await on_screen(pilot, MeetupsScreen)
        assert count() == before + 3


async def test_keys_typed_while_a_form_opens_are_kept(demo_dir: Path) -> None:
    """Type-ahead: ``n`` and a title typed at once all land in the form's first field."""
    from tests.uihelp import type_ahead

    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_meetup(app, pilot, "3")
        type_ahead(pilot, "n", *"Quick typist")
        form = await on_screen(pilot, TopicFormDialog)
        title = form.query_one("#title", Input)
        await until(pilot, lambda: title.value == "Quick typist")
        assert form.focused is title
        await pilot.press("enter")
        await on_screen(pilot, MeetupScreen)
        assert screen.is_current
    assert "quick-typist" in load(demo_dir).meetup(M).topics


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
        await until(pilot, lambda: table.has_focus)
        await pilot.press("space")  # a vote needs a voter: "who are you?"
        await on_screen(pilot, PickDialog)
        await pilot.press(*"dana", "enter")
        await until(pilot, lambda: identity.picked() == "dana-whitfield")
        await until(pilot, lambda: "Dana" in str(pilot.app.screen.sub_title))
    assert identity.picked() == "dana-whitfield"
