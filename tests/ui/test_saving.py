"""The one save seam: every kind of save error, in every kind of form, shown to the user.

Each form is opened on the demo, filled with input that validates, and saved while the
store refuses in one way (a stale file, a broken file, a full disk); or filled with input
the domain refuses.  Each time: no traceback, the dialog stays open with what was typed,
the message is in the form (inline at the field for refused input) and, for file errors,
in a notification that is not parsed as markup.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from meetup.agenda import datepoll, meetups, minutes, topics
from meetup.agenda.attendees import add_attendee
from meetup.agenda.meetups import MeetupDraft
from meetup.agenda.topics import TopicDraft
from meetup.elections.drafts import ElectionDraft
from meetup.issues import add_comment, create_issue
from meetup.store.errors import BrokenFileError, Problem, StaleWriteError
from meetup.store.files import Store
from meetup.store.loading import load
from screens.app import MeetupApp, create_app
from screens.forms.action_item import ActionItemDialog
from screens.forms.area import AreaFormDialog
from screens.forms.attendee import AddAttendeeDialog
from screens.forms.comment import CommentDialog
from screens.forms.election import ElectionFormDialog
from screens.forms.issue import IssueFormDialog
from screens.forms.kit import FormDialog
from screens.forms.meetup import MeetupFormDialog
from screens.forms.poll_option import PollOptionDialog
from screens.forms.prompt import PromptDialog
from screens.forms.topic import TopicFormDialog
from tests.conftest import FIXED_NOW, fixed_clock
from tests.uihelp import on_screen, text_of, until

M = "kilo-midcycle"


@dataclass(frozen=True)
class FormCase:
    """How to open one kind of form, what valid input is, and a refused one."""

    open: Callable[[MeetupApp], FormDialog[Any]]
    valid: dict[str, str]
    invalid: dict[str, str]
    invalid_field: str


def _meetup(app: MeetupApp) -> FormDialog[Any]:
    draft = meetups.draft_of(app.workspace.meetup(M).meetup)
    return MeetupFormDialog(draft, lambda d: meetups.update_meetup(app.workspace, M, d), editing=M)


def _new_meetup(app: MeetupApp) -> FormDialog[Any]:
    return MeetupFormDialog(
        MeetupDraft(), lambda d: meetups.create_meetup(app.workspace, d), editing=None
    )


def _topic(app: MeetupApp) -> FormDialog[Any]:
    return TopicFormDialog(
        TopicDraft(), lambda d: topics.propose(app.workspace, M, d), creating=True
    )


def _issue(app: MeetupApp) -> FormDialog[Any]:
    return IssueFormDialog(lambda d: create_issue(app.workspace, d, now=FIXED_NOW))


def _action(app: MeetupApp) -> FormDialog[Any]:
    return ActionItemDialog(M, lambda d: minutes.create_action(app.workspace, M, d))


def _attendee(app: MeetupApp) -> FormDialog[Any]:
    people = [(p.id, p.name) for p in app.workspace.people.values()]
    return AddAttendeeDialog(people, [], lambda p, r, f: add_attendee(app.workspace, M, p, r, f))


def _comment(app: MeetupApp) -> FormDialog[Any]:
    return CommentDialog(
        lambda text: add_comment(app.workspace, "gate-instability", text, now=FIXED_NOW)
    )


def _room(app: MeetupApp) -> FormDialog[Any]:
    return PromptDialog(
        "New room", lambda text: meetups.add_room(app.workspace, M, text), field="name"
    )


def _poll_option(app: MeetupApp) -> FormDialog[Any]:
    return PollOptionDialog(lambda *a: datepoll.add_option(app.workspace, M, *a))


def _election(app: MeetupApp) -> FormDialog[Any]:
    return ElectionFormDialog(
        ElectionDraft(
            nominations_open="2026-12-01 00:00",
            nominations_close="2026-12-08 00:00",
            voting_open="2026-12-10 00:00",
            voting_close="2026-12-17 00:00",
        )
    )


FORMS: dict[str, FormCase] = {
    "meetup": FormCase(_meetup, {"venue": "Room [B]"}, {"title": ""}, "title"),
    "new-meetup": FormCase(
        _new_meetup,
        {"title": "Lima", "day1-date": "2027-06-01"},
        {"title": "Lima", "day1-date": "2027-06-31"},
        "day1",
    ),
    "topic": FormCase(_topic, {"title": "Gate [x]"}, {"title": "T", "duration": "0"}, "duration"),
    "issue": FormCase(
        _issue,
        {"title": "Docs", "projects": "nova, neutron"},
        {"title": "Docs", "projects": "nova"},
        "projects",
    ),
    "action item": FormCase(
        _action, {"title": "Do it"}, {"title": "Do it", "due": "2027-02-30"}, "due"
    ),
    "attendee": FormCase(
        _attendee,
        {"filter": "aiko", "role": "organizer"},
        {"filter": "aiko", "role": "ptl"},
        "person",
    ),
    "liaison area": FormCase(
        lambda app: AreaFormDialog(), {"id": "api", "name": "API"}, {"id": "api"}, "name"
    ),
    "election": FormCase(
        _election,
        {"id": "heat-ptl", "title": "Heat PTL", "project": "heat"},
        {"id": "heat-ptl", "title": "Heat PTL", "project": "nope"},
        "project",
    ),
    "comment": FormCase(_comment, {"comment": "see [logs]"}, {"comment": " "}, "comment"),
    "room": FormCase(_room, {"name": "Annex [2]"}, {"name": ""}, "name"),
    "poll option": FormCase(
        _poll_option, {"start": "2027-03-02"}, {"start": "2027-03-02", "days": "9"}, "days"
    ),
}


def fill(form: FormDialog[Any], values: dict[str, str]) -> None:
    for ident, value in values.items():
        widget = form.query_one(f"#{ident.replace('.', '-')}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value


def refuse(kind: str) -> Callable[..., Any]:
    def refused(self: Store, *args: Any, **kwargs: Any) -> Any:
        rel = args[0] if args and isinstance(args[0], str) else "meetups/x/meetup.toml"
        if kind == "stale":
            raise StaleWriteError(rel)
        if kind == "broken":
            raise BrokenFileError(Problem(rel, 3, 1, "", "Expected '=' [here]", "parse"))
        raise OSError(errno.ENOSPC, "No space left on device", str(self.path(rel)))

    return refused


async def open_form(app: MeetupApp, pilot: Any, case: FormCase) -> FormDialog[Any]:
    app.push_screen(case.open(app))
    form = await on_screen(pilot, FormDialog)
    return form


@pytest.mark.parametrize("kind", ["stale", "broken", "oserror"])
@pytest.mark.parametrize("name", list(FORMS))
async def test_file_errors_are_shown_and_typed_text_kept(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, name: str, kind: str
) -> None:
    case = FORMS[name]
    app = create_app(load(demo_dir), clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, case)
        fill(form, case.valid)
        for method in ("write", "write_all", "delete"):
            monkeypatch.setattr(Store, method, refuse(kind))
        before = app.revision
        await pilot.press("ctrl+s")
        error = form.query_one("#form-error")
        expected = {"stale": "changed on disk", "broken": "is broken", "oserror": "No space"}
        await until(pilot, lambda: expected[kind] in text_of(error))
        assert app.screen is form  # still open, nothing typed is lost
        for ident, value in case.valid.items():
            widget = form.query_one(f"#{ident}")
            assert getattr(widget, "value", None) == value
        told = [n for n in app._notifications if expected[kind] in n.message]
        assert told and not any(n.markup for n in told)
        if kind == "oserror":
            assert "Cannot save" in told[0].message
        if kind == "stale":  # reloaded off the UI thread, then screens are told
            await until(pilot, lambda: app.revision > before)


@pytest.mark.parametrize("name", list(FORMS))
async def test_refused_input_is_shown_at_its_field(demo_dir: Path, name: str) -> None:
    case = FORMS[name]
    app = create_app(load(demo_dir), clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, case)
        fill(form, case.invalid)
        await pilot.press("ctrl+s")
        error = form.query_one(f"#{case.invalid_field}-error")
        await until(pilot, lambda: error.has_class("-shown") and text_of(error))
        assert app.screen is form
        # The field in error (or its first widget) has the focus.
        row = form.query_one(f"#{case.invalid_field}-row")
        assert form.focused is not None and form.focused.parent is row


async def test_saving_again_after_a_stale_file_works(demo_dir: Path) -> None:
    """A real stale write: someone edits meetup.toml while the settings form is open."""
    app = create_app(demo_dir, clock=fixed_clock)
    path = demo_dir / "meetups" / M / "meetup.toml"
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, FORMS["meetup"])
        path.write_text(path.read_text().replace('cycle = "', 'cycle = "edited '))
        fill(form, {"venue": "Annex"})
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "changed on disk" in text_of(form.query_one("#form-error")))
        await until(pilot, lambda: "edited" in app.workspace.meetup(M).meetup.cycle)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is not form)
    meetup = load(demo_dir).meetup(M).meetup
    assert meetup.venue == "Annex"


async def test_cancel_asks_before_throwing_typed_text_away(demo_dir: Path) -> None:
    from screens.dialogs.confirm import ConfirmDialog

    app = create_app(load(demo_dir), clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(app, pilot, FORMS["topic"])
        await pilot.press("escape")  # nothing typed: closes at once
        await until(pilot, lambda: app.screen is not form)
        form = await open_form(app, pilot, FORMS["topic"])
        await pilot.press(*"half a title")
        await pilot.press("escape")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("n")  # keep typing
        await until(pilot, lambda: app.screen is form)
        assert form.query_one("#title", Input).value == "half a title"
        await pilot.press("escape")
        await on_screen(pilot, ConfirmDialog)
        await pilot.press("y")
        await until(pilot, lambda: not isinstance(app.screen, (FormDialog, ConfirmDialog)))
