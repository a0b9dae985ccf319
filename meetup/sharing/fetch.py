"""Read an agenda from a file or an http(s) URL, with a size cap and a timeout."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

from meetup.sharing.agenda_toml import MAX_BYTES

TIMEOUT_SECONDS = 15.0
MAX_REDIRECTS = 5
ALLOWED_SCHEMES = ("http", "https")


class FetchError(Exception):
    """The agenda could not be read; the message says why and names the source."""


def is_url(source: str) -> bool:
    return "://" in source


def read_source(source: str, *, limit: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The bytes of a local file or an http(s) URL; at most ``limit`` bytes."""
    if is_url(source):
        return fetch_url(source, limit=limit, timeout=timeout)
    path = Path(source).expanduser()
    try:
        size = path.stat().st_size
        if size > limit:
            raise FetchError(f"{source}: {size} bytes is more than the {_mb(limit)} cap")
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except FileNotFoundError:
        raise FetchError(f"{source}: no such file") from None
    except IsADirectoryError:
        raise FetchError(f"{source}: is a directory") from None
    except OSError as exc:
        raise FetchError(f"{source}: cannot read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise FetchError(f"{source}: more than the {_mb(limit)} cap")
    return raw


def _check_scheme(url: str) -> None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ALLOWED_SCHEMES:
        raise FetchError(f"{url}: only http and https URLs are allowed (not {scheme or 'none'})")


def _mb(limit: int) -> str:
    return f"{limit / (1024 * 1024):g} MB"


def fetch_url(url: str, *, limit: int = MAX_BYTES, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """GET ``url``, streamed: aborted beyond ``limit`` bytes; redirects stay on http(s)."""
    import httpx

    _check_scheme(url)
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                with client.stream("GET", url, headers={"Accept": "application/toml"}) as reply:
                    if reply.is_redirect:
                        target = urljoin(url, reply.headers.get("location", ""))
                        _check_scheme(target)
                        url = target
                        continue
                    if reply.status_code != 200:
                        raise FetchError(f"{url}: HTTP {reply.status_code} {reply.reason_phrase}")
                    declared = reply.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > limit:
                        raise FetchError(
                            f"{url}: {declared} bytes is more than the {_mb(limit)} cap"
                        )
                    chunks: list[bytes] = []
                    total = 0
                    for chunk in reply.iter_bytes():
                        total += len(chunk)
                        if total > limit:
                            raise FetchError(f"{url}: more than the {_mb(limit)} cap; aborted")
                        chunks.append(chunk)
                    return b"".join(chunks)
            except httpx.TimeoutException:
                raise FetchError(f"{url}: no answer within {timeout:g} s") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"{url}: {exc}") from None
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")
