"""kill -9 at random moments during every change of several files, then check and repair.

Each loop forks a child that makes the change (the domain functions the CLI and the TUI
call) and kills it with SIGKILL at a random moment; the parent then runs ``meetup check``
(which finishes or rolls back a journal the child left, and says so) and asserts the
invariant of the change.  One test kills the real CLI process.

The default run is short (KILLS kills per change); ``MEETUP_KILL_LOOPS=300`` runs that many
kills of each instead, and ``MEETUP_KILL_REPORT=FILE`` appends the counts to FILE.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from meetup.cli import main
from meetup.store.loading import load
from meetup.store.transaction import JOURNAL_NAME
from tests.conftest import FIXED_NOW

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork and SIGKILL")

KILLS = int(os.environ.get("MEETUP_KILL_LOOPS", "20"))
E = "neutron-release-liaison"
M = "kilo-midcycle"
VOTING = FIXED_NOW  # inside the demo liaison election's voting
CLOSED = FIXED_NOW + timedelta(days=8)  # after the demo liaison election's voting


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".meetup.lock"
    }


Work = Callable[[], Callable[[], None]]
"""Prepares a change (loads the workspace) and returns the function that makes it."""


def run_killed(prepare: Work, window: float, rng: random.Random) -> bool:
    """Fork a child that prepares and then makes a change; SIGKILL it a random part of
    ``window`` seconds after it starts making it.  True when the kill came first."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no pytest machinery, leave only by _exit
        code = 0
        try:
            os.close(ready_r)
            work = prepare()
            os.write(ready_w, b"r")
            work()
        except BaseException:
            code = 1
        os._exit(code)
    os.close(ready_w)
    os.read(ready_r, 1)
    os.close(ready_r)
    time.sleep(rng.uniform(0, window))
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if os.WIFEXITED(status):
        assert os.WEXITSTATUS(status) == 0, "the child failed on its own"
        return False
    return True


def check(root: Path) -> dict[str, list[dict[str, object]]]:
    """Run ``meetup check --json``: it must exit 0 (clean, or clean after a repair)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--workspace", str(root), "check", "--json"])
    report = json.loads(out.getvalue())
    assert code == 0, report
    assert not (root / JOURNAL_NAME).exists()
    assert not list(root.rglob(".*.tmp"))
    return report  # type: ignore[no-any-return]


def outcome(root: Path, killed: bool, stats: Counter[str]) -> None:
    """Count what the kill left and what check did about it (before the invariants)."""
    journal = root / JOURNAL_NAME
    if journal.exists():
        stats["journal " + json.loads(journal.read_text())["state"]] += 1
    stats["killed" if killed else "finished before the kill"] += 1
    report = check(root)
    for repair in report["repairs"]:
        message = str(repair["message"])
        stats[
            "check: finished"
            if message.startswith("finished")
            else "check: rolled back"
            if message.startswith("rolled back")
            else "check: removed temporaries"
        ] += 1


def report(name: str, stats: Counter[str]) -> None:
    line = f"{name}: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.items()))
    print(line)
    target = os.environ.get("MEETUP_KILL_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")


def timed(prepare: Work) -> float:
    """How long making the change takes in a child that is not killed."""
    ready_r, ready_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.close(ready_r)
            work = prepare()
            os.write(ready_w, b"r")
            work()
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
        os._exit(code)
    os.close(ready_w)
    os.read(ready_r, 1)
    start = time.perf_counter()
    os.close(ready_r)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
    return time.perf_counter() - start


# ------------------------------------------------------------------------ ballots


def voters_workspace(root: Path, count: int) -> list[str]:
    """The demo with ``count`` more people on the neutron election's roll, its ballot box
    emptied and its opening forgotten (the roll is frozen once voting opens)."""
    import msgspec

    from meetup.store.records import Person

    ws = load(root)
    extra = [Person(id=f"voter-{i:04d}", name=f"Voter {i}") for i in range(count)]
    ws.save_people([*ws.people.values(), *extra])
    election = ws.election(E)
    ws.save_election(
        msgspec.structs.replace(
            election, roll=[*election.roll, *(p.id for p in extra)], opened=None
        )
    )
    for name in ("voted.toml", "ballots.toml"):
        (root / "elections" / E / name).unlink(missing_ok=True)
    return [p.id for p in extra]


def test_kill_during_ballot_casting_keeps_voters_equal_to_ballots(demo_dir: Path) -> None:
    from meetup.elections import voting

    voters = voters_workspace(demo_dir, 400)
    rng = random.Random(11)
    stats: Counter[str] = Counter()

    def cast_all() -> Callable[[], None]:
        ws = load(demo_dir)
        done = set(ws.read_voted(E).voted)

        def cast() -> None:
            for voter in voters:
                if voter not in done:
                    first = rng.random() < 0.5
                    ranking = [["wen-li"], ["zoe-adams"]] if first else [["zoe-adams"]]
                    voting.cast_ballot(ws, E, voter, ranking, now=VOTING)

        return cast

    cast = 0
    for _ in range(KILLS):
        killed = run_killed(cast_all, 0.25, rng)
        outcome(demo_dir, killed, stats)
        ws = load(demo_dir)
        assert ws.problems == []
        voted, box = ws.read_voted(E).voted, ws.read_ballots(E).ballots
        assert len(voted) == len(box), "a voter without a ballot, or a ballot without a voter"
        stats["ballots cast"] += len(box) - cast
        cast = len(box)
        if len(voted) > len(voters) - 60:  # the roll runs out: start the box again
            for name in ("voted.toml", "ballots.toml"):
                (demo_dir / "elections" / E / name).unlink()
            cast = 0
    report("ballot casting", stats)
    assert stats["killed"] >= KILLS // 2


# ------------------------------------------------------------------------ closing


def test_kill_during_election_close_is_all_or_nothing(demo_dir: Path, tmp_path: Path) -> None:
    from meetup.elections import voting

    ws = load(demo_dir)
    for voter in ("dana-whitfield", "ivan-petrov", "hana-kobayashi"):
        voting.cast_ballot(ws, E, voter, [["zoe-adams"], ["wen-li"]], now=VOTING)
    template = tmp_path / "template"
    shutil.copytree(demo_dir, template)
    before = tree(template)
    work_dir = tmp_path / "work"

    def close() -> Callable[[], None]:
        ws = load(work_dir)
        return lambda: voting.close_election(ws, E, now=CLOSED) and None

    shutil.copytree(template, work_dir)
    duration = timed(close)
    after = tree(work_dir)
    changed = sorted(k for k in after if before.get(k) != after[k])
    assert f"elections/{E}/result.toml" in changed and "projects/neutron.toml" in changed
    rng = random.Random(12)
    stats: Counter[str] = Counter()
    for _ in range(KILLS):
        shutil.rmtree(work_dir)
        shutil.copytree(template, work_dir)
        killed = run_killed(close, duration * 1.1, rng)
        outcome(work_dir, killed, stats)
        now = tree(work_dir)
        state = {k: now.get(k) for k in changed}
        ws = load(work_dir)
        election = ws.election(E)
        if election.closed:
            assert state == {k: after[k] for k in changed}
            assert ws.read_result(E) is not None
            assert ws.projects["neutron"].liaisons["release"] == "zoe-adams"
            stats["closed"] += 1
        else:
            assert state == {k: before.get(k) for k in changed}
            assert ws.read_result(E) is None
            assert "release" not in ws.projects["neutron"].liaisons
            stats["not closed"] += 1
    report("election close", stats)


# ------------------------------------------------------------------------ import


def test_kill_during_agenda_import_is_all_or_nothing(demo_dir: Path, tmp_path: Path) -> None:
    from meetup.sharing import agenda_toml
    from meetup.sharing.agenda_import import apply_plan, import_agenda

    raw = agenda_toml.agenda_toml(load(demo_dir), M).encode()
    template = tmp_path / "template"
    assert main(["init", str(template)]) == 0
    before = tree(template)
    work_dir = tmp_path / "work"

    def do_import() -> Callable[[], None]:
        ws = load(work_dir)
        return lambda: apply_plan(ws, import_agenda(ws, raw, "agenda.toml")) and None

    shutil.copytree(template, work_dir)
    duration = timed(do_import)
    after = tree(work_dir)
    assert len(set(after) - set(before)) > 5
    rng = random.Random(13)
    stats: Counter[str] = Counter()
    for _ in range(KILLS):
        shutil.rmtree(work_dir)
        shutil.copytree(template, work_dir)
        killed = run_killed(do_import, duration * 1.1, rng)
        outcome(work_dir, killed, stats)
        now = tree(work_dir)
        if now == after:
            stats["imported"] += 1
        else:
            assert now == before, sorted(set(now) ^ set(before))
            stats["not imported"] += 1
    report("agenda import", stats)


# ------------------------------------------------------------------------ release


def test_kill_during_release_leaves_it_whole_or_absent(demo_dir: Path) -> None:
    from meetup.agenda import releases

    rel = demo_dir / "meetups" / M / "releases" / "v1.toml"

    def release() -> Callable[[], None]:
        ws = load(demo_dir)
        return lambda: releases.release(ws, M, "v1", now=VOTING) and None

    duration = timed(release)
    whole = rel.read_bytes()
    rng = random.Random(14)
    stats: Counter[str] = Counter()
    for _ in range(KILLS):
        rel.unlink(missing_ok=True)
        killed = run_killed(release, duration * 1.1, rng)
        outcome(demo_dir, killed, stats)
        if rel.exists():
            assert rel.read_bytes() == whole
            assert releases.load_release(load(demo_dir), M, "v1").sessions
            stats["released"] += 1
        else:
            stats["not released"] += 1
    report("release", stats)


# ------------------------------------------------------------------------ the CLI itself


def test_kill_the_cli_while_it_closes_an_election(demo_dir: Path, tmp_path: Path) -> None:
    """The real ``meetup election close`` process, killed while it runs."""
    from meetup.elections import voting

    ws = load(demo_dir)
    for voter in ("dana-whitfield", "ivan-petrov", "hana-kobayashi"):
        voting.cast_ballot(ws, E, voter, [["zoe-adams"], ["wen-li"]], now=VOTING)
    work_dir = tmp_path / "work"
    env = {**os.environ, "MEETUP_NOW": CLOSED.isoformat(), "MEETUP_WORKSPACE": str(work_dir)}
    command = [sys.executable, "-m", "meetup", "election", "close", E, "--yes"]
    shutil.copytree(demo_dir, work_dir)
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True)
    duration = time.perf_counter() - start
    rng = random.Random(15)
    stats: Counter[str] = Counter()
    for _ in range(max(3, KILLS // 5)):
        shutil.rmtree(work_dir)
        shutil.copytree(demo_dir, work_dir)
        child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(duration * 0.6, duration * 1.1))
        child.kill()
        child.wait()
        outcome(work_dir, child.returncode == -signal.SIGKILL, stats)
        ws = load(work_dir)
        closed = ws.election(E).closed
        assert closed == (ws.read_result(E) is not None)
        assert closed == (ws.projects["neutron"].liaisons.get("release") == "zoe-adams")
    report("CLI election close", stats)
