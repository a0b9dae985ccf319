"""Finding people and projects by what a user types (meetup/directory.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from meetup import directory
from meetup.agenda.topics import TopicDraft, propose, topic_errors
from meetup.store.errors import InvalidInput
from meetup.store.loading import load
from meetup.store.records import Person
from meetup.store.workspace import Workspace

BJORN = "bjorn-lindqvist"


@pytest.fixture
def ws(demo_dir: Path) -> Workspace:
    return load(demo_dir)


def test_fold_drops_case_and_accents() -> None:
    assert directory.fold("  Björn   LINDQVIST ") == "bjorn lindqvist"
    assert directory.fold("Tomáš Novák") == "tomas novak"
    assert directory.fold("Bjørn Straße") == "bjorn strasse"


@pytest.mark.parametrize(
    "typed",
    [
        "bjorn-lindqvist",  # the id
        "BJORN-LINDQVIST",
        "Björn Lindqvist",  # the name
        "bjorn lindqvist",  # without the accent
        "BJÖRN  lindqvist",
        "bjorn.lindqvist@example.org",  # the e-mail
        "Bjorn.Lindqvist@Example.org",
        "bjorn",  # the IRC nick, and the one person named Björn
        "Bjorn",
        "Lindqvist",  # one word of one person's name
        "Björn Lindqvist (bjorn-lindqvist)",  # as messages and completion print it
    ],
)
def test_a_person_by_id_name_email_or_nick(ws: Workspace, typed: str) -> None:
    assert directory.person_id(ws, typed, field="owner") == BJORN


def test_blank_is_nobody_and_lists_resolve_each_item(ws: Workspace) -> None:
    assert directory.person_id(ws, "  ") is None
    assert directory.person_ids(ws, "bjorn, Tomas Novak; chen-wei, Bjorn", field="required") == [
        BJORN,
        "tomas-novak",
        "chen-wei",
    ]
    # ids separated by spaces, as the field used to take them
    assert directory.person_ids(ws, "chen-wei aiko-sato") == ["chen-wei", "aiko-sato"]
    assert directory.project_ids(ws, ["Nova, NEUTRON", "nova"]) == ["nova", "neutron"]


def test_unknown_values_suggest_the_closest_match(ws: Workspace) -> None:
    with pytest.raises(InvalidInput) as caught:
        directory.person_id(ws, "Bjrn", field="owner")
    assert str(caught.value) == (
        "owner: unknown person 'Bjrn': did you mean Björn Lindqvist (bjorn-lindqvist)?"
    )
    assert caught.value.field == "owner"
    with pytest.raises(InvalidInput, match=r"unknown person 'Bjo': did you mean Björn"):
        directory.person_id(ws, "Bjo")  # a prefix is a suggestion, not a match
    with pytest.raises(InvalidInput, match=r"unknown person 'Bjørn Lindkvist': did you mean"):
        directory.person_id(ws, "Bjørn Lindkvist")
    with pytest.raises(InvalidInput, match=r"unknown person 'zzz'\Z"):
        directory.person_id(ws, "zzz")
    with pytest.raises(InvalidInput, match=r"required: unknown person 'nobdy'"):
        directory.person_ids(ws, "bjorn, nobdy", field="required")
    with pytest.raises(InvalidInput, match=r"projects: unknown project 'neutrn': .*Neutron"):
        directory.project_ids(ws, "nova, neutrn")


def test_a_name_two_people_share_is_refused_with_both(ws: Workspace) -> None:
    anna = Person(id="anna-lindqvist", name="Anna Lindqvist", email="anna@example.org")
    twin = Person(id="chen-wei-2", name="Chen Wei", email="cw2@example.org")
    ws.save_people([*ws.people.values(), anna, twin])
    ws = load(ws.root)
    with pytest.raises(InvalidInput) as caught:
        directory.person_id(ws, "lindqvist", field="owner")
    message = str(caught.value)
    assert message.startswith("owner: 'lindqvist' names several people")
    assert "Anna Lindqvist (anna-lindqvist)" in message and f"Björn Lindqvist ({BJORN})" in message
    assert message.endswith("use an id")
    with pytest.raises(InvalidInput, match=r"'chen wei' names several people"):
        directory.person_ids(ws, "bjorn, chen wei")
    # an exact id, e-mail or nick is never ambiguous
    assert directory.person_id(ws, "bjorn") == BJORN
    assert directory.person_id(ws, "chen-wei-2") == "chen-wei-2"
    assert directory.person_id(ws, "Chen Wei (chen-wei-2)") == "chen-wei-2"


def test_completion_and_suggestion(ws: Workspace) -> None:
    people, projects = directory.people(ws), directory.projects(ws)
    assert (BJORN, f"Björn Lindqvist ({BJORN})") in directory.complete(people, "Bjo")
    assert directory.complete(people, "lindq")[0][0] == BJORN  # a word of the name
    # the suggestion begins with what was typed (folded), so an Input shows the rest
    assert directory.suggest(people, "Bjorn") == "Björn Lindqvist"
    assert directory.suggest(people, "bjorn.l") == "bjorn.lindqvist@example.org"
    assert directory.suggest(people, "Tomas N") == "Tomáš Novák"
    assert directory.suggest(people, "zz") is None
    assert directory.suggest(projects, "neu") == "neutron"  # exactly as typed first
    assert directory.suggest(projects, "Neu") == "Neutron"
    assert directory.suggest_last(projects, "nova, neu") == "nova, neutron"
    assert directory.suggest_last(people, "chen-wei,bjorn l") == "chen-wei,Björn Lindqvist"
    assert directory.suggest_last(projects, "nova, ") is None


def test_topic_fields_take_names_and_say_which_is_unknown(ws: Workspace) -> None:
    meetup = next(iter(ws.meetups))
    draft = TopicDraft(
        title="Gate health",
        proposer="Bjorn",
        projects="Nova, neutron",
        required="tomas novak, Bjorn",
    )
    assert topic_errors(ws, draft) == {}
    topic = propose(ws, meetup, draft)
    assert (topic.proposer, topic.projects, topic.required) == (
        BJORN,
        ["nova", "neutron"],
        ["tomas-novak", BJORN],
    )
    bad = TopicDraft(title="x", proposer="Bjrn", projects="nova, neutrn", required="zed")
    errors = topic_errors(ws, bad)
    assert (
        errors["proposer"]
        == "unknown person 'Bjrn': did you mean Björn Lindqvist (bjorn-lindqvist)?"
    )
    assert errors["projects"].startswith("unknown project 'neutrn': did you mean Neutron")
    assert errors["required"].startswith("unknown person 'zed'")
