"""Agenda topics: propose, +1 votes, the ranked backlog, triage (accept, defer, reject,
duplicate), edit and search."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec

from meetup import directory
from meetup.store import tomlio
from meetup.store.errors import InvalidInput, NotFoundError
from meetup.store.fields import TopicKind
from meetup.store.ids import slugify
from meetup.store.records import Topic
from meetup.store.references import record_problems

if TYPE_CHECKING:
    from meetup.store.workspace import MeetupData, Workspace

KINDS: tuple[TopicKind, ...] = ("discussion", "decision", "working", "presentation")
OPEN_STATUSES = ("proposed", "accepted", "deferred")


@dataclass
class TopicDraft:
    """What the topic form edits, as typed: people and projects by id, name or e-mail,
    lists comma-separated."""

    title: str = ""
    description: str = ""
    proposer: str = ""
    projects: str = ""
    kind: str = "discussion"
    duration: str = "30"
    required: str = ""


def draft_of(topic: Topic) -> TopicDraft:
    return TopicDraft(
        title=topic.title,
        description=topic.description,
        proposer=topic.proposer or "",
        projects=", ".join(topic.projects),
        kind=topic.kind,
        duration=str(topic.duration),
        required=", ".join(topic.required),
    )


_REFERENCES: dict[str, Callable[..., object]] = {
    "proposer": directory.person_id,
    "projects": directory.project_ids,
    "required": directory.person_ids,
}
"""The fields that name people or projects, and what reads them into ids."""


def _reference(ws: Workspace, draft: TopicDraft, name: str) -> object:
    """Field ``name`` of the draft as ids (typed as ids, names or e-mails)."""
    return _REFERENCES[name](ws, getattr(draft, name), field=name)


def topic_errors(ws: Workspace, draft: TopicDraft) -> dict[str, str]:
    """Every problem of ``draft`` by field: title, proposer, projects, kind, duration, required
    (an unknown person or project is named with the closest match)."""
    errors: dict[str, str] = {}
    title = draft.title.strip()
    if not title:
        errors["title"] = "a topic needs a title"
    elif len(title) > 200:
        errors["title"] = "at most 200 characters"
    for name in _REFERENCES:
        try:
            _reference(ws, draft, name)
        except InvalidInput as exc:
            errors[name] = exc.message
    if draft.kind not in KINDS:
        errors["kind"] = f"one of {', '.join(KINDS)}"
    try:
        duration = int(draft.duration.strip())
    except ValueError:
        errors["duration"] = "a number of minutes"
    else:
        if not 5 <= duration <= 480:
            errors["duration"] = "between 5 and 480 minutes"
    return errors


def _apply(ws: Workspace, topic: Topic, draft: TopicDraft) -> Topic:
    return msgspec.structs.replace(
        topic,
        title=draft.title.strip(),
        description=draft.description.strip(),
        kind=draft.kind,
        duration=int(draft.duration.strip()),
        **{name: _reference(ws, draft, name) for name in _REFERENCES},
    )


def _refuse(errors: dict[str, str]) -> None:
    if errors:
        where, message = next(iter(errors.items()))
        raise InvalidInput(where, message)


def propose(ws: Workspace, meetup_id: str, draft: TopicDraft) -> Topic:
    """A new proposed topic; its id is a slug of the title, unique in the meetup."""
    data = ws.meetup(meetup_id)
    _refuse(topic_errors(ws, draft))
    ident = slugify(draft.title.strip(), data.topics)
    topic = _apply(ws, Topic(id=ident, title="x"), draft)
    ws.save_topic(meetup_id, topic)
    return topic


def edit(ws: Workspace, meetup_id: str, topic_id: str, draft: TopicDraft) -> Topic:
    """Save edited fields (the id stays); a changed duration of a session bumps SEQUENCE."""
    topic = get_topic(ws.meetup(meetup_id), topic_id)
    _refuse(topic_errors(ws, draft))
    updated = _apply(ws, topic, draft)
    if updated == topic:
        return topic
    if topic.placement is not None and updated.duration != topic.duration:
        updated = msgspec.structs.replace(updated, sequence=topic.sequence + 1)
    ws.save_topic(meetup_id, updated)
    return updated


def get_topic(data: MeetupData, topic_id: str) -> Topic:
    try:
        return data.topics[topic_id]
    except KeyError:
        raise NotFoundError(f"no topic {topic_id!r} in {data.meetup.id}") from None


def toggle_vote(ws: Workspace, meetup_id: str, topic_id: str, person: str) -> bool:
    """Add ``person``'s +1, or take it back; True when they now vote for the topic."""
    data = ws.meetup(meetup_id)
    topic = get_topic(data, topic_id)
    if not any(a.person == person for a in data.meetup.attendees):
        raise InvalidInput(
            "person", f"{ws.person_name(person)} is not invited: only attendees vote"
        )
    if topic.status == "duplicate":
        raise InvalidInput("status", f"{topic_id} is a duplicate: vote on {topic.duplicate_of}")
    if person in topic.votes:
        votes = [v for v in topic.votes if v != person]
    else:
        votes = [*topic.votes, person]
    ws.save_topic(meetup_id, msgspec.structs.replace(topic, votes=votes))
    return person in votes


def set_vote(ws: Workspace, meetup_id: str, topic_id: str, person: str, vote: bool) -> bool:
    """Make ``person``'s +1 present (or absent); False when it already was (nothing saved)."""
    topic = get_topic(ws.meetup(meetup_id), topic_id)
    if (person in topic.votes) == vote:
        return False
    toggle_vote(ws, meetup_id, topic_id, person)
    return True


def delete(ws: Workspace, meetup_id: str, topic_id: str) -> Topic:
    """Remove a topic; refused while another topic or an issue points at it."""
    data = ws.meetup(meetup_id)
    topic = get_topic(data, topic_id)
    for other in data.topics.values():
        if other.duplicate_of == topic_id and other.id != topic_id:
            raise InvalidInput("topic", f"{other.id} is marked a duplicate of {topic_id}")
    reference = f"{meetup_id}/{topic_id}"
    for issue in ws.issues.values():
        if reference in issue.topics:
            raise InvalidInput("topic", f"issue {issue.id} links {topic_id}: unlink it first")
    for action in data.actions.values():
        if action.topic == topic_id:
            raise InvalidInput("topic", f"action item {action.id} belongs to {topic_id}")
    ws.delete_topic(meetup_id, topic_id)
    return topic


def backlog(data: MeetupData, *, include_closed: bool = True) -> list[Topic]:
    """Topics ranked by votes (most first), then open before closed, then title."""
    order = {s: i for i, s in enumerate(("accepted", "proposed", "deferred", "rejected"))}
    topics = [t for t in data.topics.values() if include_closed or t.status in OPEN_STATUSES]
    topics.sort(
        key=lambda t: (
            t.status == "duplicate",
            -len(t.votes),
            order.get(t.status, 9),
            t.title.lower(),
        )
    )
    return topics


def search(data: MeetupData, query: str) -> list[Topic]:
    """The ranked backlog filtered by a case-insensitive match of every word of ``query``
    in the title, description, projects or id."""
    words = query.lower().split()
    found = []
    for topic in backlog(data):
        haystack = " ".join([topic.id, topic.title, topic.description, *topic.projects]).lower()
        if all(w in haystack for w in words):
            found.append(topic)
    return found


def set_status(ws: Workspace, meetup_id: str, topic_id: str, status: str) -> Topic:
    """Accept, defer, reject or reopen (proposed); a deferred or rejected session leaves the
    grid. SEQUENCE is bumped when a scheduled session's status changes."""
    if status not in ("proposed", "accepted", "deferred", "rejected"):
        raise InvalidInput("status", f"cannot set status {status!r} (duplicates: mark_duplicate)")
    topic = get_topic(ws.meetup(meetup_id), topic_id)
    if topic.status == status:
        return topic
    placement = topic.placement if status == "accepted" else None
    updated = msgspec.structs.replace(
        topic,
        status=status,
        duplicate_of=None,
        placement=placement,
        sequence=topic.sequence + 1 if topic.placement is not None else topic.sequence,
    )
    ws.save_topic(meetup_id, updated)
    return updated


def _check(ws: Workspace, meetup_id: str, topic: Topic) -> None:
    """Validate like a save would, without writing (for two-file operations)."""
    from meetup.store import table
    from meetup.store.workspace import validate

    validate(topic)
    for path, message in record_problems(ws, table.TOPIC.path(meetup_id, topic.id), topic):
        raise InvalidInput(tomlio.format_path(path), message)


def mark_duplicate(ws: Workspace, meetup_id: str, topic_id: str, target_id: str) -> Topic:
    """Mark ``topic_id`` a duplicate of ``target_id``: its votes move to the target (each
    person once) and it leaves the grid. Both files are validated before either is written."""
    data = ws.meetup(meetup_id)
    topic = get_topic(data, topic_id)
    target = get_topic(data, target_id)
    if target_id == topic_id:
        raise InvalidInput("duplicate_of", "a topic cannot duplicate itself")
    if target.status == "duplicate":
        raise InvalidInput(
            "duplicate_of", f"{target_id} is itself a duplicate of {target.duplicate_of}"
        )
    merged = list(target.votes) + [v for v in topic.votes if v not in target.votes]
    new_target = msgspec.structs.replace(target, votes=merged)
    new_topic = msgspec.structs.replace(
        topic,
        status="duplicate",
        duplicate_of=target_id,
        votes=[],
        placement=None,
        sequence=topic.sequence + 1 if topic.placement is not None else topic.sequence,
    )
    _check(ws, meetup_id, new_target)
    _check(ws, meetup_id, new_topic)
    with ws.transaction():
        if new_target != target:
            ws.save_topic(meetup_id, new_target)
        ws.save_topic(meetup_id, new_topic)
        # Duplicates pointing at this topic now point at the target.
        for other in list(data.topics.values()):
            if other.duplicate_of == topic_id and other.id != topic_id:
                ws.save_topic(meetup_id, msgspec.structs.replace(other, duplicate_of=target_id))
    return new_topic
