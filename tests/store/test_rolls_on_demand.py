"""The TUI reads election rolls when a screen asks for the election, not at load.

``load(rolls=False)`` and :func:`complete` leave every election's roll out (listed in
``cut_files``); :meth:`Workspace.election` reads the file whole the first time it is
asked, finds the roll's problems then, and a transaction that fails puts the roll-less
record back as it was, still marked as read in part.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from meetup.store import table
from meetup.store.errors import InvalidInput, NotFoundError, StaleWriteError, WorkspaceError
from meetup.store.loading import complete, load, load_dashboard

E = "nova-ptl-l"
REL = table.ELECTION.path(E)


def test_a_load_without_rolls_reads_each_election_whole_when_asked(demo_dir: Path) -> None:
    full = load(demo_dir)
    ws = load(demo_dir, rolls=False)
    assert full.elections[E].roll
    assert all(e.roll == [] for e in ws.elections.values())
    assert ws.cut_files == {table.ELECTION.path(i) for i in full.elections}
    assert sorted(ws.problems) == sorted(full.problems)
    assert ws.election(E) == full.elections[E]
    assert ws.elections[E] is ws.election(E)  # read once, then kept
    assert REL not in ws.cut_files
    assert ws.save_election(msgspec.structs.replace(ws.election(E), title="Nova PTL")) is None
    assert load(demo_dir).elections[E].roll == full.elections[E].roll  # the roll is kept


def test_saving_an_election_read_without_its_roll_is_refused(demo_dir: Path) -> None:
    ws = load(demo_dir, rolls=False)
    header = ws.elections[E]
    with pytest.raises(InvalidInput):
        ws.save_election(msgspec.structs.replace(header, title="Dropped roll"))
    assert load(demo_dir).elections[E].roll  # nothing written


def roll_entry(root: Path, entry: str) -> None:
    path = root / REL
    lines = path.read_text("utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.startswith("roll = ["))
    lines[start + 2] = f'    "{entry}",\n'
    path.write_text("".join(lines), "utf-8")


def test_a_rolls_problem_is_found_when_the_election_is_read(demo_dir: Path) -> None:
    roll_entry(demo_dir, "wen-li\\u0007bell")
    full = [p for p in load(demo_dir).problems if p.file == REL]
    assert [p.field for p in full] == ["roll[1]"]
    ws = complete(load_dashboard(demo_dir))
    assert not [p for p in ws.problems if p.file == REL]  # the roll is not read yet
    election = ws.election(E)
    ws.election(E)
    assert [p for p in ws.problems if p.file == REL] == full  # located as a full load does
    with pytest.raises(InvalidInput, match="control characters"):
        ws.save_election(msgspec.structs.replace(election, title="Nova PTL"))


def test_the_election_is_read_as_it_is_on_disk_when_asked(demo_dir: Path) -> None:
    ws = load(demo_dir, rolls=False)
    path = demo_dir / REL
    path.write_text(path.read_text("utf-8").replace('title = "', 'title = "Renamed ', 1), "utf-8")
    election = ws.election(E)
    assert election.title.startswith("Renamed ") and election.roll
    ws.save_election(msgspec.structs.replace(election, seats=1))  # what was read: no stale
    path.write_text(path.read_text("utf-8").replace("Renamed ", "Again ", 1), "utf-8")
    with pytest.raises(StaleWriteError):
        ws.save_election(msgspec.structs.replace(election, title="Mine"))


def test_a_failed_transaction_puts_the_roll_less_record_back(demo_dir: Path) -> None:
    ws = load(demo_dir, rolls=False)
    with pytest.raises(RuntimeError), ws.transaction():
        ws.election(E)
        raise RuntimeError("refused")
    assert REL in ws.cut_files and ws.elections[E].roll == []
    with pytest.raises(InvalidInput):  # still guarded
        ws.save_election(ws.elections[E])
    assert ws.election(E).roll == load(demo_dir).elections[E].roll


def test_an_election_broken_or_gone_since_the_load_is_said_so(demo_dir: Path) -> None:
    ws = load(demo_dir, rolls=False)
    (demo_dir / REL).write_text("title = [\n", "utf-8")
    with pytest.raises(WorkspaceError) as caught:
        ws.election(E)
    assert caught.value.problem in ws.problems and caught.value.problem.file == REL
    (demo_dir / REL).unlink()
    with pytest.raises(NotFoundError, match="gone"):
        ws.election(E)
