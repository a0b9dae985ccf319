"""Read an agenda from a file or an http(s) URL, with a size cap and an overall timeout."""

from __future__ import annotations

from pathlib import Path

from meetup.net import NetError, get, megabytes
from meetup.sharing.agenda_toml import MAX_BYTES

TIMEOUT_SECONDS = 15.0

FetchError = NetError
"""The agenda could not be read; the message says why and names the source (redacted)."""


def is_url(source: str) -> bool:
    return "://" in source


def read_source(
    source: str,
    *,
    limit: int = MAX_BYTES,
    timeout: float = TIMEOUT_SECONDS,
    follow_redirects: bool = False,
) -> bytes:
    """The bytes of a local file or an http(s) URL; at most ``limit`` bytes.

    A URL must answer completely within ``timeout`` seconds (the whole request, not each
    read) and may redirect only to the same scheme and host unless ``follow_redirects``.
    """
    if is_url(source):
        return fetch_url(source, limit=limit, timeout=timeout, follow_redirects=follow_redirects)
    path = Path(source).expanduser()
    try:
        size = path.stat().st_size
        if size > limit:
            raise FetchError(f"{source}: {size} bytes is more than the {megabytes(limit)} cap")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise FetchError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise FetchError(f"{source}: is a directory") from None
    except OSError as exc:
        raise FetchError(f"{source}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise FetchError(f"{source}: more than the {megabytes(limit)} cap")
    return raw


def fetch_url(
    url: str,
    *,
    limit: int = MAX_BYTES,
    timeout: float = TIMEOUT_SECONDS,
    follow_redirects: bool = False,
) -> bytes:
    """GET ``url``, streamed: aborted beyond ``limit`` bytes or ``timeout`` seconds."""
    return get(
        url,
        timeout=timeout,
        limit=limit,
        accept="application/toml",
        follow_redirects=follow_redirects,
    )
