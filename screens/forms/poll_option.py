"""Add a date option to a meetup's date poll: its first day, 1-4 days, a label."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult

from meetup.agenda.datepoll import parse_option
from meetup.store.records import PollOption
from screens.forms.kit import FormDialog, field_input

OptionDraft = tuple[str, str, str]


class PollOptionDialog(FormDialog[PollOption]):
    """``save(start, days, label)`` adds the option; the dialog dismisses with it."""

    SAVE_LABEL = "Add"

    def __init__(self, save: Callable[..., PollOption]) -> None:
        super().__init__("Add a date option")
        self.save_option = save

    def fields(self) -> ComposeResult:
        yield from self.row(
            "start", "Start date", field_input(ident="start", placeholder="2027-02-02")
        )
        yield from self.row("days", "Days (1-4)", field_input("2", ident="days"))
        yield from self.row("label", "Label", field_input(ident="label", placeholder="optional"))

    def read(self) -> OptionDraft:
        return self.text("start"), self.text("days"), self.text("label")

    def check(self, draft: OptionDraft) -> dict[str, str]:
        from meetup.store.errors import InvalidInput

        try:
            parse_option(*draft)
        except InvalidInput as exc:
            return {exc.field: exc.message}
        return {}

    def save(self, draft: OptionDraft) -> PollOption:
        return self.save_option(*parse_option(*draft))

    def undo_label(self, draft: OptionDraft, saved: PollOption) -> str:
        """``added date option Tue 02 Feb 2027, 2 days 'Week 5'``."""
        label = f" {saved.label!r}" if saved.label else ""
        days = "1 day" if saved.days == 1 else f"{saved.days} days"
        return f"added date option {saved.start:%a %d %b %Y}, {days}{label}"
