"""``meetup election open|vote|verify|export|import|cycle|list``: the polling station, the
audit, remote electorates (Elekto, CIVS) and the OpenStack cycle."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from meetup.cli.common import emit, emit_json, fail, open_workspace, run, table


def register_more(cmds: Any) -> None:
    p = cmds.add_parser(
        "open",
        help="open voting here: fix candidates, roll and tie-break seed; this copy becomes "
        "the polling station",
    )
    p.add_argument("election", metavar="ELECTION")
    p.add_argument(
        "--remote",
        action="store_true",
        help="no polling station: the electorate votes in CIVS or Elekto",
    )
    p.set_defaults(func=cmd_open)

    p = cmds.add_parser(
        "vote",
        help="cast a ballot at the polling station",
        description="Cast VOTER's ranked ballot at this polling station, with the same checks "
        "as the ballot screen. --rank lists candidate ids best first; '=' ties "
        "(A,B=C,D); candidates left out are unranked.",
    )
    p.add_argument("election", metavar="ELECTION")
    p.add_argument("--as", dest="voter", metavar="VOTER", help="the voter (default $MEETUP_USER)")
    p.add_argument("--rank", required=True, metavar="A,B,..", help="candidate ids, best first")
    p.set_defaults(func=cmd_vote)

    p = cmds.add_parser(
        "verify",
        help="recompute a closed election's checksums, ranking and winners from its files",
    )
    p.add_argument("election", metavar="ELECTION_OR_FOLDER")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_verify)

    p = cmds.add_parser(
        "export", help="export an election for CIVS (candidates, voter e-mails) or Elekto"
    )
    p.add_argument("election", metavar="ELECTION")
    p.add_argument("--format", choices=["civs", "elekto"], required=True)
    p.add_argument("-o", "--output", required=True, metavar="DIR")
    p.set_defaults(func=cmd_export)

    p = cmds.add_parser(
        "import", help="create an election from an Elekto election folder (with its ballots.csv)"
    )
    p.add_argument("folder", metavar="ELEKTO_DIR")
    p.add_argument("--id", help="election id (default: the folder's name)")
    p.set_defaults(func=cmd_import)

    p = cmds.add_parser(
        "cycle", help="create every project's PTL election of a cycle (openstack/election files)"
    )
    p.add_argument("series", metavar="SERIES", help="e.g. 2026.2")
    p.add_argument("--config", required=True, metavar="FILE", help="configuration.yaml")
    p.add_argument("--candidates", metavar="DIR", help="candidates/ (or candidates/<series>/)")
    p.add_argument(
        "--exceptions",
        metavar="FILE",
        help="exceptions.txt: real names of candidate files (default: the one beside "
        "candidates/, if any)",
    )
    p.add_argument("--dry-run", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_cycle)

    p = cmds.add_parser("list", help="list elections (of one cycle): phase and outcome")
    p.add_argument("--cycle", metavar="SERIES")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)


def _now() -> Any:
    from meetup import clock

    return clock.now()


@run
def cmd_open(args: argparse.Namespace) -> int:
    from meetup.elections.opening import open_voting

    ws = open_workspace(args)
    election = open_voting(ws, args.election, _now(), station=not args.remote)
    opened = election.opened
    assert opened is not None
    print(f"voting in {election.id} is open; fixed at {opened.at:%Y-%m-%d %H:%M} UTC:")
    print(f"  candidates: {', '.join(opened.candidates)}")
    print(f"  roll: {opened.roll_size} voters, checksum {opened.roll_checksum}")
    print(f"  tie-break seed: {opened.tie_break_seed}")
    print(f"  polling station: {opened.station or '(none: remote voting)'}")
    return 0


def parse_rank(text: str) -> list[list[str]]:
    """``A,B=C,D`` -> ``[["A"], ["B", "C"], ["D"]]``."""
    groups = []
    for part in text.split(","):
        group = [c.strip() for c in part.split("=") if c.strip()]
        if group:
            groups.append(group)
    return groups


@run
def cmd_vote(args: argparse.Namespace) -> int:
    from meetup.elections.voting import cast_ballot

    voter = args.voter or os.environ.get("MEETUP_USER", "")
    if not voter:
        fail("who is voting? give --as VOTER (or set MEETUP_USER)", 2)
    ws = open_workspace(args)
    if voter not in ws.people:
        fail(f"unknown person {voter!r}", 1)
    ranking = parse_rank(args.rank)
    if not ranking:
        fail("--rank names no candidate", 2)
    cast_ballot(ws, args.election, voter, ranking, _now())
    print(f"ballot cast in {args.election}; {ws.person_name(voter)} is marked as voted")
    return 0


@run
def cmd_verify(args: argparse.Namespace) -> int:
    from meetup.elections.audit import verify_election, verify_folder

    folder = Path(args.election)
    if folder.is_dir() and (folder / "election.toml").is_file():
        report = verify_folder(folder)
    else:
        report = verify_election(open_workspace(args), args.election)
    if args.json:
        emit_json(report.to_json())
    elif report.verified:
        print(f"verified: {report.election} ({', '.join(report.checked)})")
    else:
        for difference in report.differences:
            print(f"differs: {difference}", file=sys.stderr)
        print(f"NOT verified: {report.election}", file=sys.stderr)
    return 0 if report.verified else 1


@run
def cmd_export(args: argparse.Namespace) -> int:
    from meetup.elections.elekto import export_civs, export_elekto

    ws = open_workspace(args)
    election = ws.election(args.election)
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        fail(f"{out} is not a folder", 2)
    if args.format == "elekto":
        files = export_elekto(ws, election, out)
    else:
        files, missing = export_civs(ws, election, out)
        for entry in missing:
            print(f"no e-mail address, left out of voters.txt: {entry}", file=sys.stderr)
    for path in files:
        print(path)
    return 0


@run
def cmd_import(args: argparse.Namespace) -> int:
    from meetup.elections.ballots import BallotError
    from meetup.elections.elekto import import_elekto

    ws = open_workspace(args)
    folder = Path(args.folder)
    if not folder.is_dir():
        fail(f"{folder} is not a folder", 2)
    try:
        election, count = import_elekto(ws, folder, election_id=args.id, now=_now())
    except BallotError as exc:
        fail(f"{exc} (the ballots were not imported)", 1)
    print(
        f"created election {election.id}: {len(election.candidates)} candidates, "
        f"{len(election.roll)} voters, {count} ballots"
    )
    return 0


@run
def cmd_cycle(args: argparse.Namespace) -> int:
    import yaml

    from meetup.elections.cycle import (
        create_cycle,
        default_exceptions,
        plan_cycle,
        read_exceptions,
    )

    ws = open_workspace(args)
    try:
        config = yaml.safe_load(Path(args.config).read_text("utf-8")) or {}
    except OSError as exc:
        fail(f"{args.config}: {exc.strerror or exc}", 2)
    except yaml.YAMLError as exc:
        fail(f"{args.config}: not YAML: {exc}", 1)
    if not isinstance(config, dict):
        fail(f"{args.config}: not a YAML mapping", 1)
    candidates = Path(args.candidates) if args.candidates else None
    exceptions_file = Path(args.exceptions) if args.exceptions else None
    if exceptions_file is None and candidates is not None:
        exceptions_file = default_exceptions(candidates)
    exceptions = None
    if exceptions_file is not None:
        try:
            text = exceptions_file.read_text("utf-8")
        except OSError as exc:
            fail(f"{exceptions_file}: {exc.strerror or exc}", 2)
        exceptions = read_exceptions(text, str(exceptions_file))
    plan = plan_cycle(ws, config, candidates, args.series, exceptions)
    if not args.dry_run:
        create_cycle(ws, plan)
    if args.json:
        emit_json(
            {
                "series": plan.series,
                "elections": [
                    {
                        "id": e.id,
                        "project": e.project,
                        "candidates": [c.person for c in e.candidates],
                    }
                    for e in plan.elections
                ],
                "new_projects": [p.id for p in plan.new_projects],
                "new_people": [p.id for p in plan.new_people],
                "skipped": plan.skipped,
                "saved": not args.dry_run,
            }
        )
        return 0
    verb = "would create" if args.dry_run else "created"
    t = plan.timeline
    print(
        f"{verb} {len(plan.elections)} PTL elections for {plan.series}: nominations "
        f"{t.nominations_open:%Y-%m-%d %H:%M} to {t.nominations_close:%Y-%m-%d %H:%M}, "
        f"voting {t.voting_open:%Y-%m-%d %H:%M} to {t.voting_close:%Y-%m-%d %H:%M} UTC"
    )
    for project in plan.new_projects:
        print(f"  new project {project.id} ({project.name})")
    for ident in plan.skipped:
        print(f"  exists already, left as it is: {ident}")
    return 0


@run
def cmd_list(args: argparse.Namespace) -> int:
    from meetup.elections.cycle import cycle_counts, cycle_rows
    from meetup.elections.phases import active_candidates, outcome, phase

    ws = open_workspace(args)
    now = _now()
    if args.cycle:
        rows = cycle_rows(ws, args.cycle, now)
    else:
        rows = [
            {
                "id": e.id,
                "title": e.title,
                "project": e.project,
                "phase": phase(e, now),
                "outcome": outcome(e),
                "candidates": active_candidates(e),
            }
            for e in sorted(ws.elections.values(), key=lambda e: e.id)
        ]
    if args.json:
        emit_json(rows)
        return 0
    cells = [
        [r["id"], r["project"] or "", r["phase"], r["outcome"], ", ".join(r["candidates"])]
        for r in rows
    ]
    emit(table(cells, ["id", "project", "phase", "outcome", "candidates"]))
    if args.cycle:
        print(", ".join(f"{n} {k}" for k, n in cycle_counts(rows).items()))
    return 0
