"""A clearly labelled stand-in for an area that a later issue builds."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.widgets import Footer, Header, Static

from screens.base import WorkspaceScreen


class PlaceholderScreen(WorkspaceScreen):
    """Says what the area will hold and which issue builds it."""

    DEFAULT_CSS = """
    PlaceholderScreen #placeholder {
        width: 60;
        border: round $warning;
        padding: 1 2;
    }
    """

    def __init__(self, area: object) -> None:
        super().__init__()
        self.area = area
        self.area_name = getattr(area, "name", "")

    def compose(self) -> ComposeResult:
        title = getattr(self.area, "title", "")
        yield Header()
        with Middle(), Center():
            yield Static(
                f"[b]{title}[/b] — not built yet (placeholder)\n\n"
                f"{getattr(self.area, 'help', '')}.\n\n"
                f"Planned in issue #{getattr(self.area, 'issue', 0)}. "
                "Press [b]d[/b] for the dashboard.",
                id="placeholder",
            )
        yield Footer()

    def on_mount(self) -> None:
        self.title = str(getattr(self.area, "title", ""))
