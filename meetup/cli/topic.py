"""``meetup topic``: propose, +1, triage, take minutes and delete topics from the shell.

Each subcommand calls the same operation as the TUI (meetup.agenda.topics and
meetup.agenda.minutes), so validation and messages are the same.
"""

from __future__ import annotations

import argparse
from typing import Any

from meetup.cli.common import (
    acting,
    add_as_option,
    command_group,
    confirm,
    emit,
    emit_json,
    fail,
    open_workspace,
    run,
)

STATUSES = ("proposed", "accepted", "deferred", "rejected", "duplicate")


def register(sub: Any) -> None:
    cmds = command_group(sub, "topic", help="propose, +1, triage and take minutes of topics")

    p = cmds.add_parser("propose", help="propose a topic; prints its new id")
    p.add_argument("meetup", metavar="MEETUP")
    p.add_argument("--title", required=True)
    p.add_argument("--description", default="")
    p.add_argument("--project", action="append", default=[], metavar="P")
    p.add_argument("--kind", default="discussion")
    p.add_argument("--duration", type=int, default=30, metavar="MIN")
    p.add_argument("--required", action="append", default=[], metavar="PERSON")
    _common(p, cmd_propose)

    p = cmds.add_parser("vote", help="+1 a topic as the acting person (--undo takes it back)")
    p.add_argument("meetup", metavar="MEETUP")
    p.add_argument("topic", metavar="TOPIC")
    p.add_argument("--undo", action="store_true", help="take the +1 back")
    _common(p, cmd_vote)

    p = cmds.add_parser("status", help="accept, defer, reject, reopen or mark a duplicate")
    p.add_argument("meetup", metavar="MEETUP")
    p.add_argument("topic", metavar="TOPIC")
    p.add_argument("status", choices=STATUSES)
    p.add_argument("--duplicate-of", metavar="OTHER", help="with status duplicate")
    _common(p, cmd_status)

    p = cmds.add_parser("notes", help="append lines to a topic's minutes")
    p.add_argument("meetup", metavar="MEETUP")
    p.add_argument("topic", metavar="TOPIC")
    p.add_argument("--append", required=True, metavar="TEXT")
    _common(p, cmd_notes)

    p = cmds.add_parser("delete", help="delete a topic (asks unless --yes)")
    p.add_argument("meetup", metavar="MEETUP")
    p.add_argument("topic", metavar="TOPIC")
    p.add_argument("--yes", action="store_true", help="do not ask")
    _common(p, cmd_delete)


def _common(p: argparse.ArgumentParser, func: Any) -> None:
    add_as_option(p)
    p.add_argument("--json", action="store_true", help="the result as JSON")
    p.set_defaults(func=func)


def _topic_json(topic: Any) -> dict[str, object]:
    return {
        "id": topic.id,
        "title": topic.title,
        "status": topic.status,
        "votes": list(topic.votes),
        "duplicate_of": topic.duplicate_of,
    }


@run
def cmd_propose(args: argparse.Namespace) -> int:
    from meetup.agenda.topics import TopicDraft, propose
    from meetup.identity import known_person

    ws = open_workspace(args)
    proposer = acting(args, ws) if getattr(args, "acting", None) else known_person(ws) or ""
    draft = TopicDraft(
        title=args.title,
        description=args.description,
        proposer=proposer,
        projects=",".join(args.project),
        kind=args.kind,
        duration=str(args.duration),
        required=",".join(args.required),
    )
    topic = propose(ws, args.meetup, draft)
    if args.json:
        emit_json(_topic_json(topic))
    else:
        emit(topic.id)
    return 0


@run
def cmd_vote(args: argparse.Namespace) -> int:
    from meetup.agenda.topics import get_topic, set_vote

    ws = open_workspace(args)
    person = acting(args, ws)
    changed = set_vote(ws, args.meetup, args.topic, person, not args.undo)
    topic = get_topic(ws.meetup(args.meetup), args.topic)
    if args.json:
        emit_json({**_topic_json(topic), "person": person, "changed": changed})
    else:
        verb = "took back the +1 of" if args.undo else "+1 by"
        state = "" if changed else " (already so)"
        emit(f"{args.topic}: {verb} {person}{state}; {len(topic.votes)} vote(s)")
    return 0


@run
def cmd_status(args: argparse.Namespace) -> int:
    from meetup.agenda.topics import mark_duplicate, set_status

    ws = open_workspace(args)
    if args.status == "duplicate" or args.duplicate_of:
        if args.status != "duplicate" or not args.duplicate_of:
            fail("mark a duplicate with: status duplicate --duplicate-of OTHER")
        topic = mark_duplicate(ws, args.meetup, args.topic, args.duplicate_of)
    else:
        topic = set_status(ws, args.meetup, args.topic, args.status)
    if args.json:
        emit_json(_topic_json(topic))
    else:
        emit(f"{topic.id}: {topic.status}")
    return 0


@run
def cmd_notes(args: argparse.Namespace) -> int:
    from meetup.agenda.minutes import append_notes

    ws = open_workspace(args)
    topic = append_notes(ws, args.meetup, args.topic, args.append)
    if args.json:
        emit_json({**_topic_json(topic), "notes": topic.notes})
    else:
        emit(f"{topic.id}: notes now {len(topic.notes.splitlines())} line(s)")
    return 0


@run
def cmd_delete(args: argparse.Namespace) -> int:
    """The same deletion as ``meetup delete topic``: what points at the topic is cleared
    with it (said first, as the TUI's confirmation says it), as one change."""
    from meetup import deletion
    from meetup.agenda.topics import get_topic

    ws = open_workspace(args)
    topic = get_topic(ws.meetup(args.meetup), args.topic)
    said = deletion.topic_consequences(ws, args.meetup, topic.id)
    if said and not args.yes and not args.json:
        emit("deleting it takes along:\n" + "".join(f"  - {line}\n" for line in said))
    if not confirm(args, f"delete topic {topic.id} ({topic.title})?"):
        fail("not deleted")
    deletion.delete_topic(ws, args.meetup, topic.id)
    if args.json:
        emit_json({"id": topic.id, "deleted": True})
    else:
        emit(f"deleted {topic.id}")
    return 0
