"""Opening the vote: what is fixed then, and the polling station that holds the ballot box.

When voting opens the election records, once, in ``election.toml``: the candidate list (in
ballot column order), the roll's checksum and size, the tie-break seed (the one set before,
else a fresh random one) and the polling station.  Tally and close use exactly that record;
nothing later can change it.

Ballot secrecy: in-app casting is a supervised polling station on one machine.  A station
is one copy of the workspace, named by a random id kept in ``.meetup-station`` beside
``workspace.toml``; that file is never committed, so every clone is its own station.  The
ballot box (``ballots.toml``) of an election being voted on stays on its station: sync
holds it back (:func:`paths_to_hold_back`) and it is committed once, sorted, with the close.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from meetup.elections.electorate import roll_checksum
from meetup.elections.phases import active_candidates, outcome, phase
from meetup.store.election_records import Election, VotingOpened
from meetup.store.errors import InvalidInput

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

STATION_FILE = ".meetup-station"
SECRECY_NOTE = (
    "Secret ballot: your ranking is stored without your name, among the others in sorted "
    "order; only the fact that you voted is recorded beside your name. This machine is the "
    "polling station: the ballot box stays here and is published, sorted, when voting closes."
)
"""What the ballot screen tells every voter (README: "Ballot secrecy")."""


def station_id(ws: Workspace, *, create: bool = True) -> str:
    """This copy's polling-station id (made on first use); "" when absent and not created."""
    path = ws.root / STATION_FILE
    try:
        text = path.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError):
        text = ""
    if text or not create:
        return text
    from meetup.store.files import atomic_write

    text = f"station-{secrets.token_hex(8)}"
    atomic_write(path, f"{text}\n".encode("ascii"))
    return text


def _new_opening(election: Election, now: datetime, station: str) -> VotingOpened:
    seed = election.tie_break_seed
    if seed is None:
        seed = secrets.randbits(32)
    return VotingOpened(
        at=now,
        candidates=active_candidates(election),
        roll_checksum=roll_checksum(election.roll),
        roll_size=len(set(election.roll)),
        tie_break_seed=seed,
        station=station,
    )


def opening_for(
    ws: Workspace, election: Election, now: datetime, *, station: bool = False
) -> Election:
    """``election`` with its opening recorded (not saved): unchanged when it is already
    opened (claiming the station when ``station`` and none holds the box yet).  Refused
    before voting opens and for an election without a poll."""
    current = phase(election, now)
    if election.opened is None and current not in ("voting", "closed"):
        raise InvalidInput(
            "phase",
            f"voting has not opened: the election is {current}; voting opens "
            f"{election.timeline.voting_open:%Y-%m-%d %H:%M} UTC",
        )
    if outcome(election) != "contested" and election.opened is None:
        raise InvalidInput("phase", f"there is no poll: the election is {outcome(election)}")
    here = station_id(ws) if station else ""
    if election.opened is None:
        opened = _new_opening(election, now, here)
        return msgspec.structs.replace(
            election, opened=opened, tie_break_seed=opened.tie_break_seed
        )
    if station and not election.opened.station:
        claimed = msgspec.structs.replace(election.opened, station=here)
        return msgspec.structs.replace(election, opened=claimed)
    return election


def open_voting(
    ws: Workspace, election_id: str, now: datetime, *, station: bool = True
) -> Election:
    """Fix the candidates, roll and tie-break seed now; with ``station``, this copy of the
    workspace becomes the election's polling station.  Saved; idempotent."""
    election = ws.election(election_id)
    if election.closed:
        raise InvalidInput("closed", f"{election_id} is closed")
    opened = opening_for(ws, election, now, station=station)
    if opened is not election:
        ws.save_election(opened)
    return opened


def station_refusal(ws: Workspace, election: Election) -> str | None:
    """Why this copy cannot cast for ``election`` (another station holds its box), or None."""
    opened = election.opened
    if opened is None or not opened.station:
        return None
    here = station_id(ws, create=False)
    if here == opened.station:
        return None
    return (
        f"the ballot box of {election.id} is held by polling station {opened.station} "
        "(the copy of the workspace where voting was opened); ballots are cast there, "
        "never in another clone"
    )


def frozen_candidates(election: Election) -> list[str]:
    """The candidate list of the ballots: fixed at opening (the active ones until then)."""
    if election.opened is not None:
        return list(election.opened.candidates)
    return active_candidates(election)


def paths_to_hold_back(ws: Workspace, now: datetime) -> list[str]:
    """Workspace-relative paths that ``meetup sync`` must not commit now: the station id,
    and the ballot box of every election that is not closed yet."""
    from meetup.store import table

    held = [STATION_FILE]
    for election in ws.elections.values():
        if not election.closed:
            held.append(table.BALLOTS.path(election.id))
    return sorted(held)
