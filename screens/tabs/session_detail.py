"""The detail lines under the schedule grid and the topics table.

Cells and columns cut long titles; these lines show the focused session whole: its title
first, then its facts and its links (found by ``meetup.agenda.links.session_links``) flowed
over the lines left. A piece that does not fit the line starts the next one, so a link is
not cut while there is a line for it; the last line ends in an ellipsis where the width runs
out. User text is never read as markup.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text

from meetup.agenda.links import SessionLinks

LINES = 3
"""Lines of the detail (the widgets' height in the tcss)."""


def link_pieces(links: SessionLinks | None) -> list[Text]:
    """``etherpad URL`` and ``video URL``, each URL a terminal hyperlink."""
    if links is None:
        return []
    pieces = []
    for label, url in (("etherpad", links.etherpad), ("video", links.video)):
        if url:
            piece = Text(f"{label} ", style="dim")
            piece.append(url, style=Style(underline=True, link=url))
            pieces.append(piece)
    if not links.etherpad:
        pieces.insert(0, Text("no etherpad", style="dim"))
    return pieces


def detail(title: str | Text, pieces: Sequence[str | Text] = (), width: int = 78) -> Text:
    """The title (bold when given as a str), then ``pieces`` over at most ``LINES`` lines."""
    rows = [Text(title, style="bold") if isinstance(title, str) else title.copy()]
    counts = [0]
    for raw in pieces:
        piece = Text(raw) if isinstance(raw, str) else raw
        if not piece:
            continue
        row = rows[-1]
        gap = "" if not row else ("  " if len(rows) == 1 and counts[-1] == 0 else " · ")
        if row and row.cell_len + len(gap) + piece.cell_len > width and len(rows) < LINES:
            rows.append(Text())
            counts.append(0)
            row, gap = rows[-1], ""
        row.append(gap, style="dim")
        row.append_text(piece)
        counts[-1] += 1
    return Text("\n", no_wrap=True, overflow="ellipsis", end="").join(rows)
