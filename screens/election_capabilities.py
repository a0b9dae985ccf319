"""The palette entries for what the CLI does with elections beyond the screens: verify a
closed result, export an election for a remote electorate (CIVS, Elekto), import an Elekto
election folder.  Each calls the ``meetup/`` function its CLI command calls."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.markup import escape

from meetup.store.errors import InvalidInput

if TYPE_CHECKING:
    from screens.app import MeetupApp

REMOTE_FORMATS = {"elekto": "Elekto folder", "civs": "CIVS lists"}


def election_commands(app: MeetupApp) -> Iterator[SystemCommand]:
    yield SystemCommand(
        "Import Elekto election folder",
        "An Elekto election (election.yaml, candidates, ballots.csv) becomes an election",
        lambda: import_elekto_folder(app),
    )
    for eid, election in sorted(app.workspace.elections.items()):
        title = escape(election.title)
        if election.closed:
            yield SystemCommand(
                f"Verify result of {title}",
                "Recompute the tally from the ballots and compare it with result.toml",
                lambda e=eid: verify_result(app, e),
            )
        for fmt, label in REMOTE_FORMATS.items():
            yield SystemCommand(
                f"Export {title} for remote voting ({label})",
                f"meetup election export --format {fmt}, to a folder outside the workspace",
                lambda e=eid, f=fmt: export_remote(app, e, f),
            )


def verify_result(app: MeetupApp, election_id: str) -> None:
    from meetup.elections.audit import verify_election
    from screens.report import ReportScreen

    app.push_screen(
        ReportScreen(
            f"Verify {election_id}",
            f"{election_id}-verify.txt",
            lambda: verify_election(app.workspace, election_id).describe(),
        )
    )


def export_remote(app: MeetupApp, election_id: str, fmt: str) -> None:
    from meetup.sharing.exports import default_folder
    from screens.forms.prompt import PromptDialog

    def write(folder: str) -> str:
        from meetup.elections.elekto import export_civs, export_elekto
        from meetup.sharing.exports import export_folder_target

        ws = app.workspace
        out = export_folder_target(folder, f"{election_id}-{fmt}", ws.root)
        election = ws.election(election_id)
        if fmt == "elekto":
            export_elekto(ws, election, out)
            return str(out)
        _, missing = export_civs(ws, election, out)
        left_out = f" ({len(missing)} voter(s) without e-mail left out)" if missing else ""
        return f"{out}{left_out}"

    def done(written: str | None) -> None:
        if written:
            app.notify(f"Wrote {written}", title="Election exported", markup=False)

    app.push_screen(
        PromptDialog(
            f"Export {election_id} ({REMOTE_FORMATS[fmt]})",
            write,
            field="folder",
            value=str(default_folder(app.workspace.root)),
            help_text=f"Writes the folder {election_id}-{fmt} in it, outside the workspace.",
            dismiss_with_result=True,
        ),
        done,
    )


def import_elekto_folder(app: MeetupApp) -> None:
    from screens.forms.prompt import PromptDialog

    def read(folder: str) -> str:
        from meetup.elections.ballotset import BallotError
        from meetup.elections.elekto import import_elekto

        where = Path(folder.strip()).expanduser()
        if not folder.strip() or not where.is_dir():
            raise InvalidInput(
                "folder", f"no folder {where}" if folder.strip() else "give a folder"
            )
        try:
            election, count = import_elekto(app.workspace, where, now=app.clock())
        except BallotError as exc:
            raise InvalidInput("folder", f"{exc} (the ballots were not imported)") from None
        return (
            f"Created election {election.id}: {len(election.candidates)} candidates, "
            f"{len(election.roll)} voters, {count} ballots"
        )

    def done(said: str | None) -> None:
        if said:
            app.notify(said, title="Election imported", markup=False)

    app.push_screen(
        PromptDialog(
            "Import Elekto election",
            read,
            field="folder",
            placeholder="a folder with election.yaml",
            help_text="Candidates not in the workspace become people; ballots.csv is imported.",
            dismiss_with_result=True,
        ),
        done,
    )
