"""Benchmark the Schulze tally (DESIGN.md target: <= 0.25 s for 100,000 x 10 and 10,000 x 50).

Run from the repository root:  python benchmarks/bench_tally.py

Ballots are generated deterministically (seeded): each ballot ranks the candidates in a random
order, with about 10% of the choices left as "no opinion" and about 10% of adjacent places
tied. Measured: (a) the tally in-process on already parsed ballots (best of 5, includes the
pairwise matrix, strongest paths, ranking and the ballot checksum); (b) parsing the CIVS text
file in-process (best of 3); (c) a whole fresh ``python`` process that imports meetup, parses
the ballot file written to a temporary directory and tallies it (best of 3, wall clock).
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from meetup.elections.ballots import BallotSet, load_ballots  # noqa: E402
from meetup.elections.tally import schulze  # noqa: E402

TARGET_S = 0.25
CASES = [(100_000, 10), (10_000, 50)]


def generate(n_ballots: int, n_cands: int, seed: int = 2014) -> list[tuple[int | None, ...]]:
    """Deterministic random ballots (ranks 1..N, some ties, some '-')."""
    rng = random.Random(seed * 1_000_003 + n_ballots * 101 + n_cands)
    rows: list[tuple[int | None, ...]] = []
    for _ in range(n_ballots):
        order = list(range(n_cands))
        rng.shuffle(order)
        ranks: list[int | None] = [0] * n_cands
        rank = 0
        for place, cand in enumerate(order):
            if place == 0 or rng.random() >= 0.1:  # ~10% tie with the previous place
                rank = place + 1
            ranks[cand] = rank
        rows.append(tuple(None if rng.random() < 0.1 else r for r in ranks))
    return rows


def civs_text(rows: list[tuple[int | None, ...]]) -> str:
    return "".join(",".join("-" if r is None else str(r) for r in row) + "\n" for row in rows)


def best_of(times: int, fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(times):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


SCRIPT = (
    "import sys; from meetup.elections.ballots import load_ballots; "
    "from meetup.elections.tally import schulze; "
    "r = schulze(load_ballots(sys.argv[1])); print(r.winners[0] if r.winners else '-')"
)


def main() -> None:
    print(f"python {sys.version.split()[0]} on {sys.platform}\n")
    print(
        "| ballots x candidates | distinct rows | tally in-process (best of 5) | "
        "parse CIVS file (best of 3) | fresh process: import + parse + tally (best of 3) | "
        f"target {TARGET_S} s |"
    )
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for n_ballots, n_cands in CASES:
            rows = generate(n_ballots, n_cands)
            names = [f"c{i}" for i in range(1, n_cands + 1)]
            ballots = BallotSet.from_rows(names, rows)
            path = Path(tmp) / f"ballots_{n_ballots}x{n_cands}.txt"
            path.write_text(civs_text(rows), encoding="utf-8")
            assert load_ballots(path, candidates=names) == ballots

            tally_s = best_of(5, partial(schulze, ballots))
            parse_s = best_of(3, partial(load_ballots, path))
            cmd = [sys.executable, "-c", SCRIPT, str(path)]
            proc_s = best_of(
                3, partial(subprocess.run, cmd, cwd=ROOT, check=True, capture_output=True)
            )
            ok = "ok" if tally_s <= TARGET_S else "MISSED"
            print(
                f"| {n_ballots:,} x {n_cands} | {len(ballots.rows):,} | {tally_s:.3f} s | "
                f"{parse_s:.3f} s | {proc_s:.3f} s | {ok} |"
            )


if __name__ == "__main__":
    main()
