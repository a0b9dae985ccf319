"""Who is acting: one identity for the CLI and the TUI.

``--as PERSON``, else the TUI user's own answer to "who are you?" (``w``), else
``$MEETUP_USER``, else the person whose e-mail is the clone's ``git config user.email``.
A person is named by id, name or e-mail (case- and accent-insensitive, see
meetup.directory).
Votes, log entries and minutes are attributed to this person.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from meetup import directory
from meetup.store.errors import InvalidInput

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

ENV_USER = "MEETUP_USER"

_picked: str | None = None
"""Who the TUI user said they are ("who are you?"), used when nothing else names anyone."""


def remember(person: str | None) -> None:
    """Keep the TUI's answer to "who are you?" for the rest of this process."""
    global _picked
    _picked = person


def picked() -> str | None:
    return _picked


class UnknownIdentity(InvalidInput):
    """Nobody could be named as the acting person; the message says how to name one."""


def git_email(root: Path) -> str:
    """``git config user.email`` as seen from ``root`` ("" when unset or git is missing)."""
    try:
        done = subprocess.run(
            ["git", "config", "user.email"],
            cwd=root if Path(root).is_dir() else None,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def _match(ws: Workspace, text: str, where: str) -> str:
    """The person id ``text`` names (id, name, e-mail; case- and accent-insensitive), else
    UnknownIdentity saying where it came from and whom it might mean."""
    try:
        found = directory.person_id(ws, text)
    except InvalidInput as exc:
        _, _, hint = exc.message.partition(": did you mean ")
        more = f" (did you mean {hint.rstrip('?')}?)" if hint else ""
        raise UnknownIdentity("", f"{where}: no such person in people.toml{more}") from None
    if found is None:
        raise UnknownIdentity("", f"{where}: no such person in people.toml")
    return found


def acting_person(
    ws: Workspace,
    explicit: str | None = None,
    *,
    environ: Mapping[str, str] = os.environ,
    email_of: Callable[[Path], str] = git_email,
) -> str:
    """The acting person's id, or UnknownIdentity saying why and how to fix it."""
    if explicit:
        return _match(ws, explicit, f"--as {explicit!r}")
    if _picked and _picked in ws.people:
        # the TUI user said who they are (or changed it with w): that wins for the session,
        # so the log names the person the header shows
        return _picked
    env = environ.get(ENV_USER, "").strip()
    if env:
        return _match(ws, env, f"${ENV_USER}={env!r}")
    email = email_of(ws.root)
    if email:
        folded = email.casefold()
        for person in ws.people.values():
            if person.email and person.email.casefold() == folded:
                return person.id
    hint = f" (git user.email {email!r} matches nobody)" if email else ""
    raise UnknownIdentity(
        "",
        f"who is acting? name yourself with --as PERSON or ${ENV_USER}, or set "
        f"`git config user.email` to your address in people.toml{hint}",
    )


def known_person(ws: Workspace, **kwargs: object) -> str | None:
    """The acting person when one can be found, else None (for optional attribution)."""
    try:
        return acting_person(ws, **kwargs)  # type: ignore[arg-type]
    except UnknownIdentity:
        return None
