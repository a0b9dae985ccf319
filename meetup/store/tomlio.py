"""TOML in and out: deterministic bytes on write, located errors on read.

Reading uses tomli (compiled); validation uses msgspec; every error is turned into a
:class:`~meetup.errors.Problem` that names the file, line, column and field.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any, TypeVar

import msgspec
import tomli

from meetup.store.errors import Problem, WorkspaceError
from meetup.store.fields import PATTERN_HINTS, SCHEMA_VERSION

T = TypeVar("T")
PathPart = str | int

ID_KEY = "__id__"
BUILTIN_TYPES = (datetime, date, time)
"""Types TOML writes natively; msgspec.to_builtins must leave them as they are."""
CONFLICT_MARKERS = ("<<<<<<< ", ">>>>>>> ")


def dumps(record: msgspec.Struct) -> str:
    """Serialize a record to canonical TOML text: same data, same bytes."""
    import tomli_w  # only saving needs it; keep it off the start-up path

    data = plain_data(record)
    data.pop(ID_KEY, None)
    schema = getattr(record, "schema", None)
    if schema is not None:  # always first and always written, even when it is the default
        data = {"schema": schema, **{k: v for k, v in data.items() if k != "schema"}}
    return tomli_w.dumps(data, multiline_strings=True)


_FIELDS: dict[type, list[tuple[str, str, Any]]] = {}


def _fields(kind: type) -> list[tuple[str, str, Any]]:
    """(attribute, key in the file, default or NODEFAULT) of a Struct type, cached."""
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = []
        for f in msgspec.structs.fields(kind):
            default = f.default
            if default is msgspec.NODEFAULT and f.default_factory is not msgspec.NODEFAULT:
                default = f.default_factory()
            fields.append((f.name, f.encode_name, default))
        _FIELDS[kind] = fields
    return fields


def plain_data(value: Any) -> Any:
    """Builtins for TOML, leaving out fields EQUAL to their default.

    msgspec's own ``omit_defaults`` compares some values by identity, so a string built in
    code and the same string read from a file could serialize differently; comparing by
    equality keeps "same data, same bytes".
    """
    if isinstance(value, msgspec.Struct):
        out = {}
        for name, key, default in _fields(type(value)):
            item = getattr(value, name)
            if default is not msgspec.NODEFAULT and item == default:
                continue
            out[key] = plain_data(item)
        return out
    if isinstance(value, (list, tuple)):
        return [plain_data(v) for v in value]
    if isinstance(value, dict):
        return {k: plain_data(v) for k, v in value.items()}
    return value


def to_bytes(record: msgspec.Struct) -> bytes:
    return dumps(record).encode("utf-8")


SHARED_MAX = 80
"""Strings up to this long (ids, references, statuses) are shared by :func:`shared`."""


def shared(value: Any) -> Any:
    """``value`` (parsed TOML) with every short string interned (one object per text).

    A whole workspace repeats the same ids thousands of times (votes, attendees, rolls,
    projects, statuses); tomli makes a new string for each.  Sharing them halves a large
    workspace's memory (scale 4: 134 MB -> 68 MB) for ~15 us a file, so the TUI's
    background load (:func:`meetup.store.loading.complete`) uses it.
    """
    kind = value.__class__
    if kind is str:
        return sys.intern(value) if len(value) <= SHARED_MAX else value
    if kind is list:
        if not value or value[0].__class__ in _SCALARS:
            return value
        return [shared(item) for item in value]
    if kind is dict:
        return {key: shared(item) for key, item in value.items()}
    return value


_SCALARS = (int, float, bool)


def parse_current(raw: bytes) -> dict[str, Any] | None:
    """The data of an ordinary record file, or None when it needs :func:`parse` and
    :func:`check_schema`: a load's fast path (one call instead of four per file).

    Ordinary: UTF-8 without a byte-order mark, no merge-conflict marker, valid TOML and
    this meetup's schema version (or none).  Anything else, including every error, goes
    the careful way, which says where and what.
    """
    if b"<<<<<<<" in raw or raw.startswith(b"\xef\xbb\xbf"):
        return None
    try:
        data = tomli.loads(raw.decode("utf-8"))
    except Exception:  # located by the careful path
        return None
    version = data.get("schema", SCHEMA_VERSION)
    return data if version.__class__ is int and version == SCHEMA_VERSION else None


def parse(raw: bytes, file: str) -> dict[str, Any]:
    """Parse TOML bytes, or raise WorkspaceError with file:line:column.

    Every failure of the parser is contained here: invalid TOML, text that is not UTF-8, a
    byte-order mark, an integer too long to convert, nesting too deep for the parser.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise WorkspaceError(
            Problem(
                file,
                line,
                column,
                "",
                f"not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
                kind="parse",
            )
        ) from None
    if text.startswith("\ufeff"):
        raise WorkspaceError(
            Problem(
                file,
                1,
                1,
                "",
                "the file starts with a byte-order mark (BOM); save it as UTF-8 without one",
                kind="parse",
            )
        )
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
                max(1, getattr(exc, "lineno", 1) or 1),
                getattr(exc, "colno", 0) or 1,
                "",
                f"invalid TOML: {message}",
                kind="parse",
            )
        ) from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        line, column, message = _parser_failure(text, exc)
        raise WorkspaceError(Problem(file, line, column, "", message, kind="parse")) from None


_LONG_NUMBER = re.compile(r"[0-9][0-9_]{4000,}")


def _parser_failure(text: str, exc: BaseException) -> tuple[int, int, str]:
    """Where and why the parser gave up on something it does not report as TOML errors."""
    if isinstance(exc, RecursionError):
        # the line nesting deepest (inline tables, arrays) or with the longest dotted key
        number, _ = max(
            enumerate(text.splitlines() or [""], 1),
            key=lambda item: sum(item[1].count(c) for c in "{[."),
        )
        detail = str(exc) if "TOML" in str(exc) else "values nested too deeply"
        return number, 1, f"cannot be read: {detail}"
    found = _LONG_NUMBER.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
        digits = sum(c.isdigit() for c in found.group())
        return line, column, f"invalid TOML: a number of {digits} digits is too long"
    return 1, 1, f"cannot be read: {exc}"


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
        from meetup.store.migrate import migrate

        try:
            data = migrate(data, version, file)
        except WorkspaceError as exc:
            raise _validation_problem(
                file, text, ("schema",), exc.problem.message, kind="schema"
            ) from None
        except Exception as exc:  # a migration step that meets data it cannot handle
            raise _validation_problem(
                file, text, ("schema",), f"cannot migrate from schema {version}: {exc}"
            ) from None
    return data


def convert(data: dict[str, Any], kind: type[T], file: str, raw: bytes) -> T:
    """Validate parsed data as ``kind``, or raise WorkspaceError located in the file."""
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        path, message = split_validation_error(str(exc))
        path = key_of_failure(data, kind, path, str(exc))
        message += expected_values(kind, path)
        raise _validation_problem(file, raw, path, message) from None
    except (RecursionError, ValueError, TypeError, OverflowError) as exc:
        raise _validation_problem(file, raw, (), f"cannot be read: {exc}") from None


def key_of_failure(
    data: Any, kind: type, path: tuple[PathPart, ...], error: str
) -> tuple[PathPart, ...]:
    """Fill in the keys msgspec leaves out of an error path (``$.liaisons[...]``).

    In a table keyed by name (liaisons, volunteers, poll answers) msgspec names no key;
    the failing one is found by validating the record with that table narrowed to one key
    at a time, so the message can point at the key's own line.
    """
    parts = list(path)
    while "" in parts:
        at = parts.index("")
        container = _get(data, parts[:at])
        if not isinstance(container, dict):
            return tuple(parts[:at])
        for key, value in container.items():
            try:
                msgspec.convert(_replace(data, parts[:at], {key: value}), kind)
            except msgspec.ValidationError as exc:
                if str(exc) == error:
                    parts[at] = key
                    break
        else:
            return tuple(parts[:at])
    return tuple(parts)


def _get(data: Any, path: Sequence[PathPart]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _replace(data: Any, path: Sequence[PathPart], new: Any) -> Any:
    """A copy of ``data`` with the value at ``path`` replaced (copies only along the path)."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    copy: Any = list(data) if isinstance(data, list) else dict(data)
    copy[head] = _replace(data[head], rest, new)
    return copy


def expected_values(kind: type, path: Sequence[PathPart]) -> str:
    """``" (expected one of: a, b)"`` when the field at ``path`` takes a fixed set of values."""
    from msgspec import inspect

    info: Any = inspect.type_info(kind)
    for part in path:
        while isinstance(info, inspect.UnionType):
            info = next((t for t in info.types if not isinstance(t, inspect.NoneType)), info)
            if isinstance(info, inspect.UnionType):
                break
        if isinstance(part, int) and isinstance(info, (inspect.ListType, inspect.TupleType)):
            info = getattr(info, "item_type", None)
        elif isinstance(part, str) and isinstance(info, inspect.StructType):
            info = next((f.type for f in info.fields if f.encode_name == part), None)
        elif isinstance(part, str) and isinstance(info, inspect.DictType):
            info = info.value_type
        else:
            return ""
    while isinstance(info, inspect.UnionType):
        info = next((t for t in info.types if isinstance(t, inspect.LiteralType)), None)
    if isinstance(info, inspect.LiteralType):
        return " (expected one of: " + ", ".join(str(v) for v in info.values) + ")"
    return ""


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
    for pattern, hint in PATTERN_HINTS.items():
        if f"matching regex {pattern!r}" in message:
            message = hint
            break
    if ID_KEY in path:
        message = f"the file or folder name is not a valid id: {message}"
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

    A light scanner, not a parser: it follows table headers, arrays of tables,
    ``key = value`` lines and the elements of multi-line arrays, skipping multi-line
    strings, which is what workspace files contain.  Used only to point error messages
    at the right line.
    """
    positions: dict[tuple[PathPart, ...], tuple[int, int]] = {}
    table: tuple[PathPart, ...] = ()
    array_counts: dict[tuple[PathPart, ...], int] = {}
    in_string: str | None = None
    array: tuple[PathPart, ...] | None = None
    index = 0
    for number, line in enumerate(text.splitlines(), 1):
        if in_string is not None:
            if in_string in line:
                in_string = None
            continue
        if array is not None:
            stripped = line.strip()
            column = len(line) - len(line.lstrip()) + 1
            for _ in _array_items(stripped):
                positions.setdefault((*array, index), (number, column))
                index += 1
            if stripped.endswith("]") or stripped.startswith("]"):
                array = None
            continue
        header = _HEADER.match(line)
        if header:
            parts: tuple[PathPart, ...] = _in_arrays(
                tuple(_key_parts(header.group(2))), array_counts
            )
            if header.group(1) == "[[":
                count = array_counts.get(parts, 0)
                array_counts[parts] = count + 1
                positions.setdefault(parts, (number, 1))
                parts = (*parts, count)
            table = parts
            positions.setdefault(table, (number, 1))
            continue
        key = _KEY_LINE.match(line)
        if key:
            full = (*table, *_key_parts(key.group(2)))
            positions.setdefault(full, (number, len(key.group(1)) + 1))
            rest = line[key.end() :].strip()
            if rest.startswith("[") and not rest.endswith("]"):
                array = full
                items = _array_items(rest[1:])
                for index in range(len(items)):
                    positions.setdefault((*array, index), (number, len(key.group(1)) + 1))
                index = len(items)
            for quote in ('"""', "'''"):
                if rest.count(quote) == 1:
                    in_string = quote
    return positions


def _in_arrays(
    parts: tuple[PathPart, ...], array_counts: dict[tuple[PathPart, ...], int]
) -> tuple[PathPart, ...]:
    """``[options.answers]`` after ``[[options]]`` is the answers of the latest option."""
    out: tuple[PathPart, ...] = ()
    for index, part in enumerate(parts):
        out = (*out, part)
        count = array_counts.get(out)
        if count and index < len(parts) - 1:
            out = (*out, count - 1)
    return out


def _array_items(text: str) -> list[str]:
    """The comma-separated items on one line of a multi-line array (strings respected)."""
    text = text.rstrip("]").strip()
    items, current, quote = [], "", ""
    for char in text:
        if quote:
            current += char
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote, current = char, current + char
        elif char == ",":
            items.append(current)
            current = ""
        elif char == "#":
            break
        else:
            current += char
    items.append(current)
    return [item for item in items if item.strip()]


def locate(text: str, path: Sequence[PathPart]) -> tuple[int, int]:
    """The (line, column) of the deepest key of ``path`` found in ``text``; (1, 1) if none."""
    positions = key_positions(text)
    wanted = tuple(path)
    while wanted:
        if wanted in positions:
            return positions[wanted]
        wanted = wanted[:-1]
    return (1, 1)
