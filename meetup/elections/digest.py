"""The ballot checksum's hash: its version line, its header and SHA-256 over the records.

Shared by :meth:`meetup.elections.ballotset.BallotSet.checksum` and the plain-file tally
(:mod:`meetup.elections.plaincivs`); imports nothing, so a tally starts fast.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

CHECKSUM_VERSION = "meetup-ballots-v1"


def sha256() -> Any:
    """A SHA-256 hash object; the built-in module when there is one (no OpenSSL start-up)."""
    import sys

    try:  # named _sha256 up to Python 3.11, _sha2 since 3.12
        if sys.version_info >= (3, 12):
            from _sha2 import sha256  # type: ignore[import-not-found,unused-ignore]
        else:
            from _sha256 import sha256  # type: ignore[import-not-found,no-redef,unused-ignore]
    except ImportError:  # pragma: no cover - a Python built without them
        from hashlib import sha256  # type: ignore[no-redef,unused-ignore]
    return sha256()


def digest_records(candidates_json: bytes, records: bytes) -> str:
    """The checksum: ``meetup-ballots-v1\\n``, the candidates' JSON list and ``\\n``, then
    the records (see :meth:`meetup.elections.ballotset.BallotSet.checksum`)."""
    h = sha256()
    h.update(f"{CHECKSUM_VERSION}\n".encode())
    h.update(candidates_json + b"\n")
    h.update(records)
    return str(h.hexdigest())
