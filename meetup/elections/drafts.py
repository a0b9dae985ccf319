"""What the election form and ``meetup election create`` take, as typed, and its checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime

from meetup import directory
from meetup.elections.phases import (
    ELECTION_KINDS,
    TIMELINE_FIELDS,
    create_election,
    make_timeline,
    parse_utc,
)
from meetup.store.election_records import MAX_SEATS, Election, Timeline
from meetup.store.errors import InvalidInput
from meetup.store.ids import is_slug
from meetup.store.workspace import Workspace

UNRANKED = ("ignore", "last")


@dataclass
class ElectionDraft:
    """A new election as typed: moments are ``2026-11-01 12:00`` (UTC) or ISO 8601."""

    id: str = ""
    title: str = ""
    kind: str = "ptl"
    project: str = ""
    area: str = ""
    seats: str = "1"
    nominations_open: str = ""
    nominations_close: str = ""
    voting_open: str = ""
    voting_close: str = ""
    unranked: str = "ignore"


def timeline_field(name: str) -> str:
    """The error field of a timeline moment: ``timeline.voting_open``."""
    return f"timeline.{name}"


def _timeline(draft: ElectionDraft, errors: dict[str, str]) -> Timeline | None:
    moments: dict[str, datetime] = {}
    for name in TIMELINE_FIELDS:
        try:
            moments[name] = parse_utc(getattr(draft, name), timeline_field(name))
        except InvalidInput as exc:
            errors.setdefault(exc.field, exc.message)
    if len(moments) < len(TIMELINE_FIELDS):
        return None
    try:
        return make_timeline(moments)
    except InvalidInput as exc:
        errors.setdefault(exc.field, exc.message)
        return None


def _seats(draft: ElectionDraft, errors: dict[str, str]) -> int:
    try:
        seats = int(draft.seats.strip() or "1")
    except ValueError:
        errors["seats"] = "a whole number of seats"
        return 0
    if not 1 <= seats <= MAX_SEATS:
        errors["seats"] = f"between 1 and {MAX_SEATS}"
    return seats


def _refer(errors: dict[str, str], name: str, resolve: Callable[[], object]) -> None:
    """Note under ``name`` why its reference names nothing (with the closest match)."""
    try:
        resolve()
    except InvalidInput as exc:
        errors[name] = exc.message


def election_errors(ws: Workspace, draft: ElectionDraft) -> dict[str, str]:
    """Every problem of the draft that shows without saving, by field."""
    errors: dict[str, str] = {}
    ident = draft.id
    if not ident:
        errors["id"] = "an id is needed"
    elif not is_slug(ident):
        errors["id"] = "use lowercase letters, digits and dashes (e.g. nova-ptl-m)"
    elif ident in ws.elections:
        errors["id"] = f"an election {ident!r} exists already"
    if not draft.title.strip():
        errors["title"] = "a title is needed"
    if draft.kind not in ELECTION_KINDS:
        errors["kind"] = f"kind is one of {', '.join(ELECTION_KINDS)}"
    project = draft.project.strip()
    if draft.kind in ("ptl", "liaison") and not project:
        errors["project"] = f"a {draft.kind} election names its project"
    else:
        _refer(errors, "project", lambda: directory.project_id(ws, project))
    area = draft.area.strip()
    if draft.kind == "liaison":
        if not area:
            errors["area"] = "a liaison election names its liaison area"
        else:
            _refer(errors, "area", lambda: directory.area_id(ws, area))
    if draft.unranked not in UNRANKED:
        errors["unranked"] = "ignore (no opinion) or last (tied last)"
    _seats(draft, errors)
    _timeline(draft, errors)
    return errors


def create_from_draft(ws: Workspace, draft: ElectionDraft) -> Election:
    """Check the draft and create the election (InvalidInput names the first bad field)."""
    errors = election_errors(ws, draft)
    if errors:  # the timeline first (as the CLI always said), then the fields in order
        order = [timeline_field(n) for n in TIMELINE_FIELDS] + [f.name for f in fields(draft)]
        key = next(k for k in order if k in errors)
        raise InvalidInput(key, errors[key])
    timeline = _timeline(draft, errors)
    assert timeline is not None
    return create_election(
        ws,
        election_id=draft.id,
        title=draft.title,
        kind=draft.kind,  # type: ignore[arg-type]
        project=directory.project_id(ws, draft.project),
        area=directory.area_id(ws, draft.area),
        seats=_seats(draft, errors),
        unranked=draft.unranked,  # type: ignore[arg-type]
        timeline=timeline,
    )
