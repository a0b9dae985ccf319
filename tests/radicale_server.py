"""Pytest plugin: a real Radicale CalDAV server on 127.0.0.1 for the tests.

``radicale_server`` (session-scoped) starts ``python -m radicale`` in a subprocess with a
generated configuration: a free port on 127.0.0.1, a temporary storage folder, htpasswd
authentication from a plain-text file and a rights file. Two users exist:

- ``organizer`` / ``s3cret`` may create and write calendars under ``/organizer/``;
- ``reader`` / ``r3ader`` may only read them (writing gives 403).

The server is started once per test session (a start costs about half a second) and every
test gets its own calendar through ``radicale_server.new_calendar_url()``, so tests never
see each other's data. The process is terminated (and killed if it does not stop) when the
session ends. HOME and the XDG directories point into the temporary folder so nothing in the
user's home directory is read or written.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

USER = "organizer"
PASSWORD = "s3cret"
READER = "reader"
READER_PASSWORD = "r3ader"

_RIGHTS = f"""\
# First matching rule wins.
[root]
user: .+
collection:
permissions: R

[organizer-principal]
user: {USER}
collection: {USER}
permissions: RW

[organizer-calendars]
user: {USER}
collection: {USER}/.+
permissions: RWrw

[reader-read-only]
user: {READER}
collection: {USER}(/.*)?
permissions: Rr
"""


@dataclass
class RadicaleServer:
    """A running Radicale server. ``url`` ends with ``/``."""

    url: str
    user: str
    password: str
    reader: str
    reader_password: str
    storage: Path
    process: subprocess.Popen[bytes]
    _counter: Iterator[int] = field(default_factory=itertools.count)

    def new_calendar_url(self, name: str = "cal") -> str:
        """A URL for a calendar that does not exist yet, unique within the session."""
        return f"{self.url}{self.user}/{name}-{next(self._counter)}/"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _write_config(root: Path, port: int) -> Path:
    storage = root / "collections"
    storage.mkdir()
    users = root / "users"
    users.write_text(f"{USER}:{PASSWORD}\n{READER}:{READER_PASSWORD}\n", encoding="utf-8")
    rights = root / "rights"
    rights.write_text(_RIGHTS, encoding="utf-8")
    config = root / "config"
    config.write_text(
        f"""\
[server]
hosts = 127.0.0.1:{port}
# no artificial delay after errors: the tests provoke them on purpose
delay_on_error = 0

[auth]
type = htpasswd
htpasswd_filename = {users}
htpasswd_encryption = plain
# default is 1 s after a failed login
delay = 0

[rights]
type = from_file
file = {rights}

[storage]
filesystem_folder = {storage}

[web]
type = none

[logging]
level = warning
""",
        encoding="utf-8",
    )
    return config


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _start(root: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    config = _write_config(root, port)
    home = root / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("RADICALE_", "XDG_"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
    )
    log = (root / "radicale.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", str(config)],
        env=env,
        cwd=root,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    log.close()
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    try:
        while True:
            if process.poll() is not None:
                output = (root / "radicale.log").read_text(errors="replace")
                raise RuntimeError(f"radicale exited with {process.returncode}:\n{output}")
            with contextlib.suppress(httpx.TransportError):
                httpx.options(url, timeout=1)
                return process, url
            if time.monotonic() > deadline:
                raise RuntimeError("radicale did not answer within 20 s")
            time.sleep(0.05)
    except BaseException:
        _stop(process)
        raise


@pytest.fixture(scope="session")
def radicale_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    """A real Radicale server for the whole session; use ``new_calendar_url()`` per test."""
    last_error: Exception | None = None
    for _attempt in range(3):  # the free port may be taken between probe and bind
        root = tmp_path_factory.mktemp("radicale")
        try:
            process, url = _start(root)
        except RuntimeError as error:
            last_error = error
            continue
        try:
            yield RadicaleServer(
                url=url,
                user=USER,
                password=PASSWORD,
                reader=READER,
                reader_password=READER_PASSWORD,
                storage=root / "collections",
                process=process,
            )
        finally:
            _stop(process)
        return
    raise RuntimeError(f"could not start radicale: {last_error}")
