"""How a command about one meetup or election scales with the workspace around it.

    python benchmarks/bench_scaling.py 0.25=/tmp/s025 4=/tmp/s4 [1=/tmp/s1 ...] [--runs 5]

Each ``SCALE=DIR`` is a workspace made by ``generate.py DIR --scale SCALE``.  For every
command below, each run starts a fresh ``python -m meetup -w DIR ...`` (output thrown
away), the scales interleaved run by run, and takes the child's own CPU time (user +
system) and peak RSS from ``os.wait4`` (per child, not the parent's), plus wall time.
Prints a Markdown table of medians and the ratio of the largest scale to the smallest
(DESIGN.md: at most 1.5x for a command about one meetup or election).  ``check`` reads
everything and is shown for comparison, without a target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

COMMANDS: dict[str, list[str]] = {
    "schedule MEETUP --json": ["schedule", "{meetup}", "--json"],
    "election tally ELECTION --json": ["election", "tally", "{election}", "--json"],
    "export ics MEETUP": ["export", "ics", "{meetup}"],
    "list topics --meetup MEETUP": ["list", "topics", "--meetup", "{meetup}", "--json"],
    "check (reads everything; no target)": ["check"],
}
TARGET = 1.5


def run_once(root: Path, argv: list[str]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, peak RSS in kB) of one fresh meetup process."""
    from benchmarks.generate import BENCH_ELECTION, BENCH_MEETUP

    ids = {"meetup": BENCH_MEETUP, "election": BENCH_ELECTION}
    command = [sys.executable, "-m", "meetup", "-w", str(root), *(a.format(**ids) for a in argv)]
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in (0, 1):  # schedule exits 1 on a hard conflict
        raise SystemExit(f"{' '.join(command)} exited {child.returncode}")
    return usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspaces", nargs="+", metavar="SCALE=DIR")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    scales = []
    for item in args.workspaces:
        scale, _, folder = item.partition("=")
        scales.append((float(scale), Path(folder)))
    scales.sort()
    header = " | ".join(f"scale {s:g}" for s, _ in scales)
    print(f"| command | {header} | {scales[-1][0]:g} vs {scales[0][0]:g} (CPU) | target |")
    print("|---|" + "---|" * len(scales) + "---|---|")
    for name, argv in COMMANDS.items():
        samples: dict[float, list[tuple[float, float, int]]] = {s: [] for s, _ in scales}
        for root in (r for _, r in scales):  # warm the page cache once
            run_once(root, argv)
        for _ in range(args.runs):
            for scale, root in scales:
                samples[scale].append(run_once(root, argv))
        cells, cpus = [], []
        for scale, _ in scales:
            cpu = statistics.median(s[0] for s in samples[scale])
            wall = statistics.median(s[1] for s in samples[scale])
            rss = max(s[2] for s in samples[scale]) // 1024
            cpus.append(cpu)
            cells.append(f"CPU {cpu * 1000:.0f} ms, wall {wall * 1000:.0f} ms, {rss} MB")
        ratio = cpus[-1] / cpus[0]
        target = (
            ""
            if "no target" in name
            else f"<= {TARGET}x: " + ("pass" if ratio <= TARGET else "FAIL")
        )
        print(f"| {name} | {' | '.join(cells)} | {ratio:.2f}x | {target} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
