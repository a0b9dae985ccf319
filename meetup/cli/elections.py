"""``meetup election ...``: tally ballots, create elections, nominations, roll, closing."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from meetup.cli.common import (
    CommandError,
    confirm,
    emit,
    emit_json,
    fail,
    open_workspace,
    person_ref,
    run,
)
from meetup.cli.tally_fast import format_tally

if TYPE_CHECKING:
    from meetup.elections.tally import TallyResult


TALLY_HELP = (
    "Tally by Schulze (winning votes). ELECTION tallies its stored ballots "
    "(or --ballots FILE with its candidates, seats and unranked rule). A CIVS text file "
    "names no candidates: they come from the election or --candidates (column order), "
    "else 1..N. An Elekto ballots.csv names them in its header; a Debian tally sheet in its "
    "option legend (tallied with unranked options tied last)."
)


def add_tally_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("election", nargs="?", metavar="ELECTION", help="election id")
    p.add_argument("--ballots", metavar="FILE", help="CIVS text, Elekto CSV or Debian tally file")
    p.add_argument("--candidates", metavar="A,B,..", help="candidate ids in column order")
    p.add_argument("--seats", type=int, metavar="N", help="seats to fill (default 1)")
    p.add_argument(
        "--unranked",
        choices=["ignore", "last"],
        help="unranked choices: left out of comparisons (ignore, default) or tied last",
    )
    p.add_argument("--seed", type=int, help="tie-break seed for a ballot file's tie at the cut")
    p.add_argument("--json", action="store_true", help="ranking, winners, pairwise, ... as JSON")
    p.set_defaults(func=cmd_tally)


def register(sub: Any) -> None:
    group = sub.add_parser(
        "election",
        help="Schulze tally, create elections, nominations, electorate roll, closing",
        description="Elections: PTL, liaison and committee polls tallied by Schulze "
        "(winning votes).",
    )
    cmds = group.add_subparsers(dest="election_command", metavar="COMMAND", required=True)

    p = cmds.add_parser(
        "tally", help="tally an election's ballots or a ballot file", description=TALLY_HELP
    )
    add_tally_arguments(p)
    p.set_defaults(func=cmd_tally)

    p = cmds.add_parser("create", help="create an election (times in UTC)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--title", required=True)
    p.add_argument("--kind", choices=["ptl", "liaison", "committee"], default="ptl")
    p.add_argument("--project", help="the project (ptl, liaison)")
    p.add_argument("--area", help="the liaison area (liaison)")
    p.add_argument("--seats", type=int, default=1)
    p.add_argument("--unranked", choices=["ignore", "last"], default="ignore")
    for name in ("nominations-open", "nominations-close", "voting-open", "voting-close"):
        p.add_argument(f"--{name}", required=True, metavar="UTC", help="e.g. 2027-01-04 00:00")
    p.set_defaults(func=cmd_create)

    p = cmds.add_parser("nominate", help="nominate a candidate (while nominations are open)")
    p.add_argument("election", metavar="ELECTION")
    p.add_argument("person", metavar="PERSON")
    p.add_argument("--statement", default="", help="the candidate's statement")
    p.set_defaults(func=cmd_nominate)

    p = cmds.add_parser("withdraw", help="withdraw a candidate (while nominations are open)")
    p.add_argument("election", metavar="ELECTION")
    p.add_argument("person", metavar="PERSON")
    p.set_defaults(func=cmd_withdraw)

    p = cmds.add_parser(
        "roll",
        help="import the electorate from a text/CSV file of emails or ids ('-' = stdin)",
    )
    p.add_argument("election", metavar="ELECTION")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="report the matching, save nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_roll)

    p = cmds.add_parser(
        "import-ballots",
        help="add the ballots of a CIVS text, Elekto CSV or Debian tally file (after voting)",
        description="Import a ballot file after voting has closed (each file once; never more "
        "ballots than the roll).",
    )
    p.add_argument("election", metavar="ELECTION")
    p.add_argument("file", metavar="FILE")
    p.add_argument(
        "--during-voting",
        action="store_true",
        help="the official imports a file while voting is still open",
    )
    p.set_defaults(func=cmd_import_ballots)

    p = cmds.add_parser(
        "close", help="tally, save result.toml, and update the project's PTL or liaison"
    )
    p.add_argument("election", metavar="ELECTION")
    p.add_argument(
        "--seed", type=int, help="refused unless it is the seed fixed when voting opened"
    )
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_close)

    from meetup.cli.election_io import register_more

    register_more(cmds)


# ---------------------------------------------------------------------- tally


def cmd_tally(args: argparse.Namespace) -> int:
    """A ballot file alone opens no workspace, so it skips @run's imports: a typical
    election's tally should start about as fast as ``meetup --version``."""
    if args.election:
        return _tally_in_workspace(args)
    try:
        return _tally_command(args)
    except CommandError as exc:
        print(f"meetup: {exc}", file=sys.stderr)
        return exc.code


@run
def _tally_in_workspace(args: argparse.Namespace) -> int:
    return _tally_command(args)


def _tally_command(args: argparse.Namespace) -> int:
    from meetup.elections.ballots import BallotError

    if not args.election and not args.ballots:
        fail("give an ELECTION or --ballots FILE", 2)
    try:
        result = _tally(args)
    except BallotError as exc:
        fail(str(exc), 1)
    except OSError as exc:
        fail(f"{args.ballots}: {exc.strerror or exc}", 2)
    except ValueError as exc:
        fail(str(exc), 1)
    if args.json:
        emit_json(result.to_json())
    else:
        emit(format_tally(result))
    return 0


def _tally(args: argparse.Namespace) -> TallyResult:
    from meetup.elections.ballots import load_ballots
    from meetup.elections.debian import is_debian_tally
    from meetup.elections.tally import schulze

    if args.seats is not None and args.seats < 1:
        fail(f"--seats {args.seats}: at least one seat", 2)
    candidates = [c.strip() for c in args.candidates.split(",")] if args.candidates else None
    if args.election:
        return _tally_election(args, candidates)
    with open(args.ballots, "rb") as handle:
        head = handle.read(20000).decode("utf-8", "replace")
    debian = is_debian_tally(head)
    ballots = load_ballots(args.ballots, candidates=candidates)
    unranked: Literal["ignore", "last"] = args.unranked or ("last" if debian else "ignore")
    return schulze(ballots, seats=args.seats or 1, unranked=unranked, tie_break_seed=args.seed)


def _tally_election(args: argparse.Namespace, candidates: list[str] | None) -> TallyResult:
    from meetup.elections.ballots import load_ballots, read_ballot_text
    from meetup.elections.opening import frozen_candidates
    from meetup.elections.tally import schulze
    from meetup.elections.voting import interim_refusal, parse_ballot_text, tally_election

    ws = open_workspace(args, election=args.election, intact=True)
    election = ws.election(args.election)
    refusal = interim_refusal(election, _now())
    if refusal:
        fail(refusal, 1)
    fixed = election.opened.tie_break_seed if election.opened else election.tie_break_seed
    if args.seed is not None and fixed is not None and args.seed != fixed:
        fail(f"the tie-break seed of {election.id} is fixed ({fixed}); --seed cannot change it")
    if args.ballots is None:
        if args.seats is not None or args.unranked or candidates:
            fail("--seats, --unranked and --candidates go with --ballots FILE", 2)
        return tally_election(ws, election.id, _now())
    if candidates is None:
        text = read_ballot_text(args.ballots)
        ballots = parse_ballot_text(text, frozen_candidates(election), args.ballots)
    else:
        ballots = load_ballots(args.ballots, candidates=candidates)
    return schulze(
        ballots,
        seats=args.seats or election.seats,
        unranked=args.unranked or election.unranked,
        tie_break_seed=args.seed if args.seed is not None else fixed,
        electorate=len(election.roll) or None,
    )


# ------------------------------------------------------------ the other ones


def _now() -> Any:
    from meetup import clock

    return clock.now()


@run
def cmd_create(args: argparse.Namespace) -> int:
    from meetup.elections.drafts import ElectionDraft, create_from_draft

    ws = open_workspace(args)
    draft = ElectionDraft(
        id=args.id,
        title=args.title,
        kind=args.kind,
        project=args.project or "",
        area=args.area or "",
        seats=str(args.seats),
        nominations_open=args.nominations_open,
        nominations_close=args.nominations_close,
        voting_open=args.voting_open,
        voting_close=args.voting_close,
        unranked=args.unranked,
    )
    election = create_from_draft(ws, draft)
    print(f"created election {election.id}")
    return 0


@run
def cmd_nominate(args: argparse.Namespace) -> int:
    from meetup.elections.phases import nominate

    ws = open_workspace(args, election=args.election)
    person = person_ref(ws, args.person)
    nominate(ws, args.election, person, args.statement, _now())
    print(f"{person} is a candidate in {args.election}")
    return 0


@run
def cmd_withdraw(args: argparse.Namespace) -> int:
    from meetup.elections.phases import withdraw

    ws = open_workspace(args, election=args.election)
    person = person_ref(ws, args.person)
    withdraw(ws, args.election, person, _now())
    print(f"{person} withdrew from {args.election}")
    return 0


@run
def cmd_roll(args: argparse.Namespace) -> int:
    from meetup.elections.electorate import import_roll, parse_roll

    ws = open_workspace(args, election=args.election)
    ws.election(args.election)
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"{args.file}: {exc}", 2)
    source = "<stdin>" if args.file == "-" else args.file
    save = not args.dry_run
    result = import_roll(ws, args.election, text, _now()) if save else parse_roll(ws, text)
    if args.json:
        emit_json(
            {
                "roll": result.roll,
                "checksum": result.checksum,
                "unknown": [{"line": e.line, "entry": e.text} for e in result.unknown],
                "duplicates": [{"line": e.line, "entry": e.text} for e in result.duplicates],
                "addresses": [{"line": e.line, "entry": e.text} for e in result.addresses],
                "saved": not args.dry_run,
            }
        )
        return 0
    for entry in result.unknown:
        print(f"{source}:{entry.line}: names nobody, left out: {entry.text}", file=sys.stderr)
    for entry in result.duplicates:
        print(f"{source}:{entry.line}: duplicate, merged: {entry.text}", file=sys.stderr)
    for entry in result.addresses:
        print(f"{source}:{entry.line}: kept as an address of nobody known: {entry.text}")
    verb = "would be" if args.dry_run else "is now"
    print(f"roll of {args.election} {verb} {len(result.roll)} voters")
    print(f"checksum (sha256): {result.checksum}")
    return 0


@run
def cmd_import_ballots(args: argparse.Namespace) -> int:
    from meetup.elections.ballots import BallotError
    from meetup.elections.voting import import_ballots

    ws = open_workspace(args, election=args.election)
    try:
        count = import_ballots(
            ws, args.election, args.file, _now(), during_voting=args.during_voting
        )
    except BallotError as exc:
        fail(f"{exc} (nothing was imported)", 1)
    except OSError as exc:
        fail(f"{args.file}: {exc.strerror or exc}", 2)
    print(f"imported {count} ballots into {args.election}")
    return 0


@run
def cmd_close(args: argparse.Namespace) -> int:
    from meetup.elections.voting import close_election

    ws = open_workspace(args, election=args.election, intact=True)
    election = ws.election(args.election)
    if not confirm(args, f"Close {election.id} and publish its result?"):
        fail("not closed", 1)
    result = close_election(ws, args.election, _now(), seed=args.seed)
    if args.json:
        import msgspec

        emit_json(msgspec.to_builtins(result))
        return 0
    print(f"closed {args.election}: winners {', '.join(result.winners) or '(none)'}")
    if not result.winners and election.kind == "ptl" and election.project:
        print(f"{election.project} is now leaderless: it has no PTL until one is appointed")
    print(f"ballots {result.ballots}, electorate {result.electorate}, checksum {result.checksum}")
    return 0
