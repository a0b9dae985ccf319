"""A dialog listing the workspace's problems with file:line:column."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from meetup.store.errors import Problem


class ProblemsDialog(ModalScreen[None]):
    """Every problem found when the workspace was loaded; the rest stays usable."""

    DEFAULT_CSS = """
    ProblemsDialog {
        align: center middle;
    }
    ProblemsDialog #problems {
        width: 90%;
        max-height: 80%;
        border: round $error;
        padding: 0 1;
        background: $surface;
    }
    """
    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="close-problems")]

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__()
        self.problems = list(problems)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="problems") as scroll:
            scroll.border_title = f"{len(self.problems)} problem(s) — files left untouched"
            if not self.problems:
                yield Static("No problems: every file parsed and validated.")
            for problem in self.problems:
                yield Static(Text(str(problem)), classes="problem")
