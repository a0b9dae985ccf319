"""Remote electorates: export an election to Elekto or CIVS, and read an Elekto folder back.

An Elekto election folder (as in kubernetes/community ``elections/<kind>/<year>``):
``election.yaml`` (name, organization, start_datetime, end_datetime in naive UTC,
no_winners, allow_no_opinion, delete_after, election_officers, eligibility, ...),
``voters.yaml`` (``eligible_voters``), one ``candidate-<id>.md`` per candidate whose front
matter (name, ID, info) is fenced by two lines of exactly 61 dashes, ``election_desc.md``,
and, once voting is over, ``ballots.csv``.  meetup writes what Elekto does not hold (the
nomination phase, the election's kind and project) as ``# meetup:`` comments in
``election.yaml``, which Elekto ignores and :func:`read_elekto` reads back.

For CIVS, the poll's supervisor needs the candidate names (one per line, in ballot column
order) and the voters' e-mail addresses (one per line): :func:`export_civs` writes both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetup.elections.opening import frozen_candidates
from meetup.store.election_records import Candidate, Election, Timeline
from meetup.store.errors import InvalidInput
from meetup.store.records import Person

if TYPE_CHECKING:
    from meetup.store.workspace import Workspace

FENCE = "-" * 61
_STAMP = "%Y-%m-%d %H:%M:%S"
_META = re.compile(r"^#\s*meetup:\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*?)\s*$", re.M)


def _yaml() -> Any:
    try:
        import yaml
    except ImportError:  # pragma: no cover - a declared dependency
        raise InvalidInput(
            "format", "reading Elekto files needs PyYAML (pip install pyyaml)"
        ) from None
    return yaml


def _naive(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime(_STAMP)


def _quote(text: str) -> str:
    yaml = _yaml()
    dumped: str = yaml.safe_dump(text, allow_unicode=True, default_flow_style=True, width=10**6)
    return dumped.removesuffix("\n...\n").strip()


# ------------------------------------------------------------------ export


def export_elekto(ws: Workspace, election: Election, out: Path) -> list[Path]:
    """Write ``election`` as an Elekto election folder in ``out``; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    t = election.timeline
    officers = election.officers or []
    lines = [
        f"name: {_quote(election.title)}",
        f"organization: {_quote(ws.settings.name)}",
        f"# meetup: nominations_open: {_naive(t.nominations_open)}",
        f"# meetup: nominations_close: {_naive(t.nominations_close)}",
        f"# meetup: kind: {election.kind}",
    ]
    if election.project:
        lines.append(f"# meetup: project: {election.project}")
    if election.area:
        lines.append(f"# meetup: area: {election.area}")
    if election.cycle:
        lines.append(f"# meetup: cycle: {election.cycle}")
    lines.append(f"# meetup: unranked: {election.unranked}")
    lines += [
        f"start_datetime: {_naive(t.voting_open)}",
        f"end_datetime: {_naive(t.voting_close)}",
        f"no_winners: {election.seats}",
        f"allow_no_opinion: {'True' if election.unranked == 'ignore' else 'False'}",
        "delete_after: True",
        "show_candidate_fields:",
        "election_officers:",
        *(f"  - {_quote(o)}" for o in officers),
        f"eligibility: {_quote(election.eligibility or 'Members of the roll may vote.')}",
    ]
    written = [out / "election.yaml", out / "voters.yaml", out / "election_desc.md"]
    written[0].write_text("\n".join(lines) + "\n", "utf-8")
    voters = sorted(set(election.roll))
    written[1].write_text(
        "eligible_voters:\n" + "".join(f"  - {_quote(v)}\n" for v in voters), "utf-8"
    )
    written[2].write_text((election.description or f"# {election.title}\n").rstrip() + "\n")
    statements = {c.person: c.statement for c in election.candidates}
    for person in frozen_candidates(election):
        path = out / f"candidate-{person}.md"
        email = ws.people[person].email if person in ws.people else ""
        info = f"info:\n  - email: {_quote(email)}\n" if email else "info:\n"
        front = f"{FENCE}\nname: {_quote(ws.person_name(person))}\nID: {person}\n{info}{FENCE}\n"
        path.write_text(front + "\n" + statements.get(person, "").rstrip() + "\n", "utf-8")
        written.append(path)
    return written


def export_civs(ws: Workspace, election: Election, out: Path) -> tuple[list[Path], list[str]]:
    """Write ``candidates.txt`` and ``voters.txt`` for a CIVS poll; returns the files and
    the roll entries that have no e-mail address (left out of voters.txt)."""
    out.mkdir(parents=True, exist_ok=True)
    names = [ws.person_name(p) for p in frozen_candidates(election)]
    emails: set[str] = set()
    missing: list[str] = []
    for entry in sorted(set(election.roll)):
        person = ws.people.get(entry)
        address = person.email.strip() if person else (entry if "@" in entry else "")
        if address:
            emails.add(address.casefold())
        else:
            missing.append(entry)
    files = [out / "candidates.txt", out / "voters.txt"]
    files[0].write_text("".join(f"{n}\n" for n in names), "utf-8")
    files[1].write_text("".join(f"{e}\n" for e in sorted(emails)), "utf-8")
    return files, missing


# ------------------------------------------------------------------ import


@dataclass
class ElektoFolder:
    """What an Elekto election folder says, before it becomes an election."""

    title: str
    timeline: Timeline
    seats: int
    unranked: str
    candidates: list[Candidate]
    names: dict[str, str]
    voters: list[str]
    officers: list[str]
    eligibility: str
    description: str
    meta: dict[str, str] = field(default_factory=dict)
    ballots: Path | None = None


def _moment(value: object, what: str) -> datetime:
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput(what, f"{value!r} is not a date and time") from None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def parse_candidate(text: str, source: str) -> tuple[dict[str, Any], str]:
    """A candidate file's front matter (between two lines of 61 dashes) and its body."""
    lines = text.lstrip("\ufeff").splitlines()
    fences = [i for i, line in enumerate(lines) if line.rstrip() == FENCE]
    if len(fences) < 2:
        raise InvalidInput(source, "no front matter fenced by two lines of 61 dashes")
    front = _yaml().safe_load("\n".join(lines[fences[0] + 1 : fences[1]])) or {}
    if not isinstance(front, dict) or "ID" not in front:
        raise InvalidInput(source, "the front matter names no ID")
    return front, "\n".join(lines[fences[1] + 1 :]).strip()


def read_elekto(folder: Path) -> ElektoFolder:
    """Read an Elekto election folder (nothing is saved)."""
    yaml = _yaml()
    path = folder / "election.yaml"
    try:
        raw = path.read_text("utf-8")
    except OSError as exc:
        raise InvalidInput("folder", f"{path}: {exc.strerror or exc}") from None
    data = yaml.safe_load(raw) or {}
    if not isinstance(data, dict):
        raise InvalidInput("election.yaml", "not a YAML mapping")
    meta = {m.group("key"): m.group("value") for m in _META.finditer(raw)}
    for key in ("name", "start_datetime", "end_datetime"):
        if key not in data:
            raise InvalidInput("election.yaml", f"{key} is missing")
    start = _moment(data["start_datetime"], "start_datetime")
    end = _moment(data["end_datetime"], "end_datetime")
    nominations_open = (
        _moment(meta["nominations_open"], "nominations_open")
        if "nominations_open" in meta
        else start - timedelta(days=21)
    )
    nominations_close = (
        _moment(meta["nominations_close"], "nominations_close")
        if "nominations_close" in meta
        else start - timedelta(days=7)
    )
    voters_data: Any = data.get("eligible_voters")
    if voters_data is None and (folder / "voters.yaml").is_file():
        voters_data = (yaml.safe_load((folder / "voters.yaml").read_text("utf-8")) or {}).get(
            "eligible_voters"
        )
    voters = [str(v).strip() for v in voters_data or [] if str(v).strip()]
    candidates: list[Candidate] = []
    names: dict[str, str] = {}
    for file in sorted(folder.glob("candidate-*.md")):
        front, body = parse_candidate(file.read_text("utf-8"), file.name)
        ident = str(front["ID"]).strip()
        names[ident] = str(front.get("name") or ident)
        candidates.append(Candidate(person=ident, statement=body))
    allow = data.get("allow_no_opinion", True)
    desc = folder / "election_desc.md"
    ballots = folder / "ballots.csv"
    return ElektoFolder(
        title=str(data["name"]),
        timeline=Timeline(
            nominations_open=nominations_open,
            nominations_close=nominations_close,
            voting_open=start,
            voting_close=end,
        ),
        seats=int(data.get("no_winners") or 1),
        unranked=meta.get("unranked") or ("ignore" if allow in (True, "True", "true") else "last"),
        candidates=candidates,
        names=names,
        voters=voters,
        officers=[str(o) for o in data.get("election_officers") or []],
        eligibility=str(data.get("eligibility") or ""),
        description=desc.read_text("utf-8").strip() if desc.is_file() else "",
        meta=meta,
        ballots=ballots if ballots.is_file() else None,
    )


def person_for(ws: Workspace, ident: str, name: str, new: dict[str, Person]) -> str:
    """The person id for an Elekto/GitHub id (matched by id or e-mail, case-insensitively);
    an unknown one is added to ``new``."""
    from meetup.store.ids import slugify

    key = ident.casefold()
    for person in [*ws.people.values(), *new.values()]:
        if person.id == key or person.email.casefold() == key:
            return person.id
    slug = slugify(ident, {*ws.people, *new})
    new[slug] = Person(id=slug, name=name or ident)
    return slug


def import_elekto(
    ws: Workspace, folder: Path, *, election_id: str | None = None, now: datetime | None = None
) -> tuple[Election, int]:
    """Create an election from an Elekto folder (candidates not in the workspace become
    people) and import its ``ballots.csv`` when there is one; returns it and the ballots."""
    import msgspec

    from meetup import clock
    from meetup.elections.ballots import parse_elekto_csv
    from meetup.elections.imports import import_ballot_bytes
    from meetup.elections.phases import create_election
    from meetup.store.fields import ElectionKind, Unranked
    from meetup.store.ids import slugify

    now = now or clock.now()
    found = read_elekto(folder)
    ident = election_id or slugify(folder.resolve().name, ())
    header: tuple[str, ...] = ()
    raw = b""
    if found.ballots is not None:
        raw = found.ballots.read_bytes()
        header = parse_elekto_csv(raw.decode("utf-8-sig"), source=str(found.ballots)).candidates
    listed = {c.person: c for c in found.candidates}
    for extra in header:
        listed.setdefault(extra, Candidate(person=extra))
    new: dict[str, Person] = {}
    rename = {
        elekto_id: person_for(ws, elekto_id, found.names.get(elekto_id, elekto_id), new)
        for elekto_id in listed
    }
    candidates = [msgspec.structs.replace(c, person=rename[c.person]) for c in listed.values()]
    people = {p.casefold(): p for p in ws.people}
    roll = sorted({people.get(v.casefold(), v) for v in found.voters})
    kind: ElectionKind = "committee"
    if found.meta.get("kind") in ("ptl", "liaison", "committee"):
        kind = found.meta["kind"]  # type: ignore[assignment]
    unranked: Unranked = "last" if found.unranked == "last" else "ignore"
    if new:
        ws.save_people([*ws.people.values(), *new.values()])
    election = create_election(
        ws,
        election_id=ident,
        title=found.title,
        kind=kind,
        project=found.meta.get("project") or None,
        area=found.meta.get("area") or None,
        seats=found.seats,
        unranked=unranked,
        roll=roll,
        timeline=found.timeline,
    )
    election = msgspec.structs.replace(
        election,
        candidates=candidates,
        cycle=found.meta.get("cycle", ""),
        officers=found.officers,
        eligibility=found.eligibility,
        description=found.description,
    )
    ws.save_election(election)
    count = 0
    if found.ballots is not None:
        count = import_ballot_bytes(ws, ident, raw, str(found.ballots), now, rename=rename)
    return ws.election(ident), count
