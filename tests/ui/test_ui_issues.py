"""Pilot tests of the issues screens: act at 80x24, then read the files back."""

from pathlib import Path

from textual.widgets import Input, Static

from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.confirm import ConfirmDialog
from screens.dialogs.link import LinkDialog
from screens.forms.comment import CommentDialog
from screens.forms.issue import IssueFormDialog
from screens.issue_detail import IssueDetailScreen
from screens.issues import IssuesScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, steady_cursors, until


async def test_create_issue_with_the_form(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await on_screen(pilot, IssuesScreen)
        await pilot.press("n")
        await on_screen(pilot, IssueFormDialog)
        await pilot.press(*"Docs [build]", "tab", *"nova", "ctrl+s")
        error = app.screen.query_one("#projects-error", Static)
        await until(pilot, lambda: error.has_class("-shown"))
        assert "two different projects" in str(error.render())
        assert not (demo_dir / "issues/docs-build.toml").exists()
        app.screen.query_one("#projects", Input).focus()
        await pilot.press(*", docs", "ctrl+s")
        await on_screen(pilot, IssuesScreen)
    issue = load(demo_dir).issues["docs-build"]
    assert issue.title == "Docs [build]"
    assert issue.projects == ["nova", "docs"]
    assert issue.log[0].text == "created"


async def test_status_change_is_logged(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("issues", "gate-instability")
        await on_screen(pilot, IssueDetailScreen)
        await pilot.press("t")
        log = app.screen.query_one("#log", Static)
        await until(pilot, lambda: "status: in-progress -> blocked" in str(log.render()))
    issue = load(demo_dir).issues["gate-instability"]
    assert issue.status == "blocked"
    assert issue.log[-1].text == "status: in-progress -> blocked"
    assert issue.log[-1].at.isoformat() == "2026-12-15T12:00:00+00:00"


async def test_comment_and_cycle_from_list(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await on_screen(pilot, IssuesScreen)
        await pilot.press("t")  # the first row is the critical gate issue
        await until(pilot, lambda: load(demo_dir).issues["gate-instability"].status == "blocked")
        await pilot.press("enter")
        await on_screen(pilot, IssueDetailScreen)
        await pilot.press("c")
        await on_screen(pilot, CommentDialog)
        await pilot.press(*"see [logs]", "enter")
        await on_screen(pilot, IssueDetailScreen)
        await until(pilot, lambda: "see [logs]" in str(app.screen.query_one("#log").render()))
    issue = load(demo_dir).issues["gate-instability"]
    assert [e.text for e in issue.log[-2:]] == ["status: in-progress -> blocked", "see [logs]"]


async def test_link_and_unlink_topic_from_detail(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("issues", "install-guide-drift")
        await on_screen(pilot, IssueDetailScreen)
        await pilot.press("l")
        await on_screen(pilot, LinkDialog)
        await pilot.press(*"burnout", "enter")
        await on_screen(pilot, IssueDetailScreen)
        await until(
            pilot,
            lambda: (
                "kilo-midcycle/ptl-burnout" in load(demo_dir).issues["install-guide-drift"].topics
            ),
        )
        await pilot.press("u")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await on_screen(pilot, IssueDetailScreen)
        await until(
            pilot,
            lambda: (
                "kilo-midcycle/ptl-burnout"
                not in load(demo_dir).issues["install-guide-drift"].topics
            ),
        )
    assert "kilo-midcycle/ptl-burnout" not in load(demo_dir).issues["install-guide-drift"].topics


def test_issues_screen_snapshot(snap_compare, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        create_app(demo_dir, clock=fixed_clock), terminal_size=(80, 24), press=["3"]
    )


def test_issue_detail_snapshot(snap_compare, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_issue(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.open_record("issues", "gate-instability")
        await on_screen(pilot, IssueDetailScreen)

    app = create_app(demo_dir, clock=fixed_clock)
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_issue)


def test_issue_form_error_snapshot(snap_compare, demo_dir: Path) -> None:  # type: ignore[no-untyped-def]
    app = create_app(demo_dir, clock=fixed_clock)

    async def bad_form(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("3")
        await on_screen(pilot, IssuesScreen)
        await pilot.press("n")
        await on_screen(pilot, IssueFormDialog)
        await pilot.press(*"Docs [build]", "tab", *"nova", "ctrl+s")
        await until(
            pilot, lambda: pilot.app.screen.query_one("#projects-error").has_class("-shown")
        )
        steady_cursors(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=bad_form)


async def test_delete_issue_confirms_what_goes_and_z_undoes(demo_dir: Path) -> None:
    from screens.dialogs.confirm import ConfirmDialog

    before = (demo_dir / "issues/gate-instability.toml").read_bytes()
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_go("issues")
        await on_screen(pilot, IssuesScreen)
        await pilot.press("d")  # the first row is the critical gate issue
        dialog = await on_screen(pilot, ConfirmDialog)
        assert "z undoes it" in dialog.question
        await pilot.press("y")
        await until(pilot, lambda: not (demo_dir / "issues/gate-instability.toml").exists())
        await on_screen(pilot, IssuesScreen)
        await pilot.press("z")
        await until(pilot, lambda: (demo_dir / "issues/gate-instability.toml").exists())
    assert (demo_dir / "issues/gate-instability.toml").read_bytes() == before
