"""Problems found in a workspace, and the exceptions that carry them."""

from __future__ import annotations

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
    """parse | validation | reference | schema | conflict | io"""

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
