"""The CLI's one seam for output and errors: sanitized text, -o paths, OS errors, no TTY."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from meetup.cli import main
from meetup.cli.common import sanitize

MEETUP = "kilo-midcycle"
ESCAPE = "\x1b]2;pwned\x07"
ROOT = Path(__file__).resolve().parents[2]


def test_sanitize_makes_controls_visible_and_keeps_layout() -> None:
    assert sanitize(f"a{ESCAPE}b") == "a\\x1b]2;pwned\\x07b"
    assert sanitize("line\nnext\tcell\r\n") == "line\nnext\tcell\r\n"
    assert sanitize("over\rwrite") == "over\\rwrite"
    assert sanitize("c1\x9b31m del\x7f") == "c1\\x9b31m del\\x7f"
    assert sanitize(sanitize(ESCAPE)) == sanitize(ESCAPE)


@pytest.fixture
def hostile(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo as if a record had slipped past validation with escapes in every field
    the CLI prints (titles, names, rooms, refs)."""
    import meetup.store.loading as loading
    from meetup.store.workspace import Workspace

    def poison(ws: Workspace) -> Workspace:
        data = ws.meetup(MEETUP)
        for ident, topic in list(data.topics.items()):
            data.topics[ident] = msgspec.structs.replace(topic, title=f"{topic.title}{ESCAPE}")
        rooms = [msgspec.structs.replace(r, name=r.name + ESCAPE) for r in data.meetup.rooms]
        data.meetup = msgspec.structs.replace(
            data.meetup, title=data.meetup.title + ESCAPE, rooms=rooms
        )
        for ident, person in list(ws.people.items()):
            ws.people[ident] = msgspec.structs.replace(person, name=person.name + "\x9b2J")
        return ws

    real_load, real_load_for = loading.load, loading.load_for
    # whole loads and the partial loads of commands about one meetup alike
    monkeypatch.setattr(loading, "load", lambda root: poison(real_load(root)))
    monkeypatch.setattr(
        loading, "load_for", lambda root, **only: poison(real_load_for(root, **only))
    )
    return demo_dir


@pytest.mark.parametrize(
    "command",
    [
        ["list", "topics", "--meetup", MEETUP],
        ["list", "meetups"],
        ["list", "people"],
        ["list", "topics", "--meetup", MEETUP, "--json"],
        ["schedule", MEETUP],
        ["schedule", MEETUP, "--json"],
        ["minutes", MEETUP],
        ["export", "agenda", MEETUP, "--format", "markdown"],
        ["announce", MEETUP],
    ],
)
def test_every_printed_field_is_sanitized(
    hostile: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    main(["-w", str(hostile), *command])
    captured = capsys.readouterr()
    for stream in (captured.out, captured.err):
        assert "\x1b" not in stream and "\x07" not in stream and "\x9b" not in stream
    assert "pwned" in captured.out or "x9b2J" in captured.out


def test_json_output_stays_valid_json_of_the_same_data(
    hostile: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    assert main(["-w", str(hostile), "list", "people", "--json"]) == 0
    out = capsys.readouterr().out
    assert "\x9b" not in out
    assert any(row["name"].endswith("\x9b2J") for row in json.loads(out))


def test_check_sanitizes_a_hostile_file_name(
    demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    topics = demo_dir / "meetups" / MEETUP / "topics"
    (topics / f"x{ESCAPE}.toml").write_bytes((topics / "bug-rotation.toml").read_bytes())
    assert main(["-w", str(demo_dir), "check"]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "x\\x1b]2;pwned\\x07.toml" in err


def test_error_messages_are_sanitized(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-w", str(demo_dir), "schedule", f"nope{ESCAPE}"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("meetup: ") and "\x1b" not in err and "nope" in err


# ------------------------------------------------------------------------ -o paths


def export(demo_dir: Path, output: str, fmt: str = "markdown") -> list[str]:
    return ["-w", str(demo_dir), "export", "agenda", MEETUP, "--format", fmt, "-o", output]


def test_output_onto_a_folder_is_one_line_exit_1(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(export(demo_dir, str(tmp_path))) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a folder" in err


def test_output_into_a_missing_folder_creates_nothing(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no" / "such" / "agenda.md"
    assert main(export(demo_dir, str(target))) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist" in err
    assert not (tmp_path / "no").exists()
    # a file where the folder should be
    (tmp_path / "plain").write_text("x")
    assert main(export(demo_dir, str(tmp_path / "plain" / "agenda.md"))) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_output_dash_is_stdout(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(export(demo_dir, "-")) == 0
    assert capsys.readouterr().out.startswith("# Kilo")
    assert not (Path.cwd() / "-").exists()


def test_output_onto_a_symlink_writes_through_it(demo_dir: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    assert main(export(demo_dir, str(link))) == 0
    assert link.is_symlink() and real.read_text().startswith("# Kilo")


def test_output_onto_a_fifo_writes_through_it(demo_dir: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(export(demo_dir, str(fifo))) == 0
    reader.join(5)
    assert fifo.is_fifo() and got and got[0].startswith(b"# Kilo")


def test_output_onto_dev_null_keeps_it_a_device(demo_dir: Path) -> None:
    import stat

    assert main(export(demo_dir, os.devnull)) == 0
    assert main(["-w", str(demo_dir), "export", "ics", MEETUP, "-o", os.devnull]) == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def test_ics_output_checks_the_path_before_recording_anything(
    demo_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calendar = demo_dir / "meetups" / MEETUP / "calendar.toml"
    before = calendar.read_bytes() if calendar.exists() else None
    args = ["-w", str(demo_dir), "export", "ics", MEETUP, "--method", "request"]
    assert main([*args, "-o", str(tmp_path / "missing" / "x.ics")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert (calendar.read_bytes() if calendar.exists() else None) == before


# ------------------------------------------------------------------------ OS errors


def test_a_failing_save_is_one_line_exit_1_old_file_intact(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    poll = demo_dir / "meetups" / MEETUP / "poll.toml"
    assert main(["-w", str(demo_dir), "poll", MEETUP, "--add", "2027-03-01"]) == 0
    before = poll.read_bytes()

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    assert main(["-w", str(demo_dir), "poll", MEETUP, "--add", "2027-04-01"]) == 1
    err = capsys.readouterr().err
    assert err == (f"meetup: cannot write meetups/{MEETUP}/poll.toml: no space left on device\n")
    assert poll.read_bytes() == before
    assert not [p for p in poll.parent.iterdir() if p.name.endswith(".tmp")]


def test_a_failing_export_is_one_line_exit_1(
    demo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    def denied(*_: object) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "replace", denied)
    assert main(export(demo_dir, str(tmp_path / "agenda.md"))) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err and "permission denied" in err


@contextlib.contextmanager
def tiny_tmpfs(where: Path, size: str = "1m") -> Iterator[Path]:
    where.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'not permitted'})")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_on_a_real_tmpfs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    from meetup.demo import copy_demo

    with tiny_tmpfs(tmp_path / "disk") as disk:
        root = disk / "ws"
        copy_demo(root)
        assert main(["-w", str(root), "poll", MEETUP, "--add", "2027-03-01"]) == 0
        poll = root / "meetups" / MEETUP / "poll.toml"
        before = poll.read_bytes()
        # fill it to the last page
        with open(disk / "filler", "wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:
                filler.write(b"\0" * 4096)
        capsys.readouterr()
        assert main(["-w", str(root), "poll", MEETUP, "--add", "2027-04-01"]) == 1
        err = capsys.readouterr().err
        assert err == f"meetup: cannot write meetups/{MEETUP}/poll.toml: no space left on device\n"
        assert poll.read_bytes() == before
        # and read-only
        (disk / "filler").unlink()
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        assert main(["-w", str(root), "poll", MEETUP, "--add", "2027-04-01"]) == 1
        err = capsys.readouterr().err
        assert err.startswith("meetup: cannot write ") and "read-only file system" in err
        assert poll.read_bytes() == before


# ------------------------------------------------------------------------ no TTY


def test_no_terminal_at_all_refuses_instead_of_hanging(demo_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "meetup", "-w", str(demo_dir)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
    )
    assert done.returncode == 2
    assert "no terminal" in done.stderr and "Traceback" not in done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "meetup", "demo", str(demo_dir)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
    )
    assert done.returncode == 2 and "no terminal" in done.stderr
