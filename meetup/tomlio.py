"""TOML in and out: deterministic bytes on write, located errors on read.

Reading uses tomli (compiled); validation uses msgspec; every error is turned into a
:class:`~meetup.errors.Problem` that names the file, line, column and field.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, TypeVar

import msgspec
import tomli

from meetup.errors import Problem, WorkspaceError
from meetup.model import SCHEMA_VERSION

T = TypeVar("T")
PathPart = str | int

ID_KEY = "__id__"
BUILTIN_TYPES = (datetime, date, time)
"""Types TOML writes natively; msgspec.to_builtins must leave them as they are."""
CONFLICT_MARKERS = ("<<<<<<< ", ">>>>>>> ")


def dumps(record: msgspec.Struct) -> str:
    """Serialize a record to canonical TOML text: same data, same bytes."""
    import tomli_w  # only saving needs it; keep it off the start-up path
    data = msgspec.to_builtins(record, builtin_types=BUILTIN_TYPES)
    data.pop(ID_KEY, None)
    schema = getattr(record, "schema", None)
    if schema is not None:  # always first and always written, even when it is the default
        data = {"schema": schema, **{k: v for k, v in data.items() if k != "schema"}}
    return tomli_w.dumps(data, multiline_strings=True)


def to_bytes(record: msgspec.Struct) -> bytes:
    return dumps(record).encode("utf-8")


def parse(raw: bytes, file: str) -> dict[str, Any]:
    """Parse TOML bytes, or raise WorkspaceError with file:line:column."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise WorkspaceError(
            Problem(file, line, 0, "", "not valid UTF-8 text", kind="parse")
        ) from None
    conflict = _conflict_line(text)
    if conflict:
        raise WorkspaceError(
            Problem(
                file,
                conflict,
                1,
                "",
                "unresolved git merge conflict (<<<<<<< ... >>>>>>> markers); "
                "resolve it, then run `meetup check`",
                kind="conflict",
            )
        )
    try:
        return tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        message = getattr(exc, "msg", str(exc))
        raise WorkspaceError(
            Problem(
                file,
                getattr(exc, "lineno", 0),
                getattr(exc, "colno", 0),
                "",
                f"invalid TOML: {message}",
                kind="parse",
            )
        ) from None


def _conflict_line(text: str) -> int:
    if "<<<<<<<" not in text:
        return 0
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(CONFLICT_MARKERS) or line.rstrip() == "=======":
            return number
    return 0


def check_schema(data: dict[str, Any], file: str, text: bytes) -> dict[str, Any]:
    """Refuse newer schemas; migrate older ones (see meetup.migrate)."""
    version = data.get("schema", SCHEMA_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        raise _validation_problem(file, text, ("schema",), "expected an integer schema version")
    if version > SCHEMA_VERSION:
        raise _validation_problem(
            file,
            text,
            ("schema",),
            f"schema {version} is newer than this meetup understands ({SCHEMA_VERSION}); "
            "upgrade meetup to read it",
            kind="schema",
        )
    if version < SCHEMA_VERSION:
        from meetup.migrate import migrate

        data = migrate(data, version, file)
    return data


def convert(data: dict[str, Any], kind: type[T], file: str, raw: bytes) -> T:
    """Validate parsed data as ``kind``, or raise WorkspaceError located in the file."""
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        path, message = split_validation_error(str(exc))
        raise _validation_problem(file, raw, path, message) from None


_PATH_RE = re.compile(r"\.([A-Za-z0-9_\-]+)|\[(\d+)\]|\[\.\.\.\]")


def split_validation_error(text: str) -> tuple[tuple[PathPart, ...], str]:
    """Split msgspec's "message - at `$.a[0].b`" into a path and a message."""
    message, _, where = text.partition(" - at `")
    path: list[PathPart] = []
    for name, index in _PATH_RE.findall(where.rstrip("`")):
        path.append(int(index) if index else name)
    field = re.search(r"(?:unknown|required) field `([^`]+)`", message)
    if field:
        name = field.group(1)
        if "unknown" in message:
            path.append(name)
        message = message.replace(f"`{name}`", repr(name))
    message = message.replace("`", "")
    return tuple(p for p in path if p != ID_KEY), message


def _validation_problem(
    file: str,
    raw: bytes,
    path: Sequence[PathPart],
    message: str,
    kind: str = "validation",
) -> WorkspaceError:
    line, column = locate(raw.decode("utf-8", "replace"), path)
    return WorkspaceError(Problem(file, line, column, format_path(path), message, kind=kind))


def format_path(path: Sequence[PathPart]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


_KEY = r'(?:[A-Za-z0-9_\-]+|"[^"]*"|\'[^\']*\')'
_KEY_LINE = re.compile(rf"^(\s*)({_KEY}(?:\s*\.\s*{_KEY})*)\s*=")
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_KEY}(?:\s*\.\s*{_KEY})*)\s*\]\]?")


def _key_parts(dotted: str) -> list[str]:
    return [p.strip().strip("\"'") for p in re.findall(_KEY, dotted)]


def key_positions(text: str) -> dict[tuple[PathPart, ...], tuple[int, int]]:
    """Map each key path of a TOML document to its (line, column), 1-based.

    A light scanner, not a parser: it follows table headers, arrays of tables and
    ``key = value`` lines, skipping multi-line strings, which is what hand-written
    workspace files contain.  Used only to point error messages at the right line.
    """
    positions: dict[tuple[PathPart, ...], tuple[int, int]] = {}
    table: tuple[PathPart, ...] = ()
    array_counts: dict[tuple[PathPart, ...], int] = {}
    in_string: str | None = None
    for number, line in enumerate(text.splitlines(), 1):
        if in_string is not None:
            if in_string in line:
                in_string = None
            continue
        header = _HEADER.match(line)
        if header:
            parts: tuple[PathPart, ...] = tuple(_key_parts(header.group(2)))
            if header.group(1) == "[[":
                index = array_counts.get(parts, 0)
                array_counts[parts] = index + 1
                positions.setdefault(parts, (number, 1))
                parts = (*parts, index)
            table = parts
            positions.setdefault(table, (number, 1))
            continue
        key = _KEY_LINE.match(line)
        if key:
            full = (*table, *_key_parts(key.group(2)))
            positions.setdefault(full, (number, len(key.group(1)) + 1))
            rest = line[key.end() :]
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    in_string = quote
    return positions


def locate(text: str, path: Sequence[PathPart]) -> tuple[int, int]:
    """The (line, column) of the deepest key of ``path`` found in ``text``; (1, 1) if none."""
    positions = key_positions(text)
    wanted = tuple(path)
    while wanted:
        if wanted in positions:
            return positions[wanted]
        wanted = wanted[:-1]
    return (1, 1)
