"""meetup.net against a real local HTTP server: overall deadline, redirects, redaction."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from meetup.cli import main
from meetup.net import Deadline, DeadlineExceeded, NetError, check_redirect, get, redact

TRICKLE_GAP = 0.3
"""Seconds between two bytes of a trickling reply: far below any per-read timeout."""
SLACK = 3.0
"""Allowed beyond the timeout on a loaded machine; without the deadline a trickling reply
of 10,000 bytes would take 3,000 s."""


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _trickle(self, data: bytes) -> None:
        try:
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(TRICKLE_GAP)
        except OSError:
            pass  # the client gave up: what we want

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        if self.path == "/trickle-body":
            self.send_response(200)
            self.send_header("Content-Length", "10000")
            self.end_headers()
            self.wfile.flush()
            self._trickle(b"x" * 10_000)
        elif self.path == "/trickle-headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._trickle(b"X-Slow: " + b"y" * 10_000)
        elif self.path == "/ok":
            body = b'title = "ok"\n'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/same-host":
            self._redirect(f"http://127.0.0.1:{port}/ok")
        elif self.path == "/other-host":
            self._redirect(f"http://localhost:{port}/ok")
        elif self.path == "/other-scheme":
            self._redirect(f"https://127.0.0.1:{port}/ok")
        elif self.path == "/secret-401":
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_error(404)

    def _redirect(self, target: str) -> None:
        self.send_response(302)
        self.send_header("Location", target)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("path", ["/trickle-body", "/trickle-headers"])
def test_a_trickling_server_is_abandoned_within_the_timeout(server: str, path: str) -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match=r"within 1\.5 s"):
        get(server + path, timeout=1.5, limit=1_000_000)
    elapsed = time.monotonic() - started
    assert 1.4 < elapsed < 1.5 + SLACK


def test_import_agenda_from_a_trickling_url_ends_with_a_message(
    server: str, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    code = main(
        ["-w", str(demo_dir), "import", "agenda", f"{server}/trickle-body", "--timeout", "1"]
    )
    assert code == 1 and time.monotonic() - started < 1 + SLACK
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "within 1 s" in err


def test_the_deadline_shuts_a_read_in_progress(server: str) -> None:
    """Used as the CalDAV code uses it: one client, the deadline's timeout and extensions."""
    started = time.monotonic()
    with Deadline(1.0) as deadline, httpx.Client() as client:
        with pytest.raises(httpx.HTTPError):
            client.get(
                server + "/trickle-body",
                timeout=deadline.timeout(),
                extensions=deadline.extensions(),
            )
        assert deadline.expired
    assert time.monotonic() - started < 1.0 + SLACK


def test_redirects_stay_on_the_same_scheme_and_host(server: str) -> None:
    assert get(server + "/same-host", timeout=5, limit=1000) == b'title = "ok"\n'
    for path in ("/other-host", "/other-scheme"):
        with pytest.raises(NetError, match="not followed"):
            get(server + path, timeout=5, limit=1000)
    assert get(server + "/other-host", timeout=5, limit=1000, follow_redirects=True)


def test_import_agenda_refuses_a_redirect_to_another_host_unless_asked(
    server: str, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["-w", str(demo_dir), "import", "agenda", f"{server}/other-host"]) == 1
    assert "--follow-redirects" in capsys.readouterr().err
    args = ["-w", str(demo_dir), "import", "agenda", f"{server}/other-host", "--dry-run"]
    code = main([*args, "--follow-redirects"])
    # followed: the reply is not an agenda, which is a refusal of its own
    assert code == 1 and "not followed" not in capsys.readouterr().err


def test_check_redirect_compares_scheme_host_and_port() -> None:
    check_redirect("http://a.example/x", "http://A.example:80/y")
    with pytest.raises(NetError):
        check_redirect("http://a.example/x", "http://a.example:8080/y")
    with pytest.raises(NetError, match="only http and https"):
        check_redirect("http://a.example/x", "file:///etc/passwd", other_origins=True)


def test_redact_hides_credentials_in_any_message() -> None:
    assert redact("GET https://alice:s3cr3t@dav.example/cal/ failed") == (
        "GET https://***@dav.example/cal/ failed"
    )
    assert redact("http://token@h/ and ftp://u:p@h2") == "http://***@h/ and ftp://***@h2"
    assert redact("mail alice@example.org") == "mail alice@example.org"
    assert "s3cr3t" not in str(NetError("https://alice:s3cr3t@h/: boom"))


def test_credentials_in_a_url_are_never_printed(
    server: str, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret_url = server.replace("http://", "http://alice:s3cr3t@")
    for path in ("/secret-401", "/other-host", "/missing", "/trickle-body"):
        args = ["-w", str(demo_dir), "import", "agenda", secret_url + path, "--timeout", "1"]
        assert main([*args, "--json"]) == 1
        captured = capsys.readouterr()
        assert "s3cr3t" not in captured.err + captured.out
        assert "***@127.0.0.1" in captured.err
    dead = "http://alice:s3cr3t@127.0.0.1:9/agenda.toml"
    assert main(["-w", str(demo_dir), "import", "agenda", dead, "--timeout", "2"]) == 1
    assert "s3cr3t" not in capsys.readouterr().err
