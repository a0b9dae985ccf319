"""The footer of every screen: Textual's, but it never cuts a key in the middle.

Textual's Footer lays the keys out in one row and chops the row at the screen's edge
("u Dupli").  Here the keys that do not fit are left out from the right and a "…" says
there are more; ``?`` lists every key of the screen.  What fits is decided while the
footer is composed (from the keys' text and the screen's width), so the first frame is
already right; a resize composes it again.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel

MORE = "…"


class FittingFooter(Footer):
    """A Footer that shows the keys that fit, then "…"."""

    _composed_for = 0
    """The width the keys were last fitted to."""
    left_out = 0
    """How many keys did not fit (``?`` lists them with the rest)."""

    def _width(self, item: Widget) -> int:
        """The cells ``item`` takes in the row (Textual's footer CSS: paddings, margins)."""
        if isinstance(item, FooterKey):
            key, text = cell_len(item.key_display), cell_len(item.description)
            if self.compact:
                return key + (1 + text if text else 0) + 1
            return key + 2 + (text + 1 if text else 0)
        if isinstance(item, FooterLabel):
            return cell_len(str(item.content)) + 1
        return sum(self._width(child) for child in item._pending_children) + 2

    def compose(self) -> ComposeResult:
        items = list(super().compose())
        if not self._bindings_ready:
            return
        width = self.screen.size.width or self.app.size.width
        self._composed_for = width
        docked = [i for i in items if i.has_class("-command-palette")]
        row = [i for i in items if i not in docked]
        room = width - sum(self._width(i) for i in docked)
        widths = [self._width(i) for i in row]
        fits = sum(widths) <= room
        budget, used, cut = room - (cell_len(MORE) + 1), 0, False
        self.left_out = 0
        for item, item_width in zip(row, widths, strict=True):
            cut = cut or (not fits and used + item_width > budget)
            used += item_width
            if cut:  # not mounted at all
                self.left_out += 1
                continue
            _settle(item, self.compact)
            yield item
        if not fits:
            yield FooterLabel(MORE, classes="footer-more")
        yield from docked

    def on_resize(self) -> None:
        width = self.screen.size.width or self.app.size.width
        if self._bindings_ready and width != self._composed_for:
            self.refresh(recompose=True)


def _settle(item: Widget, compact: bool) -> None:
    """Give a key the footer's ``compact`` before it mounts.

    Textual's keys start compact and are bound to the footer's value after mounting: two
    restyles per key (~1 ms each, 14 keys on a screen) while the first data is loading.
    """
    for key in (item, *item._pending_children):
        if isinstance(key, FooterKey):
            key.set_reactive(FooterKey.compact, compact)
