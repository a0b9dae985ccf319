"""Per-session links: an etherpad for the notes and the room's video call.

A room may carry a video/remote URL; a session's etherpad is set by hand on the topic or
made from the workspace's ``etherpad_pattern`` (as ptgbot does), e.g.
``https://etherpad.example.org/p/{meetup}-{topic}``: ``{meetup}`` and ``{topic}`` are the
ids (slugs, so the URL needs no escaping).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from meetup.store.records import Topic
from meetup.store.references import pattern_problem

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace


@dataclass(frozen=True)
class SessionLinks:
    etherpad: str = ""
    """Where the session's notes are taken."""
    video: str = ""
    """The video/remote link of the room the session is in."""


def etherpad_url(ws: Workspace, meetup_id: str, topic: Topic) -> str:
    """The topic's own etherpad, else the one the workspace's pattern makes, else ""."""
    if topic.etherpad:
        return topic.etherpad
    pattern = ws.settings.etherpad_pattern
    if not pattern or pattern_problem(pattern):
        return ""
    return pattern.replace("{meetup}", meetup_id).replace("{topic}", topic.id)


def session_links(ws: Workspace, meetup_id: str, topic: Topic) -> SessionLinks:
    data = ws.meetup(meetup_id)
    video = ""
    if topic.placement is not None:
        room = next((r for r in data.meetup.rooms if r.id == topic.placement.room), None)
        video = room.video_url if room else ""
    return SessionLinks(etherpad=etherpad_url(ws, meetup_id, topic), video=video)
