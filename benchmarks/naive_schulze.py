"""The naive pure-Python Schulze reference that ``bench_tally.py`` times ``meetup`` against.

    python benchmarks/naive_schulze.py BALLOTS.txt

Straightforward on purpose, as one would write it from the method's description: read the
CIVS text file (one ballot per line, ranks separated by commas, ``-`` for no opinion, an
optional ``Nx`` multiplier), count for every ballot and every ordered pair of ranked
candidates whether the first is preferred, then Floyd-Warshall widest paths with winning
votes, and print the winner(s).  No numpy, no meetup code.
"""

from __future__ import annotations

import sys


def read(path: str) -> tuple[int, list[tuple[list[int | None], int]]]:
    ballots: list[tuple[list[int | None], int]] = []
    n = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            weight = 1
            if "x" in line:
                count, _, line = line.partition("x")
                weight = int(count)
            ranks: list[int | None] = [None if t == "-" else int(t) for t in line.split(",")]
            n = len(ranks)
            ballots.append((ranks, weight))
    return n, ballots


def pairwise(n: int, ballots: list[tuple[list[int | None], int]]) -> list[list[int]]:
    d = [[0] * n for _ in range(n)]
    for ranks, weight in ballots:
        for i in range(n):
            ri = ranks[i]
            if ri is None:
                continue
            row = d[i]
            for j in range(n):
                rj = ranks[j]
                if rj is not None and ri < rj:
                    row[j] += weight
    return d


def widest_paths(n: int, d: list[list[int]]) -> list[list[tuple[int, int]]]:
    p = [[(0, 0)] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j and d[i][j] > d[j][i]:
                p[i][j] = (d[i][j], d[j][i])

    def stronger(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] > b[0] or (a[0] == b[0] and a[1] < b[1])

    for k in range(n):
        for i in range(n):
            if i == k:
                continue
            for j in range(n):
                if j in (i, k):
                    continue
                via = p[i][k] if stronger(p[k][j], p[i][k]) else p[k][j]
                if stronger(via, p[i][j]):
                    p[i][j] = via
    return p


def main() -> None:
    n, ballots = read(sys.argv[1])
    d = pairwise(n, ballots)
    p = widest_paths(n, d)

    def beats(a: tuple[int, int], b: tuple[int, int]) -> bool:
        return a[0] > b[0] or (a[0] == b[0] and a[1] < b[1])

    winners = [i + 1 for i in range(n) if not any(beats(p[j][i], p[i][j]) for j in range(n))]
    print(" ".join(str(w) for w in winners))


if __name__ == "__main__":
    main()
