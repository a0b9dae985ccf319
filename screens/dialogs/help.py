"""The help dialog: the app's global keys, then every key of the screen it was opened from.

Both lists are read from the bindings (the App's and the screen's), never written by hand,
so the dialog cannot drift from what the keys do.  The key map itself is screens/keys.py.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from screens.keys import declared_bindings, verbs_line

PALETTE = "Command palette: every screen and action"


class HelpScreen(ModalScreen[None]):
    """Lists the app's global keys, then those of the screen below it."""

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen #help {
        width: 72;  /* the area keys' line (1-5 Dashboard · … · Elections) on one line */
        max-width: 100%;
        max-height: 90%;
        border: round $accent;
        border-title-color: $text-accent;
        padding: 0 1;
        background: $surface;
    }
    """
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="close-help")]

    def __init__(self, under: Screen[object]) -> None:
        super().__init__()
        self.under = under

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help") as scroll:
            scroll.border_title = "Keys"
            yield Static(self._text(), id="help-text")

    def _text(self) -> Text:
        # The App's keys from its class: a modal screen (this one) cuts the App's
        # bindings from the active ones.
        palette = Binding(self.app.COMMAND_PALETTE_BINDING, "command_palette", PALETTE)
        everywhere = [*declared_bindings(type(self.app)), palette]
        here = self._screen_bindings()
        lines = [Text("Everywhere", style="bold"), *self._lines(everywhere, areas=True)]
        if here:
            lines += [Text(), Text("This screen", style="bold"), *self._lines(here)]
        lines += [Text(), Text(verbs_line(), style="dim")]
        lines += [Text("Esc closes this help.", style="dim")]
        return Text("\n").join(lines)

    def _screen_bindings(self) -> list[Binding]:
        """The keys this app declares on the screen below and its focused widgets (not
        Textual's cursor and copy keys), the innermost first as Textual tries them."""
        under = self.under
        focused = under.focused
        nodes = [] if focused is None else [focused, *focused.ancestors]
        chain = [node for node in nodes if node is not self.app and node is not under]
        by_key: dict[str, Binding] = {}
        for node in [*chain, under]:
            for binding in declared_bindings(type(node)):
                if node.check_action(binding.action.split("(")[0], ()) is not False:
                    by_key.setdefault(binding.key, binding)
        return list(by_key.values())

    def _lines(self, bindings: list[Binding], *, areas: bool = False) -> list[Text]:
        """One line per action with every key that triggers it (``? / f1  Help``); the
        area keys in one line (``1-5  Home · Meetups · …``)."""
        keys: dict[str, list[str]] = {}
        descriptions: dict[str, str] = {}
        go: list[tuple[str, str]] = []
        for binding in bindings:
            if binding.system or not binding.description:
                continue
            if areas and binding.action.startswith("go("):
                go.append((binding.key, binding.description))
                continue
            keys.setdefault(binding.action, []).append(self.app.get_key_display(binding))
            descriptions.setdefault(binding.action, binding.description)
        lines = []
        if go:
            label = f"{go[0][0]}-{go[-1][0]}" if len(go) > 1 else go[0][0]
            lines.append(self._line(label, " · ".join(d for _, d in go)))
        for action, labels in keys.items():
            lines.append(self._line(" / ".join(dict.fromkeys(labels)), descriptions[action]))
        return lines

    @staticmethod
    def _line(label: str, description: str) -> Text:
        # Text, not markup: the label may be "[" (the previous tab).
        return Text.assemble((f"{label:>12}", "bold"), "  ", description)
