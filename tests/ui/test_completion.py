"""Person and project fields complete by name, id or e-mail, accents aside, and an unknown
value is an inline error naming the closest match (issue 17: "Bjorn" was an unknown person
while the demo has Björn Lindqvist)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, Static

from meetup.store.loading import load
from screens.app import create_app
from screens.forms.issue import IssueFormDialog
from screens.forms.topic import TopicFormDialog
from screens.issues import IssuesScreen
from screens.meetup import MeetupScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, text_of, until

M = "kilo-midcycle"
BJORN = "bjorn-lindqvist"


async def topic_form(pilot: Any) -> TopicFormDialog:
    """The topic form of the demo meetup, opened with n on its Topics tab."""
    pilot.app.open_record("meetups", M)
    screen = await on_screen(pilot, MeetupScreen)
    await pilot.press("right_square_bracket", "right_square_bracket")
    await until(pilot, lambda: screen.query_one("#meetup-tabs").active == "topics")
    await pilot.press("n")
    return await on_screen(pilot, TopicFormDialog)


async def retype(pilot: Any, field: Input, text: str) -> None:
    """Focus ``field``, empty it and type ``text`` key by key."""
    field.focus()
    await until(pilot, lambda: field.has_focus)
    field.value = ""
    await pilot.press(*text)
    await until(pilot, lambda: field.value == text)


def suggested(field: Input) -> str:
    """The completion the Input shows after the cursor (what right arrow accepts)."""
    return field._suggestion


async def test_owner_completes_an_accented_name_and_saves_its_id(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await topic_form(pilot)
        await pilot.press(*"Gate health")
        owner = form.query_one("#proposer", Input)
        await retype(pilot, owner, "Bjorn")
        await until(pilot, lambda: suggested(owner) == "Björn Lindqvist")
        await pilot.press("right")  # accept the completion, as Textual's Input does
        await until(pilot, lambda: owner.value == "Björn Lindqvist")
        required = form.query_one("#required", Input)
        await retype(pilot, required, "chen-wei, tomas")
        await until(pilot, lambda: suggested(required) == "chen-wei, tomas-novak")
        await pilot.press("right")
        await until(pilot, lambda: required.value == "chen-wei, tomas-novak")
        await pilot.press(*", bjorn")  # the nick, no completion needed
        await pilot.press("ctrl+s")
        await on_screen(pilot, MeetupScreen)
    topic = load(demo_dir).meetup(M).topics["gate-health"]
    assert topic.proposer == BJORN
    assert topic.required == ["chen-wei", "tomas-novak", BJORN]


async def test_an_unknown_owner_is_an_inline_error_with_the_closest_match(
    demo_dir: Path,
) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await topic_form(pilot)
        await pilot.press(*"Gate health")
        owner = form.query_one("#proposer", Input)
        await retype(pilot, owner, "Bjrn")
        error = form.query_one("#proposer-error", Static)
        assert not error.has_class("-shown")
        await pilot.press("tab")  # leaving the field says at once that it names nobody
        await until(pilot, lambda: error.has_class("-shown"))
        assert form.query_one("#projects", Input).has_focus
        await pilot.press("ctrl+s")  # refused: back to the field in error
        await until(pilot, lambda: owner.has_focus)
        assert text_of(error) == (
            "unknown person 'Bjrn': did you mean Björn Lindqvist (bjorn-lindqvist)?"
        )
        assert error.region.width > 0 and error.region.y < 24  # on screen at 80x24
        assert isinstance(app.screen, TopicFormDialog)  # nothing saved, the form stays
        await pilot.press("left", "left", "o")  # Bjrn -> Bjorn: that is Björn
        await until(pilot, lambda: owner.value == "Bjorn")
        await until(pilot, lambda: not error.has_class("-shown"))
        await pilot.press("ctrl+s")
        await on_screen(pilot, MeetupScreen)
    assert load(demo_dir).meetup(M).topics["gate-health"].proposer == BJORN


async def test_issue_projects_and_owner_complete_the_last_item(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")
        await on_screen(pilot, IssuesScreen)
        await pilot.press("n")
        form = await on_screen(pilot, IssueFormDialog)
        await pilot.press(*"Docs build")
        projects = form.query_one("#projects", Input)
        await retype(pilot, projects, "Nova, neu")
        await until(pilot, lambda: suggested(projects) == "Nova, neutron")
        await pilot.press("right")
        await until(pilot, lambda: projects.value == "Nova, neutron")
        owner = form.query_one("#owner", Input)
        await retype(pilot, owner, "Tomas")
        await until(pilot, lambda: suggested(owner) == "Tomáš Novák")
        await pilot.press("right", "ctrl+s")
        await on_screen(pilot, IssuesScreen)
    issue = load(demo_dir).issues["docs-build"]
    assert (issue.projects, issue.owner) == (["nova", "neutron"], "tomas-novak")
