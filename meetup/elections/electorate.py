"""The electorate: importing a roll of voters and its published checksum.

A roll file is plain text (one entry per line) or CSV (the first cell of a row that names
someone counts; a first row that names nobody and holds no address is taken as a header).
Entries are person ids or email addresses, matched case-insensitively against the people
of the workspace.  An address that matches nobody stays on the roll as a lowercase address
(such voters can be counted through imported ballots); anything else is reported with its
line number and left out.  Duplicates are merged.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from meetup.elections.phases import phase
from meetup.store.election_records import Election
from meetup.store.errors import InvalidInput
from meetup.store.fields import LINE_PATTERN, PATTERN_HINTS

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace


@dataclass(frozen=True)
class RollEntry:
    line: int
    text: str


@dataclass
class RollImport:
    """What a roll file gives: the normalized roll and what was odd about the file."""

    roll: list[str] = field(default_factory=list)
    """Person ids and lowercase addresses, sorted, each once."""
    unknown: list[RollEntry] = field(default_factory=list)
    """Entries that name nobody; not on the roll."""
    duplicates: list[RollEntry] = field(default_factory=list)
    """Entries naming someone already on the roll (merged)."""
    addresses: list[RollEntry] = field(default_factory=list)
    """Addresses of nobody in the workspace; kept on the roll as addresses."""
    header: bool = False

    @property
    def checksum(self) -> str:
        return roll_checksum(self.roll)


def roll_checksum(roll: list[str]) -> str:
    """SHA-256 of the normalized roll: sorted entries, one per line, each ending in ``\\n``."""
    text = "".join(f"{entry}\n" for entry in sorted(set(roll)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _looks_like_address(text: str) -> bool:
    local, at, domain = text.partition("@")
    return bool(at and local and "." in domain and " " not in text)


def _index(ws: Workspace) -> dict[str, str]:
    """Lowercased id or email -> person id."""
    index: dict[str, str] = {}
    for person in ws.people.values():
        index[person.id.casefold()] = person.id
        if person.email:
            index.setdefault(person.email.strip().casefold(), person.id)
    return index


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""A control character: an entry holding one could not be on the roll (see LINE_PATTERN)."""


def parse_roll(ws: Workspace, text: str) -> RollImport:
    """Match a roll file's entries against the people of ``ws`` (nothing is saved).

    An entry with a control character (an escape sequence ...) is refused with its line.
    """
    index = _index(ws)
    result = RollImport()
    seen: set[str] = set()
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    first = True
    for cells in reader:
        line = reader.line_num
        values = [c.strip() for c in cells if c.strip()]
        if not values or values[0].startswith("#"):
            continue
        if any(_CONTROL.search(v) for v in values):  # the roll would be refused: say where
            raise InvalidInput("file", f"line {line}: {PATTERN_HINTS[LINE_PATTERN]}")
        match = next((index[v.casefold()] for v in values if v.casefold() in index), None)
        address = next((v.casefold() for v in values if _looks_like_address(v)), None)
        was_first, first = first, False
        if match is None and address is None:
            if was_first and len(values) > 1:
                result.header = True
                continue
            result.unknown.append(RollEntry(line, ",".join(values)))
            continue
        entry = match if match is not None else str(address)
        if match is None:
            result.addresses.append(RollEntry(line, entry))
        if entry in seen:
            result.duplicates.append(RollEntry(line, ",".join(values)))
            continue
        seen.add(entry)
    result.roll = sorted(seen)
    return result


def read_roll_file(path: Path) -> str:
    """The text of a roll file; InvalidInput ``file`` when it cannot be read."""
    try:
        return path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise InvalidInput("file", f"cannot read {path}: {reason}") from None


def import_roll(
    ws: Workspace, election_id: str, text: str, now: datetime | None = None
) -> RollImport:
    """Replace the election's roll with the one in ``text``.  Refused once voting has
    opened (the roll is frozen then); a correction of an earlier roll is recorded with the
    checksums before and after."""
    from meetup import clock
    from meetup.store.election_records import RollCorrection

    now = now or clock.now()
    election = ws.election(election_id)
    current = phase(election, now)
    if election.closed or election.opened is not None or current in ("voting", "closed"):
        raise InvalidInput(
            "roll",
            f"the roll was frozen when voting opened (the election is {current}); "
            "it cannot change any more",
        )
    parsed = parse_roll(ws, text)
    if not parsed.roll:
        raise InvalidInput("roll", "the file names nobody; the roll was left as it was")
    corrections = list(election.roll_corrections)
    if election.roll and sorted(set(election.roll)) != parsed.roll:
        corrections.append(
            RollCorrection(
                at=now,
                before=roll_checksum(election.roll),
                after=parsed.checksum,
                size_before=len(set(election.roll)),
                size_after=len(parsed.roll),
            )
        )
    ws.save_election(
        msgspec.structs.replace(election, roll=parsed.roll, roll_corrections=corrections)
    )
    return parsed


def roll_people(ws: Workspace, election: Election) -> set[str]:
    """Person ids of everyone on the roll (entries naming a person by id or address)."""
    index = _index(ws)
    return {index[e.casefold()] for e in election.roll if e.casefold() in index}


def on_roll(ws: Workspace, election: Election, person: str) -> bool:
    return person in roll_people(ws, election)
