"""The footer of every screen: Textual's, but it never cuts a key in the middle.

Textual's Footer lays the keys out in one row and chops the row at the screen's edge
("u Dupli").  Here the keys that do not fit are left out from the right and a "…" says
there are more; ``?`` lists every key of the screen.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterLabel

MORE = "…"


class FittingFooter(Footer):
    """A Footer that shows the keys that fit, then "…"."""

    def compose(self) -> ComposeResult:
        yield from super().compose()
        if self._bindings_ready:
            yield FooterLabel(MORE, classes="footer-more")

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self.fit)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit)

    @staticmethod
    def _width(item: Widget) -> int:
        """The item's width with its margins, measured while it was shown."""
        if item.display and item.outer_size.width:
            item._fit_width = item.outer_size.width + item.styles.margin.width  # type: ignore[attr-defined]
        return int(getattr(item, "_fit_width", 0))

    def fit(self) -> None:
        if not self.is_attached or not self.size.width:
            return
        # Two recomposes close together can both mount (Textual does not serialize them):
        # only the first "…" is ever shown.
        mores = [c for c in self.children if c.has_class("footer-more")]
        more = mores[0] if mores else None
        for extra in mores[1:]:
            extra.display = False
        docked = [c for c in self.children if c.has_class("-command-palette")]
        items = [c for c in self.children if c not in mores and c not in docked]
        room = self.size.width - sum(self._width(c) for c in docked)
        widths = [self._width(c) for c in items]
        fits = sum(widths) <= room
        budget = room if fits else room - (len(MORE) + 1)
        used = 0
        for item, width in zip(items, widths, strict=True):
            show = fits or used + width <= budget
            used += width if show else 0
            budget = budget if show else -1  # once one is left out, so are those after it
            item.display = show
        if more is not None:
            more.display = not fits
