"""Publishing to Xandikos, a second real CalDAV server (started on 127.0.0.1).

Xandikos answers PROPFIND on a missing calendar with 207 and a 404 propstat, where
Radicale answers 404; publish must create the calendar on both.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from meetup.calendar.events import publish_meetup
from meetup.cli import main
from meetup.store.loading import load

M = "kilo-midcycle"


@pytest.fixture(scope="module")
def xandikos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    pytest.importorskip("xandikos")
    root = tmp_path_factory.mktemp("xandikos")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xandikos",
            "serve",
            "-d",
            str(root),
            "-l",
            "127.0.0.1",
            "-p",
            str(port),
            "--defaults",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail("xandikos did not start")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/user/calendars/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_publish_creates_the_calendar_and_twice_is_a_no_op(
    xandikos: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = tmp_path / "ws"
    assert main(["init", str(root), "--demo"]) == 0
    url = xandikos + "fresh/"
    first = publish_meetup(load(root), M, url)
    assert first.created and not first.updated and not first.deleted
    again = publish_meetup(load(root), M, url)
    assert not again.changed and len(again.unchanged) == len(first.created)
    capsys.readouterr()
    assert main(["-w", str(root), "publish", M, "--caldav", url]) == 0
    assert "0 created, 0 updated, 0 deleted" in capsys.readouterr().out


def test_another_workspace_s_events_are_left_alone(xandikos: str, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["init", str(a), "--demo"]) == 0
    assert main(["init", str(b), "--demo"]) == 0
    url = xandikos + "shared/"
    created = publish_meetup(load(a), M, url).created
    other = publish_meetup(load(b), M, url)
    assert not other.deleted  # same meetup id, another community: not ours to delete
    assert set(publish_meetup(load(a), M, url).unchanged) == set(created)
