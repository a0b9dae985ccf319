"""Create or edit a meetup's settings: title, id, cycle, venue, timezone, slot, 1-4 days."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from meetup.agenda.meetups import (
    MAX_DAYS,
    DayDraft,
    MeetupDraft,
    all_timezones,
    meetup_errors,
    timezone_suggestions,
)
from meetup.store.records import Meetup
from meetup.store.references import valid_timezone
from screens.forms.kit import FormDialog, field_input


class MeetupFormDialog(FormDialog[Meetup]):
    """The meetup's fields; ``save(draft)`` stores them and the dialog dismisses the meetup."""

    DEFAULT_CSS = """
    MeetupFormDialog .form-row > Input.date { width: 14; }
    MeetupFormDialog .form-row > Input.time { width: 9; }
    MeetupFormDialog .form-row > .to { width: 4; content-align: center middle; }
    MeetupFormDialog #tz-hint { padding-left: 14; display: none; }
    """
    HINT = "→ takes a timezone completion · empty date = no such day"

    def __init__(
        self,
        draft: MeetupDraft,
        save: Callable[[MeetupDraft], Meetup],
        *,
        editing: str | None = None,
    ) -> None:
        super().__init__("Meetup settings" if editing else "New meetup")
        self.draft = draft
        self.save_draft = save
        self.editing = editing

    def fields(self) -> ComposeResult:
        d = self.draft
        yield from self.row("title", "Title", field_input(d.title, ident="title"))
        if self.editing is None:
            yield from self.row(
                "id", "Id", field_input(d.ident, ident="id", placeholder="made from the title")
            )
        yield from self.row("cycle", "Cycle", field_input(d.cycle, ident="cycle"))
        yield from self.row("venue", "Venue", field_input(d.venue, ident="venue"))
        zones = SuggestFromList(all_timezones(), case_sensitive=False)
        yield from self.row(
            "timezone", "Timezone", field_input(d.timezone, ident="timezone", suggester=zones)
        )
        yield Static("", id="tz-hint", classes="form-hint")
        yield from self.row(
            "slot_minutes", "Slot (min)", field_input(d.slot_minutes, ident="slot_minutes")
        )
        yield self.error_line("days")
        days = d.days + [DayDraft("", "", "")] * (MAX_DAYS - len(d.days))
        for index, day in enumerate(days[:MAX_DAYS], start=1):
            yield from self.row(
                f"day{index}",
                f"Day {index}",
                Input(
                    day.date,
                    placeholder="YYYY-MM-DD",
                    id=f"day{index}-date",
                    classes="date",
                    compact=True,
                    select_on_focus=False,
                ),
                Input(
                    day.start,
                    placeholder="09:00",
                    id=f"day{index}-start",
                    classes="time",
                    compact=True,
                    select_on_focus=False,
                ),
                Static("to", classes="to"),
                Input(
                    day.end,
                    placeholder="17:30",
                    id=f"day{index}-end",
                    classes="time",
                    compact=True,
                    select_on_focus=False,
                ),
            )

    def read(self) -> MeetupDraft:
        days = [
            DayDraft(
                self.text(f"day{i}-date"), self.text(f"day{i}-start"), self.text(f"day{i}-end")
            )
            for i in range(1, MAX_DAYS + 1)
        ]
        return MeetupDraft(
            title=self.text("title"),
            ident=self.text("id") if self.editing is None else self.draft.ident,
            cycle=self.text("cycle"),
            venue=self.text("venue"),
            timezone=self.text("timezone"),
            slot_minutes=self.text("slot_minutes"),
            days=[d for d in days if d.date.strip()],
        )

    def check(self, draft: MeetupDraft) -> Mapping[str, str]:
        return meetup_errors(self.workspace, draft, editing=self.editing)

    def save(self, draft: MeetupDraft) -> Meetup:
        return self.save_draft(draft)

    @on(Input.Changed, "#timezone")
    def timezone_typed(self, event: Input.Changed) -> None:
        hint = self.query_one("#tz-hint", Static)
        typed = event.value.strip()
        if not typed or valid_timezone(typed):
            hint.update("")
            hint.display = False
            return
        found = timezone_suggestions(typed, 4)
        hint.update(Text("try: " + ", ".join(found) if found else "no IANA zone matches"))
        hint.display = True
