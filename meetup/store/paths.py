"""Where things live: the default workspace and the bundled data folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

ENV_WORKSPACE = "MEETUP_WORKSPACE"


def default_workspace() -> Path:
    """``$MEETUP_WORKSPACE``, else the platform's user data dir."""
    env = os.environ.get(ENV_WORKSPACE)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("meetup", appauthor=False) / "workspace"


def default_demo() -> Path:
    from platformdirs import user_data_path

    return user_data_path("meetup", appauthor=False) / "demo"


def data_dir() -> Path:
    """The bundled data: ``meetup/_data`` in a wheel, ``data/`` in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_data", package.parent / "data"):
        if (candidate / "areas.toml").is_file():
            return candidate
    raise FileNotFoundError("the bundled data folder is missing from this installation")


def copy_demo(target: Path) -> None:
    """Copy the bundled demo workspace into ``target`` (which must not hold a workspace)."""
    shutil.copytree(
        data_dir() / "demo",
        target,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(".meetup.lock", ".meetup-journal.json", ".*.tmp"),
    )
