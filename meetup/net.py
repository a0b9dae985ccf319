"""HTTP for every network call: an overall deadline, no credentials in messages, and
redirects that stay on the same origin.

- :class:`Deadline` bounds a request (or a group of requests) as a WHOLE.  httpx's own
  timeouts are per network operation, so a server that trickles one byte every 2 s never
  trips a 15 s read timeout; the deadline caps every operation's timeout at the time that is
  left and, when it passes, shuts down the sockets the requests opened, which ends a read in
  progress at once.  Use it as a context manager and pass ``deadline.timeout()`` and
  ``deadline.extensions()`` to each ``httpx`` request made under it::

      with Deadline(10.0) as deadline, httpx.Client() as client:
          reply = client.get(url, timeout=deadline.timeout(), extensions=deadline.extensions())
          ...
      # httpx errors raised after the deadline passed: ``deadline.expired`` is True

  Connections are watched from the moment they are opened under the deadline (httpcore's
  ``trace`` extension), so create the client, or at least its connections, inside it.
- :func:`redact` removes ``user:password@`` from every URL in a text; every message that
  names a URL goes through it (:class:`NetError` messages are redacted when made).
- :func:`check_redirect` refuses a redirect to another scheme, host or port unless the user
  asked for it (``meetup import agenda --follow-redirects``).

The CLI catches :class:`NetError` (and ``FetchError``, the same class) and prints its
message; httpx is imported only when a request is made.
"""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:
    import httpx

ALLOWED_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/?#\s@]*@")


def redact(text: str) -> str:
    """``text`` with the ``user:password@`` of every URL in it replaced by ``***@``."""
    return _USERINFO.sub(r"\1***@", text)


class NetError(Exception):
    """A network request failed; the message says why, names the URL, holds no secret."""

    def __init__(self, message: str) -> None:
        super().__init__(redact(message))


class DeadlineExceeded(NetError):
    """The whole request took longer than the time the user allowed."""


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port made explicit."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        port = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


def check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise NetError(f"{url}: only http and https URLs are allowed (not {scheme or 'none'})")


def check_redirect(source: str, target: str, *, other_origins: bool = False) -> None:
    """Refuse a redirect from ``source`` to ``target`` unless it stays on the same scheme,
    host and port, or ``other_origins`` (the user's flag) allows it (http(s) only)."""
    check_scheme(target)
    if other_origins or origin(source) == origin(target):
        return
    raise NetError(
        f"{source} redirects to {target}, another scheme or host; not followed "
        "(pass --follow-redirects to follow it, or use the target URL)"
    )


class Deadline:
    """An overall time limit for the requests made under it (see the module docstring)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds
        self._streams: list[Any] = []
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self.fired = False
        """Whether the deadline passed and the watched connections were shut down."""

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    @property
    def expired(self) -> bool:
        return self.fired or time.monotonic() >= self._end

    def timeout(self) -> httpx.Timeout:
        """Per-operation timeouts for httpx, none longer than the time that is left."""
        import httpx

        return httpx.Timeout(max(self.remaining(), 0.001))

    def extensions(self) -> dict[str, Any]:
        """httpx request extensions that let the deadline watch the connections."""
        return {"trace": self._trace}

    def check(self, what: str = "the request") -> None:
        """Raise DeadlineExceeded if the time is up (call it between chunks)."""
        if self.expired:
            raise DeadlineExceeded(f"{what}: no complete answer within {self.seconds:g} s")

    def _trace(self, event: str, info: dict[str, Any]) -> None:
        if event.endswith(("connect_tcp.complete", "start_tls.complete")):
            stream = info.get("return_value")
            if stream is not None:
                with self._lock:
                    self._streams.append(stream)
                if self.expired:
                    self._abort()

    def _abort(self) -> None:
        with self._lock:
            self.fired = True
            streams = list(self._streams)
        for stream in streams:
            sock = stream.get_extra_info("socket")
            if sock is None:
                continue
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)

    def __enter__(self) -> Deadline:
        self._timer = threading.Timer(self.remaining(), self._abort)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is not None:
            self._timer.cancel()


def get(
    url: str,
    *,
    timeout: float,
    limit: int,
    accept: str = "*/*",
    follow_redirects: bool = False,
    transport: httpx.BaseTransport | None = None,
) -> bytes:
    """GET ``url`` within ``timeout`` seconds in all; at most ``limit`` bytes of body.

    Redirects are followed (up to 5) only to the same origin unless ``follow_redirects``.
    Every failure is a :class:`NetError` whose message names the (redacted) URL.
    """
    import httpx

    check_scheme(url)
    current = url
    with (
        Deadline(timeout) as deadline,
        httpx.Client(follow_redirects=False, transport=transport) as client,
    ):
        for _ in range(MAX_REDIRECTS + 1):
            try:
                with client.stream(
                    "GET",
                    current,
                    headers={"Accept": accept},
                    timeout=deadline.timeout(),
                    extensions=deadline.extensions(),
                ) as reply:
                    if reply.is_redirect:
                        target = urljoin(current, reply.headers.get("location", ""))
                        check_redirect(current, target, other_origins=follow_redirects)
                        current = target
                        continue
                    return _body(reply, current, limit, deadline)
            except NetError:
                raise
            except httpx.HTTPError as exc:
                deadline.check(current)
                if isinstance(exc, httpx.TimeoutException):
                    raise DeadlineExceeded(
                        f"{current}: no complete answer within {timeout:g} s"
                    ) from None
                raise NetError(f"{current}: {exc}") from None
    raise NetError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _body(reply: httpx.Response, url: str, limit: int, deadline: Deadline) -> bytes:
    if reply.status_code != 200:
        raise NetError(f"{url}: HTTP {reply.status_code} {reply.reason_phrase}")
    declared = reply.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise NetError(f"{url}: {declared} bytes is more than the {megabytes(limit)} cap")
    chunks: list[bytes] = []
    total = 0
    for chunk in reply.iter_bytes():
        deadline.check(url)
        total += len(chunk)
        if total > limit:
            raise NetError(f"{url}: more than the {megabytes(limit)} cap; aborted")
        chunks.append(chunk)
    deadline.check(url)
    return b"".join(chunks)


def megabytes(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"
