"""Create or edit a meetup's settings: title, id, cycle, venue, timezone, slot, 1-4 days."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from meetup.agenda.meetups import (
    MAX_DAYS,
    DayDraft,
    MeetupDraft,
    all_timezones,
    timezone_suggestions,
)
from meetup.store.references import valid_timezone
from screens.forms.fields import FORM_CSS, row, show_errors, value

FIELDS = ["title", "id", "cycle", "venue", "timezone", "slot_minutes"]
DAY_FIELDS = [f"day{i}" for i in range(1, MAX_DAYS + 1)]


class MeetupFormDialog(ModalScreen[MeetupDraft | None]):
    """Dismisses the draft once ``errors(draft)`` finds nothing; bad fields say why inline."""

    DEFAULT_CSS = (
        FORM_CSS.format(cls="MeetupFormDialog")
        + """
    MeetupFormDialog .row Input.date { width: 14; }
    MeetupFormDialog .row Input.time { width: 9; }
    MeetupFormDialog .row .to { width: 4; content-align: center middle; }
    """
    )
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="meetup-form-save"),
        Binding("escape", "cancel", "Cancel", id="meetup-form-cancel"),
    ]

    def __init__(
        self,
        draft: MeetupDraft,
        errors: Callable[[MeetupDraft], Mapping[str, str]],
        *,
        creating: bool,
    ) -> None:
        super().__init__()
        self.draft = draft
        self.errors = errors
        self.creating = creating

    def compose(self) -> ComposeResult:
        d = self.draft
        with VerticalScroll(id="form") as form:
            form.border_title = "New meetup" if self.creating else "Meetup settings"
            yield from row("Title", Input(d.title, id="title"), field="title")
            if self.creating:
                yield from row(
                    "Id", Input(d.ident, placeholder="made from the title", id="id"), field="id"
                )
            yield from row("Cycle", Input(d.cycle, id="cycle"), field="cycle")
            yield from row("Venue", Input(d.venue, id="venue"), field="venue")
            zones = SuggestFromList(all_timezones(), case_sensitive=False)
            yield from row(
                "Timezone", Input(d.timezone, id="timezone", suggester=zones), field="timezone"
            )
            yield Static("", id="tz-hint", classes="hint")
            yield from row(
                "Slot (min)", Input(d.slot_minutes, id="slot_minutes"), field="slot_minutes"
            )
            yield Label("", id="error-days", classes="error")
            days = d.days + [DayDraft("", "", "")] * (MAX_DAYS - len(d.days))
            for index, day in enumerate(days[:MAX_DAYS], start=1):
                yield from row(
                    f"Day {index}",
                    Input(
                        day.date, placeholder="YYYY-MM-DD", id=f"day{index}-date", classes="date"
                    ),
                    Input(day.start, placeholder="09:00", id=f"day{index}-start", classes="time"),
                    Static("to", classes="to"),
                    Input(day.end, placeholder="17:30", id=f"day{index}-end", classes="time"),
                    field=f"day{index}",
                )
            yield Label("", id="error-general", classes="error")
            yield Static(
                "Enter/ctrl+s save · Esc cancel · → accepts a timezone completion · "
                "empty date = no such day",
                id="form-keys",
            )

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()

    def _read(self) -> MeetupDraft:
        days = [
            DayDraft(
                value(self, f"day{i}-date"),
                value(self, f"day{i}-start"),
                value(self, f"day{i}-end"),
            )
            for i in range(1, MAX_DAYS + 1)
        ]
        return MeetupDraft(
            title=value(self, "title"),
            ident=value(self, "id") if self.creating else self.draft.ident,
            cycle=value(self, "cycle"),
            venue=value(self, "venue"),
            timezone=value(self, "timezone"),
            slot_minutes=value(self, "slot_minutes"),
            days=[d for d in days if d.date.strip()],
        )

    @on(Input.Changed, "#timezone")
    def timezone_typed(self, event: Input.Changed) -> None:
        hint = self.query_one("#tz-hint", Static)
        typed = event.value.strip()
        if not typed or valid_timezone(typed):
            hint.update("")
            return
        found = timezone_suggestions(typed, 4)
        hint.update(Text("try: " + ", ".join(found) if found else "no IANA zone matches"))

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        draft = self._read()
        errors = dict(self.errors(draft))
        fields = [*FIELDS, "days", *DAY_FIELDS, "general"]
        if not self.creating:
            fields.remove("id")
        show_errors(self, fields, errors)
        if not errors:
            self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)
