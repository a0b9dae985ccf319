"""Importing ballot files (CIVS text, Elekto CSV, Debian tally sheets) into an election.

The rules: files are imported after voting closes (while it is open only when the official
says so, ``during_voting``), never before; each file once (its SHA-256 is recorded in the
election); never more ballots than the roll; a file with no ballot is refused; ranks and
multipliers are bounded by the parsers (:data:`~meetup.elections.ballots.MAX_RANK`,
:data:`~meetup.elections.ballots.MAX_MULTIPLIER`).  The ballot box and the election record
are written in one transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from meetup import clock
from meetup.elections.ballots import (
    BallotError,
    BallotSet,
    ballot_format,
    parse_civs,
    parse_elekto_csv,
)
from meetup.elections.opening import opening_for, station_refusal
from meetup.elections.phases import phase
from meetup.store.election_records import BallotBox, BallotImport
from meetup.store.errors import InvalidInput
from meetup.store.fields import Record

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace


def parse_ballot_text(text: str, candidates: Sequence[str], source: str) -> BallotSet:
    """A CIVS text (columns in ``candidates`` order), a Debian tally sheet, or an Elekto CSV
    (its header must name exactly ``candidates``), re-ordered to ``candidates``."""
    from meetup.elections.debian import is_debian_tally, parse_debian_tally

    if is_debian_tally(text):
        ballots = parse_debian_tally(text, source=source)
    elif ballot_format(text) == "civs":
        return parse_civs(text, source=source, candidates=list(candidates))
    else:
        ballots = parse_elekto_csv(text, source=source)
    return _reorder(ballots, candidates, source)


def _reorder(ballots: BallotSet, candidates: Sequence[str], source: str) -> BallotSet:
    """``ballots`` with its columns in ``candidates`` order (which it must name exactly)."""
    if sorted(ballots.candidates) != sorted(candidates):
        raise BallotError(
            source,
            1,
            f"the header names {', '.join(ballots.candidates)}; "
            f"the election's candidates are {', '.join(candidates)}",
        )
    if tuple(ballots.candidates) == tuple(candidates):
        return ballots
    order = [ballots.candidates.index(c) for c in candidates]
    rows = [tuple(row[i] for i in order) for row in ballots.rows]
    return BallotSet.from_rows(candidates, rows, ballots.weights)


def _phase_refusal(current: str, during_voting: bool) -> str | None:
    if current == "closed":
        return None
    if current == "voting":
        if during_voting:
            return None
        return (
            "voting is still open: ballot files are imported after it closes "
            "(an official may import one while it is open with --during-voting)"
        )
    return f"voting has not opened (the election is {current}): no ballots can be imported"


def import_ballots(
    ws: Workspace,
    election_id: str,
    path: str | Path,
    now: datetime | None = None,
    *,
    during_voting: bool = False,
) -> int:
    """Add the ballots of a ballot file; any bad line raises BallotError (``file:line:
    message``) and nothing is imported.  Returns the number of ballots."""
    raw = Path(path).read_bytes()
    return import_ballot_bytes(ws, election_id, raw, str(path), now, during_voting=during_voting)


def import_ballot_bytes(
    ws: Workspace,
    election_id: str,
    raw: bytes,
    source: str,
    now: datetime | None = None,
    *,
    during_voting: bool = False,
    rename: dict[str, str] | None = None,
) -> int:
    """:func:`import_ballots` of a file's bytes; ``rename`` maps the ids a CSV header uses
    to the election's candidate ids."""
    from meetup.store import table

    now = now or clock.now()
    election = ws.election(election_id)
    if election.closed:
        raise InvalidInput("ballots", "the election is closed")
    refusal = _phase_refusal(phase(election, now), during_voting)
    if refusal:
        raise InvalidInput("ballots", refusal)
    digest = hashlib.sha256(raw).hexdigest()
    for earlier in election.imports:
        if earlier.sha256 == digest:
            raise InvalidInput(
                "ballots",
                f"this file was imported already ({earlier.file}, {earlier.ballots} ballots, "
                f"{earlier.at:%Y-%m-%d %H:%M} UTC); a file is imported once",
            )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BallotError(source, 1, f"not UTF-8 text: {exc.reason}") from None
    away = station_refusal(ws, election)
    if away:
        raise InvalidInput("ballots", away)
    opened = opening_for(ws, election, now)
    assert opened.opened is not None
    candidates = opened.opened.candidates
    box = ws.read_ballots(election_id)
    if box.ballots and box.candidates != candidates:
        raise InvalidInput("ballots", "the stored ballots name other candidates than the election")
    if rename:
        parsed = parse_elekto_csv(text, source=source)
        renamed = [rename.get(c, c) for c in parsed.candidates]
        parsed = BallotSet(tuple(renamed), parsed.rows, parsed.weights)
        ballots = _reorder(parsed, candidates, source)
    else:
        ballots = parse_ballot_text(text, candidates, source)
    if ballots.count == 0:
        raise BallotError(source, 1, "the file holds no ballot; nothing was imported")
    room = opened.opened.roll_size - len(box.ballots)
    if ballots.count > room:
        raise InvalidInput(
            "ballots",
            f"{ballots.count} ballots would be more than the roll allows: the box holds "
            f"{len(box.ballots)} for a roll of {opened.opened.roll_size}; nothing was imported",
        )
    added = [
        [0 if r is None else r for r in row]
        for row, weight in zip(ballots.rows, ballots.weights, strict=True)
        for _ in range(weight)
    ]
    record = BallotImport(at=now, file=Path(source).name, sha256=digest, ballots=ballots.count)
    updated = msgspec.structs.replace(opened, imports=[*opened.imports, record])
    box = BallotBox(candidates=list(candidates), ballots=sorted([*box.ballots, *added]))
    items: list[tuple[str, Record]] = [
        (table.BALLOTS.path(election_id), box),
        (table.ELECTION.path(election_id), updated),
    ]
    ws._save_all(items)
    ws.elections[election_id] = updated
    return ballots.count
