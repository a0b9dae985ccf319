"""A vectorised reader of large, plain CIVS ballot files (numpy over the file's bytes).

It takes only the plainest form: lines of ``N`` comma-separated ranks or ``-``, each line
ending in a newline, no comment, blank line, space or multiplier.  Anything else (and any
rank outside ``1..N``) returns None, and the line-by-line parser reads the file instead,
with its exact error messages.  Both give the same ballots (a test checks this).
"""

from __future__ import annotations

from typing import Any

MIN_BYTES = 256 * 1024
"""Smaller files are read line by line: importing numpy costs more than it saves."""

_ZERO, _NINE, _DASH, _COMMA, _NL = 48, 57, 45, 44, 10


def civs_matrix(data: bytes) -> Any:
    """The (ballots x N) int16/int32 rank matrix of a plain CIVS file, or None."""
    import numpy as np

    if not data.endswith(b"\n"):
        data += b"\n"
    raw = np.frombuffer(data, dtype=np.uint8)
    digit = (raw >= _ZERO) & (raw <= _NINE)
    dash = raw == _DASH
    newline = raw == _NL
    sep = newline | (raw == _COMMA)
    if int(np.count_nonzero(digit | dash | sep)) != raw.size:
        return None  # comments, spaces, multipliers, \r, ...: the line parser decides
    ends = np.flatnonzero(sep)
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    lengths = ends - starts
    if lengths.size == 0 or int(lengths.min()) == 0:
        return None  # an empty token or a blank line
    lines = np.flatnonzero(newline[ends])  # token index of each line's last token
    n = int(lines[0]) + 1
    if lines.size * n != ends.size or not np.array_equal(lines, np.arange(n - 1, ends.size, n)):
        return None  # lines of different lengths
    first = raw[starts]
    dashes = first == _DASH
    if int(np.count_nonzero(dash)) != int(np.count_nonzero(dashes)) or bool(
        np.any(lengths[dashes] != 1)
    ):
        return None  # a '-' inside a number
    if bool(np.any(first == _ZERO)):
        return None  # 0 or a leading zero
    longest = int(lengths.max())
    if longest > len(str(n)):
        return None  # a rank above N
    values = np.zeros(ends.size, dtype=np.int32)
    for k in range(longest):
        more = lengths > k
        digits = raw[np.minimum(starts + k, raw.size - 1)].astype(np.int32) - _ZERO
        values = np.where(more, values * 10 + digits, values)
    values[dashes] = 0
    if int(values.max()) > n:
        return None
    dtype = np.int16 if n < 2**15 - 1 else np.int32
    return values.astype(dtype).reshape(lines.size, n)
