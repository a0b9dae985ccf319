"""The command palette's entries: areas, app-wide actions, per-meetup dialogs, the screen's own."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import Screen

from screens.areas import AREAS

if TYPE_CHECKING:
    from screens.app import MeetupApp


def system_commands(app: MeetupApp, screen: Screen[object]) -> Iterable[SystemCommand]:
    """The app's own palette entries, then the current screen's (``palette_commands``)."""
    for area in AREAS.values():
        yield SystemCommand(f"Go to {area.title}", area.help, lambda n=area.name: app.action_go(n))
    yield SystemCommand("Help: keys", "Every key of the current screen", app.action_help)
    yield SystemCommand("Reload workspace", "Read every file again from disk", app.action_reload)
    yield SystemCommand(
        "Undo history",
        "The edits of this session: undo one and all after it (ctrl+z)",
        app.action_history,
    )
    if not app.loading:  # the dashboard's records come first: no topics yet
        yield from meetup_commands(app)
    yield SystemCommand(
        "Sync workspace (git)",
        "Commit, pull --rebase and push; conflicts show both sides (ctrl+g)",
        app.action_sync,
    )
    yield SystemCommand(
        "Import agenda (file or URL)",
        "Preview what an agenda file would change, then merge",
        app.action_import_agenda,
    )
    for meetup_id, data in () if app.loading else app.workspace.meetups.items():
        yield SystemCommand(
            f"Minutes of {data.meetup.title}",
            "Notes per topic, action items, the compiled minutes",
            lambda m=meetup_id: app.open_minutes(m),
        )
    palette = getattr(screen, "palette_commands", None)
    if palette is not None:
        for title, help_text, callback in palette():
            yield palette_command(app, screen, title, help_text, callback)
    from screens.capabilities import capability_commands
    from screens.dialogs.export_calendar import calendar_commands
    from screens.election_capabilities import election_commands

    yield SystemCommand(
        "Import roster (governance projects.yaml)",
        "Projects, PTLs and liaisons from a file or URL: a preview, then one change",
        app.action_import_roster,
    )
    if not app.loading:
        yield from calendar_commands(app)
        yield from election_commands(app)
        yield from capability_commands(app)


def palette_command(
    app: MeetupApp, screen: Screen[object], title: str, help_text: str, callback: Any
) -> SystemCommand:
    """A screen's palette entry; a refused action (``screen.refusal``) says why in its
    help and only tells the reason when chosen, as its disabled footer key does."""
    action = getattr(callback, "__name__", "").removeprefix("action_")
    refusal = getattr(screen, "refusal", None)
    reason = refusal(action) if refusal is not None and action else None
    if not reason:
        return SystemCommand(title, help_text, callback)
    return SystemCommand(
        title,
        f"Not now: {reason}",
        lambda: app.notify(reason, title="Not now", severity="warning", markup=False),
    )


def meetup_commands(app: MeetupApp) -> Iterable[SystemCommand]:
    """Per-meetup dialogs (issue 7): the automatic scheduler and the date poll."""
    from screens.date_poll import DatePollScreen
    from screens.dialogs.autoschedule import AutoScheduleDialog

    for mid, data in sorted(app.workspace.meetups.items()):
        title = data.meetup.title
        yield SystemCommand(
            f"Auto-schedule {title}",
            "Preview the automatic schedule's moves, then apply them",
            lambda m=mid: app.push_screen(AutoScheduleDialog(m)),
        )
        yield SystemCommand(
            f"Date poll {title}",
            "Candidate dates, who can come, the ranking; choose the dates",
            lambda m=mid: app.push_screen(DatePollScreen(m)),
        )
