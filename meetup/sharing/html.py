"""The public schedule page: one self-contained HTML file of a meetup's agenda.

Each day is a table: rooms across, slot times down, each session with its projects,
required people and links, the breaks across all rooms.  The file needs no network and
no framework: a few lines of plain JavaScript switch the times between the meetup's zone
and the viewer's own (``?time=mine`` opens in the viewer's), and mark the session on now
(``?now=ISO-TIME`` rehearses a moment).
Without JavaScript it reads the same, in the meetup's zone.  It prints without the
controls.  Everything from the workspace is HTML-escaped.
"""

from __future__ import annotations

from datetime import date, timezone
from html import escape
from typing import TYPE_CHECKING

from meetup.agenda.links import session_links
from meetup.agenda.schedule import aware, breaks_on, hhmm, sessions, slot_ends, slot_starts

if TYPE_CHECKING:
    from meetup.agenda.schedule import Session
    from meetup.store.workspace import MeetupData, Workspace

STYLE = """
:root { color-scheme: light dark; --line: #8884; --accent: #2a6d3c; }
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5rem; max-width: 80rem; }
h1 { margin-bottom: .2rem; } .meta { margin-top: 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; table-layout: fixed; }
caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { border: 1px solid var(--line); padding: .35rem .5rem; vertical-align: top; }
th { text-align: left; } thead th:first-child { width: 7.5rem; }
tbody th { font-weight: normal; white-space: nowrap; }
td.session .title { font-weight: bold; display: block; }
td.session .detail { display: block; font-size: .9em; }
td.break { font-style: italic; text-align: center; }
td.now { outline: 3px solid var(--accent); outline-offset: -3px; }
.now-label { font-weight: bold; text-transform: uppercase; font-size: .8em; }
.controls { margin: .8rem 0; }
@media print { .controls, .now-label { display: none; } td.now { outline: none; }
  body { margin: 0; font-size: 11px; } table { page-break-inside: avoid; } }
"""

SCRIPT = """
(function () {
  var times = document.querySelectorAll("time[datetime]");
  var own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var button = document.getElementById("tz-switch");
  var label = document.getElementById("tz-label");
  var mine = false;
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function show() {
    times.forEach(function (t) {
      if (mine) {
        var d = new Date(t.getAttribute("datetime"));
        t.textContent = pad(d.getHours()) + ":" + pad(d.getMinutes());
      } else {
        t.textContent = t.getAttribute("data-meetup");
      }
    });
    label.textContent = mine ? own + " (your time)" : label.getAttribute("data-meetup");
    button.textContent = mine ? "Show the meetup's time" : "Show my time (" + own + ")";
  }
  button.hidden = false;
  button.addEventListener("click", function () { mine = !mine; show(); });
  var query = new URLSearchParams(window.location.search);
  if (query.get("time") === "mine") { mine = true; }
  show();
  var asked = query.get("now");
  var now = asked ? Date.parse(asked) : Date.now();
  document.querySelectorAll("[data-start]").forEach(function (cell) {
    var start = Date.parse(cell.getAttribute("data-start"));
    var end = Date.parse(cell.getAttribute("data-end"));
    if (start <= now && now < end) {
      cell.classList.add("now");
      cell.setAttribute("aria-current", "time");
      cell.querySelector(".now-label").hidden = false;
    }
  });
})();
"""


def _utc(data: MeetupData, day: date, minute: int) -> str:
    return aware(data.meetup, day, minute).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _time(data: MeetupData, day: date, minute: int) -> str:
    shown = hhmm(minute)
    return f'<time datetime="{_utc(data, day, minute)}" data-meetup="{shown}">{shown}</time>'


def _session_cell(ws: Workspace, data: MeetupData, s: Session, rows: int) -> str:
    topic = data.topics[s.topic]
    parts = [
        '<span class="now-label" hidden>On now: </span>',
        f'<span class="title">{escape(topic.title)}</span>',
        f'<span class="detail">{_time(data, s.day, s.start)}–{_time(data, s.day, s.end)}</span>',
    ]
    if topic.projects:
        names = [ws.projects[p].name if p in ws.projects else p for p in topic.projects]
        parts.append(f'<span class="detail">Projects: {escape(", ".join(names))}</span>')
    if topic.required:
        people = ", ".join(ws.person_name(p) for p in topic.required)
        parts.append(f'<span class="detail">Required: {escape(people)}</span>')
    links = session_links(ws, data.meetup.id, topic)
    anchors = [
        f'<a href="{escape(url, quote=True)}">{name}</a>'
        for name, url in (("Etherpad", links.etherpad), ("Video", links.video))
        if url
    ]
    if anchors:
        parts.append(f'<span class="detail">{" · ".join(anchors)}</span>')
    span = f' rowspan="{rows}"' if rows > 1 else ""
    return (
        f'<td class="session"{span} data-start="{_utc(data, s.day, s.start)}" '
        f'data-end="{_utc(data, s.day, s.end)}">{"".join(parts)}</td>'
    )


def _day_table(ws: Workspace, data: MeetupData, day: date) -> list[str]:
    meetup = data.meetup
    rooms = meetup.rooms
    starts = slot_starts(meetup, day)
    ends = slot_ends(meetup, day)
    pauses = breaks_on(meetup, day)
    by_cell: dict[tuple[int, str], list[Session]] = {}
    for s in sessions(data):
        if s.day != day:
            continue
        index = next((i for i, (a, b) in enumerate(zip(starts, ends)) if a <= s.start < b), None)
        if index is not None:
            by_cell.setdefault((index, s.room or ""), []).append(s)
    covered: set[tuple[int, str]] = set()
    heading = f"{day:%A} {day.day} {day:%B %Y}"
    out = [
        f'<h2 id="day-{day.isoformat()}">{escape(heading)}</h2>',
        "<table>",
        f"<caption>{escape(heading)}: rooms across, times down</caption>",
        '<thead><tr><th scope="col">Time</th>'
        + "".join(f'<th scope="col">{escape(r.name)}</th>' for r in rooms)
        + "</tr></thead>",
        "<tbody>",
    ]
    for i, (start, end) in enumerate(zip(starts, ends)):
        pause = next((p for p in pauses if p.start <= start < p.end), None)
        cells: list[str] = []
        for room in rooms:
            if (i, room.id) in covered:
                continue
            here = by_cell.get((i, room.id), [])
            if here:
                last = max(s.end for s in here)
                rows = sum(1 for a in starts[i:] if a < last)
                covered.update((j, room.id) for j in range(i + 1, i + rows))
                cells.extend(_session_cell(ws, data, s, rows) for s in here[:1])
                if len(here) > 1:  # a conflict: show every session, never hide one
                    extra = "; ".join(escape(data.topics[s.topic].title) for s in here[1:])
                    cells[-1] = cells[-1].replace(
                        "</td>", f'<span class="detail">Also here: {extra}</span></td>'
                    )
            elif pause is not None:
                cells.append(f'<td class="break">{escape(pause.title)}</td>')
            else:
                cells.append("<td></td>")
        whole_break = len(cells) == len(rooms) > 0 and all(
            c.startswith('<td class="break"') for c in cells
        )
        if whole_break:  # the whole row is the break: say it once
            cells = [cells[0].replace("<td ", f'<td colspan="{len(rooms)}" ', 1)]
        row_head = f"{_time(data, day, start)}–{_time(data, day, end)}"
        out.append(f'<tr><th scope="row">{row_head}</th>{"".join(cells)}</tr>')
    out += ["</tbody>", "</table>"]
    return out


def agenda_html(ws: Workspace, meetup_id: str, *, ics_url: str = "") -> str:
    """``meetup export agenda MEETUP --format html``: the whole page as one string."""
    from meetup.sharing.markdown import date_span

    data = ws.meetup(meetup_id)
    meetup = data.meetup
    ics = ics_url or f"{meetup_id}.ics"
    where = ", ".join(x for x in (meetup.venue, meetup.address) if x)
    zone = meetup.timezone
    body = [
        f"<h1>{escape(meetup.title)}</h1>",
        f'<p class="meta">{escape(date_span(data))}'
        + (f" · {escape(where)}" if where else "")
        + "</p>",
        f'<p class="meta">Times: <span id="tz-label" data-meetup="{escape(zone)}">'
        f"{escape(zone)}</span> · "
        f'<a href="{escape(ics, quote=True)}">Add to your calendar (.ics)</a></p>',
        '<p class="controls"><button type="button" id="tz-switch" hidden>Show my time</button></p>',
    ]
    if meetup.description:
        body += [f"<p>{escape(line)}</p>" for line in meetup.description.split("\n\n")]
    days = sorted(d.date for d in meetup.days)
    if not days or not meetup.rooms:
        body.append("<p>No days or rooms are set yet.</p>")
    for day in days:
        body += _day_table(ws, data, day)
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(meetup.title)}: schedule</title>",
        f"<style>{STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        *body,
        "</main>",
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(lines) + "\n"
