"""One measurement in a fresh interpreter, run by bench_startup.py (not meant to be run alone).

    python benchmarks/_child.py ours DIR            meetup's TUI on DIR (create_app(DIR)),
                                                    headless 80x24, data on screen
    python benchmarks/_child.py ours-bg DIR         as the CLI opens it (background load):
                                                    first paint; ``data`` = data on screen
    python benchmarks/_child.py ours-data DIR       as the CLI opens it: first frame, then the
                                                    frame showing the dashboard's data, then
                                                    the frame after the whole workspace is in
    python benchmarks/_child.py bare R1 R2 R3 R4    a bare Textual app, DataTables of R rows
    python benchmarks/_child.py load DIR            meetup.workspace.load(DIR) only

Prints one JSON line: ``ready`` (time.perf_counter() when the first screen is painted; on
Linux it is CLOCK_MONOTONIC, comparable with the parent's clock), ``cpu`` (user + system
seconds of this process so far, interpreter start-up included) and ``maxrss_kb``.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def report(**extra: Any) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    report = {"ready": time.perf_counter(), "cpu": cpu, "maxrss_kb": usage.ru_maxrss}
    report.update(extra)
    print(json.dumps(report), flush=True)


def bare_app(rows: list[int]) -> Any:
    from textual.app import App, ComposeResult
    from textual.containers import Grid, Vertical
    from textual.widgets import DataTable, Footer, Header

    class Bare(App[None]):
        CSS = """
        #panels { grid-size: 2 2; grid-columns: 1fr 1fr; grid-rows: 1fr 1fr; height: 1fr; }
        .panel { border: round $primary 50%; border-title-color: $text-accent; }
        .panel DataTable { height: 1fr; background: transparent; }
        """

        def compose(self) -> ComposeResult:
            yield Header()
            with Grid(id="panels"):
                for index in range(4):
                    with Vertical(classes="panel"):
                        yield DataTable(id=f"t{index}", cursor_type="row")
            yield Footer()

        def on_mount(self) -> None:
            for index, count in enumerate(rows):
                table = self.query_one(f"#t{index}", DataTable)
                table.border_title = f"Panel {index}"
                table.add_columns("Name", "Value", "More")
                for row in range(count):
                    table.add_row(f"row {row} title", str(row), "x", key=str(row))

    return Bare()


def _stamp_first_frame(app: Any) -> dict[str, float]:
    """Record when Textual's ``Ready`` event arrives: "the DOM is ready and the first frame
    has been displayed" (textual.events.Ready). The same probe for every app measured.

    A polling probe (``pilot.pause`` until the screen is there) is not enough for an app
    that loads in a thread after its first frame: the loading thread competes for the
    interpreter, so the poll notices the frame only when the load is done (in a real
    terminal the frame is on screen long before).
    """
    stamps: dict[str, float] = {}

    class FirstFrame(type(app)):  # type: ignore[misc]
        def on_ready(self) -> None:  # Textual also calls the app class's own on_ready
            usage = resource.getrusage(resource.RUSAGE_SELF)
            stamps["ready"] = time.perf_counter()
            stamps["cpu"] = usage.ru_utime + usage.ru_stime

    FirstFrame.__name__ = type(app).__name__
    app.__class__ = FirstFrame
    return stamps


def run_until_ready(app: Any, expect: str = "") -> None:
    """Run ``app`` headless at 80x24; report its first frame (Textual's Ready event).

    For an app that loads in the background, also wait for the data and report when it is
    on screen as ``data`` (``data_cpu``).
    """
    stamps = _stamp_first_frame(app)

    async def auto_pilot(pilot: Any) -> None:
        while "ready" not in stamps or (expect and type(app.screen).__name__ != expect):
            await pilot.pause(0.0005)
        loaded = getattr(app, "workspace_ready", None)
        if loaded is not None and not loaded.is_set():
            await loaded.wait()
        await pilot.pause()
        done = resource.getrusage(resource.RUSAGE_SELF)
        report(
            ready=stamps["ready"],
            cpu=stamps["cpu"],
            data=time.perf_counter(),
            data_cpu=done.ru_utime + done.ru_stime,
        )
        app.exit()

    app.run(headless=True, size=(80, 24), auto_pilot=auto_pilot)


def run_until_data(app: Any) -> None:
    """Run meetup's app headless at 80x24 as the CLI opens it (background load); report the
    first frame (``ready``), the first frame written once the dashboard shows its records
    (``data``) and the first frame written once the whole workspace is in (``all``).

    The frames are stamped where Textual displays a screen update (``App._display``, called
    with the compositor's rendered update; headless, Textual skips only writing it to the
    terminal): an update displayed after the dashboard refreshed from the records shows
    them.  No polling: the stamp is taken on the event loop as the frame goes out.
    """
    stamps = _stamp_first_frame(app)
    dashboard_class = type(app.get_default_screen())

    def now() -> tuple[float, float]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return time.perf_counter(), usage.ru_utime + usage.ru_stime

    def shows(ready: Any) -> bool:
        screen = app.screen
        return (
            ready.is_set()
            and isinstance(screen, dashboard_class)
            and getattr(screen, "revision", -1) >= app.revision
        )

    base = type(app)

    class Stamped(base):  # type: ignore[misc, valid-type]
        def _display(self, screen: Any, renderable: Any) -> None:
            super()._display(screen, renderable)
            if renderable is None:
                return
            if "data" not in stamps and shows(app.dashboard_ready):
                stamps["data"], stamps["data_cpu"] = now()
            if "all" not in stamps and shows(app.workspace_ready):
                stamps["all"], stamps["all_cpu"] = now()

    Stamped.__name__ = base.__name__
    app.__class__ = Stamped

    async def auto_pilot(pilot: Any) -> None:
        await app.workspace_ready.wait()
        while "all" not in stamps:
            await pilot.pause(0.001)
        report(
            ready=stamps["ready"],
            cpu=stamps["cpu"],
            data=stamps["data"],
            data_cpu=stamps["data_cpu"],
            all=stamps["all"],
            all_cpu=stamps["all_cpu"],
        )
        app.exit()

    app.run(headless=True, size=(80, 24), auto_pilot=auto_pilot)


def main() -> None:
    mode, *args = sys.argv[1:]
    if mode == "ours":
        from screens.app import create_app

        run_until_ready(create_app(args[0]), expect="DashboardScreen")
    elif mode == "ours-bg":
        from screens.app import create_app

        run_until_ready(create_app(args[0], background_load=True), expect="DashboardScreen")
    elif mode == "ours-data":
        from screens.app import create_app

        run_until_data(create_app(args[0], background_load=True))
    elif mode == "bare":
        run_until_ready(bare_app([int(a) for a in args]))
    elif mode == "load":
        from meetup.store.loading import load

        ws = load(args[0])
        report(problems=len(ws.problems))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
