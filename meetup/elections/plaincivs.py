"""Pairwise counts and checksum of a plain CIVS ballot file, straight from its bytes.

``meetup election tally --ballots FILE`` spends most of its time reading the file, so for
the plainest form of a CIVS file this module does the whole count with a handful of
C-speed operations on ``bytes`` and big integers, in pure Python (no numpy, whose import
alone costs more than a typical tally):

* **Plain form**: ASCII lines of ``N`` comma-separated tokens, each a rank ``1..N`` or
  ``-``, every line ending in a newline (the last one may not), no comment, blank line,
  space, ``\\r`` or multiplier, ``N <= 125``.  Anything else returns None, and the line
  parser (:func:`meetup.elections.ballots.parse_civs`) reads the file with its exact error
  messages.  Both give the same counts and checksum (tests compare them).
* **One byte per token**: every rank ``10..N`` is replaced by one byte (``0x80 + rank``;
  ``bytes.replace`` once per rank, longest first), the one-digit ranks and ``-`` are
  translated to the same code (``-`` is ``0x80``).  A plain file then has lines of exactly
  ``2N`` bytes, commas at odd offsets; one comparison checks that (any other token,
  ``0``, ``05`` or ``123``, leaves a line of another length).  Column ``c`` is the slice
  ``data[2c::2N]``: one byte per ballot.
* **Pairwise count** (``d[i][j]`` = ballots ranking i strictly above j): each column
  becomes two big integers with one 8-bit field per ballot, a left form ``rank + 1`` and a
  right form ``rank | 0x80`` (the field's top bit is a guard).  In ``right_j - left_i``
  no field borrows from the next, and a field keeps its guard bit exactly when
  ``rank_i < rank_j``, so ``d[i][j] = ((right_j - left_i) & GUARDS).bit_count()``.  "No
  opinion" takes sentinels on each side as in the numpy count: left 126 (never above
  anything), right 0 with ``unranked="ignore"`` or 126 with ``"last"`` (below every rank,
  tied with other unranked choices).
* **Checksum** (:meth:`meetup.elections.ballotset.BallotSet.checksum`): the coded lines
  sort (as latin-1 ``str``, the sort's fast path) in the checksum's order (ranks column
  by column, no opinion first, since ``0x80`` is the smallest code and the commas sit at
  the same offsets); equal ballots are then neighbours, so one pass says whether any
  ballot repeats.  The records are laid out column by column into one ``bytearray`` by
  slice assignment (each rank the last byte of its four, then the count's eight).
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing is not imported at run time: the tally starts fast
    from collections.abc import Callable
    from typing import Any

MAX_CANDIDATES = 125
"""Ranks up to 125 fit an 8-bit field under the sentinels (126) and the guard bit."""
REPLACE_UP_TO = 19
"""Up to this many choices, ranks 10..n are coded by one ``bytes.replace`` each; above,
by one dictionary look-up per token."""
FLOAT_KEYS_UP_TO = 14
FLOAT_KEYS_FROM = 10_000
"""From this many ballots of up to 14 choices, the checksum sorts one float per ballot
(about twice as fast as sorting strings); below, the float path's import is not worth it."""
_CODE = 0x80
_UNRANKED = 126


class PlainBallots:
    """A plain CIVS file in coded form: ``n`` choices, ``count`` ballots, ``data`` (lines of
    ``2n`` bytes, codes at even offsets)."""

    __slots__ = ("count", "data", "n")

    def __init__(self, n: int, count: int, data: bytes) -> None:
        self.n = n
        self.count = count
        self.data = data

    def column(self, c: int) -> bytes:
        """The codes of choice ``c`` (0-based), one byte per ballot."""
        return self.data[2 * c :: 2 * self.n]

    def pairwise(self, unranked: str = "ignore") -> list[list[int]]:
        """``d[i][j]`` = ballots ranking choice i strictly above choice j."""
        n, count = self.n, self.count
        left_table = _table(lambda r: r + 1, _UNRANKED + 1)
        right_table = _table(lambda r: r | 0x80, 0x80 | (_UNRANKED if unranked == "last" else 0))
        cols = [self.column(c) for c in range(n)]
        left = [int.from_bytes(col.translate(left_table), "little") for col in cols]
        right = [int.from_bytes(col.translate(right_table), "little") for col in cols]
        guards = int.from_bytes(b"\x80" * count, "little")
        d = [[0] * n for _ in range(n)]
        for i in range(n):
            row, li = d[i], left[i]
            for j in range(n):
                if j != i:
                    row[j] = ((right[j] - li) & guards).bit_count()
        return d

    def records(self) -> bytes:
        """The checksum's records: distinct rank vectors ascending, each rank as 4-byte
        big-endian, then its count as 8-byte big-endian."""
        n = self.n
        if n <= FLOAT_KEYS_UP_TO and self.count >= FLOAT_KEYS_FROM:
            floats = self._float_keys()
            floats.sort()
            floats, weights = _merge_runs(floats)
            cols = _float_columns(floats, n)
        else:
            lines = self.data.decode("latin-1").split("\n")  # codes, commas: no newline
            lines.pop()  # after the last newline
            lines.sort()  # latin-1 str: the sort's fast path, in the bytes' order
            lines, weights = _merge_runs(lines)
            decode = bytes(range(_CODE)) + bytes(range(128))  # code 0x80 + r -> r
            rows = "".join(lines).encode("latin-1").translate(decode)  # 2n - 1 bytes each
            cols = [rows[2 * c :: 2 * n - 1] for c in range(n)]
        distinct = len(cols[0])
        stride = 4 * n + 8
        out = bytearray(distinct * stride)
        for c, col in enumerate(cols):  # rank c: the last of its four bytes
            out[4 * c + 3 :: stride] = col
        if weights is None:
            out[stride - 1 :: stride] = b"\x01" * distinct
        else:  # (not the array module: loading its shared library costs more)
            eight = {w: w.to_bytes(8, "big") for w in set(weights)}
            big_endian = b"".join(map(eight.__getitem__, weights))
            for b in range(8):
                out[4 * n + b :: stride] = big_endian[b::8]
        return bytes(out)

    def _float_keys(self) -> list[float]:
        """One float per ballot whose order is the ballots' order (``n <= 14``).

        The ranks (0..14) are packed two to a byte, most significant first, into bytes
        6..0 of a little-endian double whose top byte is 0x40: a positive, finite, normal
        number, and positive doubles order as their bit patterns do."""
        count = self.count
        decode = bytes(range(_CODE)) + bytes(range(128))
        ranks = [int.from_bytes(self.column(c).translate(decode), "little") for c in range(self.n)]
        ranks += [0] * (-len(ranks) % 2)
        buf = bytearray(8 * count)
        buf[7::8] = b"\x40" * count
        for p in range(len(ranks) // 2):
            packed = (ranks[2 * p] << 4) | ranks[2 * p + 1]  # no field carries: ranks < 16
            buf[6 - p :: 8] = packed.to_bytes(count, "little")
        floats: list[float] = memoryview(buf).cast("d").tolist()  # type: ignore[assignment]
        return floats


def _merge_runs(keys: list[Any]) -> tuple[list[Any], list[int] | None]:
    """Sorted ``keys`` without repeats, and how often each came (None: all once)."""
    from itertools import compress, islice
    from operator import ne, sub

    last = list(map(ne, keys, islice(keys, 1, None)))  # the last of each run of equals
    last.append(True)
    if all(last):
        return keys, None
    ends = list(compress(range(len(keys)), last))
    return list(compress(keys, last)), list(map(sub, ends, [-1, *ends[:-1]]))


def _float_columns(floats: list[float], n: int) -> list[bytes]:
    """The rank columns (one byte per key) of sorted :meth:`PlainBallots._float_keys`."""
    import struct

    distinct = len(floats)
    buf = struct.pack(f"<{distinct}d", *floats)
    low = int.from_bytes(b"\x0f" * distinct, "little")
    cols = []
    for c in range(n):
        packed = int.from_bytes(buf[6 - c // 2 :: 8], "little")
        rank = (packed >> 4) & low if c % 2 == 0 else packed & low
        cols.append(rank.to_bytes(distinct, "little"))
    return cols


def _table(ranked: Callable[[int], int], unset: int) -> bytes:
    """A translate table: code ``0x80 + r`` -> ``ranked(r)``, ``0x80`` -> ``unset``."""
    table = bytearray(range(256))
    table[_CODE] = unset
    for r in range(1, MAX_CANDIDATES + 1):
        table[_CODE + r] = ranked(r)
    return bytes(table)


def read_plain(data: bytes) -> PlainBallots | None:
    """The coded ballots of a plain CIVS file (see the module docstring), or None."""
    if not data or not data.isascii():
        return None
    if not data.endswith(b"\n"):
        data += b"\n"
    first = data.find(b"\n")
    n = data.count(b",", 0, first) + 1
    if n > MAX_CANDIDATES:
        return None
    if n <= REPLACE_UP_TO:
        for r in range(n, 9, -1):  # three digits before two: "10" must not split "100"
            data = data.replace(str(r).encode(), bytes((_CODE + r,)))
        code = bytearray(range(256))
        code[ord("-")] = _CODE
        for r in range(1, min(n, 9) + 1):
            code[ord("0") + r] = _CODE + r
        data = data.translate(code)
    else:  # one pass over the tokens beats n - 9 passes over the file
        table = {str(r).encode(): bytes((_CODE + r,)) for r in range(1, n + 1)}
        table[b"-"] = bytes((_CODE,))
        table[b"\n"] = b"\n"
        tokens = data.replace(b"\n", b",\n,").split(b",")
        tokens.pop()  # after the last newline
        try:
            data = b",".join(map(table.__getitem__, tokens))
        except KeyError:
            return None  # an empty token, a space, a rank outside 1..n, ...
        data = (data + b",").replace(b",\n,", b"\n")
    width = 2 * n
    count, rest = divmod(len(data), width)
    if rest or data[1::2] != (b"," * (n - 1) + b"\n") * count:
        return None  # an empty line, a space, a comment, a multiplier, a line of other length
    if data[::2].translate(None, bytes(range(_CODE, _CODE + n + 1))):
        return None  # a token that is not a rank 1..n or '-'
    return PlainBallots(n, count, data)


def candidates_json(names: tuple[str, ...]) -> bytes:
    """``json.dumps(list(names), ensure_ascii=False)`` in UTF-8, without importing json for
    names that need no escaping."""
    if any(c in name for name in names for c in '"\\') or any(
        ord(c) < 0x20 for name in names for c in name
    ):
        import json

        return json.dumps(list(names), ensure_ascii=False).encode("utf-8")
    return ("[" + ", ".join(f'"{name}"' for name in names) + "]").encode("utf-8")
