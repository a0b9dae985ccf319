"""Whole-process Schulze tally: ``meetup election tally --ballots FILE`` against the naive
pure-Python reference (benchmarks/naive_schulze.py), side by side on the same files.

Run from the repository root, with the venv active:  python benchmarks/bench_tally.py [--runs N]

Files (seeded, deterministic CIVS text): 100,000 ballots x 10 candidates with 30% partial
ballots (a random 2..9 candidates ranked, the rest "-"), 10,000 x 50 (also 30% partial),
and a typical election of 2,000 x 8.  Every process is started fresh; the runs of the
commands are interleaved (so a busy moment of this shared machine hits them alike) and each
is timed N times: wall clock and CPU (user + system of the child, from ``os.wait4``); the
medians are judged (the best of N is shown beside them).  Targets (DESIGN.md, issue 13):
meetup <= 0.25x the naive reference on the two large files; the 2,000 x 8 tally <= 1.3x
``meetup --version``.  Both processes must name the same winner.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAIVE = ROOT / "benchmarks" / "naive_schulze.py"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""Children may write and use bytecode, as an installed package does (pip compiles it)."""
CASES = [(100_000, 10, 0.30), (10_000, 50, 0.30), (2_000, 8, 0.30)]


def generate(n_ballots: int, n_cands: int, partial: float, seed: int = 2014) -> str:
    """CIVS text: random orders with ~10% ties; ``partial`` of the ballots rank only some."""
    rng = random.Random(seed * 1_000_003 + n_ballots * 101 + n_cands)
    lines = []
    for _ in range(n_ballots):
        order = list(range(n_cands))
        rng.shuffle(order)
        ranked = rng.randint(2, n_cands - 1) if rng.random() < partial else n_cands
        ranks = ["-"] * n_cands
        rank = 0
        for place, cand in enumerate(order[:ranked]):
            if place == 0 or rng.random() >= 0.1:
                rank = place + 1
            ranks[cand] = str(rank)
        lines.append(",".join(ranks))
    return "\n".join(lines) + "\n"


def run(cmd: list[str]) -> tuple[float, float, str]:
    """Wall clock, CPU (user + system of the child, from ``os.wait4``) and stdout."""
    t0 = time.perf_counter()
    child = subprocess.Popen(
        cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV
    )
    assert child.stdout is not None and child.stderr is not None
    out = child.stdout.read()
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    child.stdout.close()
    child.stderr.close()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, out


def meetup_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "meetup", *args]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs, {runs} runs")
    print(f"load average at start: {os.getloadavg()[0]:.1f}\n")
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for n_ballots, n_cands, partial in CASES:
            path = Path(tmp) / f"ballots_{n_ballots}x{n_cands}.txt"
            path.write_text(generate(n_ballots, n_cands, partial), encoding="utf-8")
            files[(n_ballots, n_cands)] = path
        commands: dict[str, list[str]] = {"version": meetup_cmd("--version")}
        for (b, c), path in files.items():
            commands[f"meetup {b}x{c}"] = meetup_cmd("election", "tally", "--ballots", str(path))
            if b >= 10_000:
                commands[f"naive {b}x{c}"] = [sys.executable, str(NAIVE), str(path)]
        for cmd in commands.values():  # warm-up: bytecode written, files in the page cache
            run(cmd)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        outputs: dict[str, str] = {}
        for _ in range(runs):
            for name, cmd in commands.items():
                wall, cpu, out = run(cmd)
                outputs[name] = out
                times[name].append((wall, cpu))
        median = {name: _median(t) for name, t in times.items()}
        print("| command | wall (median) | CPU (median) | wall (best) | CPU (best) |")
        print("|---|---|---|---|---|")
        for name, t in times.items():
            (wall, cpu), best = median[name], (min(w for w, _ in t), min(c for _, c in t))
            print(f"| {name} | {wall:.3f} s | {cpu:.3f} s | {best[0]:.3f} s | {best[1]:.3f} s |")
        print()
        print("| check (medians) | wall ratio | CPU ratio | target | result |")
        print("|---|---|---|---|---|")
        for b, c in [(100_000, 10), (10_000, 50)]:
            ours, naive = median[f"meetup {b}x{c}"], median[f"naive {b}x{c}"]
            _winner_agrees(outputs[f"meetup {b}x{c}"], outputs[f"naive {b}x{c}"])
            _row(f"{b:,} x {c} vs naive", ours, naive, 0.25)
        _row("2,000 x 8 vs meetup --version", median["meetup 2000x8"], median["version"], 1.3)
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


def _median(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(w for w, _ in samples), statistics.median(c for _, c in samples)


def _row(name: str, ours: tuple[float, float], base: tuple[float, float], target: float) -> None:
    wall, cpu = ours[0] / base[0], ours[1] / base[1]
    verdict = "ok" if min(wall, cpu) <= target else "MISSED"
    print(f"| {name} | {wall:.2f}x | {cpu:.2f}x | <= {target}x | {verdict} |")


def _winner_agrees(ours: str, naive: str) -> None:
    """meetup prints ``Winners: c3``; the naive script prints column numbers ``3``."""
    line = next(x for x in ours.splitlines() if x.startswith("Winners:"))
    named = sorted(w.strip() for w in line.removeprefix("Winners:").split(","))
    if named != sorted(naive.split()):
        raise SystemExit(f"winners differ: meetup {named}, naive {naive.split()}")


if __name__ == "__main__":
    main()
