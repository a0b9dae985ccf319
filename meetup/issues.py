"""Cross-project issues: create, edit, change status with a log, link topics and actions.

Every change that matters to the people following an issue (status, priority, owner,
area, a comment) leaves a :class:`LogEntry` stamped with the clock in UTC, so the log
reads as the issue's history.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from msgspec.structs import replace

from meetup import directory
from meetup.store.errors import InvalidInput, NotFoundError, StaleWriteError
from meetup.store.fields import (
    ISSUE_STATUSES,
    OPEN_ISSUE_STATUSES,
    PRIORITIES,
    IssueStatus,
    Priority,
)
from meetup.store.ids import slugify
from meetup.store.records import ActionItem, Issue, LogEntry

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

ACTIVE = "active"
"""Status filter meaning any of open, in-progress, blocked."""


@dataclass(frozen=True)
class IssueDraft:
    """What the issue form collects; owner and area may be ids or names."""

    title: str
    projects: tuple[str, ...] = ()
    owner: str = ""
    area: str = ""
    status: IssueStatus = "open"
    priority: Priority = "medium"
    description: str = ""
    links: tuple[str, ...] = field(default_factory=tuple)


# ------------------------------------------------------------------ lookups


def get_issue(ws: Workspace, issue_id: str) -> Issue:
    try:
        return ws.issues[issue_id]
    except KeyError:
        raise NotFoundError(f"no issue {issue_id!r}") from None


def ref(meetup_id: str, item_id: str) -> str:
    """The ``meetup/item`` reference an issue stores for a topic or an action item."""
    return f"{meetup_id}/{item_id}"


def split_ref(reference: str) -> tuple[str, str]:
    meetup_id, _, item_id = reference.partition("/")
    return meetup_id, item_id


def resolve_person(ws: Workspace, text: str) -> str | None:
    """The owner's person id from an id, a name or an e-mail (see meetup.directory)."""
    return directory.person_id(ws, text, field="owner")


def resolve_area(ws: Workspace, text: str) -> str | None:
    """A liaison area id from its id or name (case- and accent-insensitive); None for blank."""
    return directory.area_id(ws, text, field="area")


def resolve_projects(ws: Workspace, names: Iterable[str]) -> list[str]:
    """Project ids from ids or names (each may be a comma-separated list), each once."""
    return directory.project_ids(ws, names, field="projects")


def current_author(ws: Workspace, environ: Mapping[str, str] = os.environ) -> str | None:
    """Who is using the app (see meetup.identity): ``$MEETUP_USER``, the git user.email's
    person, the TUI's "who are you?" answer; else nobody."""
    from meetup.identity import known_person

    return known_person(ws, environ=environ)


# ------------------------------------------------------------------ drafts


def draft_of(issue: Issue) -> IssueDraft:
    return IssueDraft(
        title=issue.title,
        projects=tuple(issue.projects),
        owner=issue.owner or "",
        area=issue.area or "",
        status=issue.status,
        priority=issue.priority,
        description=issue.description,
        links=tuple(issue.links),
    )


def is_web_link(text: str) -> bool:
    """Whether ``text`` is an http(s) URL with a host (what an issue's links hold)."""
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in text


def draft_errors(ws: Workspace, draft: IssueDraft) -> dict[str, str]:
    """Every problem of a draft, by field (empty when it can be saved)."""
    errors: dict[str, str] = {}
    if not draft.title.strip():
        errors["title"] = "a title is required"
    elif len(draft.title.strip()) > 200:
        errors["title"] = "at most 200 characters"
    try:
        projects = resolve_projects(ws, draft.projects)
        if len(projects) < 2:
            errors["projects"] = "name at least two different projects"
    except InvalidInput as exc:
        errors["projects"] = exc.message
    for name, resolve in (("owner", resolve_person), ("area", resolve_area)):
        try:
            resolve(ws, getattr(draft, name))
        except InvalidInput as exc:
            errors[name] = exc.message
    bad = [link for link in draft.links if link.strip() and not is_web_link(link.strip())]
    if bad:
        errors["links"] = f"{bad[0]!r} is not a link: links are http(s) URLs, e.g. https://..."
    if draft.status not in ISSUE_STATUSES:
        errors["status"] = f"one of {', '.join(ISSUE_STATUSES)}"
    if draft.priority not in PRIORITIES:
        errors["priority"] = f"one of {', '.join(PRIORITIES)}"
    return errors


def _check(ws: Workspace, draft: IssueDraft) -> None:
    errors = draft_errors(ws, draft)
    if errors:
        name, message = next(iter(errors.items()))
        raise InvalidInput(name, message)


def _entry(now: datetime, author: str | None, text: str) -> LogEntry:
    at = now.astimezone(timezone.utc).replace(microsecond=0)
    return LogEntry(at=at, author=author, text=text)


def _fields(ws: Workspace, draft: IssueDraft) -> dict[str, Any]:
    """What a (checked) draft sets of an issue, tidied and resolved to ids."""
    return {
        "title": draft.title.strip(),
        "description": draft.description,
        "projects": resolve_projects(ws, draft.projects),
        "owner": resolve_person(ws, draft.owner),
        "area": resolve_area(ws, draft.area),
        "status": draft.status,
        "priority": draft.priority,
        "links": [link.strip() for link in draft.links if link.strip()],
    }


# ------------------------------------------------------------------ changes


def create_issue(
    ws: Workspace, draft: IssueDraft, *, now: datetime, author: str | None = None
) -> Issue:
    """Save a new issue with a slug id made from its title; nothing is saved on error."""
    _check(ws, draft)
    fields = _fields(ws, draft)
    issue = Issue(
        id=slugify(fields["title"], ws.issues), **fields, log=[_entry(now, author, "created")]
    )
    ws.save_issue(issue)
    return issue


def edit_issue(
    ws: Workspace, issue_id: str, draft: IssueDraft, *, now: datetime, author: str | None = None
) -> Issue:
    """Save the draft over an issue; changes of status, priority, owner, area are logged."""
    old = get_issue(ws, issue_id)
    _check(ws, draft)
    new = replace(old, **_fields(ws, draft))
    notes = change_notes(old, new)
    if not notes:
        return old
    new = replace(new, log=[*old.log, *(_entry(now, author, n) for n in notes)])
    ws.save_issue(new)
    return new


def change_notes(old: Issue, new: Issue) -> list[str]:
    """Log lines describing what changed between two versions of an issue."""
    notes = []
    for name in ("status", "priority", "owner", "area"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            notes.append(f"{name}: {before or 'none'} -> {after or 'none'}")
    if old.projects != new.projects:
        notes.append(f"projects: {', '.join(new.projects)}")
    fields = ("title", "description", "links")
    edited = [name for name in fields if getattr(old, name) != getattr(new, name)]
    if edited:
        notes.append(f"edited {', '.join(edited)}")
    return notes


def set_status(
    ws: Workspace, issue_id: str, status: IssueStatus, *, now: datetime, author: str | None = None
) -> Issue:
    issue = get_issue(ws, issue_id)
    return edit_issue(ws, issue_id, replace_draft(issue, status=status), now=now, author=author)


def set_priority(
    ws: Workspace, issue_id: str, priority: Priority, *, now: datetime, author: str | None = None
) -> Issue:
    issue = get_issue(ws, issue_id)
    return edit_issue(ws, issue_id, replace_draft(issue, priority=priority), now=now, author=author)


def replace_draft(issue: Issue, **changes: object) -> IssueDraft:
    from dataclasses import replace as dc_replace

    return dc_replace(draft_of(issue), **changes)  # type: ignore[arg-type]


def next_status(status: str) -> IssueStatus:
    """The status after ``status`` in the cycle open -> in-progress -> ... -> open."""
    index = ISSUE_STATUSES.index(status) if status in ISSUE_STATUSES else -1
    return ISSUE_STATUSES[(index + 1) % len(ISSUE_STATUSES)]


def cycle_status(
    ws: Workspace, issue_id: str, *, now: datetime, author: str | None = None
) -> Issue:
    issue = get_issue(ws, issue_id)
    return set_status(ws, issue_id, next_status(issue.status), now=now, author=author)


def add_comment(
    ws: Workspace, issue_id: str, text: str, *, now: datetime, author: str | None = None
) -> Issue:
    """Append a comment to the issue's log."""
    if not text.strip():
        raise InvalidInput("comment", "a comment cannot be empty")
    issue = get_issue(ws, issue_id)
    new = replace(issue, log=[*issue.log, _entry(now, author, text.strip())])
    ws.save_issue(new)
    return new


def link_topic(ws: Workspace, issue_id: str, meetup_id: str, topic_id: str) -> Issue:
    issue = get_issue(ws, issue_id)
    if topic_id not in ws.meetup(meetup_id).topics:
        raise NotFoundError(f"no topic {topic_id!r} in meetup {meetup_id!r}")
    reference = ref(meetup_id, topic_id)
    if reference in issue.topics:
        return issue
    new = replace(issue, topics=[*issue.topics, reference])
    ws.save_issue(new)
    return new


def unlink_topic(ws: Workspace, issue_id: str, reference: str) -> Issue:
    issue = get_issue(ws, issue_id)
    if reference not in issue.topics:
        return issue
    new = replace(issue, topics=[t for t in issue.topics if t != reference])
    ws.save_issue(new)
    return new


def link_action(ws: Workspace, issue_id: str, meetup_id: str, action_id: str) -> Issue:
    """Link an action item: the issue lists it and the action names the issue."""
    set_action_issue(ws, meetup_id, action_id, issue_id)
    return get_issue(ws, issue_id)


def unlink_action(ws: Workspace, issue_id: str, reference: str) -> Issue:
    """Unlink an action item from both sides (a dangling reference is just dropped)."""
    meetup_id, action_id = split_ref(reference)
    with ws.transaction():
        data = ws.meetups.get(meetup_id)
        if data is not None and action_id in data.actions:
            action = data.actions[action_id]
            if action.issue == issue_id:
                set_action_issue(ws, meetup_id, action_id, None)
        issue = get_issue(ws, issue_id)
        if reference in issue.actions:
            issue = replace(issue, actions=[a for a in issue.actions if a != reference])
            ws.save_issue(issue)
    return issue


def set_action_issue(
    ws: Workspace,
    meetup_id: str,
    action_id: str,
    issue_id: str | None,
    *,
    action: ActionItem | None = None,
) -> ActionItem:
    """Save ``action`` (or the stored one) linked to ``issue_id``, and fix both issues' lists.

    The action names one issue; that issue's ``actions`` lists ``meetup/action``, a
    previously linked issue no longer does.  Every file is checked before any is written.
    """
    data = ws.meetup(meetup_id)
    if action is None:
        try:
            action = data.actions[action_id]
        except KeyError:
            raise NotFoundError(f"no action item {action_id!r} in {meetup_id!r}") from None
    if issue_id is not None:
        get_issue(ws, issue_id)
    reference = ref(meetup_id, action_id)
    old = data.actions.get(action_id)
    updates: dict[str, Issue] = {}
    for issue in issues_listing(ws, reference):
        if issue.id != issue_id:
            updates[issue.id] = replace(issue, actions=[a for a in issue.actions if a != reference])
    if issue_id is not None and reference not in ws.issues[issue_id].actions:
        issue = ws.issues[issue_id]
        updates[issue_id] = replace(issue, actions=[*issue.actions, reference])
    ensure_fresh(ws, list(updates))
    new = replace(action, id=action_id, issue=issue_id)
    with ws.transaction():
        if new != old:
            ws.save_action(meetup_id, new)
        for issue in updates.values():
            ws.save_issue(issue)
    return new


def issues_listing(ws: Workspace, action_reference: str) -> list[Issue]:
    """Issues whose ``actions`` list the ``meetup/action`` reference."""
    return [i for i in ws.issues.values() if action_reference in i.actions]


def ensure_fresh(ws: Workspace, issue_ids: Sequence[str]) -> None:
    """Refuse before writing anything when one of several issues changed on disk or is
    invalid as it stands (so a change that spans files is never half saved)."""
    from meetup.store import table, tomlio
    from meetup.store.references import record_problems

    for issue_id in issue_ids:
        rel = table.ISSUE.path(issue_id)
        if ws.store.changed_on_disk(rel):
            raise StaleWriteError(rel)
        problems = list(record_problems(ws, rel, ws.issues[issue_id]))
        if problems:
            path, message = problems[0]
            raise InvalidInput(f"{rel}: {tomlio.format_path(path)}", message)


# ------------------------------------------------------------------ queries


def filter_issues(
    ws: Workspace,
    *,
    project: str | None = None,
    area: str | None = None,
    status: str | None = None,
    priority: str | None = None,
    owner: str | None = None,
) -> list[Issue]:
    """Issues matching every given filter, most urgent first (priority, status, title).

    ``status="active"`` matches open, in-progress and blocked issues.
    """
    found = []
    for issue in ws.issues.values():
        if project and project not in issue.projects:
            continue
        if area and issue.area != area:
            continue
        if status == ACTIVE:
            if issue.status not in OPEN_ISSUE_STATUSES:
                continue
        elif status and issue.status != status:
            continue
        if priority and issue.priority != priority:
            continue
        if owner and issue.owner != owner:
            continue
        found.append(issue)
    found.sort(
        key=lambda i: (
            PRIORITIES.index(i.priority),
            ISSUE_STATUSES.index(i.status),
            i.title.casefold(),
        )
    )
    return found
