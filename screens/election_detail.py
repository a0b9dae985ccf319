"""One election: timeline, candidates with statements, the roll, turnout and voting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from meetup.elections import electorate, voting
from meetup.elections import phases as elections
from meetup.elections.ballots import BallotError
from meetup.store import table as store_table
from meetup.store.election_records import Election
from meetup.store.errors import InvalidInput, NotFoundError, WorkspaceError
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.saving import read, save
from screens.widgets import PHASE_STYLE, Table, fit_columns, plain


def when(moment: Any) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


class ElectionDetailScreen(WorkspaceScreen):
    """Everything about one election; its actions follow its phase."""

    CSS_PATH = "election_detail.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("n", "nominate", "Nominate", id="nominate"),
        Binding("w", "withdraw", "Withdraw", id="withdraw"),
        Binding("b,space", "cast", "Vote", id="cast"),  # space: vote, as everywhere
        Binding("o", "roll", "Roll", id="roll"),
        # the footer shows refused keys disabled, so the rarest one lives in the palette
        Binding("i", "import_ballots", "Import ballots", id="import-ballots", show=False),
        Binding("c", "close", "Close", id="close"),
        Binding("r", "results", "Results", id="results"),
    ]

    def __init__(self, election_id: str) -> None:
        super().__init__()
        self.election_id = election_id
        self.ready = False

    @property
    def election(self) -> Election:
        return self.workspace.election(self.election_id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="election-info")
        yield Table(id="candidates", cursor_type="row")
        yield Static(id="statement")
        yield FittingFooter(compact=True)  # every phase's keys fit at 80 columns, disabled or not

    def on_mount(self) -> None:
        self.title = self.election.title
        self.ready = True
        self.refresh_data()
        self.query_one("#candidates", DataTable).focus()

    def on_resize(self) -> None:
        self.refit_later()

    def refresh_data(self) -> None:
        if not self.ready or self.election_id not in self.workspace.elections:
            return
        ws = self.workspace
        try:
            e = self.election  # read with its roll if this load left it out
        except (NotFoundError, WorkspaceError):
            return  # gone or broken since that load: the next one leaves it out
        self.title = e.title
        now = self.meetup_app.clock()
        current = elections.phase(e, now)
        standing = elections.standing(e, now)
        where = "/".join(x for x in (e.project, e.area) if x) or "community-wide"
        counts = read(
            self, lambda: (len(ws.read_voted(e.id).voted), len(ws.read_ballots(e.id).ballots))
        )
        voted, cast = counts if counts is not None else (0, 0)
        roll = len(e.roll)
        turnout = f"{cast}/{roll} = {cast / roll:.0%}" if roll else f"{cast} (no roll)"
        tally = f"\nVoted in the app {voted} · ballots {cast} · turnout {turnout}"
        if counts is None:
            unreadable = [
                f"{p.file}:{p.line}"
                for p in ws.problems
                if p.file in (store_table.BALLOTS.path(e.id), store_table.VOTED.path(e.id))
            ]
            tally = f"\nBallots cannot be counted: {', '.join(unreadable) or 'a file'} is broken"
        t = e.timeline
        unranked = "left out" if e.unranked == "ignore" else "tied last"
        info = Text.assemble(
            # Status words first, " · " between them: a narrow screen cuts the rest.
            (f"{e.kind.upper()} ", "bold"),
            (current, PHASE_STYLE.get(current, "")),
            " · ",
            (standing, "bold"),
            (" · CLOSED" if e.closed else "", "bold"),
            f" · {where} · {e.seats} seat{'s' if e.seats > 1 else ''}",
            f"\nNominations {when(t.nominations_open)} → {when(t.nominations_close)} UTC",
            f"\nVoting      {when(t.voting_open)} → {when(t.voting_close)} UTC",
            f"\nRoll {roll} voters · sha256 {electorate.roll_checksum(e.roll)[:16]}…"
            f" · unranked {unranked}",
            tally,
        )
        self.query_one("#election-info", Static).update(info)
        table = self.query_one("#candidates", DataTable)
        row = table.cursor_row
        fit_columns(table, [("Candidate", 20), ("Status", 10), ("Statement", None)])
        for nomination in elections.candidates(ws, e):
            table.add_row(
                plain(nomination.name),
                plain("withdrawn", "dim") if nomination.withdrawn else plain("standing", "green"),
                plain(nomination.statement.replace("\n", " ")),
                key=nomination.person,
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        self.show_statement()

    def current_candidate(self) -> str | None:
        table = self.query_one("#candidates", DataTable)
        if not table.row_count:
            return None
        return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)

    @on(DataTable.RowHighlighted, "#candidates")
    def show_statement(self) -> None:
        person = self.current_candidate()
        statement = self.query_one("#statement", Static)
        if person is None:
            statement.update(
                Text(
                    "No candidates yet."
                    + (" Press n to nominate." if self.can("nominate") else ""),
                    style="dim",
                )
            )
            return
        entry = next(c for c in self.election.candidates if c.person == person)
        statement.update(
            Text.assemble(
                (f"{self.workspace.person_name(person)}: ", "bold"),
                entry.statement or "(no statement)",
            )
        )

    # ---------------------------------------------------------------- actions

    def can(self, action: str) -> bool:
        return self.refusal(action) is None

    def refusal(self, action: str) -> str | None:
        """Why ``action`` cannot run now: the phase logic of meetup.elections says."""
        if not self.ready or self.election_id not in self.workspace.elections:
            return None
        e, now = self.election, self.meetup_app.clock()
        if action in ("nominate", "withdraw"):
            return elections.nomination_refusal(e, now)
        if action == "cast":
            return voting.ballot_refusal(self.workspace, e, now)
        if action == "close":
            return voting.close_refusal(self.workspace, e, now)
        if action in ("roll", "import_ballots") and e.closed:
            return f"{e.title} is closed"
        return None

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_nominate(self) -> None:
        from screens.dialogs.person_picker import PersonPickerDialog
        from screens.forms.prompt import PromptDialog

        if self.refused("nominate"):
            return
        ws = self.workspace
        people = sorted(ws.people.values(), key=lambda p: p.name.lower())

        def statement_for(person: str | None) -> None:
            if not person:
                return
            existing = next(
                (c.statement for c in self.election.candidates if c.person == person), ""
            )

            def save(text: str) -> Election:
                now = self.meetup_app.clock()
                return elections.nominate(self.workspace, self.election_id, person, text, now)

            self.app.push_screen(
                PromptDialog(
                    f"Nominate {self.workspace.person_name(person)}",
                    save,
                    field="statement",
                    value=existing,
                    help_text="Why they stand; shown to voters.",
                )
            )

        self.app.push_screen(
            PersonPickerDialog("Nominate whom?", [(p.id, p.name) for p in people]),
            statement_for,
        )

    def action_withdraw(self) -> None:
        if self.refused("withdraw"):
            return
        person = self.current_candidate()
        if person is None:
            return
        now = self.meetup_app.clock()
        self.apply(lambda: elections.withdraw(self.workspace, self.election_id, person, now))

    def action_roll(self) -> None:
        from screens.forms.prompt import PromptDialog

        if self.refused("roll"):
            return

        def save(path: str) -> electorate.RollImport:
            text = electorate.read_roll_file(Path(path).expanduser())
            now = self.meetup_app.clock()
            result = electorate.import_roll(self.workspace, self.election_id, text, now)
            self.call_later(self._roll_imported, result)
            return result

        self.app.push_screen(
            PromptDialog(
                "Import the electorate roll",
                save,
                field="file",
                placeholder="path to a text or CSV file of emails or person ids",
                help_text="Replaces the roll; matched case-insensitively, duplicates merged.",
            )
        )

    def _roll_imported(self, result: electorate.RollImport) -> None:
        notes = [f"line {u.line}: {u.text}" for u in result.unknown[:5]]
        self.notify(
            f"Roll: {len(result.roll)} voters, {len(result.duplicates)} duplicates merged, "
            f"{len(result.unknown)} unknown{': ' + '; '.join(notes) if notes else ''}\n"
            f"sha256 {result.checksum}",
            title="Roll imported",
            timeout=15,
            markup=False,
        )

    def action_import_ballots(self) -> None:
        from screens.forms.prompt import PromptDialog

        if self.refused("import_ballots"):
            return

        def import_file(path: str) -> int:
            try:
                count = voting.import_ballots(
                    self.workspace,
                    self.election_id,
                    Path(path).expanduser(),
                    self.meetup_app.clock(),
                )
            except BallotError as exc:
                raise InvalidInput("file", f"{exc} — nothing was imported") from None
            except OSError as exc:
                if exc.filename is None or Path(exc.filename) != Path(path).expanduser():
                    raise  # writing the workspace failed: the seam says so
                raise InvalidInput("file", f"cannot read {path}: {exc.strerror}") from None
            self.call_later(self.notify, f"Imported {count} ballots")
            return count

        self.app.push_screen(
            PromptDialog(
                "Import ballots (CIVS text or Elekto ballots.csv)",
                import_file,
                field="file",
                placeholder="path to the ballot file",
                help_text="CIVS columns follow the candidates in the order listed here.",
            )
        )

    def action_cast(self) -> None:
        from screens.dialogs.ballot import BallotDialog
        from screens.dialogs.person_picker import PersonPickerDialog

        if self.refused("cast"):
            return
        ws, e = self.workspace, self.election
        voted = set(ws.read_voted(e.id).voted)
        roll = sorted(electorate.roll_people(ws, e), key=lambda p: ws.person_name(p).lower())
        people = [(p, ws.person_name(p) + (" (voted)" if p in voted else "")) for p in roll]

        def vote_as(voter: str | None) -> None:
            if not voter:
                return
            # refused before ranking: off the roll, voted already, the phase moved on
            refusal = voting.voting_refusal(
                self.workspace, self.election, voter, self.meetup_app.clock()
            )
            if refusal:
                self.notify(refusal, title="Cannot vote", severity="warning", markup=False)
                return
            self.app.push_screen(BallotDialog(self.election_id, voter))

        self.app.push_screen(PersonPickerDialog("Who is voting?", people), vote_as)

    def action_close(self) -> None:
        from screens.dialogs.confirm import ConfirmDialog

        if self.refused("close"):
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            # The tie-break seed was fixed when voting opened: a refusal is only told.
            saved = save(
                self,
                lambda: voting.close_election(
                    self.workspace, self.election_id, self.meetup_app.clock()
                ),
                title="Not closed",
            )
            if saved is not None:
                self.action_results()

        self.app.push_screen(
            ConfirmDialog(
                f"Close {self.election.title} and publish its result?",
                consequence="The ballots are tallied and the result is final: the project's "
                "PTL (or liaison) is updated and no more ballots can be cast or imported.",
                yes="Close",
            ),
            answered,
        )

    def action_results(self) -> None:
        from screens.results import ResultsScreen

        self.app.push_screen(ResultsScreen(self.election_id))

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            ("Election: nominate a candidate", "While nominations are open", self.action_nominate),
            (
                "Election: withdraw the selected candidate",
                "While nominations are open",
                self.action_withdraw,
            ),
            ("Election: cast a ballot", "While voting is open; ranks candidates", self.action_cast),
            (
                "Election: import the electorate roll",
                "Text or CSV of emails or ids",
                self.action_roll,
            ),
            (
                "Election: import ballots",
                "CIVS text or Elekto ballots.csv",
                self.action_import_ballots,
            ),
            ("Election: close and publish the result", "Tally; updates the PTL", self.action_close),
            ("Election: results", "Ranking, pairwise matrix, strongest paths", self.action_results),
        ]
