"""Pick a meetup topic or action item to link to an issue."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from meetup.finding import matches
from meetup.issues import ref
from meetup.store.records import Issue
from meetup.store.workspace import Workspace


@dataclass(frozen=True)
class LinkChoice:
    kind: str
    """``topic`` or ``action``."""
    reference: str
    """``meetup/item``."""
    title: str


def link_choices(ws: Workspace, issue: Issue) -> list[LinkChoice]:
    """Topics and action items of every meetup that the issue does not link yet."""
    choices = []
    for meetup_id, data in ws.meetups.items():
        for topic in sorted(data.topics.values(), key=lambda t: t.title.casefold()):
            if ref(meetup_id, topic.id) not in issue.topics:
                choices.append(LinkChoice("topic", ref(meetup_id, topic.id), topic.title))
        for action in sorted(data.actions.values(), key=lambda a: a.title.casefold()):
            if ref(meetup_id, action.id) not in issue.actions:
                choices.append(LinkChoice("action", ref(meetup_id, action.id), action.title))
    return choices


class LinkDialog(ModalScreen[tuple[str, str] | None]):
    """Type to narrow the list, enter to link; dismisses ``(kind, meetup/item)``."""

    DEFAULT_CSS = """
    LinkDialog {
        align: center middle;
        & #link-box {
            width: 76;
            max-width: 100%;
            height: 20;
            border: round $accent;
            border-title-color: $text-accent;
            background: $surface;
            padding: 0 1;
        }
        & #choices {
            height: 1fr;
        }
    }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="link-cancel"),
        Binding("down", "focus_list", "List", show=False),
    ]

    def __init__(self, choices: list[LinkChoice]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(id="link-box") as box:
            box.border_title = "Link a topic or action item"
            yield Input(placeholder="type to filter", id="link-filter", compact=True)
            yield OptionList(id="choices")

    def on_mount(self) -> None:
        self.show("")
        self.query_one("#link-filter", Input).focus()

    def show(self, text: str) -> None:
        options = self.query_one("#choices", OptionList)
        options.clear_options()
        for index, choice in enumerate(self.choices):
            if not matches(text, (choice.title, choice.reference)):
                continue
            label = Text(no_wrap=True, overflow="ellipsis")
            label.append(f"{choice.kind:<7}", "bold" if choice.kind == "topic" else "cyan")
            label.append(choice.title)
            label.append(f"  {choice.reference}", "dim")
            options.add_option(Option(label, id=str(index)))
        if options.option_count:
            options.highlighted = 0
        else:
            options.add_option(Option("Nothing left to link matches.", disabled=True))

    @on(Input.Changed, "#link-filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.show(event.value)

    @on(Input.Submitted, "#link-filter")
    def filter_submitted(self) -> None:
        options = self.query_one("#choices", OptionList)
        if options.highlighted is not None:
            options.action_select()

    @on(OptionList.OptionSelected, "#choices")
    def selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is None:
            return
        choice = self.choices[int(event.option.id)]
        self.dismiss((choice.kind, choice.reference))

    def action_focus_list(self) -> None:
        self.query_one("#choices", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
