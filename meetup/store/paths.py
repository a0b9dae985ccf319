"""Where things live: the default workspace and the bundled data folder."""

from __future__ import annotations

import os
from pathlib import Path

ENV_WORKSPACE = "MEETUP_WORKSPACE"


def enclosing_workspace(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (the current one) holding workspace.toml.

    Found as git finds its repository, so ``meetup`` run anywhere inside a cloned
    workspace uses it.
    """
    here = Path(start if start is not None else Path.cwd()).absolute()
    for folder in (here, *here.parents):
        if (folder / "workspace.toml").is_file():
            return folder
    return None


def default_workspace() -> Path:
    """``$MEETUP_WORKSPACE``, else the enclosing workspace folder, else the user data dir."""
    env = os.environ.get(ENV_WORKSPACE)
    if env:
        return Path(env).expanduser()
    try:
        found = enclosing_workspace()
    except OSError:  # the current directory was removed
        found = None
    if found is not None:
        return found
    from platformdirs import user_data_path

    return user_data_path("meetup", appauthor=False) / "workspace"


def default_demo(live: bool = False) -> Path:
    from platformdirs import user_data_path

    return user_data_path("meetup", appauthor=False) / ("demo-live" if live else "demo")


def data_dir() -> Path:
    """The bundled data: ``meetup/_data`` in a wheel, ``data/`` in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_data", package.parent / "data"):
        if (candidate / "areas.toml").is_file():
            return candidate
    raise FileNotFoundError("the bundled data folder is missing from this installation")
