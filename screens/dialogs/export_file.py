"""Write an export (agenda, announcement, minutes, a report) into a folder the user picks.

The folder starts at ``meetup.sharing.exports.default_folder`` (~/Documents, else the current
directory outside the workspace, else home); a folder inside the workspace is refused under
the field, because the next sync would commit the file.  Dismisses with the absolute path.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult

from meetup.sharing.exports import default_folder, export_target, write_export_text
from screens.forms.kit import FormDialog, field_input


class ExportFileDialog(FormDialog[str]):
    """Folder and file name; ``produce()`` makes the text (a ``meetup/`` function)."""

    SAVE_LABEL = "Export"
    HINT = "The folder must be outside the workspace (a sync would commit the file)."

    def __init__(self, title: str, file_name: str, produce: Callable[[], str]) -> None:
        super().__init__(title)
        self.file_name = file_name
        self.produce = produce

    def fields(self) -> ComposeResult:
        folder = default_folder(self.workspace.root)
        yield from self.row("folder", "Folder", field_input(str(folder), ident="folder"))
        yield from self.row("name", "File name", field_input(self.file_name, ident="name"))

    def read(self) -> tuple[str, str]:
        return self.text("folder"), self.text("name")

    def save(self, draft: tuple[str, str]) -> str:
        target = export_target(draft[0], draft[1], self.workspace.root)
        return str(write_export_text(target, self.produce()))


def notify_written(app: object, what: str) -> Callable[[str | None], None]:
    """The push_screen callback that says where the file went (its absolute path)."""

    def done(path: str | None) -> None:
        if path:
            app.notify(f"Wrote {Path(path)}", title=what, markup=False)  # type: ignore[attr-defined]

    return done
