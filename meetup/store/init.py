"""Create a new workspace, empty or as a copy of the bundled demo."""

from __future__ import annotations

import contextlib
from pathlib import Path

import msgspec

from meetup.store import table
from meetup.store.files import LOCK_NAME, atomic_write
from meetup.store.loading import is_workspace
from meetup.store.paths import data_dir
from meetup.store.records import AreasFile, Settings
from meetup.store.transaction import JOURNAL_NAME

GITIGNORE = f"{LOCK_NAME}\n{JOURNAL_NAME}\n.*.tmp\n.meetup-station\n"
"""The minimum; :func:`share_setup` adds what exports write (see meetup.sharing.driver)."""


def new_identity() -> str:
    """A workspace identity for calendar UIDs: a random UUID (two workspaces never share)."""
    import uuid

    return str(uuid.uuid4())


def init_workspace(
    root: Path,
    *,
    demo: bool = False,
    name: str | None = None,
    identity: str | None = None,
    live: bool = False,
) -> None:
    """Create a workspace in ``root``; refuses a directory that already holds one.

    ``demo`` builds the demo for today (the clock); ``live`` makes its meetup run today.
    The workspace gets its own ``identity`` (a domain, else a random UUID), which every
    calendar UID carries, so two workspaces never put the same UID in one calendar.
    """
    root = Path(root)
    if is_workspace(root):
        raise FileExistsError(f"{root} already holds a meetup workspace")
    if root.exists() and any(root.iterdir()) and not demo:
        raise FileExistsError(f"{root} is not empty; choose a new directory")
    if demo:
        if root.exists() and any(root.iterdir()):
            raise FileExistsError(f"{root} is not empty; choose a new directory")
        from meetup.demo import copy_demo

        copy_demo(root, live=live)
        rel = table.SETTINGS.path()
        settings = table.decode((root / rel).read_bytes(), rel, Settings)
        settings = msgspec.structs.replace(settings, identity=identity or new_identity())
        atomic_write(root / rel, table.encode(settings))
        share_setup(root)
        return
    root.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        name=name or root.resolve().name or "workspace", identity=identity or new_identity()
    )
    atomic_write(root / table.SETTINGS.path(), table.encode(settings))
    atomic_write(root / table.AREAS.path(), (data_dir() / "areas.toml").read_bytes())
    atomic_write(root / ".gitignore", GITIGNORE.encode())
    share_setup(root)


def share_setup(root: Path) -> None:
    """A ``.gitignore`` for exports; inside a git repository also the merge driver."""
    from meetup.sharing import driver
    from meetup.sharing.gitcmd import is_repo

    driver.ensure_gitignore(root)
    if is_repo(root):
        with contextlib.suppress(OSError):  # `meetup sync` sets the driver up again
            driver.register(root)


def default_areas() -> AreasFile:
    """The bundled default liaison areas."""
    rel = table.AREAS.path()
    return table.decode((data_dir() / rel).read_bytes(), rel, AreasFile)
