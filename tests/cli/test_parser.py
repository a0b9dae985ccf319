"""The command table: every command is in it with its real help line; runs build only theirs."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from meetup.cli import ALL, COMMANDS, build_parser, command_in

ROOT = Path(__file__).resolve().parents[2]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help or "" for choice in action._choices_actions}


def test_every_registered_command_is_in_the_table_with_its_help_line() -> None:
    registered = _subcommands(build_parser(ALL))
    table = {name: summary for name, (summary, _) in COMMANDS.items()}
    assert registered == table, (
        "a command was added or its help changed: update COMMANDS in meetup/cli/__init__.py"
    )


def test_each_command_builds_with_its_own_modules_only() -> None:
    for name in COMMANDS:
        parser = build_parser(name)
        action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        real = action.choices[name]
        assert real.add_help, f"{name}: its modules did not register it"


def test_command_in_skips_the_workspace_option() -> None:
    assert command_in(["--workspace", "list", "check"]) == "check"
    assert command_in(["-w", "x", "schedule", "m"]) == "schedule"
    assert command_in(["--version"]) is None


def test_version_and_help_import_no_command_module() -> None:
    code = (
        "import sys, io, contextlib\n"
        "from meetup.cli import main\n"
        "for argv in (['--version'], ['--help']):\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        try:\n"
        "            main(argv)\n"
        "        except SystemExit:\n"
        "            pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('meetup.cli.')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"
