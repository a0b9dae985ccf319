"""Reasons, not silence: a key shown dimmed in the footer tells why it cannot run now,
in the same words as its palette entry (a notification, markup off)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, OptionList

from meetup.agenda import datepoll
from meetup.sharing import agenda_toml as agenda
from meetup.store.loading import load
from screens.app import create_app
from screens.date_poll import DatePollScreen
from screens.dialogs.confirm import ConfirmDialog
from screens.dialogs.history import HistoryDialog
from screens.election_detail import ElectionDetailScreen
from screens.elections import ElectionsScreen
from screens.forms.poll_option import PollOptionDialog
from screens.issues import IssuesScreen
from screens.meetups import MeetupsScreen
from screens.minutes import MinutesScreen
from tests.conftest import fixed_clock
from tests.uihelp import first_command, meetup_tab, on_screen, until

VOTING = "neutron-release-liaison"
NOMINATIONS = "nova-ptl-l"
M = "kilo-midcycle"
CLOSED = "tc-2027"


def told(app: object, words: str) -> bool:
    return any(words in str(n.message) for n in app._notifications)  # type: ignore[attr-defined]


async def test_disabled_keys_tell_why(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", VOTING)
        screen = await on_screen(pilot, ElectionDetailScreen)
        for key, action in (("c", "close"), ("n", "nominate"), ("w", "withdraw")):
            reason = screen.refusal(action)
            assert reason
            app.clear_notifications()
            await pilot.press(key)
            await until(pilot, lambda r=reason: told(app, r))
            note = next(n for n in app._notifications if n.message == reason)
            assert note.title == "Not now" and note.markup is False
            assert app.screen is screen
            help_text = {c.title: c.help for c in app.get_system_commands(screen)}
            assert f"Not now: {reason}" in help_text.values()


async def test_vote_key_tells_why_during_nominations(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", NOMINATIONS)
        screen = await on_screen(pilot, ElectionDetailScreen)
        reason = screen.refusal("cast")
        assert reason and "voting is not open" in reason
        await pilot.press("b")
        await until(pilot, lambda: told(app, reason))
        assert app.screen is screen
        app.clear_notifications()
        await pilot.press("n")  # nominations are open: n works, nothing is refused
        await until(pilot, lambda: app.screen is not screen)
        assert not told(app, "Not now")


async def test_undo_history_entries_say_what_changed(demo_dir: Path) -> None:
    ws = load(demo_dir)
    datepoll.add_option(ws, M, date(2027, 1, 26), 2, "As planned")
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(DatePollScreen(M))
        await on_screen(pilot, DatePollScreen)
        await pilot.press("m")  # first person, first option: maybe
        await until(pilot, lambda: len(app.history) == 1)
        await pilot.press("down", "y")
        await until(pilot, lambda: len(app.history) == 2)
        await pilot.press("n")
        await on_screen(pilot, PollOptionDialog)
        await pilot.press(*"2027-03-02", "tab", "backspace", "3", "enter")
        await until(pilot, lambda: len(app.history) == 3)
        labels = [e.what for e in app.history.entries]
        assert labels[0].endswith("answered 'maybe' for Tue 26 Jan 2027 'As planned'")
        assert labels[1].endswith("answered 'yes' for Tue 26 Jan 2027 'As planned'")
        assert labels[0] != labels[1]
        assert labels[2] == "added date option Tue 02 Mar 2027, 3 days"
        await on_screen(pilot, DatePollScreen)
        await pilot.press("ctrl+z")
        dialog = await on_screen(pilot, HistoryDialog)
        shown = str(dialog.query_one(OptionList).get_option_at_index(0).prompt)
        assert "added date option" in shown and app.history.entries[2].at in shown
        await pilot.press("escape")
        await on_screen(pilot, DatePollScreen)
        app.clear_notifications()
        await pilot.press("z")
        await until(pilot, lambda: told(app, "Undid: added date option Tue 02 Mar 2027"))
        note = next(n for n in app._notifications if "Undid" in n.message)
        assert "\n" not in note.message and "changed" not in note.message
        assert "files" not in note.message  # one file went back


async def test_undoing_a_move_names_the_topic(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await meetup_tab(pilot, M, "schedule")
        view = screen.query_one("#schedule-view")
        view.focus_main()  # type: ignore[attr-defined]
        await pilot.press("tab", "down", "enter")
        await until(pilot, lambda: view.carrying == "stable-branch-liaisons")  # type: ignore[attr-defined]
        title = app.workspace.meetup(M).topics["stable-branch-liaisons"].title
        await pilot.press("right", "down", "down", "enter")
        await until(pilot, lambda: len(app.history) == 1)
        label = app.history.entries[0].what
        assert label.startswith(f"moved {title[:20]!r}"[:-1]) and "stable-branch" not in label
        await pilot.press("z")
        await until(pilot, lambda: told(app, f"Undid: {label}"))


async def test_toasts_and_titles_name_records_not_ids(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.test_sharing_screens import NEW_TOPIC, open_preview

    (tmp_path / "theirs.toml").write_text(agenda.agenda_toml(load(demo_dir), M) + NEW_TOPIC)
    monkeypatch.chdir(tmp_path)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_preview(pilot, "theirs.toml")
        box = app.screen.query_one("#import-box")
        title = app.workspace.meetup(M).meetup.title
        await until(pilot, lambda: box.border_title == f"Import agenda into {title}")


def commands(app: Any) -> dict[str, str]:
    return {c.title: c.help for c in app.get_system_commands(app.screen)}


async def test_palette_deletes_where_d_works(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        ws = app.workspace
        for name, kind, table_id, title_of in (
            ("meetups", MeetupsScreen, "#meetups-table", lambda i: ws.meetups[i].meetup.title),
            ("issues", IssuesScreen, "#issues", lambda i: ws.issues[i].title),
            ("elections", ElectionsScreen, "#elections-list", lambda i: ws.elections[i].title),
        ):
            app.action_go(name)
            screen = await on_screen(pilot, kind)
            table = screen.query_one(table_id, DataTable)
            await until(pilot, lambda t=table: t.row_count > 0)
            ident = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
            entry = f"Delete {title_of(ident)}…"
            await until(pilot, lambda e=entry: e in commands(app))
        # the entry asks first, as d does
        app.action_go("issues")
        screen = await on_screen(pilot, IssuesScreen)
        table = screen.query_one("#issues", DataTable)
        ident = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        entry = f"Delete {ws.issues[ident].title}…"
        await pilot.press("ctrl+p", *entry[:-1])
        await until(pilot, lambda: first_command(app).startswith(entry))
        await pilot.press("enter")
        dialog = await on_screen(pilot, ConfirmDialog)
        assert ws.issues[ident].title in dialog.question
        await pilot.press("escape")
        app.open_minutes(M)
        minutes = await on_screen(pilot, MinutesScreen)
        await until(pilot, lambda: minutes.current_action() is not None)
        action = app.workspace.meetup(M).actions[minutes.current_action() or ""]
        assert f"Delete {action.title}…" in commands(app)


async def test_closed_election_delete_is_refused_with_its_reason(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_go("elections")
        screen = await on_screen(pilot, ElectionsScreen)
        table = screen.query_one("#elections-list", DataTable)
        await until(pilot, lambda: table.row_count > 0)
        table.move_cursor(row=table.get_row_index(CLOSED))
        await until(pilot, lambda: screen.current_id() == CLOSED)
        title = app.workspace.elections[CLOSED].title
        assert commands(app)[f"Delete {title}…"].startswith(f"Not now: {title} is closed")
        table.focus()
        await pilot.press("d")
        await until(pilot, lambda: told(app, f"{title} is closed"))
        assert app.screen is screen
        assert CLOSED in load(demo_dir).elections


async def test_meetup_topics_tab_has_a_delete_entry(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await meetup_tab(pilot, M, "topics")
        view = screen.query_one("#topics-table", DataTable)
        await until(pilot, lambda: view.row_count > 0)
        ident = str(view.coordinate_to_cell_key(view.cursor_coordinate).row_key.value)
        title = app.workspace.meetup(M).topics[ident].title
        await until(pilot, lambda: f"Delete {title}…" in commands(app))
