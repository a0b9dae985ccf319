"""The palette entries for what the CLI does with a meetup's agenda: export it in each
format, the announcement, releases and their diff, the compiled minutes, the liaison gaps.

Every entry calls the ``meetup/`` function the CLI command calls; files go through
:class:`screens.dialogs.export_file.ExportFileDialog` (a folder outside the workspace).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.markup import escape

from meetup.sharing.exports import AGENDA_FORMATS, agenda_file_name

if TYPE_CHECKING:
    from screens.app import MeetupApp


def capability_commands(app: MeetupApp) -> Iterator[SystemCommand]:
    yield SystemCommand(
        "Liaison gaps",
        "Duties nobody holds, no liaison and no PTL to fall back on (meetup liaisons --gaps)",
        lambda: show_liaison_gaps(app),
    )
    for mid, data in sorted(app.workspace.meetups.items()):
        title = escape(data.meetup.title)
        for fmt, (label, _) in AGENDA_FORMATS.items():
            yield SystemCommand(
                f"Export agenda ({label}) of {title}",
                f"meetup export agenda --format {fmt}, to a folder outside the workspace",
                lambda m=mid, f=fmt: export_agenda(app, m, f),
            )
        yield SystemCommand(
            f"Announcement of {title}",
            "The plain-text mail to the invited PTLs (w writes it to a file)",
            lambda m=mid: show_announcement(app, m),
        )
        yield SystemCommand(
            f"Export compiled minutes of {title}",
            "The minutes as Markdown (meetup minutes), to a folder outside the workspace",
            lambda m=mid: export_minutes(app, m),
        )
        yield SystemCommand(
            f"Release agenda of {title}",
            "Freeze the current schedule under a name (meetup release)",
            lambda m=mid: release_agenda(app, m),
        )
        yield SystemCommand(
            f"Release diff of {title}",
            "New, moved, cancelled, retitled sessions between two releases",
            lambda m=mid: release_diff(app, m),
        )


def export_agenda(app: MeetupApp, meetup_id: str, fmt: str) -> None:
    from meetup.sharing.exports import agenda_text
    from screens.dialogs.export_file import ExportFileDialog, notify_written

    label = AGENDA_FORMATS[fmt][0]
    app.push_screen(
        ExportFileDialog(
            f"Export agenda ({label})",
            agenda_file_name(meetup_id, fmt),
            lambda: agenda_text(app.workspace, meetup_id, fmt, at=app.clock()),
        ),
        notify_written(app, "Agenda exported"),
    )


def export_minutes(app: MeetupApp, meetup_id: str) -> None:
    from meetup.agenda.minutes import compiled_minutes
    from screens.dialogs.export_file import ExportFileDialog, notify_written

    app.push_screen(
        ExportFileDialog(
            "Export compiled minutes",
            f"{meetup_id}-minutes.md",
            lambda: compiled_minutes(app.workspace, meetup_id),
        ),
        notify_written(app, "Minutes exported"),
    )


def show_announcement(app: MeetupApp, meetup_id: str) -> None:
    from meetup.sharing.announce import announcement
    from screens.report import ReportScreen

    title = app.workspace.meetup(meetup_id).meetup.title
    app.push_screen(
        ReportScreen(
            f"Announcement: {title}",
            f"{meetup_id}-announcement.txt",
            lambda: announcement(app.workspace, meetup_id),
        )
    )


def show_liaison_gaps(app: MeetupApp) -> None:
    from meetup.liaisons import roster_rows, roster_text
    from screens.report import ReportScreen

    def gaps() -> str:
        ws = app.workspace
        return roster_text(ws, roster_rows(ws, only_gaps=True), only_gaps=True)

    app.push_screen(ReportScreen("Liaison gaps", "liaison-gaps.txt", gaps))


def release_agenda(app: MeetupApp, meetup_id: str) -> None:
    from meetup.agenda import releases
    from screens.forms.prompt import PromptDialog

    def done(name: str | None) -> None:
        if name:
            app.notify(f"Released {name.strip()} of {meetup_id}", title="Release", markup=False)

    app.push_screen(
        PromptDialog(
            "Release the agenda",
            lambda name: releases.release(app.workspace, meetup_id, name.strip(), app.clock()),
            field="name",
            label="Release name",
            placeholder="a slug, e.g. v1",
            help_text="Freezes the schedule as it is now; later diffs compare against it.",
        ),
        done,
    )


def release_diff(app: MeetupApp, meetup_id: str) -> None:
    """Pick release A, then B (or the current schedule), and show the CLI's diff text."""
    from meetup.agenda import releases
    from screens.dialogs.pick import PickDialog
    from screens.report import ReportScreen

    found = releases.list_releases(app.workspace, meetup_id)
    if not found:
        app.notify("No release yet: Release agenda first", severity="warning")
        return
    options = [(r.name, f"{r.name} ({r.released:%Y-%m-%d %H:%M} UTC)") for r in found]

    def show(a: str, b: str) -> None:
        def text() -> str:
            ws = app.workspace
            d = releases.diff(
                releases.load_release(ws, meetup_id, a), releases.load_release(ws, meetup_id, b)
            )
            return releases.diff_text(d, releases.affected_people(ws, meetup_id, d))

        app.push_screen(ReportScreen(f"Release diff {a} → {b}", f"{meetup_id}-{a}-{b}.txt", text))

    def picked_a(a: str | None) -> None:
        if a is None:
            return
        later = [(releases.CURRENT, "current (the schedule as it is now)")]
        later += [o for o in options if o[0] != a]
        app.push_screen(
            PickDialog(f"Compare {a} with…", later), lambda b: show(a, b) if b else None
        )

    app.push_screen(PickDialog("Release diff: from which release?", options), picked_a)
