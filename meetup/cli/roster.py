"""``meetup import roster``: projects, PTLs and liaisons from governance's projects.yaml."""

from __future__ import annotations

import argparse
from typing import Any

from meetup.cli.common import confirm, emit, emit_json, fail, open_workspace, run
from meetup.cli.export import add_source_arguments, import_subparsers, read_import_source


def register(sub: Any) -> None:
    p = import_subparsers(sub).add_parser(
        "roster",
        help="import projects, PTLs and liaisons from openstack/governance's projects.yaml",
        description="Reads reference/projects.yaml (any shape since 2015): every team becomes "
        "a project, its PTL and liaisons people (matched by e-mail, then name), its roles "
        "liaison areas. Shows what would change, then applies it as one change. Exit 0 "
        "applied or nothing to do, 1 refused or cancelled.",
    )
    add_source_arguments(p, "projects.yaml, or an http(s) URL", "apply without asking (scripts)")
    p.set_defaults(func=cmd_import_roster)


@run
def cmd_import_roster(args: argparse.Namespace) -> int:
    from meetup.roster import apply_roster, roster_plan

    ws = open_workspace(args)
    shown, raw = read_import_source(args)
    plan = roster_plan(ws, raw, shown)
    if args.json:
        emit_json(plan.to_json())
    else:
        emit("\n".join(plan.preview_lines()))
    if args.dry_run or not plan.changed:
        return 0
    if not confirm(args, f"Apply the roster to {len(plan.projects)} projects?"):
        fail("cancelled, nothing changed")
    apply_roster(ws, plan)
    if not args.json:
        emit(f"Imported {len(plan.projects)} projects.")
    return 0
