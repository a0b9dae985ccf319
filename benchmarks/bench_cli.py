"""Start-up of the command line as whole processes, side by side: ``python -c pass``,
``meetup --version``, ``meetup --help`` and ``meetup check --help`` (DESIGN.md target:
``--version`` within 2.5x of ``python -c pass``).

Run from the repository root:  python benchmarks/bench_cli.py [--runs N]

The commands run interleaved (one of each per round) so a busy machine slows all alike;
the median wall time of each is reported with its ratio to ``python -c pass``, and each
process's peak RSS is read from outside (``resource.getrusage(RUSAGE_CHILDREN)`` of a
small parent that starts only that one child).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "meetup --version": [sys.executable, "-m", "meetup", "--version"],
    "meetup --help": [sys.executable, "-m", "meetup", "--help"],
    "meetup check --help": [sys.executable, "-m", "meetup", "check", "--help"],
}
TARGET = 2.5

RSS_PROBE = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_rss_mb(command: list[str]) -> float:
    out = subprocess.run(
        [sys.executable, "-c", RSS_PROBE, *command], capture_output=True, text=True, cwd=ROOT
    )
    return int(out.stdout.strip()) / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            t0 = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, cwd=ROOT, check=True)
            times[name].append(time.perf_counter() - t0)
    base = statistics.median(times["python -c pass"])
    print(f"{args.runs} interleaved runs each, median wall time; peak RSS from outside")
    for name in COMMANDS:
        median = statistics.median(times[name])
        print(
            f"  {name:<22} {median * 1000:7.1f} ms  {median / base:5.2f}x  "
            f"{peak_rss_mb(COMMANDS[name]):6.1f} MB"
        )
    ratio = statistics.median(times["meetup --version"]) / base
    print(f"meetup --version: {ratio:.2f}x python -c pass (target {TARGET}x)")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
