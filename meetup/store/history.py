"""One undo history per session: the bytes every edit changed, before and after.

The UI opens an :meth:`History.recording` around each edit it makes; the store tells the
recording the bytes of every file the edit wrote or deleted, as they were before and
after (``None`` = absent).  Undoing an entry writes the "before" bytes back as one
all-or-nothing change, but only when every file still holds the "after" bytes: a file
someone else changed since (an editor, ``git pull``, another meetup) makes the undo
refuse, naming the file, and nothing is written.

Entries undo newest first: undoing an older entry undoes every entry after it too
(:meth:`History.undo_to`), so the files never mix two points in time.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from meetup.store import table
from meetup.store.errors import StaleWriteError
from meetup.store.files import Store


@dataclass
class FileChange:
    """One file an edit changed: its bytes before and after (None = absent)."""

    rel: str
    before: bytes | None
    after: bytes | None


@dataclass
class Entry:
    """One edit as the user made it: what it did, in words, and the files it changed."""

    what: str
    files: list[FileChange] = field(default_factory=list)
    at: str = field(default_factory=lambda: time.strftime("%H:%M"))
    """When in the session it was made (the wall clock's hour and minute)."""

    def note(self, rel: str, before: bytes | None, after: bytes | None) -> None:
        """Fold one more write of ``rel`` in (the first "before" and the last "after" stay)."""
        for change in self.files:
            if change.rel == rel:
                change.after = after
                return
        self.files.append(FileChange(rel, before, after))

    @property
    def effective(self) -> list[FileChange]:
        return [c for c in self.files if c.before != c.after]

    def summary(self) -> str:
        """``topic t1 (meetup m) deleted; meetup m changed``: the records it touched."""
        return "; ".join(describe_change(c) for c in self.effective)


class UndoRefused(Exception):
    """An undo that cannot be done safely; nothing was written."""


class History:
    """The edits of one session, oldest first."""

    def __init__(self, limit: int = 200) -> None:
        self.entries: list[Entry] = []
        self.limit = limit

    def __len__(self) -> int:
        return len(self.entries)

    @contextlib.contextmanager
    def recording(self, store: Store, what: str) -> Iterator[Entry]:
        """Record every file ``store`` changes inside the block as one entry.

        The entry joins the history when the block ends without an error and changed
        something.  A recording inside a recording joins the outer one.
        """
        entry = Entry(what)
        outer = store.recorder
        if outer is not None:  # nested: the outer recording gets the files
            yield entry
            return
        store.recorder = entry.note
        try:
            yield entry
        finally:  # even a failed edit keeps what it did write undoable
            store.recorder = None
            if entry.effective:
                if not entry.what:
                    entry.what = entry.summary()
                self.entries.append(entry)
                del self.entries[: max(0, len(self.entries) - self.limit)]

    def undo_last(self, store: Store) -> Entry:
        """Undo the newest entry; it leaves the history.  Raises UndoRefused."""
        if not self.entries:
            raise UndoRefused("nothing to undo")
        return self.undo_to(store, len(self.entries) - 1)[0]

    def undo_to(self, store: Store, index: int) -> list[Entry]:
        """Undo entry ``index`` and every entry after it, as one change; newest first.

        Refused (UndoRefused, nothing written) when any file changed since those edits.
        """
        if not 0 <= index < len(self.entries):
            raise UndoRefused("no such edit in the history")
        undone = self.entries[index:][::-1]
        expected: dict[str, bytes | None] = {}
        restore: dict[str, bytes | None] = {}
        for entry in undone:  # newest first: the newest "after" is what disk must hold
            for change in entry.effective:
                expected.setdefault(change.rel, change.after)
                restore[change.rel] = change.before  # the oldest "before" wins
        items = [(rel, data) for rel, data in restore.items() if data != expected[rel]]
        try:
            store.write_all(items, expected=expected)
        except StaleWriteError as exc:
            raise UndoRefused(
                f"cannot undo {undone[-1].what!r}: {exc.file} changed since"
                " (an editor, git, another meetup); nothing was undone"
            ) from None
        remove_empty_dirs(store, [rel for rel, data in items if data is None])
        del self.entries[index:]
        return undone


def remove_empty_dirs(store: Store, deleted: list[str]) -> None:
    """Folders a deletion emptied (a meetup's, an election's) go too."""
    import os

    for rel in sorted(deleted, key=lambda r: -r.count("/")):
        folder = os.path.dirname(rel)
        while folder:
            try:
                os.rmdir(store.path(folder))
            except OSError:
                break
            folder = os.path.dirname(folder)


_KIND_WORDS = {
    "settings": "workspace settings",
    "people": "people",
    "areas": "liaison areas",
}


def describe_change(change: FileChange) -> str:
    """``topic t1 (meetup m) deleted``, from the record table; the path when no kind fits."""
    verb = "created" if change.before is None else "deleted" if change.after is None else "changed"
    return f"{describe_file(change.rel)} {verb}"


def describe_file(rel: str) -> str:
    for kind in table.KINDS:
        ids = kind.match(rel)
        if ids is None:
            continue
        name = _KIND_WORDS.get(kind.name, kind.name.replace("_", " "))
        if not ids:
            return name
        if len(ids) == 1:
            return f"{name} {ids[0]}"
        return f"{name} {ids[-1]} ({', '.join(ids[:-1])})"
    return rel
