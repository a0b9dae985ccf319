"""Delete a record from any list: say what goes with it, ask, delete, and point at ``z``.

The words come from :mod:`meetup.deletion` (the CLI's ``meetup delete`` prints the same);
the delete runs through the screen's ``apply`` (the one save seam: the undo history
records every file, so ``z`` brings them all back byte for byte).
"""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget

from meetup.store.errors import InvalidInput


def ask_delete(
    node: Widget,
    question: str,
    consequences: Callable[[], list[str]],
    delete: Callable[[], object],
    apply: Callable[[Callable[[], object], str], object],
    *,
    what: str,
    name: str,
) -> None:
    """Show ``question`` and what goes with it; on yes, ``apply(delete, what)``.

    A refusal of the domain (a closed election) is told, and nothing is asked.
    """
    from screens.dialogs.confirm import ConfirmDialog
    from screens.saving import read

    try:
        goes = read(node, consequences)
    except InvalidInput as exc:
        node.notify(exc.message, title="Not deleted", severity="error", timeout=12, markup=False)
        return
    if goes is None:
        return
    consequence = ""
    if goes:
        consequence = "With it go:\n" + "\n".join(f"• {line}" for line in goes) + "\n"
    consequence += "z undoes it (ctrl+z: the undo history)."

    def answered(yes: bool | None) -> None:
        if yes and apply(delete, what) is not None:
            node.notify(f"Deleted {name} (z undoes it)", markup=False)

    node.app.push_screen(ConfirmDialog(question, consequence=consequence, yes="Delete"), answered)
