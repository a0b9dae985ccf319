"""The one seam between the screens and the workspace on disk: saving, reloading, telling.

Every save, delete and reload of the TUI goes through :func:`save` (or a screen's
``apply``, which calls it).  It turns each workspace error into something the user can act
on, never a traceback:

- a file changed on disk since it was read (``StaleWriteError``): the workspace is
  reloaded in a thread worker and the user is told to save again; nothing is overwritten;
- a broken file (``BrokenFileError``), a missing record (``NotFoundError``), any other
  ``WorkspaceError`` and any ``OSError`` (full disk, read-only file): a notification;
- refused input (``InvalidInput``): an inline error on the form field it names, or a
  notification where there is no form.

A form passed as ``form`` keeps what the user typed in every case.  After a save the App is
told (``WorkspaceSaved``) and it posts one ``WorkspaceChanged`` to every screen on the stack.
All text goes out with ``markup=False``: a file name or title with ``[`` stays as it is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from textual.message import Message
from textual.widget import Widget

from meetup.store import errors as store_errors
from meetup.store.errors import (
    BrokenFileError,
    BrokenRecordsError,
    InvalidInput,
    NotFoundError,
    StaleWriteError,
    WorkspaceError,
)
from meetup.store.history import Entry, History, UndoRefused

T = TypeVar("T")

IO_ERRORS: tuple[type[Exception], ...] = (
    OSError,
    # The store's own wrapper of an OSError (with the file's path), where it exists.
    getattr(store_errors, "StoreIOError", OSError),
)
"""A full disk, a read-only file, a permission refused: as the OS or the store says it."""


class WorkspaceSaved(Message):
    """Posted to the App after a save went through: screens must show the new state."""


class ReloadRequested(Message):
    """Posted to the App: read the workspace again from disk (in a thread worker)."""

    def __init__(self, reason: str = "") -> None:
        super().__init__()
        self.reason = reason


class WorkspaceChanged(Message, bubble=False):
    """Posted by the App to every screen on the stack after a save or a reload.

    ``revision`` counts the changes; a screen refreshes once per revision.
    """

    def __init__(self, revision: int) -> None:
        super().__init__()
        self.revision = revision


class ErrorSink(Protocol):
    """What a form offers the seam: errors shown at their fields, typed text kept."""

    def show_errors(self, errors: Mapping[str, str]) -> None: ...


@dataclass(frozen=True)
class Saved(Generic[T]):
    """A save that went through, with what the operation returned."""

    value: T


def describe_os_error(exc: Exception) -> str:
    """``Cannot save meetups/x/meetup.toml: No space left on device``."""
    if not isinstance(exc, OSError):  # the store's wrapper says it all, file included
        text = str(exc)
        return text[:1].upper() + text[1:]
    where = exc.filename or ""
    reason = exc.strerror or str(exc) or type(exc).__name__
    return f"Cannot save {where}: {reason}" if where else f"Cannot save: {reason}"


def save(
    node: Widget,
    operation: Callable[[], T],
    *,
    form: ErrorSink | None = None,
    title: str = "Not saved",
    what: str | Callable[[T], str] = "",
) -> Saved[T] | None:
    """Run a domain operation that writes; ``Saved(result)``, or None after telling why.

    ``node`` is the screen or widget the user acted on (it only notifies and posts).
    Every file the operation changes is recorded in the App's undo history as one entry
    named ``what`` (by default the records it touched); ``what`` may be a function of what
    the operation returned (a form names the record it saved).
    """
    app = node.app
    try:
        with _recording(app, what if isinstance(what, str) else "") as entry:
            result = operation()
            said = getattr(result, "what", None)  # a change that names itself (a shift)
            if entry is not None and callable(what):
                entry.what = what(result)
            elif entry is not None and not what and isinstance(said, str):
                entry.what = said
    except StaleWriteError as exc:
        app.post_message(ReloadRequested(str(exc)))
        message = (
            f"{exc.file} changed on disk since it was read (an editor, git, another meetup);"
            " nothing was overwritten. It is being reloaded: save again to apply your change."
        )
        _tell(node, form, "", message, "Changed on disk", timeout=12)
        return None
    except InvalidInput as exc:
        if form is not None:
            form.show_errors({exc.field: exc.message})
        else:
            node.notify(str(exc), title=title, severity="error", timeout=8, markup=False)
        return None
    except (BrokenFileError, BrokenRecordsError, NotFoundError, WorkspaceError) as exc:
        _tell(node, form, "", str(exc), title)
        return None
    except IO_ERRORS as exc:
        _tell(node, form, "", describe_os_error(exc), title)
        return None
    app.post_message(WorkspaceSaved())
    return Saved(result)


def _recording(app: object, what: str) -> contextlib.AbstractContextManager[Entry | None]:
    history: History | None = getattr(app, "history", None)
    workspace = getattr(app, "workspace", None)
    if history is None or workspace is None:
        return contextlib.nullcontext()
    return history.recording(workspace.store, what)


def undo(node: Widget, index: int | None = None) -> list[Entry] | None:
    """Undo the newest edit (or entry ``index`` and all after it); the entries undone.

    A refusal (a file changed since, nothing to undo) is told as a notification.  After
    an undo the workspace is read again, so every screen shows the restored files.
    """
    app = node.app
    history: History | None = getattr(app, "history", None)
    if history is None or not history.entries:
        node.notify("Nothing to undo", severity="warning", markup=False)
        return None
    try:
        if index is None:
            undone = [history.undo_last(app.workspace.store)]  # type: ignore[attr-defined]
        else:
            undone = history.undo_to(app.workspace.store, index)  # type: ignore[attr-defined]
    except UndoRefused as exc:
        node.notify(str(exc), title="Not undone", severity="error", timeout=10, markup=False)
        return None
    except IO_ERRORS as exc:
        node.notify(describe_os_error(exc), title="Not undone", severity="error", markup=False)
        return None
    node.notify(undone_words(undone), markup=False)
    app.post_message(ReloadRequested("undo"))
    return undone


def undone_words(undone: list[Entry]) -> str:
    """``Undid: moved 'Bug triage' to Tue 13:30``: the entries' own labels, in one line;
    the count of files only when more than one went back."""
    files = len({c.rel for entry in undone for c in entry.effective})
    label = undone[0].what if len(undone) == 1 else f"{len(undone)} edits, back to before "
    if len(undone) > 1:
        label += repr(undone[-1].what)
    return f"Undid: {label}" + (f" ({files} files)" if files > 1 else "")


def _tell(
    node: Widget,
    form: ErrorSink | None,
    field: str,
    message: str,
    title: str,
    *,
    timeout: float = 10,
) -> None:
    """A notification, and in a form the same words where the user is looking."""
    if form is not None:
        form.show_errors({field: message})
    node.notify(message, title=title, severity="error", timeout=timeout, markup=False)


def request_reload(node: Widget, reason: str = "") -> None:
    """Ask the App to read the workspace again (ctrl+r, after git, after an import)."""
    node.app.post_message(ReloadRequested(reason))


def read(node: Widget, operation: Callable[[], T], *, title: str = "Cannot read") -> T | None:
    """Run a domain read that may meet a broken or missing file; None after telling why."""
    try:
        return operation()
    except (BrokenFileError, BrokenRecordsError, NotFoundError, WorkspaceError) as exc:
        node.notify(str(exc), title=title, severity="error", timeout=10, markup=False)
    except IO_ERRORS as exc:
        node.notify(describe_os_error(exc), title=title, severity="error", markup=False)
    return None
