"""Files keep their mode, links out of the workspace are never followed, special files are
never opened, and a full disk leaves every old file intact."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from meetup.store import table
from meetup.store.errors import StoreIOError
from meetup.store.files import atomic_write
from meetup.store.loading import load
from tests.conftest import FIXED_NOW

M = "kilo-midcycle"
E = "neutron-release-liaison"
VOTING = FIXED_NOW  # inside the demo liaison election's voting


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def retitle(ws: object, topic: str, title: str) -> None:
    data = ws.meetup(M)  # type: ignore[attr-defined]
    ws.save_topic(M, msgspec.structs.replace(data.topics[topic], title=title))  # type: ignore[attr-defined]


@pytest.mark.parametrize("kept", [0o644, 0o640, 0o664, 0o600])
def test_a_rewrite_keeps_the_mode(demo_dir: Path, kept: int, umask: None) -> None:
    path = demo_dir / table.TOPIC.path(M, "gate-triage")
    path.chmod(kept)
    retitle(load(demo_dir), "gate-triage", "Kept mode")
    assert b"Kept mode" in path.read_bytes()
    assert mode(path) == kept


def test_a_transaction_keeps_the_modes(demo_dir: Path, umask: None) -> None:
    from meetup.elections import voting

    ws = load(demo_dir)
    voting.cast_ballot(ws, E, "wen-li", [["wen-li"]], now=VOTING)
    folder = demo_dir / "elections" / E
    for name in ("ballots.toml", "voted.toml"):
        assert mode(folder / name) == 0o644  # new files: 0666 minus the umask
        (folder / name).chmod(0o660)
    voting.cast_ballot(load(demo_dir), E, "zoe-adams", [["wen-li"]], now=VOTING)
    assert {mode(folder / n) for n in ("ballots.toml", "voted.toml")} == {0o660}


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_get_0666_minus_the_umask(tmp_path: Path, mask: int, expected: int) -> None:
    old = os.umask(mask)
    try:
        atomic_write(tmp_path / "new.ics", b"x")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new.ics") == expected


def test_a_symlinked_folder_out_of_the_workspace_is_never_written_through(
    demo_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    shutil.move(demo_dir / "elections", outside)
    (demo_dir / "elections").symlink_to(outside, target_is_directory=True)
    before = {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()}
    ws = load(demo_dir)
    problems = [p for p in ws.problems if p.file.startswith("elections/")]
    assert problems and all("outside the workspace" in p.message for p in problems)
    assert all(p.line >= 1 for p in problems)
    with pytest.raises(StoreIOError, match="outside the workspace"):
        ws.store.write("elections/evil/election.toml", b"schema = 1\n")
    with pytest.raises(StoreIOError, match="outside the workspace"):
        ws.store.write_all([(f"elections/{E}/voted.toml", b"x"), ("people.toml", b"y")])
    assert not (outside / "evil").exists()
    assert {p: p.read_bytes() for p in outside.rglob("*") if p.is_file()} == before


def test_a_symlinked_file_out_of_the_workspace_is_reported_and_not_written(
    demo_dir: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.toml"
    path = demo_dir / table.TOPIC.path(M, "gate-triage")
    shutil.move(path, outside)
    path.symlink_to(outside)
    ws = load(demo_dir)
    [problem] = [p for p in ws.problems if p.file == table.TOPIC.path(M, "gate-triage")]
    assert "outside the workspace" in problem.message
    before = outside.read_bytes()
    from meetup.store.records import Topic

    with pytest.raises(StoreIOError, match="outside the workspace"):
        ws.save_topic(M, Topic(id="gate-triage", title="Overwritten"))
    assert outside.read_bytes() == before and path.is_symlink()


def test_a_link_inside_the_workspace_is_written_through(demo_dir: Path) -> None:
    real = demo_dir / "meetups" / M / "topics" / "gate-triage.toml"
    moved = demo_dir / "shared-topic.toml"
    shutil.move(real, moved)
    real.symlink_to(moved)
    ws = load(demo_dir)
    assert ws.problems == []
    retitle(ws, "gate-triage", "Through the link")
    assert real.is_symlink() and b"Through the link" in moved.read_bytes()


@pytest.mark.parametrize(
    "rel", [table.TOPIC.path(M, "gate-triage"), "people.toml", table.ELECTION.path(E)]
)
def test_a_fifo_is_reported_and_never_opened(demo_dir: Path, rel: str) -> None:
    path = demo_dir / rel
    path.unlink()
    os.mkfifo(path)
    result = subprocess.run(
        [sys.executable, "-m", "meetup", "-w", str(demo_dir), "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert f"{rel}:1: is a FIFO (named pipe)" in result.stderr
    assert "Traceback" not in result.stderr
    assert stat.S_ISFIFO(os.lstat(path).st_mode)


# ------------------------------------------------------------------ a full disk


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs holding a copy of the demo, where the machine lets us mount one."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs Linux and root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        from meetup.demo import copy_demo

        copy_demo(mount / "ws")
        yield mount / "ws"
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(root: Path) -> None:
    """Fill the disk up to the last byte."""
    for name, size in (("filler", 65536), ("filler2", 1)):
        with open(root.parent / name, "wb", buffering=0) as handle, contextlib.suppress(OSError):
            while True:
                handle.write(b"\0" * size)


def test_a_save_on_a_full_disk_fails_clearly_and_keeps_the_old_file(tiny_disk: Path) -> None:
    ws = load(tiny_disk)
    path = tiny_disk / table.TOPIC.path(M, "gate-triage")
    before = path.read_bytes()
    fill(tiny_disk)
    topic = ws.meetup(M).topics["gate-triage"]
    with pytest.raises(StoreIOError, match="no space left on device") as info:
        ws.save_topic(M, msgspec.structs.replace(topic, notes="x" * 15_000))
    assert info.value.errno == errno.ENOSPC
    assert (
        str(info.value)
        == f"cannot write {table.TOPIC.path(M, 'gate-triage')}: no space left on device"
    )
    assert path.read_bytes() == before
    assert not list(tiny_disk.rglob(".*.tmp"))


def test_a_vote_on_a_full_disk_writes_nothing(tiny_disk: Path) -> None:
    from meetup.elections import voting
    from meetup.store.transaction import JOURNAL_NAME

    ws = load(tiny_disk)
    voting.cast_ballot(ws, E, "wen-li", [["wen-li"]], now=VOTING)
    folder = tiny_disk / "elections" / E
    before = {n: (folder / n).read_bytes() for n in ("ballots.toml", "voted.toml")}
    fill(tiny_disk)
    with pytest.raises(StoreIOError, match="no space left on device"):
        voting.cast_ballot(load(tiny_disk), E, "zoe-adams", [["zoe-adams"]], now=VOTING)
    assert {n: (folder / n).read_bytes() for n in before} == before
    assert not (tiny_disk / JOURNAL_NAME).exists()
    assert not list(tiny_disk.rglob(".*.tmp"))
    result = subprocess.run(
        [sys.executable, "-m", "meetup", "-w", str(tiny_disk), "check"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
