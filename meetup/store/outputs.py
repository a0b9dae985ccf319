"""Files the user names (``-o FILE``): atomic when we own them, written through otherwise.

A regular file (or a new one) is replaced atomically, like a workspace file: readers see
the old or the new content, never half.  Anything else at that path is written THROUGH,
never replaced: a symlink writes its target, ``/dev/null`` or another device, a FIFO or a
socket gets the bytes as any program would send them (``export ics -o /dev/null`` run as
root once replaced the machine's /dev/null with a regular file).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from meetup.store.files import atomic_write


def is_write_through(path: Path) -> bool:
    """Whether ``path`` is something we must write into rather than replace."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    return not stat.S_ISREG(mode)


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to the user-named ``path`` (see the module docstring); OSError as is."""
    if is_write_through(path):
        with open(path, "wb") as handle:
            handle.write(data)
        return
    atomic_write(path, data)
