"""Shared plumbing of the CLI commands: workspace, output, confirmation, errors.

Everything the CLI prints passes :func:`sanitize` (``emit``, ``table``, error messages, and,
while a command runs under :func:`run`, every ``print`` to stdout or stderr): a title that
holds ``ESC ] 2 ; ... BEL`` shows as ``\\x1b]2;...\\x07`` instead of retitling the terminal.
Records refuse control characters already; this is the second line of defence.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO


class CommandError(Exception):
    """Ends a command with a message on stderr and a non-zero exit code."""

    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def fail(message: str, code: int = 1) -> NoReturn:
    raise CommandError(message, code)


_UNSAFE = re.compile(r"\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters a terminal would act on: all C0/C1 and DEL but tab, newline and
the CR of a CR LF line end (iCalendar text keeps its CR LF)."""
_C1 = re.compile(r"[\x7f-\x9f]")


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    return "\\r" if char == "\r" else f"\\x{ord(char):02x}"


def sanitize(text: str) -> str:
    """``text`` safe for a terminal: control characters become visible escapes (``\\x1b``)."""
    return _UNSAFE.sub(_visible, text)


class _SanitizedStream:
    """A text stream that sanitizes what is written to it; everything else is delegated."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        return self.stream.write(sanitize(text))

    def writelines(self, lines: Iterator[str]) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def sanitized_output() -> Iterator[None]:
    """While a command runs, every print to stdout/stderr is sanitized."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, _SanitizedStream):
        sys.stdout = _SanitizedStream(sys.stdout)
    if not isinstance(sys.stderr, _SanitizedStream):
        sys.stderr = _SanitizedStream(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@contextlib.contextmanager
def raw_output() -> Iterator[None]:
    """The streams as they were before :func:`sanitized_output` (for the TUI, which draws
    its own escape sequences)."""
    saved = sys.stdout, sys.stderr
    if isinstance(sys.stdout, _SanitizedStream):
        sys.stdout = sys.stdout.stream
    if isinstance(sys.stderr, _SanitizedStream):
        sys.stderr = sys.stderr.stream
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


def warn(message: str) -> None:
    """``meetup: message`` on stderr, sanitized and with credentials in URLs redacted."""
    from meetup.net import redact

    print(f"meetup: {sanitize(redact(message))}", file=sys.stderr)


def workspace_dir(args: argparse.Namespace) -> Path:
    from meetup.store.paths import default_workspace

    return Path(args.workspace).expanduser() if args.workspace else default_workspace()


_OPENED: list[Any] = []
"""Workspaces opened by this command, whose broken files are reported on stderr."""
_REPORTED: set[Any] = set()


def open_workspace(
    args: argparse.Namespace,
    *,
    meetup: str | None = None,
    election: str | None = None,
    issue: str | None = None,
    intact: bool = False,
    report: bool = True,
) -> Any:
    """Load the workspace named by ``--workspace``/``$MEETUP_WORKSPACE``, or fail with 2.

    Naming a meetup, an election or an issue loads only what is needed for it (a partial
    load); otherwise everything.  Each broken file read is reported on stderr as
    ``file:line:column: message`` (unless not ``report``).  ``intact``: refuse (exit 1)
    when a record the named meetup or election needs is broken: the output goes to other
    people, and must not silently leave a topic or an attendee out.
    """
    from meetup.store.loading import NotAWorkspace, load, load_for

    root = workspace_dir(args)
    try:
        if meetup or election or issue:
            ws = load_for(
                root,
                meetups=[meetup] if meetup else [],
                elections=[election] if election else [],
                issues=[issue] if issue else [],
            )
        else:
            ws = load(root)
    except NotAWorkspace as exc:
        fail(str(exc), 2)
    if intact and (meetup or election):
        from meetup.store.integrity import broken_records, require_intact

        _REPORTED.update(broken_records(ws, meetup=meetup, election=election))
        require_intact(ws, meetup=meetup, election=election)  # names them, exit 1
    if report:
        _OPENED.append(ws)
        report_broken()
    return ws


def report_broken() -> None:
    """Print each broken file read so far (once) on stderr; cross-references are for check."""
    for ws in _OPENED:
        for problem in ws.problems:
            if problem.kind != "reference" and problem not in _REPORTED:
                _REPORTED.add(problem)
                warn(str(problem))


def output_file(output: str | None) -> Path | None:
    """The file ``-o`` names, checked before anything is computed or written; None when the
    output is standard output (no ``-o``, or ``-o -``).

    An existing folder, or a parent folder that does not exist, is a one-line error (exit
    1): folders are never created for a file output.
    """
    if output is None or output == "-":
        return None
    path = Path(output).expanduser()
    if path.is_dir():
        fail(f"cannot write {output}: it is a folder; give a file name (or -o - for stdout)")
    parent = path.parent
    if not parent.is_dir():
        what = "is not a folder" if parent.exists() else "does not exist"
        fail(f"cannot write {output}: the folder {parent} {what}")
    return path


def output_dir(output: str) -> Path:
    """The folder ``-o DIR`` names for a command that writes several files; created (with
    its parents) since the user asked for a folder.  Anything else there: exit 1."""
    path = Path(output).expanduser()
    if path.exists() and not path.is_dir():
        fail(f"cannot write into {output}: it is not a folder")
    with writing(output):
        path.mkdir(parents=True, exist_ok=True)
    return path


@contextlib.contextmanager
def writing(output: str | Path) -> Iterator[None]:
    """An OSError while writing ``output`` becomes ``cannot write X: reason`` (exit 1)."""
    from meetup.store.errors import os_reason

    try:
        yield
    except OSError as exc:
        fail(f"cannot write {exc.filename or output}: {os_reason(exc)}")


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user named with -o (through links and special files, see
    :mod:`meetup.store.outputs`)."""
    from meetup.store.outputs import write_file

    with writing(path):
        write_file(path, data)


def emit(text: str, output: str | None = None) -> None:
    """Write ``text`` to the file ``output`` names (see :func:`output_file`) or stdout."""
    path = output_file(output)
    if path is not None:
        write_output(path, text.encode("utf-8"))
    else:
        text = sanitize(text)
        sys.stdout.write(text if text.endswith("\n") or not text else text + "\n")


def emit_json(data: Any, output: str | None = None) -> None:
    """JSON of ``data``; DEL and C1 controls (which json leaves raw) as ``\\u`` escapes, so
    the text is both valid JSON of the same data and safe for a terminal."""
    text = json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
    emit(_C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text), output)


def table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    """A plain aligned text table."""
    cells = [[sanitize(str(c)) for c in header]] + [[sanitize(str(c)) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    return "\n".join(lines) + "\n"


def confirm(args: argparse.Namespace, question: str) -> bool:
    """Ask ``question`` unless --yes; refuse without a terminal to ask on."""
    if getattr(args, "yes", False):
        return True
    if not sys.stdin.isatty():
        fail(f"{question} -- refusing without --yes when standard input is not a terminal", 1)
    answer = input(f"{question} [y/N] ").strip().lower()
    return answer in ("y", "yes")


def run(func: Any) -> Any:
    """Decorator: turn CommandError, domain errors and OSErrors into stderr + exit code.

    The one place the CLI turns exceptions into messages: CommandError (its code), invalid
    input, unknown ids, stale or broken files and OS errors (1: ``StoreIOError`` from the
    store says ``cannot write FILE: reason``, with FILE relative to the workspace), an
    unreadable workspace (2).  Output is sanitized while the command runs.
    """
    import functools

    @functools.wraps(func)
    def wrapper(args: argparse.Namespace) -> int:
        from meetup.store.errors import (
            BrokenFileError,
            BrokenRecordsError,
            InvalidInput,
            NotFoundError,
            StaleWriteError,
            StoreIOError,
            WorkspaceError,
            display_path,
            os_reason,
        )

        try:
            with sanitized_output():
                return int(func(args) or 0)
        except BrokenRecordsError as exc:
            warn(str(exc))
            return 1
        except CommandError as exc:
            warn(str(exc))
            return exc.code
        except (InvalidInput, NotFoundError, StaleWriteError, BrokenFileError) as exc:
            warn(str(exc))
            return 1
        except WorkspaceError as exc:  # a broken file read on demand (poll, ballots...)
            report_broken()
            if exc.problem not in _REPORTED:
                warn(str(exc))
            return 1
        except StoreIOError as exc:
            warn(str(exc))
            return 1
        except OSError as exc:  # anything the commands did not name themselves
            if exc.filename is None:
                warn(os_reason(exc))
            else:
                warn(f"{display_path(exc.filename, workspace_dir(args))}: {os_reason(exc)}")
            return 1
        finally:
            report_broken()
            _OPENED.clear()
            _REPORTED.clear()

    return wrapper


class _AnyName(Mapping[str, Any]):
    """The subcommands as argparse's choices, accepting any word (for the default one)."""

    def __init__(self, names: dict[str, Any]) -> None:
        self.names = names

    def __contains__(self, key: object) -> bool:
        return True

    def __getitem__(self, key: str) -> Any:
        return self.names[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


class DefaultingSubparsers(argparse._SubParsersAction):
    """Subcommands with a default: ``invite MEETUP ...`` means ``invite people MEETUP ...``
    while ``invite send MEETUP ...`` is its own subcommand."""

    default_name = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.choices = _AnyName(self._name_parser_map)  # type: ignore[assignment]

    def __call__(self, parser: Any, namespace: Any, values: Any, option_string: Any = None) -> None:
        if values and values[0] not in self._name_parser_map:
            values = [self.default_name, *values]
        super().__call__(parser, namespace, values, option_string)


def command_group(sub: Any, name: str, *, help: str, default: str = "") -> Any:
    """The subcommands of group ``name`` (``invite``, ``topic``...), created once per parser,
    so several command modules can add to one group; ``default`` names the subcommand used
    when the first word is none of them."""
    groups: dict[str, Any] = sub.__dict__.setdefault("_meetup_groups", {})
    key = name
    if key not in groups:
        parser = sub.add_parser(name, help=help, description=help)
        if default:
            cmds = parser.add_subparsers(
                dest=f"{name}_command", metavar="COMMAND", action=DefaultingSubparsers
            )
            cmds.default_name = default
        else:
            cmds = parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND")
        cmds.required = True
        groups[key] = cmds
    return groups[key]


def person_ref(ws: Any, text: str) -> str:
    """The person id a PERSON argument names: an id, a name or an e-mail, case- and
    accent-insensitive; an unknown one is refused (InvalidInput) with the closest match."""
    from meetup import directory

    return text if text in ws.people else directory.person_id(ws, text) or text


def acting(args: argparse.Namespace, ws: Any) -> str:
    """The acting person (``--as``, ``$MEETUP_USER``, git user.email) or a clear failure."""
    from meetup.identity import UnknownIdentity, acting_person

    try:
        return acting_person(ws, getattr(args, "acting", None))
    except UnknownIdentity as exc:
        fail(exc.message)


def add_as_option(parser: Any) -> None:
    parser.add_argument(
        "--as",
        dest="acting",
        metavar="PERSON",
        default=argparse.SUPPRESS,
        help="who is acting (default: $MEETUP_USER, else your git user.email)",
    )
