"""Cast a ranked ballot: order the candidates with keys, tie them, or leave them unranked."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from meetup.elections import voting
from meetup.elections.opening import SECRECY_NOTE, frozen_candidates
from screens.footer import FittingFooter
from screens.saving import save


class BallotModel:
    """The ballot being edited: tied groups best first, then the unranked candidates."""

    def __init__(self, candidates: list[str]) -> None:
        self.groups: list[list[str]] = []
        self.unranked: list[str] = list(candidates)

    def flat(self) -> list[str]:
        return [c for g in self.groups for c in g] + self.unranked

    def group_of(self, candidate: str) -> int | None:
        return next((i for i, g in enumerate(self.groups) if candidate in g), None)

    def _take(self, candidate: str) -> int | None:
        """Remove ``candidate``; the index of its (now possibly removed) group."""
        g = self.group_of(candidate)
        if g is None:
            self.unranked.remove(candidate)
            return None
        self.groups[g].remove(candidate)
        if not self.groups[g]:
            del self.groups[g]
        return g

    def move_up(self, candidate: str) -> None:
        g = self.group_of(candidate)
        if g is None:  # unranked: becomes the last rank
            self.unranked.remove(candidate)
            self.groups.append([candidate])
        elif len(self.groups[g]) > 1:  # leave the tie, just above it
            self.groups[g].remove(candidate)
            self.groups.insert(g, [candidate])
        elif g > 0:
            self.groups[g - 1], self.groups[g] = self.groups[g], self.groups[g - 1]

    def move_down(self, candidate: str) -> None:
        g = self.group_of(candidate)
        if g is None:
            return
        if len(self.groups[g]) > 1:  # leave the tie, just below it
            self.groups[g].remove(candidate)
            self.groups.insert(g + 1, [candidate])
        elif g + 1 < len(self.groups):
            self.groups[g + 1], self.groups[g] = self.groups[g], self.groups[g + 1]

    def tie_with_above(self, candidate: str) -> None:
        """Join the rank of the candidate listed just above (if that one is ranked)."""
        flat = self.flat()
        index = flat.index(candidate)
        if index == 0:
            return
        neighbour = flat[index - 1]
        if self.group_of(neighbour) in (None, self.group_of(candidate)):
            return
        self._take(candidate)
        target = self.group_of(neighbour)
        assert target is not None
        self.groups[target].append(candidate)

    def toggle_unranked(self, candidate: str) -> None:
        if self.group_of(candidate) is None:
            self.unranked.remove(candidate)
            self.groups.append([candidate])
        else:
            self._take(candidate)
            self.unranked.append(candidate)


class BallotDialog(ModalScreen[bool]):
    """Returns True once the ballot is cast, False when cancelled or refused."""

    DEFAULT_CSS = """
    BallotDialog { align: center middle; }
    BallotDialog #ballot {
        width: 64; max-width: 100%; height: 20; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    BallotDialog #ballot-voter { width: 100%; text-style: bold; }
    BallotDialog #ballot-list { height: 1fr; }
    BallotDialog #ballot-message { width: 100%; color: $error; height: auto; }
    BallotDialog #ballot-help { color: $text-muted; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cancel"),
        Binding("K,shift+up,minus", "move('up')", "Up", id="rank-up"),
        Binding("J,shift+down,plus", "move('down')", "Down", id="rank-down"),
        Binding("t", "tie", "Tie above", id="tie"),
        Binding("u", "unrank", "(Un)rank", id="unrank"),
        Binding("ctrl+s", "cast", "Cast", id="cast"),
    ]

    def __init__(self, election_id: str, voter: str) -> None:
        super().__init__()
        self.election_id = election_id
        self.voter = voter
        self.model = BallotModel([])
        self.refused: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="ballot"):
            yield Label(id="ballot-voter")
            yield Static(id="ballot-secrecy")
            yield Static(id="ballot-help")
            yield OptionList(id="ballot-list")
            yield Label(id="ballot-message")
        yield FittingFooter()

    def on_mount(self) -> None:
        app = self.app
        ws = app.workspace  # type: ignore[attr-defined]
        election = ws.election(self.election_id)
        self.model = BallotModel(
            sorted(frozen_candidates(election), key=lambda p: ws.person_name(p).lower())
        )
        self.query_one("#ballot-secrecy", Static).update(Text(SECRECY_NOTE))
        self.query_one("#ballot-voter", Label).update(
            Text(f"{election.title}: voting as {ws.person_name(self.voter)}")
        )
        self.query_one("#ballot-help", Static).update(
            "enter ranks next (or unranks) · K/J or shift+↑/↓ move\n"
            "t ties with the one above · u (un)ranks · ctrl+s casts"
        )
        self.refused = voting.voting_refusal(ws, election, self.voter, app.clock())  # type: ignore[attr-defined]
        if self.refused:
            self.show_message(f"Cannot vote: {self.refused}")
        self.render_ballot()
        self.query_one("#ballot-list", OptionList).focus()

    def show_message(self, message: str) -> None:
        self.query_one("#ballot-message", Label).update(Text(message))

    def render_ballot(self, keep: str | None = None) -> None:
        ws = self.app.workspace  # type: ignore[attr-defined]
        options = self.query_one("#ballot-list", OptionList)
        options.clear_options()
        place = 1
        for group in self.model.groups:
            tie = len(group) > 1
            for candidate in group:
                label = f"{place:>2}{'=' if tie else ' '} {ws.person_name(candidate)}"
                options.add_option(Option(Text(label), id=candidate))
            place += len(group)
        for candidate in self.model.unranked:
            options.add_option(
                Option(
                    Text(f" -  {ws.person_name(candidate)}  (unranked)", style="dim"), id=candidate
                )
            )
        if keep is not None:
            options.highlighted = self.model.flat().index(keep)
        elif options.option_count:
            options.highlighted = 0

    def current(self) -> str | None:
        options = self.query_one("#ballot-list", OptionList)
        if options.highlighted is None:
            return None
        return options.get_option_at_index(options.highlighted).id

    def action_move(self, direction: str) -> None:
        candidate = self.current()
        if candidate is not None:
            (self.model.move_up if direction == "up" else self.model.move_down)(candidate)
            self.render_ballot(candidate)

    def action_tie(self) -> None:
        candidate = self.current()
        if candidate is not None:
            self.model.tie_with_above(candidate)
            self.render_ballot(candidate)

    def action_unrank(self) -> None:
        candidate = self.current()
        if candidate is not None:
            self.model.toggle_unranked(candidate)
            self.render_ballot(candidate)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Enter ranks an unranked candidate next (then moves to the next unranked one), or
        unranks a ranked one: pressing enter in order of preference fills the ballot."""
        candidate = event.option.id
        if candidate is None:
            return
        was_unranked = candidate in self.model.unranked
        self.model.toggle_unranked(candidate)
        follow = self.model.unranked[0] if was_unranked and self.model.unranked else candidate
        self.render_ballot(follow)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # refused before ranking: the key shows disabled (the message says why)
        return None if action == "cast" and self.refused else True

    def action_cast(self) -> None:
        if self.refused:
            self.show_message(f"Cannot vote: {self.refused}")
            return
        ranking = [list(g) for g in self.model.groups]
        if not ranking:
            from screens.dialogs.confirm import ConfirmDialog

            def answered(yes: bool | None) -> None:
                if yes:
                    self.cast(ranking)

            self.app.push_screen(
                ConfirmDialog(
                    "Cast an empty ballot?",
                    consequence="It ranks nobody: it counts as an abstention (turnout, "
                    "but no preference) and cannot be changed once cast.",
                    yes="Cast empty",
                ),
                answered,
            )
            return
        self.cast(ranking)

    def cast(self, ranking: list[list[str]]) -> None:
        app = self.app
        saved = save(
            self,
            lambda: voting.cast_ballot(
                app.workspace,  # type: ignore[attr-defined]
                self.election_id,
                self.voter,
                ranking,
                app.clock(),  # type: ignore[attr-defined]
            ),
            form=self,
            title="Not cast",
        )
        if saved is None:
            return
        self.notify("Ballot cast. It is stored without your name.")
        self.dismiss(True)

    def show_errors(self, errors: Mapping[str, str]) -> None:
        """The seam's refusal, where the ballot's messages go."""
        self.show_message("Not cast: " + "; ".join(m for m in errors.values() if m))

    def action_cancel(self) -> None:
        self.dismiss(False)
