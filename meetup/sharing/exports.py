"""What an export writes and where: the agenda in each format, and the folder it goes to.

The CLI (``meetup export agenda``) and the TUI's export dialog both call
:func:`agenda_text`.  A folder for an export is never inside the workspace: a file written
there would be committed by the next sync as if it were a record.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from meetup.store.errors import InvalidInput

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

AGENDA_FORMATS: dict[str, tuple[str, str]] = {
    "toml": ("TOML", "toml"),
    "markdown": ("Markdown", "md"),
    "html": ("HTML page", "html"),
    "frab": ("frab XML", "xml"),
    "ptgbot": ("ptgbot JSON", "json"),
}
"""format -> (what a user calls it, file extension)."""


def agenda_text(
    ws: Workspace,
    meetup_id: str,
    fmt: str,
    *,
    at: datetime | None = None,
    ics_url: str = "",
) -> str:
    """The agenda of ``meetup_id`` in ``fmt`` (one of AGENDA_FORMATS)."""
    ws.meetup(meetup_id)
    if fmt == "toml":
        from meetup.sharing.agenda_toml import agenda_toml

        return agenda_toml(ws, meetup_id)
    if fmt == "markdown":
        from meetup.sharing.markdown import agenda_markdown

        return agenda_markdown(ws, meetup_id)
    if fmt == "html":
        from meetup.sharing.html import agenda_html

        return agenda_html(ws, meetup_id, ics_url=ics_url)
    if fmt == "frab":
        from meetup.sharing.frab import frab_xml

        return frab_xml(ws, meetup_id)
    if fmt == "ptgbot":
        from meetup.sharing.ptgbot import ptgbot_json

        return ptgbot_json(ws, meetup_id, at=at)
    raise InvalidInput("format", f"one of {', '.join(AGENDA_FORMATS)}")


def agenda_file_name(meetup_id: str, fmt: str) -> str:
    return f"{meetup_id}-agenda.{AGENDA_FORMATS[fmt][1]}"


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` is ``root`` or under it (symlinks resolved)."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def default_folder(
    workspace_root: Path, *, cwd: Path | None = None, environ: Mapping[str, str] = os.environ
) -> Path:
    """~/Documents if it exists, else the current directory when it is outside the
    workspace, else the home directory."""
    home = Path(environ.get("HOME") or Path.home())
    documents = home / "Documents"
    if documents.is_dir() and not inside(documents, workspace_root):
        return documents
    here = Path(cwd or Path.cwd())
    if not inside(here, workspace_root):
        return here
    return home


def _outside(folder: str, workspace_root: Path) -> Path:
    """An existing folder outside the workspace, or InvalidInput about ``folder``."""
    if not folder.strip():
        raise InvalidInput("folder", "give a folder")
    where = Path(folder.strip()).expanduser()
    if not where.is_absolute():
        where = Path.cwd() / where
    if not where.is_dir():
        raise InvalidInput("folder", f"no folder {where}")
    if inside(where, workspace_root):
        raise InvalidInput(
            "folder",
            f"{where} is inside the workspace (the next sync would commit it): pick another",
        )
    return where


def _entry(where: Path, name: str, what: str) -> Path:
    name = name.strip()
    if not name or "/" in name or name in (".", ".."):
        raise InvalidInput("name", f"give a {what} name (no folder in it)")
    return Path(os.path.abspath(where / name))


def export_target(folder: str, name: str, workspace_root: Path) -> Path:
    """The absolute file an export writes, refused (InvalidInput) inside the workspace."""
    target = _entry(_outside(folder, workspace_root), name, "file")
    if target.is_dir():
        raise InvalidInput("name", f"{target} is a folder; give a file name")
    return target


def export_folder_target(folder: str, name: str, workspace_root: Path) -> Path:
    """The absolute folder an export of several files writes into (made when missing),
    refused (InvalidInput) inside the workspace or where a file of that name is."""
    target = _entry(_outside(folder, workspace_root), name, "folder")
    if target.exists() and not target.is_dir():
        raise InvalidInput("name", f"{target} is a file; give a folder name")
    return target


def write_export_text(target: Path, text: str) -> Path:
    """Write ``text`` to ``target`` (atomically for a regular file); the path written."""
    from meetup.store.outputs import write_file

    write_file(target, text.encode("utf-8"))
    return target
