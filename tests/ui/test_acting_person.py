"""The issue log names the acting person (issue 17): never "someone" while the header
says who is acting."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from meetup import identity
from meetup.store.loading import load
from screens.app import create_app
from screens.dialogs.pick import PickDialog
from screens.forms.issue import IssueFormDialog
from screens.issues import IssuesScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen


@pytest.fixture
def nobody_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEETUP_USER", raising=False)
    monkeypatch.setattr(identity, "git_email", lambda root: "")


async def create_issue(pilot: object, app: object, title: str) -> None:
    await on_screen(pilot, IssueFormDialog)
    await pilot.press(*title, "tab", *"nova, docs", "ctrl+s")  # type: ignore[attr-defined]
    await on_screen(pilot, IssuesScreen)


@pytest.mark.usefixtures("nobody_named")
async def test_creating_an_issue_asks_who_first(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await on_screen(pilot, IssuesScreen)
        await pilot.press("n")
        picker = await on_screen(pilot, PickDialog)
        picker.query_one(Input).focus()
        await pilot.press(*"zoe", "enter")
        await create_issue(pilot, app, "Docs build")
    issue = load(demo_dir).issues["docs-build"]
    assert (issue.log[0].author, issue.log[0].text) == ("zoe-adams", "created")


def test_the_person_picked_in_the_app_wins_over_the_environment(demo_dir: Path) -> None:
    ws = load(demo_dir)
    assert identity.known_person(ws, environ={"MEETUP_USER": "clara-moss"}) == "clara-moss"
    identity.remember("zoe-adams")  # w on the meetup screen: "acting as Zoe Adams"
    assert identity.known_person(ws, environ={"MEETUP_USER": "clara-moss"}) == "zoe-adams"
    assert identity.acting_person(ws, "clara-moss") == "clara-moss"  # --as still names
