"""Schema migrations: each step turns a file's data of version N into version N + 1.

Version 1 is the first published schema, so there is no step yet; a later schema change
adds ``MIGRATIONS[n] = function`` here together with a test that loads a version-n file.
Migrated data is written back only when the user next saves that record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from meetup.store.errors import Problem, WorkspaceError
from meetup.store.fields import SCHEMA_VERSION

Migration = Callable[[dict[str, Any]], dict[str, Any]]

MIGRATIONS: dict[int, Migration] = {}
"""from-version -> step to from-version + 1."""


def migrate(data: dict[str, Any], version: int, file: str) -> dict[str, Any]:
    """Bring ``data`` of ``version`` up to the current schema, step by step."""
    if version < 1:
        raise WorkspaceError(
            Problem(file, 0, 0, "schema", f"schema {version} is not a valid version")
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise WorkspaceError(
                Problem(file, 0, 0, "schema", f"no migration from schema {version}")
            )
        data = step(dict(data))
        version += 1
        data["schema"] = version
    return data
