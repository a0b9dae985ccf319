"""Problems found in a workspace, and the exceptions that carry them."""

from __future__ import annotations

import os

import msgspec


class Problem(msgspec.Struct, frozen=True, order=True):
    """Something wrong in one workspace file, located as precisely as we can."""

    file: str
    """Path relative to the workspace root, with forward slashes."""
    line: int
    column: int
    field: str
    message: str
    kind: str = "validation"
    """parse | validation | reference | schema | conflict | io | repair (done, a notice)"""

    def __post_init__(self) -> None:
        if self.line < 1:  # every problem points at a line, the first when nothing better
            msgspec.structs.force_setattr(self, "line", 1)

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "kind": self.kind,
        }


class WorkspaceError(Exception):
    """A file of the workspace cannot be used as it is."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class StaleWriteError(Exception):
    """The file changed on disk since we read it; saving would overwrite someone's work."""

    def __init__(self, file: str) -> None:
        super().__init__(
            f"{file} changed on disk since it was loaded (another meetup, an editor or git); "
            "nothing was overwritten: reload and apply your change again"
        )
        self.file = file


class BrokenFileError(Exception):
    """Refusing to rewrite a file that does not parse or validate."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.file} is broken and is left as it is: {problem}")
        self.problem = problem


class NotFoundError(KeyError):
    """An id that names nothing in the workspace."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "not found"


class InvalidInput(ValueError):
    """User input that an operation rejects; ``field`` names the offending input."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)
        self.field = field
        self.message = message


class BrokenRecordsError(Exception):
    """Records an operation needs do not parse or validate; it refuses to go on."""

    def __init__(self, what: str, problems: list[Problem]) -> None:
        lines = "".join(f"\n  {p}" for p in problems)
        super().__init__(
            f"refusing: {len(problems)} record file(s) {what} needs are broken "
            f"(fix them, then run again):{lines}"
        )
        self.problems = problems


class StoreIOError(Exception):
    """The operating system refused to read or write a file (disk full, read-only file
    system, permission denied, an immutable file, ...).

    Raised by the store (``meetup.store.files.Store``) for workspace files, with ``file``
    relative to the workspace root, and by ``-o`` exports with the path the user gave.  The
    old file is left as it was (writes go to a temporary file that is renamed last).  The
    CLI prints ``meetup: cannot write meetups/x/topics/y.toml: no space left on device`` and
    exits 1; the TUI's save seam shows the same message and keeps what the user typed.

    ``action`` is "read", "write" or "delete"; ``reason`` is the OS's own words, lowercased
    (``os.strerror``); ``errno`` its code; the original OSError is ``__cause__``.
    """

    def __init__(self, action: str, file: str, error: OSError) -> None:
        self.action = action
        self.file = file
        self.errno = error.errno
        self.reason = os_reason(error)
        super().__init__(f"cannot {action} {file}: {self.reason}")


def os_reason(error: OSError) -> str:
    """``no space left on device`` for an ENOSPC OSError: the OS's words, lowercased."""
    text = error.strerror or str(error) or type(error).__name__
    return text[:1].lower() + text[1:]


def display_path(path: str | os.PathLike[str], root: str | os.PathLike[str] | None) -> str:
    """``path`` relative to the workspace ``root`` (forward slashes) when it is inside it."""
    if root is not None:
        try:
            rel = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        except ValueError:  # another drive on Windows
            return os.fspath(path)
        if rel != os.pardir and not rel.startswith(os.pardir + os.sep):
            return rel.replace(os.sep, "/")
    return os.fspath(path)
