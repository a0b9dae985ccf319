"""What users wait for, side by side in one run (issue 18, item 6).

    python benchmarks/bench_wait.py 0.25=/tmp/s025 1=/tmp/s1 2=/tmp/s2 4=/tmp/s4 [--runs 3]
        [--only tui,cli,load] [--no-check]

Each ``SCALE=DIR`` is a workspace made by ``generate.py DIR --scale SCALE``.  Measured:

- **TUI**, per scale: meetup as the CLI opens it (background load) in a fresh interpreter,
  headless 80x24 (``_child.py ours-data``): its first frame, the first frame showing the
  dashboard's records, the first frame once the whole workspace is in; against a **bare
  Textual app**'s first frame (Header, Footer, 2x2 DataTables with the dashboard's row
  counts).  Times from just before the parent spawns the child.
- **CLI**, per scale: ``check``, ``schedule M --json``, ``election tally E --json``,
  ``export ics M`` and ``list topics --meetup M`` as fresh ``python -m meetup`` processes.
- **Peak RSS of a fresh process measured from outside**: every child above runs under
  ``/usr/bin/time -f %M`` (a small C parent, so the child's high-water mark is its own, not
  an inherited one: on Linux ``ru_maxrss`` survives fork and exec).  CPU time (user +
  system) of each child comes from ``os.wait4`` on that parent (it includes its children).
- **load vs tomli on exactly the files load reads** (``--only load``, in-process): the
  files one ``load(DIR)`` opens, recorded once by wrapping ``Store.read``; then ``load(DIR)``
  against reading and ``tomli.loads``-ing those files in the same order, interleaved, CPU
  time: the load as commands run it (the record cache warm), the first load after every
  file changed (cache empty: all parsed, the cache written) and with the cache off.  The
  demo, and each scale given.

Children run with bytecode (as ``pip install .`` leaves the package; the machine's
``PYTHONDONTWRITEBYTECODE`` is dropped for them) after one warm-up run each.  Every
measurement is the median of ``--runs`` interleaved runs (scales and apps alternate run by
run, so the noise of a shared machine hits all alike).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = str(ROOT / "benchmarks" / "_child.py")
DEMO = ROOT / "data" / "demo"
TIME = "/usr/bin/time"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
ENV.pop("MEETUP_NOW", None)
CACHES = tempfile.TemporaryDirectory(prefix="bench-wait-cache-")
ENV["MEETUP_CACHE_DIR"] = os.environ["MEETUP_CACHE_DIR"] = CACHES.name  # children and here
"""Commands that read everything (``check``) keep their record cache here, not in the
user's; after the warm-up run it holds each workspace's records, as it would for a user."""

COMMANDS: dict[str, list[str]] = {
    "check": ["check"],
    "schedule M --json": ["schedule", "{meetup}", "--json"],
    "election tally E --json": ["election", "tally", "{election}", "--json"],
    "export ics M": ["export", "ics", "{meetup}"],
    "list topics --meetup M": ["list", "topics", "--meetup", "{meetup}", "--json"],
}
"""Commands about one meetup/election are judged: at most 1.5x from the smallest scale to
the largest.  ``check`` reads everything by design and has no target."""
SCALING_TARGET = 1.5
TUI_TARGETS = {1.0: 1.6, 4.0: 2.5}
"""Data on screen vs a bare app's first frame (issue 18)."""
TUI_RSS_TARGET_MB = {4.0: 120}
LOAD_TARGET = 1.3


class Sample:
    def __init__(self, wall: float, cpu: float, rss_kb: int, report: dict[str, Any]) -> None:
        self.wall, self.cpu, self.rss_kb, self.report = wall, cpu, rss_kb, report


def spawn(argv: list[str], *, ok: tuple[int, ...] = (0,)) -> Sample:
    """Run ``argv`` under /usr/bin/time; wall from spawn, CPU from wait4, RSS from time."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        command = [TIME, "-f", "%M", "-o", rss.name, *argv]
        start = time.perf_counter()
        child = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env=ENV
        )
        out = child.stdout.read() if child.stdout else b""
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            raise SystemExit(f"{' '.join(argv)} exited {code}")
        text = rss.read().strip().splitlines()
        rss_kb = int(text[-1]) if text else 0
    report: dict[str, Any] = {}
    lines = out.decode("utf-8", "replace").strip().splitlines()
    if lines and lines[-1].startswith("{"):
        report = json.loads(lines[-1])
        report["start"] = start
    return Sample(wall, usage.ru_utime + usage.ru_stime, rss_kb, report)


def median(values: list[float]) -> float:
    return statistics.median(values)


def dashboard_rows(root: Path) -> list[str]:
    from benchmarks.bench_startup import dashboard_rows as rows

    return rows(root)


# ----------------------------------------------------------------------------- TUI


def tui(scales: list[tuple[float, Path]], runs: int) -> None:
    rows = {scale: dashboard_rows(root) for scale, root in scales}
    samples: dict[tuple[float, str], list[Sample]] = {}
    for scale, root in scales:  # warm-up: bytecode, page cache
        spawn([sys.executable, CHILD, "ours-data", str(root)])
        spawn([sys.executable, CHILD, "bare", *rows[scale]])
    for _ in range(runs):
        for scale, root in scales:
            samples.setdefault((scale, "ours"), []).append(
                spawn([sys.executable, CHILD, "ours-data", str(root)])
            )
            samples.setdefault((scale, "bare"), []).append(
                spawn([sys.executable, CHILD, "bare", *rows[scale]])
            )
    print("\n### TUI: data on screen vs a bare Textual app's first frame\n")
    print(
        "| scale | bare first frame | meetup first frame | dashboard data on screen "
        "| whole workspace in | data vs bare (wall / CPU) | target | peak RSS meetup / bare |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for scale, _ in scales:
        ours, bare = samples[(scale, "ours")], samples[(scale, "bare")]

        def at(group: list[Sample], key: str) -> float:
            return median([s.report[key] - s.report["start"] for s in group])

        def cpu(group: list[Sample], key: str) -> float:
            return median([s.report[key] for s in group])

        bare_wall, bare_cpu = at(bare, "ready"), cpu(bare, "cpu")
        cells = [f"{bare_wall * 1000:.0f} ms (CPU {bare_cpu * 1000:.0f})"]
        for key, cpu_key in (("ready", "cpu"), ("data", "data_cpu"), ("all", "all_cpu")):
            cells.append(f"{at(ours, key) * 1000:.0f} ms (CPU {cpu(ours, cpu_key) * 1000:.0f})")
        ratio_wall = at(ours, "data") / bare_wall
        ratio_cpu = cpu(ours, "data_cpu") / bare_cpu
        cells.append(f"{ratio_wall:.2f}x / {ratio_cpu:.2f}x")
        target = TUI_TARGETS.get(scale)
        cells.append(
            ""
            if target is None
            else f"<= {target}x: " + ("pass" if max(ratio_wall, ratio_cpu) <= target else "MISS")
        )
        rss = max(s.rss_kb for s in ours) / 1024
        rss_target = TUI_RSS_TARGET_MB.get(scale)
        verdict = (
            ""
            if rss_target is None
            else f" (<= {rss_target} MB: " + ("pass)" if rss <= rss_target else "MISS)")
        )
        cells.append(f"{rss:.0f} MB{verdict} / {max(s.rss_kb for s in bare) / 1024:.0f} MB")
        print(f"| {scale:g} (rows {'/'.join(rows[scale])}) | " + " | ".join(cells) + " |")


# ----------------------------------------------------------------------------- CLI


def cli(scales: list[tuple[float, Path]], runs: int, *, check: bool = True) -> None:
    from benchmarks.generate import BENCH_ELECTION, BENCH_MEETUP

    print("\n### CLI: one command, fresh process, by workspace scale\n")
    header = " | ".join(f"scale {s:g}" for s, _ in scales)
    print(f"| command | {header} | {scales[-1][0]:g} vs {scales[0][0]:g} (CPU / wall) | target |")
    print("|---|" + "---|" * len(scales) + "---|---|")
    for name, argv in COMMANDS.items():
        if name == "check" and not check:
            continue
        commands = {}
        for scale, root in scales:
            ids = {"meetup": BENCH_MEETUP, "election": BENCH_ELECTION}
            commands[scale] = [
                sys.executable,
                "-m",
                "meetup",
                "-w",
                str(root),
                *(a.format(**ids) for a in argv),
            ]
        for scale, _ in scales:  # warm-up
            spawn(commands[scale], ok=(0, 1))
        samples: dict[float, list[Sample]] = {s: [] for s, _ in scales}
        for _ in range(runs):
            for scale, _ in scales:
                samples[scale].append(spawn(commands[scale], ok=(0, 1)))
        cells, cpus, walls = [], [], []
        for scale, _ in scales:
            cpu = median([s.cpu for s in samples[scale]])
            wall = median([s.wall for s in samples[scale]])
            rss = max(s.rss_kb for s in samples[scale]) / 1024
            cpus.append(cpu)
            walls.append(wall)
            cells.append(f"wall {wall * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms, {rss:.0f} MB")
        ratio, ratio_wall = cpus[-1] / cpus[0], walls[-1] / walls[0]
        judged = name != "check"
        target = (
            f"<= {SCALING_TARGET}x: " + ("pass" if ratio <= SCALING_TARGET else "MISS")
            if judged
            else "(reads everything)"
        )
        print(f"| {name} | {' | '.join(cells)} | {ratio:.2f}x / {ratio_wall:.2f}x | {target} |")


# ----------------------------------------------------------------------------- load


def files_read(root: Path) -> list[str]:
    """Every file one ``load(root)`` opens, in order."""
    from meetup.store.files import Store
    from meetup.store.loading import load

    seen: list[str] = []
    original = Store.read

    def recording(self: Store, rel: str, **options: bool) -> bytes:
        seen.append(rel)
        return original(self, rel, **options)

    Store.read = recording  # type: ignore[method-assign]
    try:
        load(root)
    finally:
        Store.read = original  # type: ignore[method-assign]
    return seen


def parse_files(root: Path, files: list[str]) -> list[dict[str, object]]:
    """Every file parsed, kept (as a load keeps its records) until the timing ends; with
    the cyclic GC paused, as the load pauses it (else the baseline pays collections)."""
    import tomli

    from meetup.store.reading import gc_paused

    prefix = os.path.join(os.fspath(root), "")
    parsed = []
    with gc_paused():
        for rel in files:
            with open(prefix + rel, "rb") as handle:
                parsed.append(tomli.loads(handle.read().decode("utf-8")))
    return parsed


def load_vs_tomli(targets: list[tuple[str, Path]], runs: int) -> None:
    from meetup.store.cache import ENV_CACHE, RecordCache
    from meetup.store.loading import load

    print("\n### load vs tomli on exactly the files load reads (in-process, CPU)\n")
    print(
        "A load as commands run it (the record cache holding the last load's records), "
        "the first load after a change of every file (parses everything, writes the "
        "cache), and a load with the cache off.\n"
    )
    print(
        "| workspace | files read (of .toml on disk) | load | first load | no cache "
        "| tomli | ratios (load / first / no cache) | target |"
    )
    print("|---|---|---|---|---|---|---|---|")
    saved = os.environ.get(ENV_CACHE)
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as caches:
        for label, root in targets:
            os.environ[ENV_CACHE] = caches
            files = files_read(root)
            on_disk = sum(1 for _ in root.rglob("*.toml"))
            shards = RecordCache.of(root).folder
            assert shards is not None
            load(root)
            parse_files(root, files)
            warm, cold, off, parses = [], [], [], []
            for _ in range(runs):
                # each result is kept until its time is taken: freeing it is not loading
                os.environ[ENV_CACHE] = caches
                start = time.process_time()
                kept: object = load(root)
                warm.append(time.process_time() - start)
                del kept
                for shard in shards.glob("*.json"):
                    shard.unlink()
                start = time.process_time()
                kept = load(root)
                cold.append(time.process_time() - start)
                del kept
                os.environ[ENV_CACHE] = "off"
                start = time.process_time()
                kept = load(root)
                off.append(time.process_time() - start)
                del kept
                start = time.process_time()
                kept = parse_files(root, files)
                parses.append(time.process_time() - start)
                del kept
            a, c, o, b = median(warm), median(cold), median(off), median(parses)
            verdict = "pass" if a / b <= LOAD_TARGET else "MISS"
            print(
                f"| {label} | {len(files)} ({on_disk}) | {a * 1000:.1f} ms | {c * 1000:.1f} ms "
                f"| {o * 1000:.1f} ms | {b * 1000:.1f} ms "
                f"| {a / b:.2f}x / {c / b:.2f}x / {o / b:.2f}x | <= {LOAD_TARGET}x: {verdict} |"
            )
    if saved is None:
        os.environ.pop(ENV_CACHE, None)
    else:
        os.environ[ENV_CACHE] = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workspaces", nargs="+", metavar="SCALE=DIR")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--load-runs", type=int, default=7)
    parser.add_argument("--only", default="tui,cli,load")
    parser.add_argument(
        "--no-check", action="store_true", help="leave `check` (it reads everything) out"
    )
    args = parser.parse_args()
    scales = []
    for item in args.workspaces:
        scale, _, folder = item.partition("=")
        scales.append((float(scale), Path(folder)))
    scales.sort()
    only = set(args.only.split(","))
    load_avg = os.getloadavg()[0]
    print(
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, nproc {os.cpu_count()}, "
        f"Python {sys.version.split()[0]}, load average {load_avg:.1f} at start; "
        f"medians of {args.runs} interleaved runs"
    )
    if "tui" in only:
        tui(scales, args.runs)
    if "cli" in only:
        cli(scales, args.runs, check=not args.no_check)
    if "load" in only:
        load_vs_tomli([("demo", DEMO), *((f"scale {s:g}", r) for s, r in scales)], args.load_runs)
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
