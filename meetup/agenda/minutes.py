"""Minutes of a meetup: notes per topic, action items, and the compiled Markdown minutes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from msgspec.structs import replace

from meetup.agenda.links import session_links
from meetup.issues import (
    ensure_fresh,
    issues_listing,
    ref,
    resolve_person,
    set_action_issue,
)
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.fields import ActionStatus, year_problem
from meetup.store.ids import slugify
from meetup.store.integrity import require_intact
from meetup.store.records import ActionItem, Topic
from meetup.text import md_block, md_inline

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "done", "dropped")


@dataclass(frozen=True)
class ActionDraft:
    """What the action item form collects: owner as id or name, due as ``YYYY-MM-DD``."""

    title: str
    owner: str = ""
    due: str = ""
    status: ActionStatus = "open"
    topic: str = ""
    issue: str = ""
    notes: str = ""


# ------------------------------------------------------------------ notes


def set_notes(ws: Workspace, meetup_id: str, topic_id: str, notes: str) -> Topic:
    """Save a topic's minutes (Markdown)."""
    topic = _topic(ws.meetup(meetup_id), topic_id)
    if topic.notes == notes:
        return topic
    new = replace(topic, notes=notes)
    ws.save_topic(meetup_id, new)
    return new


def append_notes(ws: Workspace, meetup_id: str, topic_id: str, text: str) -> Topic:
    """Add lines at the end of a topic's minutes (what two note-takers can do at once:
    the record-aware merge keeps both appends)."""
    addition = text.strip("\n")
    if not addition.strip():
        raise InvalidInput("notes", "nothing to append")
    topic = _topic(ws.meetup(meetup_id), topic_id)
    current = topic.notes.rstrip("\n")
    return set_notes(ws, meetup_id, topic_id, f"{current}\n{addition}" if current else addition)


def _topic(data: MeetupData, topic_id: str) -> Topic:
    try:
        return data.topics[topic_id]
    except KeyError:
        raise NotFoundError(f"no topic {topic_id!r} in {data.meetup.id!r}") from None


def agenda_order(ws: Workspace, meetup_id: str) -> list[Topic]:
    """Scheduled topics by day, start and room; then accepted topics not yet scheduled."""
    data = ws.meetup(meetup_id)
    rooms = {room.id: index for index, room in enumerate(data.meetup.rooms)}
    scheduled = sorted(
        (t for t in data.topics.values() if t.placement is not None),
        key=lambda t: (
            t.placement.day,  # type: ignore[union-attr]
            t.placement.start,  # type: ignore[union-attr]
            rooms.get(t.placement.room, len(rooms)),  # type: ignore[union-attr]
            t.title.casefold(),
        ),
    )
    unscheduled = sorted(
        (t for t in data.topics.values() if t.placement is None and t.status == "accepted"),
        key=lambda t: (-len(t.votes), t.title.casefold()),
    )
    return scheduled + unscheduled


# ------------------------------------------------------------------ action items


def parse_due(text: str) -> date | None:
    """A due date from ``YYYY-MM-DD``; None for blank."""
    text = text.strip()
    if not text:
        return None
    try:
        due = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput("due", f"{text!r} is not a date (YYYY-MM-DD)") from None
    problem = year_problem(due)
    if problem:
        raise InvalidInput("due", problem)
    return due


def draft_of(action: ActionItem) -> ActionDraft:
    return ActionDraft(
        title=action.title,
        owner=action.owner or "",
        due=action.due.isoformat() if action.due else "",
        status=action.status,
        topic=action.topic or "",
        issue=action.issue or "",
        notes=action.notes,
    )


def action_errors(ws: Workspace, meetup_id: str, draft: ActionDraft) -> dict[str, str]:
    """Every problem of a draft, by field (empty when it can be saved)."""
    data = ws.meetup(meetup_id)
    errors: dict[str, str] = {}
    if not draft.title.strip():
        errors["title"] = "a title is required"
    elif len(draft.title.strip()) > 200:
        errors["title"] = "at most 200 characters"
    for name, check in (
        ("owner", lambda: resolve_person(ws, draft.owner)),
        ("due", lambda: parse_due(draft.due)),
    ):
        try:
            check()
        except InvalidInput as exc:
            errors[name] = exc.message
    if draft.status not in ACTION_STATUSES:
        errors["status"] = f"one of {', '.join(ACTION_STATUSES)}"
    if draft.topic and draft.topic not in data.topics:
        errors["topic"] = f"unknown topic {draft.topic!r}"
    if draft.issue and draft.issue not in ws.issues:
        errors["issue"] = f"unknown issue {draft.issue!r}"
    return errors


def _build(ws: Workspace, meetup_id: str, action_id: str, draft: ActionDraft) -> ActionItem:
    errors = action_errors(ws, meetup_id, draft)
    if errors:
        name, message = next(iter(errors.items()))
        raise InvalidInput(name, message)
    return ActionItem(
        id=action_id,
        title=draft.title.strip(),
        owner=resolve_person(ws, draft.owner),
        due=parse_due(draft.due),
        status=draft.status,
        topic=draft.topic or None,
        issue=draft.issue or None,
        notes=draft.notes,
    )


def create_action(ws: Workspace, meetup_id: str, draft: ActionDraft) -> ActionItem:
    """Save a new action item; a linked issue lists it too (both files are saved)."""
    data = ws.meetup(meetup_id)
    action = _build(ws, meetup_id, slugify(draft.title, data.actions), draft)
    if action.issue:
        return set_action_issue(ws, meetup_id, action.id, action.issue, action=action)
    ws.save_action(meetup_id, action)
    return action


def edit_action(ws: Workspace, meetup_id: str, action_id: str, draft: ActionDraft) -> ActionItem:
    """Save the draft over an action item, moving its issue link when that changed."""
    get_action(ws, meetup_id, action_id)
    action = _build(ws, meetup_id, action_id, draft)
    return set_action_issue(ws, meetup_id, action_id, action.issue, action=action)


def get_action(ws: Workspace, meetup_id: str, action_id: str) -> ActionItem:
    try:
        return ws.meetup(meetup_id).actions[action_id]
    except KeyError:
        raise NotFoundError(f"no action item {action_id!r} in {meetup_id!r}") from None


def toggle_done(ws: Workspace, meetup_id: str, action_id: str) -> ActionItem:
    """Mark an open (or dropped) action item done, a done one open again."""
    action = get_action(ws, meetup_id, action_id)
    new = replace(action, status="open" if action.status == "done" else "done")
    ws.save_action(meetup_id, new)
    return new


def delete_action(ws: Workspace, meetup_id: str, action_id: str) -> None:
    """Delete an action item; issues that listed it no longer do."""
    get_action(ws, meetup_id, action_id)
    reference = ref(meetup_id, action_id)
    listing = issues_listing(ws, reference)
    ensure_fresh(ws, [i.id for i in listing])
    # One transaction: the issues stop listing the action exactly when it is gone.
    with ws.transaction():
        for issue in listing:
            ws.save_issue(replace(issue, actions=[a for a in issue.actions if a != reference]))
        ws.delete_action(meetup_id, action_id)


def actions_in_order(ws: Workspace, meetup_id: str) -> list[ActionItem]:
    """Action items in the agenda order of their topics, then by due date and title."""
    position = {t.id: i for i, t in enumerate(agenda_order(ws, meetup_id))}
    return sorted(
        ws.meetup(meetup_id).actions.values(),
        key=lambda a: (
            position.get(a.topic or "", len(position)),
            a.due or date.max,
            a.title.casefold(),
        ),
    )


# ------------------------------------------------------------------ compiled minutes


def session_time(data: MeetupData, topic: Topic) -> str:
    """``Tue 26 Jan 2027, 13:30–14:30 Europe/Paris`` (sessions are stored in that zone)."""
    if topic.placement is None:
        return "not scheduled"
    start = datetime.combine(topic.placement.day, topic.placement.start)
    end = start + timedelta(minutes=topic.duration)
    return f"{start:%a %d %b %Y, %H:%M}–{end:%H:%M} {data.meetup.timezone}"


def compiled_minutes(ws: Workspace, meetup_id: str) -> str:
    """The meetup's minutes as Markdown: topics in agenda order, then all action items.

    Refuses (BrokenRecordsError) when a topic or action item file of the meetup is broken.
    """
    require_intact(ws, meetup=meetup_id)
    data = ws.meetup(meetup_id)
    m = data.meetup
    rooms = {room.id: room.name for room in m.rooms}
    by_topic: dict[str, list[ActionItem]] = {}
    ordered = actions_in_order(ws, meetup_id)
    for action in ordered:
        by_topic.setdefault(action.topic or "", []).append(action)
    lines = [f"# Minutes: {md_inline(m.title)}", ""]
    if m.venue:
        lines += [f"{md_inline(m.venue)} · times in {md_inline(m.timezone)}", ""]
    topics = agenda_order(ws, meetup_id)
    if not topics:
        lines += ["No topics are scheduled or accepted yet.", ""]
    for topic in topics:
        lines += [f"## {md_inline(topic.title)}", ""]
        where = rooms.get(topic.placement.room, topic.placement.room) if topic.placement else ""
        lines.append(f"- When: {session_time(data, topic)}")
        if where:
            lines.append(f"- Room: {md_inline(where)}")
        if topic.projects:
            names = ", ".join(md_inline(_project(ws, p)) for p in topic.projects)
            lines.append(f"- Projects: {names}")
        links = session_links(ws, meetup_id, topic)
        if links.etherpad:
            lines.append(f"- Etherpad: <{links.etherpad}>")
        if links.video:
            lines.append(f"- Video: <{links.video}>")
        lines.append("")
        notes = md_block(topic.notes).strip()
        lines += [notes or "_No notes._", ""]
        actions = by_topic.get(topic.id, [])
        if actions:
            lines += ["Action items:", ""]
            lines += [
                f"- [{'x' if a.status == 'done' else ' '}] {md_inline(a.title)}" for a in actions
            ]
            lines.append("")
    lines += ["## Action items", ""]
    if not ordered:
        lines += ["None.", ""]
    for action in ordered:
        details = [
            f"owner: {md_inline(ws.person_name(action.owner)) or 'nobody'}",
            f"due: {action.due.isoformat() if action.due else 'no date'}",
            f"status: {action.status}",
        ]
        if action.issue:
            issue = ws.issues.get(action.issue)
            details.append(f"issue: {md_inline(issue.title if issue else action.issue)}")
        lines.append(f"- **{md_inline(action.title)}** ({'; '.join(details)})")
    return "\n".join(lines).rstrip() + "\n"


def _project(ws: Workspace, project_id: str) -> str:
    project = ws.projects.get(project_id)
    return project.name if project else project_id
