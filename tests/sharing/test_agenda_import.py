"""Importing agenda files: preview, merge, conflicts, hostile files, URLs over real HTTP."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import msgspec
import pytest

from meetup.cli import main
from meetup.sharing import agenda_toml as agenda
from meetup.sharing.agenda_import import import_agenda
from meetup.sharing.fetch import FetchError, read_source
from meetup.store.loading import load

MEETUP = "kilo-midcycle"


def tree(root: Path) -> dict[str, bytes]:
    """Every file of a workspace with its bytes (the lock file aside)."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".meetup.lock"
    }


@pytest.fixture
def exported(demo_dir: Path) -> str:
    return agenda.agenda_toml(load(demo_dir), MEETUP)


def edited_copy(text: str) -> str:
    """The demo agenda as another organizer changed it: one new topic, one more vote,
    a different title for a topic, a new RSVP."""
    doc = msgspec.convert(__import__("tomli").loads(text), agenda.AgendaFile, from_attributes=False)
    topics = {t.id: t for t in doc.topics}
    gate = topics["gate-triage"]
    topics["gate-triage"] = msgspec.structs.replace(gate, votes=[*gate.votes, "aiko-sato"])
    topics["ptl-burnout"] = msgspec.structs.replace(topics["ptl-burnout"], title="Burnout (theirs)")
    topics["new-topic"] = agenda.AgendaTopic(
        id="new-topic", title="Brand new", proposer="aiko-sato"
    )
    people = [*doc.people]
    if not any(p.id == "aiko-sato" for p in people):
        from meetup.store.records import Person

        people.append(Person(id="aiko-sato", name="Aiko Sato", email="aiko.sato@example.org"))
    attendees = list(doc.meetup.attendees)
    rosa = next(i for i, a in enumerate(attendees) if a.person == "rosa-delgado")
    attendees[rosa] = msgspec.structs.replace(attendees[rosa], rsvp="accepted")
    doc = msgspec.structs.replace(
        doc,
        topics=sorted(topics.values(), key=lambda t: t.id),
        people=sorted(people, key=lambda p: p.id),
        meetup=msgspec.structs.replace(doc.meetup, attendees=attendees),
    )
    from meetup.store import tomlio

    return tomlio.dumps(doc)


def test_preview_dry_run_and_merge(
    demo_dir: Path, tmp_path: Path, exported: str, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = load(demo_dir)
    burnout = ws.meetup(MEETUP).topics["ptl-burnout"]
    ws.save_topic(MEETUP, msgspec.structs.replace(burnout, title="Burnout (local edit)"))
    source = tmp_path / "theirs.toml"
    source.write_text(edited_copy(exported))
    before = tree(demo_dir)

    assert main(["-w", str(demo_dir), "import", "agenda", str(source), "--dry-run"]) == 0
    out = capsys.readouterr()
    assert "new       topic new-topic" in out.out
    assert "changed   topic gate-triage (votes)" in out.out
    assert "changed   attendee rosa-delgado (rsvp)" in out.out
    assert "CONFLICT  topic ptl-burnout: local differs in title" in out.out
    assert "--theirs" in out.err
    assert tree(demo_dir) == before  # a preview writes nothing

    # without a terminal and without --yes: refused, nothing written
    assert main(["-w", str(demo_dir), "import", "agenda", str(source)]) == 1
    assert "refusing without --yes" in capsys.readouterr().err
    assert tree(demo_dir) == before

    assert main(["-w", str(demo_dir), "import", "agenda", str(source), "--yes"]) == 0
    merged = load(demo_dir).meetup(MEETUP)
    assert merged.topics["new-topic"].title == "Brand new"
    assert "aiko-sato" in merged.topics["gate-triage"].votes
    assert merged.topics["ptl-burnout"].title == "Burnout (local edit)"  # conflict kept local
    rsvp = {a.person: a.rsvp for a in merged.meetup.attendees}
    assert rsvp["rosa-delgado"] == "accepted"

    assert main(["-w", str(demo_dir), "import", "agenda", str(source), "--yes", "--theirs"]) == 0
    assert load(demo_dir).meetup(MEETUP).topics["ptl-burnout"].title == "Burnout (theirs)"


def test_local_only_records_are_never_deleted(demo_dir: Path, exported: str) -> None:
    ws = load(demo_dir)
    doc = agenda.parse_agenda(exported.encode(), "x")
    from meetup.store import tomlio

    smaller = tomlio.dumps(msgspec.structs.replace(doc, topics=doc.topics[:2], actions=[]))
    plan = import_agenda(ws, smaller.encode(), "smaller.toml")
    assert not plan.will_write
    assert plan.count("conflict") == 0


HOSTILE = {
    "unknown field": (
        lambda t: t.replace("[meetup]\n", '[meetup]\ncolour = "red"\n'),
        r"unknown field 'colour'",
    ),
    "wrong type": (
        lambda t: t.replace("duration = 60", 'duration = "long"', 1),
        r"Expected `int`|Expected int",
    ),
    "huge string": (
        lambda t: t.replace(
            'id = "gate-triage"\n', 'id = "gate-triage"\nnotes = "' + "x" * 30_000 + '"\n'
        ),
        r"longer than 20000",
    ),
    "dotdot topic id": (
        lambda t: t.replace('id = "gate-triage"', 'id = "../x"'),
        r"topics\[\d+\]\.id",
    ),
    "absolute meetup id": (
        lambda t: t.replace('id = "kilo-midcycle"', 'id = "/etc/passwd"'),
        r"meetup\.id",
    ),
    "newer format": (lambda t: t.replace("version = 1", "version = 2", 1), r"newer"),
    "newer schema": (lambda t: t.replace("schema = 1", "schema = 7", 1), r"newer"),
    "nested newer schema": (
        lambda t: t.replace('id = "gate-triage"\n', 'id = "gate-triage"\nschema = 3\n'),
        r"schema 3",
    ),
    "toml bomb": (lambda t: t + "bomb = " + "[" * 2000 + "]" * 2000 + "\n", r"nest"),
    "deep but parseable": (lambda t: t + "deep = " + "[" * 30 + "]" * 30 + "\n", r"nested more"),
    "unknown person": (
        lambda t: t.replace('proposer = "ivan-petrov"', 'proposer = "mallory"', 1),
        r"unknown person 'mallory'",
    ),
    "not toml": (lambda t: "\x00\x01 this is not toml", r"invalid TOML|not valid UTF-8"),
    "not an agenda": (lambda t: 'schema = 1\nname = "x"\n', r"not a meetup agenda"),
    "duplicate topic": (
        lambda t: t + '\n[[topics]]\nid = "gate-triage"\ntitle = "again"\n',
        r"duplicate id 'gate-triage'",
    ),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_files_are_refused_and_leave_the_workspace_untouched(
    case: str, demo_dir: Path, tmp_path: Path, exported: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mutate, expected = HOSTILE[case]
    text = mutate(exported)
    assert text != exported
    source = tmp_path / "hostile.toml"
    source.write_bytes(text.encode("utf-8", "surrogatepass"))
    before = tree(demo_dir)
    assert main(["-w", str(demo_dir), "import", "agenda", str(source), "--yes", "--theirs"]) == 1
    err = capsys.readouterr().err
    assert "refused, nothing imported" in err
    assert str(source) in err
    import re

    assert re.search(expected, err), err
    assert tree(demo_dir) == before


def test_refusal_names_the_line(demo_dir: Path, exported: str) -> None:
    text = exported.replace("duration = 60", 'duration = "long"', 1)
    line = text.splitlines().index('duration = "long"') + 1
    from meetup.store.errors import WorkspaceError

    with pytest.raises(WorkspaceError) as caught:
        import_agenda(load(demo_dir), text.encode(), "a.toml")
    assert caught.value.problem.line == line
    assert str(caught.value).startswith(f"a.toml:{line}:")


def test_file_over_the_size_cap_is_refused(demo_dir: Path, tmp_path: Path, capsys) -> None:
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (5 * 1024 * 1024) + b"\n")
    before = tree(demo_dir)
    assert main(["-w", str(demo_dir), "import", "agenda", str(big), "--yes"]) == 1
    assert "5 MB cap" in capsys.readouterr().err
    assert tree(demo_dir) == before


# ----------------------------------------------------------------- over HTTP


class _Handler(http.server.BaseHTTPRequestHandler):
    agenda_bytes = b""

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        if self.path == "/agenda.toml":
            self.send_response(200)
            self.send_header("Content-Length", str(len(self.agenda_bytes)))
            self.end_headers()
            self.wfile.write(self.agenda_bytes)
        elif self.path == "/endless":  # no Content-Length: only streaming can stop it
            self.send_response(200)
            self.end_headers()
            chunk = b"# " + b"x" * 65_534 + b"\n"
            try:
                for _ in range(200):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/agenda.toml")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self.send_error(404)


@pytest.fixture
def server(exported: str) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"agenda_bytes": exported.encode()})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_import_from_a_url_into_an_empty_workspace(
    server: str, tmp_path: Path, exported: str
) -> None:
    empty = tmp_path / "empty"
    assert main(["init", str(empty)]) == 0
    assert main(["-w", str(empty), "import", "agenda", f"{server}/moved", "--yes"]) == 0
    assert agenda.agenda_toml(load(empty), MEETUP) == exported


def test_url_size_cap_bad_scheme_and_errors(server: str) -> None:
    with pytest.raises(FetchError, match="cap"):
        read_source(f"{server}/endless")
    with pytest.raises(FetchError, match="cap"):
        read_source(f"{server}/agenda.toml", limit=1000)
    with pytest.raises(FetchError, match="only http and https"):
        read_source(f"{server}/to-file")
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/agenda.toml", "gopher://x/"):
        with pytest.raises(FetchError, match="only http and https"):
            read_source(url)
    with pytest.raises(FetchError, match="HTTP 404"):
        read_source(f"{server}/missing")
    with pytest.raises(FetchError, match=r"127\.0\.0\.1:9"):
        read_source("http://127.0.0.1:9/agenda.toml", timeout=2)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('id = "kilo-midcycle"', 'id = "kilo-midcycle\\n"'),
        ('id = "gate-triage"', 'id = "gate-triage\\n"'),
        (
            'title = "Kilo mid-cycle PTL meetup"',
            'title = "Kilo \\u001b]2;pwned\\u0007 meetup"',
        ),
        ('title = "Kilo mid-cycle PTL meetup"', 'title = "Kilo\\r\\nmeetup"'),
    ],
)
def test_ids_with_a_newline_and_control_characters_are_refused(
    demo_dir: Path,
    tmp_path: Path,
    exported: str,
    old: str,
    new: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert old in exported
    source = tmp_path / "evil.toml"
    source.write_text(exported.replace(old, new, 1))
    before = tree(demo_dir)
    assert main(["-w", str(demo_dir), "import", "agenda", str(source), "--yes", "--theirs"]) == 1
    err = capsys.readouterr().err
    assert "refused, nothing imported" in err
    assert ("id" in err) if "id =" in old else ("title" in err and "control" in err)
    assert "\x1b" not in err
    assert tree(demo_dir) == before
    assert not [p for p in (demo_dir / "meetups").iterdir() if "\n" in p.name]
