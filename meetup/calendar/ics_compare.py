"""Whether two iCalendar texts say the same, and the UID of one.

Ignores DTSTAMP, line folding, line endings and property order: what CalDAV servers such as
Radicale rewrite, so publishing an unchanged event again is recognised as no change.
"""

from __future__ import annotations

from typing import Any

_IGNORED = frozenset({"DTSTAMP"})


def unfold(text: str) -> list[str]:
    """Content lines of an iCalendar text, unfolded, without line ends."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def uid_of(text: str) -> str | None:
    in_event = False
    for line in unfold(text):
        upper = line.upper()
        if upper == "BEGIN:VEVENT":
            in_event = True
        elif in_event and (upper.startswith("UID:") or upper.startswith("UID;")):
            return line.split(":", 1)[1]
    return None


def _canonical(text: str) -> object:
    """A form of the calendar that ignores DTSTAMP, folding, line ends and property order."""
    import icalendar  # only needed here

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError:
        return _canonical_lines(text)
    return _canonical_component(calendar)


def _canonical_component(component: Any) -> tuple[object, ...]:
    name = str(getattr(component, "name", ""))
    props: list[tuple[str, str, bytes]] = []
    for key, value in component.items():
        if key.upper() in _IGNORED:
            continue
        for single in value if isinstance(value, list) else [value]:
            params = getattr(single, "params", {})
            encoded = single.to_ical() if hasattr(single, "to_ical") else str(single).encode()
            props.append(
                (key.upper(), repr(sorted((k.upper(), v) for k, v in params.items())), encoded)
            )
    children = sorted(
        (_canonical_component(sub) for sub in getattr(component, "subcomponents", [])), key=repr
    )
    return (name, tuple(sorted(props)), tuple(children))


def _canonical_lines(text: str) -> tuple[str, ...]:
    kept = (
        line
        for line in unfold(text)
        if line.split(":", 1)[0].split(";", 1)[0].upper() not in _IGNORED
    )
    return tuple(sorted(kept))


def same_event(server_text: str, local_text: str) -> bool:
    return _canonical(server_text) == _canonical(local_text)
