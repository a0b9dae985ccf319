"""Finding people and projects by what a user types."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetup import directory
from meetup.store.errors import InvalidInput
from meetup.store.workspace import load


def test_accent_insensitive_match_completion_and_suggestion(demo_dir: Path) -> None:
    ws = load(demo_dir)
    bjorn = next(p for p in ws.people.values() if p.name.startswith("Björn"))
    entries = directory.people(ws)
    assert directory.resolve(entries, "bjorn lindqvist", field="owner", what="person") == bjorn.id
    assert directory.resolve(entries, bjorn.id.upper(), field="owner", what="person") == bjorn.id
    assert (bjorn.id, f"{bjorn.name} ({bjorn.id})") in directory.complete(entries, "Bjo")
    assert directory.complete(entries, "lindq")[0][0] == bjorn.id  # a word of the name
    with pytest.raises(InvalidInput, match=r"unknown person 'Bjorn'; did you mean Björn"):
        directory.resolve(entries, "Bjorn", field="owner", what="person")
    with pytest.raises(InvalidInput, match=r"unknown person 'Bjørn Lindkvist'; did you mean"):
        directory.resolve(entries, "Bjørn Lindkvist", field="owner", what="person")
    with pytest.raises(InvalidInput, match=r"unknown person 'zzz'\Z"):
        directory.resolve(entries, "zzz", field="owner", what="person")


def test_projects_by_name_or_id(demo_dir: Path) -> None:
    ws = load(demo_dir)
    entries = directory.projects(ws)
    assert directory.resolve(entries, "NOVA", field="projects", what="project") == "nova"
    with pytest.raises(InvalidInput, match="did you mean Neutron"):
        directory.resolve(entries, "neutrn", field="projects", what="project")
