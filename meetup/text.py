"""Control characters out of what we write: terminals, Markdown, iCalendar, XML.

Records refuse control characters when they are validated (``meetup.store.records``: no
control character at all in titles and names; newline and tab in notes).  The writers use
these helpers as their own line of defence, since a value can reach them from elsewhere
(an id from a file name, a message from a server).
"""

from __future__ import annotations

import re

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Every C0/C1 control character and DEL except newline and tab."""
ALL_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""Every C0/C1 control character and DEL, newline and tab included."""


def has_controls(text: str, *, multiline: bool = False) -> bool:
    """Whether ``text`` holds a control character (newline and tab allowed if multiline)."""
    return (CONTROLS if multiline else ALL_CONTROLS).search(text) is not None


def strip_controls(text: str) -> str:
    """``text`` with CR LF as LF, and every control character but newline and tab removed."""
    return CONTROLS.sub("", text.replace("\r\n", "\n"))


def one_line(text: str) -> str:
    """``text`` on one line: whitespace runs (line breaks included) become one space, and
    other control characters are removed."""
    return " ".join(ALL_CONTROLS.sub(" ", text).split())


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def md_inline(text: str) -> str:
    """User text inside one Markdown line: on one line, formatting characters escaped.

    A CR or LF in a title can't start a new line (a heading, a list item) of the document.
    """
    return _MD_SPECIAL.sub(r"\\\1", one_line(text))


def md_block(text: str) -> str:
    """User Markdown (notes, descriptions) kept as Markdown, without control characters."""
    return strip_controls(text)
