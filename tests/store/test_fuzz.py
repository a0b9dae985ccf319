"""A fuzz of every file kind: mutated real files never raise, and are reported located.

The files come from the demo and from what the app itself writes (ballots, the voted
roll, a result, a date poll, a release, the calendar state).  Each example mutates one file
(a huge number, deep nesting, a long dotted key, control characters, invalid UTF-8, a BOM,
a duplicated line, a truncation, flipped bytes) and asserts that loading, reading that
file's kind and ``meetup check`` raise nothing, that a broken file is a problem naming it
with a line, and that it is never rewritten.  ``MEETUP_FUZZ_EXAMPLES`` sets the number of
examples (small by default, for CI speed).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetup.cli import main
from meetup.store.errors import NotFoundError, WorkspaceError
from meetup.store.loading import load
from meetup.store.workspace import Workspace
from tests.conftest import FIXED_NOW, demo_copy

E = "neutron-release-liaison"
M = "kilo-midcycle"
EXAMPLES = int(os.environ.get("MEETUP_FUZZ_EXAMPLES", "25"))


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plus every file kind the app writes."""
    from meetup.agenda import datepoll, releases
    from meetup.elections import voting

    root = tmp_path_factory.mktemp("rich") / "ws"
    demo_copy(root)  # module scope: the autouse clock is not set yet
    ws = load(root)
    voting_time = FIXED_NOW
    for voter in ("dana-whitfield", "ivan-petrov", "hana-kobayashi"):
        voting.cast_ballot(ws, E, voter, [["zoe-adams"], ["wen-li"]], now=voting_time)
    voting.close_election(ws, E, now=FIXED_NOW + timedelta(days=8))
    option = datepoll.add_option(ws, M, date(2027, 3, 1), 2)
    datepoll.answer(ws, M, "amara-okafor", option.id, "yes")
    releases.release(ws, M, "v1", now=voting_time)
    with contextlib.redirect_stdout(io.StringIO()):
        code = main(
            [
                "-w",
                str(root),
                "export",
                "ics",
                M,
                "--method",
                "request",
                "-o",
                str(root.parent / "x.ics"),
            ]
        )
    assert code == 0
    assert (root / "meetups" / M / "calendar.toml").is_file()
    return root


Reader = Callable[[Workspace], object]


def _lazy_readers() -> dict[str, Reader]:
    from meetup.agenda import datepoll, releases
    from meetup.calendar import events

    return {
        f"elections/{E}/ballots.toml": lambda ws: ws.read_ballots(E),
        f"elections/{E}/voted.toml": lambda ws: ws.read_voted(E),
        f"elections/{E}/result.toml": lambda ws: ws.read_result(E),
        f"meetups/{M}/poll.toml": lambda ws: datepoll.load_poll(ws, M),
        f"meetups/{M}/releases/v1.toml": lambda ws: releases.load_release(ws, M, "v1"),
        f"meetups/{M}/calendar.toml": lambda ws: events.load_state(ws, M),
    }


def files_of(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root)).replace(os.sep, "/") for p in root.rglob("*.toml") if p.is_file()
    )


DEEP = 600


def mutate(raw: bytes, how: str, at: float, data: bytes) -> bytes:
    cut = int(len(raw) * at)
    lines = raw.split(b"\n")
    line_at = int(len(lines) * at)
    if how == "huge number":
        return raw + b"\nhuge = " + b"7" * 5000 + b"\n"
    if how == "huge number in place":
        return raw.replace(b"= 1", b"= " + b"9" * 5000, 1)
    if how == "deep tables":
        return raw + b"\ndeep = " + b"{a = " * DEEP + b"1" + b"}" * DEEP + b"\n"
    if how == "deep arrays":
        return raw + b"\ndeep = " + b"[" * DEEP + b"]" * DEEP + b"\n"
    if how == "dotted key":
        return raw + b"\n" + b".".join([b"k"] * 1200) + b" = 1\n"
    if how == "control characters":
        return raw[:cut] + data.translate(bytes(range(32)) * 8)[:8] + raw[cut:]
    if how == "escape in a string":
        return raw.replace(b'"', b'"\x1b]2;pwned\x07', 1)
    if how == "invalid utf-8":
        return raw[:cut] + b"\xff\xfe\xc3" + raw[cut:]
    if how == "bom":
        return b"\xef\xbb\xbf" + raw
    if how == "duplicate line":
        return b"\n".join([*lines[: line_at + 1], *lines[line_at:]])
    if how == "truncated":
        return raw[:cut]
    if how == "bytes":
        return raw[:cut] + data + raw[cut + len(data) :]
    if how == "empty":
        return b""
    raise AssertionError(how)


MUTATIONS = [
    "huge number",
    "huge number in place",
    "deep tables",
    "deep arrays",
    "dotted key",
    "control characters",
    "escape in a string",
    "invalid utf-8",
    "bom",
    "duplicate line",
    "truncated",
    "bytes",
    "empty",
]


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
@given(
    pick=st.floats(0, 1, exclude_max=True),
    how=st.sampled_from(MUTATIONS),
    at=st.floats(0, 1),
    data=st.binary(min_size=1, max_size=12),
)
def test_a_mutated_file_is_a_located_problem_never_a_crash(
    rich: Path, tmp_path: Path, pick: float, how: str, at: float, data: bytes
) -> None:
    root = tmp_path / f"ws-{os.getpid()}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(rich, root)
    files = files_of(root)
    rel = files[int(pick * len(files))]
    path = root / rel
    mutated = mutate(path.read_bytes(), how, at, data)
    path.write_bytes(mutated)

    ws = load(root)  # never raises
    for problem in ws.problems:
        assert problem.line >= 1 and problem.file
    readers = _lazy_readers()
    if rel in readers:
        try:
            readers[rel](ws)
        except WorkspaceError as exc:
            assert exc.problem.file == rel and exc.problem.line >= 1, exc.problem
        except NotFoundError:
            assert rel.endswith("v1.toml")
    else:
        mine = [p for p in ws.problems if p.file == rel]
        for problem in mine:
            assert problem.line >= 1
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["-w", str(root), "check"])
    assert code in (0, 1, 2), code
    assert "Traceback" not in err.getvalue()
    assert path.read_bytes() == mutated  # a broken file is never rewritten


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        (
            'schema = 1\nname = "Nova"\nptl = "dana-whitfield"\n\n[liaisons]\nbugs = "wen-li"\n'
            "oslo = 5\n",
            7,
            "liaisons.oslo",
        ),
        (
            'schema = 1\nname = "Nova"\nptl = "dana-whitfield"\n\n[volunteers]\nbugs = ["wen-li"]\n'
            'oslo = ["aiko-sato", 3]\n',
            7,
            "volunteers.oslo[1]",
        ),
        ('schema = 0\nname = "Nova"\nptl = "dana-whitfield"\n', 1, "schema"),
        ('name = "Nova"\n\nptl = "dana-whitfield"\nx = ' + "1" * 5000 + "\n", 4, ""),
    ],
)
def test_errors_point_at_the_key_inside_tables_keyed_by_name(
    demo_dir: Path, text: str, line: int, field: str, capsys: pytest.CaptureFixture[str]
) -> None:
    (demo_dir / "projects" / "nova.toml").write_text(text)
    assert main(["-w", str(demo_dir), "check"]) == 1
    [problem] = [p for p in load(demo_dir).problems if p.file == "projects/nova.toml"]
    assert (problem.line, problem.field) == (line, field), problem
    assert f"projects/nova.toml:{line}" in capsys.readouterr().err


def test_poll_answers_point_at_the_answer(demo_dir: Path) -> None:
    from meetup.agenda import datepoll

    path = demo_dir / "meetups" / M / "poll.toml"
    path.write_text(
        'schema = 1\n\n[[options]]\nid = "2027-03-01-2d"\nstart = 2027-03-01\ndays = 2\n\n'
        '[options.answers]\namara-okafor = "yes"\nben-carter = "perhaps"\n'
    )
    with pytest.raises(WorkspaceError) as info:
        datepoll.load_poll(load(demo_dir), M)
    assert info.value.problem.line == 10
    assert info.value.problem.field == "options[0].answers.ben-carter"
