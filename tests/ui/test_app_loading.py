"""The app opens before a large workspace is read, and the dashboard stays light."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

import screens.app
from meetup.store.loading import NotAWorkspace, complete, load, load_dashboard
from meetup.store.records import Issue
from screens.app import create_app
from screens.dashboard import ISSUE_ROWS, MORE, DashboardScreen
from screens.issues import IssuesScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, until


async def test_background_load_fills_the_dashboard(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock, background_load=True)
    assert app.loading and not app.workspace.issues
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workspace_ready.wait()
        assert not app.loading
        assert app.sub_title == "OpenStack PTLs (demo)"
        issues = app.screen.query_one("#issues", DataTable)
        await until(pilot, lambda: issues.row_count == 5)  # every demo issue is open
        panel = app.screen.query_one("#issues-panel")
        await until(pilot, lambda: panel.border_subtitle == "key 3")  # "loading…" until then


async def test_keys_pressed_while_loading_wait_for_the_workspace(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_part, the_rest = threading.Event(), threading.Event()

    def slow_dashboard(root: Path):  # type: ignore[no-untyped-def]
        assert first_part.wait(10)
        return load_dashboard(root)

    def slow_rest(first):  # type: ignore[no-untyped-def]
        assert the_rest.wait(10)
        return complete(first)

    monkeypatch.setattr(screens.app, "load_dashboard", slow_dashboard)
    monkeypatch.setattr(screens.app, "complete", slow_rest)
    app = create_app(demo_dir, clock=fixed_clock, background_load=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await on_screen(pilot, DashboardScreen)
        assert app.loading
        assert app.screen.query_one("#issues-panel").border_subtitle == "loading… · key 3"
        counts = app.screen.query_one("#issue-counts", Static)
        assert "Loading" in str(counts.render())
        await pilot.press("3")
        await pilot.press("ctrl+r")
        assert type(app.screen).__name__ == "DashboardScreen"
        first_part.set()  # the dashboard's data shows while the rest still loads
        await until(pilot, lambda: app.screen.query_one("#issues", DataTable).row_count == 5)
        assert app.loading and "Loading" not in str(counts.render())
        assert type(app.screen).__name__ == "DashboardScreen"
        the_rest.set()
        await app.workspace_ready.wait()
        await on_screen(pilot, IssuesScreen)
        await pilot.press("1")
        dashboard = await on_screen(pilot, DashboardScreen)
        await until(pilot, lambda: dashboard.query_one("#issues", DataTable).row_count == 5)


def test_background_load_still_refuses_a_non_workspace(tmp_path: Path) -> None:
    with pytest.raises(NotAWorkspace):
        create_app(tmp_path, background_load=True)


async def test_dashboard_lists_the_most_urgent_issues_and_a_more_row(demo_dir: Path) -> None:
    ws = load(demo_dir)
    for n in range(ISSUE_ROWS + 10):
        ws.save_issue(Issue(id=f"extra-{n:02d}", title=f"Extra {n}", projects=["nova", "swift"]))
    open_count = sum(
        1 for i in ws.issues.values() if i.status in ("open", "in-progress", "blocked")
    )
    app = create_app(ws, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await on_screen(pilot, DashboardScreen)
        issues = dashboard.query_one("#issues", DataTable)
        await until(pilot, lambda: issues.row_count == ISSUE_ROWS + 1)
        last = issues.coordinate_to_cell_key((ISSUE_ROWS, 0)).row_key.value
        assert last == MORE
        assert f"{open_count - ISSUE_ROWS} more" in str(issues.get_row_at(ISSUE_ROWS)[1])
        issues.focus()
        issues.move_cursor(row=ISSUE_ROWS)
        await pilot.press("enter")
        await on_screen(pilot, IssuesScreen)


async def test_dashboard_refits_its_columns_when_resized(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        dashboard = await on_screen(pilot, DashboardScreen)
        issues = dashboard.query_one("#issues", DataTable)
        await until(pilot, lambda: issues.row_count == 5 and issues.columns["Issue"].width > 0)
        narrow = issues.columns["Issue"].width
        rows = issues.row_count
        await pilot.resize_terminal(120, 30)
        issues = app.screen.query_one("#issues", DataTable)
        await until(pilot, lambda: issues.columns["Issue"].width > narrow)
        assert issues.row_count == rows
