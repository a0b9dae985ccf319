"""An election's result: ranking in tied groups, winners, the tie flag, turnout, checksum,
and the pairwise matrix or strongest paths as a heat map (cells colored by margin)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Header, Static

from meetup.elections import phases as elections
from meetup.elections import voting
from meetup.store.election_records import ElectionResult
from meetup.store.errors import InvalidInput, WorkspaceError
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.widgets import Table, plain

LABEL_WIDTH = 18
CELL_WIDTH = 5


def heat(margin: int, scale: int) -> str:
    """A background from red (loses by much) through grey (even) to green (wins by much)."""
    if margin == 0 or scale <= 0:
        return "white on grey23"
    level = min(1.0, abs(margin) / scale)
    shade = int(70 + 150 * level)
    color = f"rgb(0,{shade},0)" if margin > 0 else f"rgb({shade},0,0)"
    return f"bold white on {color}"


class ResultsScreen(WorkspaceScreen):
    """The stored result of a closed election, or a preview tally of the ballots so far."""

    CSS_PATH = "results.tcss"
    BINDINGS = [
        Binding("escape", "back", "Back", id="back"),
        Binding("p", "toggle_matrix", "Pairwise/paths", id="toggle-matrix"),
    ]

    def __init__(self, election_id: str) -> None:
        super().__init__()
        self.election_id = election_id
        self.show_paths = False
        self.ready = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="results-summary")
        yield Static(id="results-facts")
        yield Static(id="matrix-title")
        yield Table(id="matrix", cursor_type="cell")
        yield FittingFooter()

    def on_mount(self) -> None:
        self.title = f"Results: {self.workspace.election(self.election_id).title}"
        self.ready = True
        self.refresh_data()

    def result(self) -> tuple[ElectionResult | None, str]:
        """(result, where it comes from); a preview is tallied from the stored ballots."""
        ws = self.workspace
        election = ws.election(self.election_id)
        try:
            stored = ws.read_result(self.election_id)
            if stored is not None:
                return stored, f"closed {stored.closed_at:%Y-%m-%d %H:%M} UTC"
            if election.opened is None and elections.outcome(election) != "contested":
                return None, f"no poll: {elections.outcome(election)}"
            hidden = voting.interim_refusal(election, self.meetup_app.clock())
            if hidden:
                return None, hidden
            tally = voting.tally_election(ws, self.election_id, self.meetup_app.clock())
        except (WorkspaceError, InvalidInput) as exc:
            return None, str(exc)
        preview = voting.result_record(election, tally, self.meetup_app.clock())
        return preview, "PREVIEW: not closed; tallied from the ballots so far"

    def refresh_data(self) -> None:
        if not self.ready:
            return
        ws = self.workspace
        result, source = self.result()
        summary = self.query_one("#results-summary", Static)
        table = self.query_one("#matrix", DataTable)
        table.clear(columns=True)
        if result is None:
            summary.update(Text(source, style="bold"))
            self.query_one("#results-facts", Static).update("")
            self.query_one("#matrix-title", Static).update("")
            return
        text = Text()
        text.append(source + "\n", style="bold" if "PREVIEW" not in source else "bold yellow")
        place = 1
        groups = []
        for group in result.ranking:
            names = " = ".join(ws.person_name(c) for c in group)
            groups.append(f"{place}. {names}")
            place += len(group)
        text.append("Ranking: ", style="bold")
        text.append(" · ".join(groups) + "\n")
        text.append("Winners: ", style="bold")
        text.append(", ".join(ws.person_name(w) for w in result.winners) or "none")
        if result.tie_at_cut:
            # A line of its own: after the winners' names it read "Zoe AdamsTIE AT THE CUT".
            text.append("\n")
            if result.tie_break:
                text.append(
                    f"Tie at the cut: broken with seed {result.tie_break.seed}",
                    style="bold yellow",
                )
            else:
                text.append("Tie at the cut: not broken", style="bold white on red")
        self.query_one("#results-facts", Static).update(self.facts(result))
        summary.update(text)
        self.fill_matrix(result)

    @staticmethod
    def facts(result: ElectionResult) -> Text:
        """Turnout and checksums, one line each (cut with "…" on a narrow screen)."""
        unranked = "left out" if result.unranked == "ignore" else "tied last"
        text = Text(
            f"Ballots {result.ballots} of {result.electorate} on the roll · turnout "
            f"{result.turnout:.0%} · unranked {unranked}"
        )
        if result.checksum:
            text.append(f"\nsha256 of the ballots {result.checksum}", style="dim")
        else:
            text.append("\nno poll: nobody else stood", style="dim")
        if result.roll_checksum:
            text.append(f"\nsha256 of the roll    {result.roll_checksum}", style="dim")
        return text

    def fill_matrix(self, result: ElectionResult) -> None:
        ws = self.workspace
        names = result.candidates
        table = self.query_one("#matrix", DataTable)
        table.fixed_columns = 1
        what = "Strongest paths (W of the weakest link)" if self.show_paths else "Pairwise"
        self.query_one("#matrix-title", Static).update(
            Text.assemble(
                (what, "bold"),
                ": row over column; green = row wins, red = loses · p toggles",
            )
        )
        table.add_column("", width=LABEL_WIDTH, key="label")
        for index in range(1, len(names) + 1):
            table.add_column(Text(str(index), justify="right"), width=CELL_WIDTH, key=str(index))

        def value(a: str, b: str) -> int:
            if self.show_paths:
                return result.strongest.get(a, {}).get(b, [0, 0])[0]
            return result.pairwise.get(a, {}).get(b, 0)

        scale = max(
            (abs(value(a, b) - value(b, a)) for a in names for b in names if a != b), default=0
        )
        for index, a in enumerate(names, 1):
            cells: list[Any] = [plain(f"{index}. {ws.person_name(a)}")]
            for b in names:
                if a == b:
                    cells.append(Text("·", style="dim", justify="right"))
                    continue
                count = value(a, b)
                cells.append(
                    Text(str(count), style=heat(count - value(b, a), scale), justify="right")
                )
            table.add_row(*cells, key=a)

    def action_toggle_matrix(self) -> None:
        self.show_paths = not self.show_paths
        self.refresh_data()

    def action_back(self) -> None:
        self.app.pop_screen()

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        return [
            (
                "Results: pairwise matrix / strongest paths",
                "Toggle the heat map",
                self.action_toggle_matrix,
            )
        ]
