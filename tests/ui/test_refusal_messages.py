"""Refusals found by the QA walk, at 80x24: each is said under its field in words a person
reads (no field names, no msgspec text), the form stays open and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from meetup import directory
from meetup.agenda import meetups, releases
from meetup.store.loading import load
from screens.app import MeetupApp, create_app
from screens.date_poll import DatePollScreen
from screens.forms.kit import FormDialog
from screens.forms.prompt import PromptDialog
from tests.conftest import fixed_clock
from tests.ui.test_completion import topic_form
from tests.ui.test_date_poll_screen import seed_poll
from tests.ui.test_saving import (
    _election,
    _issue,
    _new_meetup,
    _poll_option,
    _room,
    fill,
)
from tests.uihelp import on_screen, run_command, text_of, until

M = "kilo-midcycle"


def _break(app: MeetupApp) -> FormDialog[Any]:
    def submit(text: str) -> None:
        title, start, end = meetups.parse_break(text)
        meetups.add_break(app.workspace, M, title, start, end)

    return PromptDialog("New break", submit, field="break")


CASES: dict[str, tuple[Callable[[MeetupApp], FormDialog[Any]], dict[str, str], str, str]] = {
    "room over 200": (_room, {"name": "x" * 201}, "name", "at most 200 characters"),
    "poll option in 2020": (
        _poll_option,
        {"start": "2020-01-01"},
        "start",
        "2020-01-01 is in the past",
    ),
    "committee seats": (
        _election,
        {"id": "tc-x", "title": "TC", "kind": "committee", "seats": "99999999999"},
        "seats",
        "between 1 and 99",
    ),
    "empty election id": (
        _election,
        {"id": "", "title": "Heat PTL", "project": "heat"},
        "id",
        "an id is needed",
    ),
    "meetup without a day": (_new_meetup, {"title": "Lima"}, "day1", "at least one day"),
    "break after hours": (
        _break,
        {"break": "Dinner 20:00-21:00"},
        "break",
        "20:00-21:00 is outside the day's hours on Tue 26 Jan (09:00-17:30)",
    ),
    "issue link": (
        _issue,
        {"title": "Docs", "projects": "nova, neutron", "links": "notaurl"},
        "links",
        "'notaurl' is not a link: links are http(s) URLs",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
async def test_refused_in_words_under_the_field(demo_dir: Path, name: str) -> None:
    opener, values, field, words = CASES[name]
    before = sorted(str(p) for p in demo_dir.rglob("*.toml"))
    app = create_app(load(demo_dir), clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(opener(app))
        form = await on_screen(pilot, FormDialog)
        fill(form, values)
        await pilot.press("ctrl+s")
        error = form.query_one(f"#{field}-error")
        await until(pilot, lambda: words in text_of(error))
        assert "Expected" not in text_of(error) and "lowercase" not in text_of(error)
        assert error.region.width > 0 and error.region.y < 24  # on screen at 80x24
        assert app.screen is form
    assert sorted(str(p) for p in demo_dir.rglob("*.toml")) == before


async def test_an_empty_release_name_is_refused_under_the_field(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, "Release agenda of Kilo")
        dialog = await on_screen(pilot, PromptDialog)
        error = dialog.query_one("#name-error")
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "a release needs a name" in text_of(error))
        dialog.query_one("#name", Input).value = "Bad Name"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "e.g. v1, final-2" in text_of(error))
        assert app.screen is dialog
    assert not (demo_dir / "meetups" / M / "releases").exists()
    assert releases.list_releases(load(demo_dir), M) == []


async def test_sync_outside_git_says_what_to_do(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+g")

        def said() -> str:
            return "\n".join(str(n.message) for n in app._notifications)

        await until(pilot, lambda: "not a git repository: `git init` it" in said())
        assert "rev-parse" not in said()


async def test_the_topic_form_names_the_proposer(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await topic_form(pilot)
        assert form.query_one("#proposer", Input).value == "Clara Moss"
    ws = load(demo_dir)
    topic = next(t for t in ws.meetup(M).topics.values() if t.required)
    assert directory.person_labels(ws, topic.required) == ", ".join(
        ws.person_name(p) for p in topic.required
    )
    assert directory.person_label(ws, "not-a-person") == "not-a-person"


async def test_poll_labels_show_another_year(demo_dir: Path) -> None:
    seed_poll(demo_dir)
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(DatePollScreen(M))
        screen = await on_screen(pilot, DatePollScreen)
        await until(pilot, lambda: "Tue 26 Jan 2027" in text_of(screen.query_one("#poll-ranking")))
