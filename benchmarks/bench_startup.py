"""Start-up benchmark: TUI ready time, workspace load and peak memory, against DESIGN.md.

Usage: ``python benchmarks/bench_startup.py [--large DIR] [--runs 7]``

Side by side in one run:
- TUI ready time on the demo and on the large workspace vs a bare Textual app with the same
  kind of widgets (Header, Footer, a 2x2 Grid of bordered panels each holding a DataTable
  with the dashboard's row counts); each run is a fresh interpreter, timed from just before
  it is spawned to the first painted screen; median of the runs;
- ``meetup.workspace.load`` vs the raw TOML parse (``tomli.loads`` of the same files, same
  directory walk), in-process, best and median;
- peak memory (max RSS) of a fresh interpreter that loads the large workspace, and of the
  TUI ready on it.
The large workspace is generated in a temporary directory unless ``--large`` is given.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = str(ROOT / "benchmarks" / "_child.py")
DEMO = ROOT / "data" / "demo"
TARGETS = {"ready-demo": 1.25, "ready-large": 1.6, "load": 1.5, "memory-mb": 150.0}


def child(*args: str) -> tuple[float, dict[str, Any]]:
    """Seconds from spawning a fresh interpreter to its report, and the report."""
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, CHILD, *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    report = json.loads(out.strip().splitlines()[-1])
    return report["ready"] - start, report


def dashboard_rows(root: Path) -> list[str]:
    """Row counts of the dashboard's four tables as displayed, for the bare app to match."""
    from meetup import dashboard
    from meetup.store.loading import load
    from screens.dashboard import ISSUE_ROWS

    ws = load(root)
    now = dashboard_now()
    return [
        str(len(dashboard.upcoming_meetups(ws, now.date()))),
        str(min(len(dashboard.open_issues(ws)), ISSUE_ROWS + 1)),  # + the "N more" row
        str(len(dashboard.liaison_summary(ws).gaps)),
        str(len(dashboard.elections(ws, now))),
    ]


def dashboard_now() -> Any:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def ready_times(root: Path, runs: int) -> dict[str, Any]:
    """Medians (wall and CPU seconds) of each way to open the app and of the bare app."""
    rows = dashboard_rows(root)
    samples: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        samples.setdefault(key, []).append(value)

    for _ in range(runs):  # interleaved, so machine noise hits all alike
        seconds, report = child("ours", str(root))
        add("sync_wall", seconds)
        add("sync_cpu", report["cpu"])
        seconds, report = child("ours-bg", str(root))
        add("bg_wall", seconds)
        add("bg_cpu", report["cpu"])
        start = report["ready"] - seconds
        add("data_wall", report.get("data", report["ready"]) - start)
        add("data_cpu", report.get("data_cpu", report["cpu"]))
        seconds, report = child("bare", *rows)
        add("bare_wall", seconds)
        add("bare_cpu", report["cpu"])
    medians: dict[str, Any] = {k: statistics.median(v) for k, v in samples.items()}
    medians["rows"] = rows
    return medians


def raw_parse(root: Path) -> int:
    """tomli.loads of every .toml file under root, walked like the loader does."""
    import tomli

    count = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".toml") and not name.startswith("."):
                with open(os.path.join(folder, name), "rb") as handle:
                    tomli.loads(handle.read().decode("utf-8"))
                count += 1
    return count


def timed(func: Callable[[], object]) -> float:
    """CPU seconds of ``func``: other processes on the machine do not count."""
    start = time.process_time()
    func()
    return time.process_time() - start


def load_times(root: Path, runs: int) -> dict[str, float]:
    """Best and median seconds of load and raw parse, interleaved so noise hits both."""
    from meetup.store.loading import load

    load(root)  # warm the OS cache and imports alike for both
    raw_parse(root)
    loads: list[float] = []
    raws: list[float] = []
    for _ in range(runs):
        loads.append(timed(lambda: load(root)))
        raws.append(timed(lambda: raw_parse(root)))
    return {
        "load_best": min(loads),
        "load_median": statistics.median(loads),
        "raw_best": min(raws),
        "raw_median": statistics.median(raws),
    }


def verdict(value: float, target: float) -> str:
    return "pass" if value <= target else "FAIL"


def machine() -> str:
    return (
        f"{platform.system()} {platform.machine()}, nproc {os.cpu_count()}, "
        f"Python {platform.python_version()}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", type=Path, help="large workspace (generated if omitted)")
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (>= 5)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="meetup-bench-") as tmp:
        large = args.large
        if large is None:
            from benchmarks.generate import generate

            large = Path(tmp) / "large"
            generate(large)
        return run(large, args.runs)


def run(large: Path, runs: int) -> int:
    files = raw_parse(large)
    rows: list[tuple[str, str, str, str, str, str]] = []
    failures = 0
    ways = (
        ("sync", "create_app(DIR)"),
        ("bg", "first paint, as the CLI opens it"),
        ("data", "data on screen, as the CLI opens it"),
    )
    for label, root, key in (("demo", DEMO, "ready-demo"), ("large", large, "ready-large")):
        r = ready_times(root, runs)
        for way, title in ways:
            ratio = r[f"{way}_cpu"] / r["bare_cpu"]
            judged = way != "data"
            failures += judged and ratio > TARGETS[key]
            rows.append(
                (
                    f"TUI {label}: {title}",
                    f"CPU {r[f'{way}_cpu'] * 1000:.0f} ms, wall {r[f'{way}_wall'] * 1000:.0f} ms",
                    f"bare Textual (rows {'/'.join(r['rows'])}): CPU {r['bare_cpu'] * 1000:.0f}"
                    f" ms, wall {r['bare_wall'] * 1000:.0f} ms",
                    f"{ratio:.2f}x (wall {r[f'{way}_wall'] / r['bare_wall']:.2f}x)",
                    f"<= {TARGETS[key]}x" if judged else "(info)",
                    verdict(ratio, TARGETS[key]) if judged else "",
                )
            )
    for label, root in (("demo", DEMO), ("large", large)):
        t = load_times(root, runs)
        ratio = t["load_best"] / t["raw_best"]
        failures += ratio > TARGETS["load"]
        rows.append(
            (
                f"workspace load, {label}",
                f"best {t['load_best'] * 1000:.1f} ms, median {t['load_median'] * 1000:.1f}",
                f"tomli best {t['raw_best'] * 1000:.1f} ms, median {t['raw_median'] * 1000:.1f}",
                f"{ratio:.2f}x (medians {t['load_median'] / t['raw_median']:.2f}x)",
                f"<= {TARGETS['load']}x",
                verdict(ratio, TARGETS["load"]),
            )
        )
    load_rss = max(child("load", str(large))[1]["maxrss_kb"] for _ in range(3)) / 1024
    tui_rss = max(child("ours-bg", str(large))[1]["maxrss_kb"] for _ in range(3)) / 1024
    for label, mb in (("load", load_rss), ("TUI with data on screen", tui_rss)):
        failures += mb > TARGETS["memory-mb"]
        rows.append(
            (
                f"peak RSS, large: {label}",
                f"{mb:.0f} MB",
                "",
                "",
                f"<= {TARGETS['memory-mb']:.0f} MB",
                verdict(mb, TARGETS["memory-mb"]),
            )
        )
    print(f"Machine: {machine()}; large workspace: {files} TOML files; {runs} runs each\n")
    print("| measurement | meetup | baseline | ratio | target | result |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
