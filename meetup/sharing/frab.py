"""frab/Pentabarf schedule XML, the format offline conference apps (Giggity, ConfClerk) read.

Shape (as the c3voc ``schedule.xml.xsd`` describes it)::

    <schedule>
      <generator name= version=/> <version/>
      <conference> title acronym start end days timeslot_duration time_zone_name
      <day index date start end>
        <room name>
          <event guid id> date start duration room slug title subtitle track type
                          language abstract description persons/person

Event ``guid`` is a uuid5 of the session's UID, and ``id`` (a positive integer, as the
schema requires) is derived from it, so both stay the same across exports and edits.
Only scheduled sessions are events; breaks span every room and are left out, as frab does.
"""

from __future__ import annotations

import hashlib
import re
import uuid
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from meetup import __version__
from meetup.agenda.links import session_links
from meetup.agenda.schedule import Session, aware, hhmm, minutes, sessions
from meetup.calendar.events import session_uid

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Characters XML 1.0 cannot carry even escaped, and DEL/C1 controls (XML 1.1 would need
them escaped, apps show them raw): dropped from user text.  Validation refuses them in
records already; this is the writer's own defence."""


def session_guid(uid: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"urn:meetup:session:{uid}")


def _text(parent: ET.Element, tag: str, value: str = "") -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("", value)
    return element


def _duration(total: int) -> str:
    return f"{total // 60:02d}:{total % 60:02d}"


def frab_xml(ws: Workspace, meetup_id: str) -> str:
    """``meetup export agenda MEETUP --format frab``."""
    data = ws.meetup(meetup_id)
    meetup = data.meetup
    rooms = {r.id: r.name for r in meetup.rooms}
    placed = sessions(data)
    days = sorted(meetup.days, key=lambda d: d.date)

    root = ET.Element("schedule")
    ET.SubElement(root, "generator", name="meetup", version=__version__)
    fingerprint = hashlib.blake2b(digest_size=4)
    for s in placed:
        fingerprint.update(f"{s.topic}|{s.day}|{s.start}|{s.end}|{s.room}|{s.title}\n".encode())
    _text(root, "version", f"{meetup_id} {fingerprint.hexdigest()}")
    conference = ET.SubElement(root, "conference")
    _text(conference, "title", meetup.title)
    _text(conference, "acronym", meetup_id)
    if days:
        _text(conference, "start", days[0].date.isoformat())
        _text(conference, "end", days[-1].date.isoformat())
    _text(conference, "days", str(len(days)))
    _text(conference, "timeslot_duration", _duration(meetup.slot_minutes))
    _text(conference, "time_zone_name", meetup.timezone)

    ids: set[int] = set()
    event_ids: dict[str, int] = {}
    for topic_id in sorted(s.topic for s in placed):  # collisions resolved in a stable order
        number = session_guid(session_uid(ws, meetup_id, topic_id)).int % 2_000_000_000 + 1
        while number in ids:
            number += 1
        ids.add(number)
        event_ids[topic_id] = number

    for index, hours in enumerate(days, 1):
        day = ET.SubElement(
            root,
            "day",
            index=str(index),
            date=hours.date.isoformat(),
            start=aware(meetup, hours.date, minutes(hours.start)).isoformat(),
            end=aware(meetup, hours.date, minutes(hours.end)).isoformat(),
        )
        for room in meetup.rooms:
            element = ET.SubElement(day, "room", name=_NOT_XML.sub("", room.name))
            for s in placed:
                if s.day == hours.date and s.room == room.id:
                    _event(ws, meetup_id, element, s, rooms, event_ids[s.topic])
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _event(
    ws: Workspace,
    meetup_id: str,
    room_element: ET.Element,
    s: Session,
    rooms: dict[str, str],
    number: int,
) -> None:
    data = ws.meetup(meetup_id)
    topic = data.topics[s.topic]
    uid = session_uid(ws, meetup_id, s.topic)
    event = ET.SubElement(room_element, "event", guid=str(session_guid(uid)), id=str(number))
    _text(event, "date", aware(data.meetup, s.day, s.start).isoformat())
    _text(event, "start", hhmm(s.start))
    _text(event, "duration", _duration(s.end - s.start))
    _text(event, "room", rooms.get(s.room, s.room))
    _text(event, "slug", f"{meetup_id}-{s.topic}")
    _text(event, "title", topic.title)
    _text(event, "subtitle", "")
    projects = [ws.projects[p].name if p in ws.projects else p for p in topic.projects]
    _text(event, "track", projects[0] if projects else "Cross-project")
    _text(event, "type", topic.kind)
    _text(event, "language", "en")
    _text(event, "abstract", topic.description)
    details = []
    if projects:
        details.append("Projects: " + ", ".join(projects))
    if topic.required:
        details.append("Required: " + ", ".join(ws.person_name(p) for p in topic.required))
    details.append(f"Votes: {len(topic.votes)}")
    if topic.notes.strip():
        details += ["", "Minutes:", topic.notes.strip()]
    _text(event, "description", "\n".join(details))
    persons = ET.SubElement(event, "persons")
    people = topic.required or ([topic.proposer] if topic.proposer else [])
    for person in people:
        _text(persons, "person", ws.person_name(person))
    links = ET.SubElement(event, "links")
    found = session_links(ws, meetup_id, topic)
    for title, url in (("Etherpad", found.etherpad), ("Video", found.video)):
        if url:
            _text(links, "link", title).set("href", url)
