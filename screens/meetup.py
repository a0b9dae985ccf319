"""One meetup: overview, attendees, topics, the schedule grid, and its minutes."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Header, Static, TabbedContent, TabPane

from screens import keys
from screens.base import WorkspaceScreen
from screens.footer import FittingFooter
from screens.tabs.attendees import AttendeesView
from screens.tabs.base import MeetupView
from screens.tabs.overview import OverviewView
from screens.tabs.schedule import ScheduleView
from screens.tabs.topics import TopicsView

TABS = ("overview", "attendees", "topics", "schedule", "minutes")

Command = tuple[str, str, Callable[[], Any]]


class MeetupScreen(WorkspaceScreen):
    """Tabs stepped with [ and ]; ``acting`` is whose +1 the vote key toggles (w changes it)."""

    CSS_PATH = "meetup.tcss"
    BINDINGS = [
        # The digits are the app's areas (1 is the dashboard): the tabs step with [ and ].
        Binding(keys.PREVIOUS_TAB, "step_tab(-1)", "◀ Tab", id="meetup-prev-tab", show=False),
        Binding(keys.NEXT_TAB, "step_tab(1)", "Tab ▶", id="meetup-next-tab", show=False),
        Binding("w", "who", "Who am I", id="meetup-who"),
        Binding("L", "live", "Live", id="meetup-live"),
        Binding("escape", "back", "Back", id="meetup-back"),
    ]

    def __init__(self, meetup_id: str) -> None:
        super().__init__()
        self.meetup_id = meetup_id
        from meetup.identity import known_person

        # Who votes here: --as, $MEETUP_USER, git user.email, else asked once (w).
        self.set_reactive(MeetupScreen.acting, known_person(self.workspace))

    acting: reactive[str | None] = reactive(None, init=False)
    """The person whose +1 the vote key toggles."""

    def watch_acting(self) -> None:
        self.refresh_data()

    @property
    def data(self) -> Any:
        return self.workspace.meetup(self.meetup_id)

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="meetup-tabs"):
            with TabPane("Overview", id="overview"):
                yield OverviewView(id="overview-view")
            with TabPane("Attendees", id="attendees"):
                yield AttendeesView(id="attendees-view")
            with TabPane("Topics", id="topics"):
                yield TopicsView(id="topics-view")
            with TabPane("Schedule", id="schedule"):
                yield ScheduleView(id="schedule-view")
            with TabPane("Minutes", id="minutes"):
                yield Static(id="minutes-hint")
        yield FittingFooter()

    def on_mount(self) -> None:
        self._titles()
        self.query_one("#minutes-hint", Static).update(
            "Press Enter to open the minutes and action items of this meetup ([ goes back)."
        )

    def _titles(self) -> None:
        meetup = self.data.meetup
        self.title = meetup.title
        who = self.workspace.person_name(self.acting) if self.acting else "nobody"
        self.sub_title = f"acting as {who} (w)"

    def refresh_data(self) -> None:
        if not self.is_mounted:
            return
        if self.meetup_id not in self.workspace.meetups:
            if self.is_current:
                self.dismiss()
            return
        self._titles()
        for view in self.query(MeetupView):
            view.refresh_data()

    # ---------------------------------------------------------------- actions

    def action_tab(self, name: str) -> None:
        if name == "minutes":
            self.open_minutes()
            return
        self.query_one(TabbedContent).active = name
        self._focus_tab(name)

    def action_step_tab(self, step: int) -> None:
        """The previous (-1) or next (1) tab, wrapping around."""
        active = self.query_one(TabbedContent).active
        index = TABS.index(active) if active in TABS else 0
        self.action_tab(TABS[(index + step) % len(TABS)])

    def _focus_tab(self, name: str) -> None:
        self.query_one(f"#{name}-view", MeetupView).focus_main()

    @on(TabbedContent.TabActivated)
    def tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "minutes":
            self.open_minutes()
        elif event.pane.id:
            self._focus_tab(event.pane.id)

    def open_minutes(self) -> None:
        from screens.minutes import MinutesScreen

        self.app.push_screen(MinutesScreen(self.meetup_id))

    def action_who(self, then: Any = None) -> None:
        """Ask "who are you?" (once: the answer is kept for the whole session)."""
        from meetup.identity import remember
        from screens.dialogs.pick import PickDialog

        meetup = self.data.meetup
        invited = {a.person for a in meetup.attendees}
        options = [
            (a.person, f"{self.workspace.person_name(a.person)} ({a.role})")
            for a in meetup.attendees
        ] + [
            (p.id, p.name)
            for p in sorted(self.workspace.people.values(), key=lambda p: p.name)
            if p.id not in invited
        ]

        def chosen(person: str | None) -> None:
            if person:
                self.acting = person
                remember(person)
                if then is not None:
                    then()

        self.app.push_screen(
            PickDialog("Who are you? (votes, comments and minutes are yours)", options), chosen
        )

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_live(self) -> None:
        """Now and next in each room of this meetup."""
        self.meetup_app.open_live(self.meetup_id)

    def palette_commands(self) -> list[Command]:
        commands: list[Command] = [
            (
                f"Meetup: show {name}",
                f"The {name} tab ([ and ] step)",
                partial(self.action_tab, name),
            )
            for name in TABS
        ]
        commands.append(("Meetup: who am I", "Choose the person who votes", self.action_who))
        commands.append(
            ("Live: now and next", "Now and next in each room of this meetup (L)", self.action_live)
        )
        for view in self.query(MeetupView):
            commands.extend(view.palette_commands())
        return commands
