"""Search and sort of the TUI's lists (meetup.finding): folding, any column, every word."""

from __future__ import annotations

from meetup.finding import find, matches, next_order, summary


def test_an_empty_query_matches_everything() -> None:
    assert matches("", ["x"])
    assert matches("   ", [])


def test_case_and_accents_are_folded() -> None:
    assert matches("bjorn", ["Björn Lindqvist"])
    assert matches("ZOE", ["Zoë Adams"])
    assert matches("björn", ["bjorn"])


def test_every_word_must_match_but_in_any_column() -> None:
    row = ["Kilo midcycle", "Berlin", ["nova", "neutron"]]
    assert matches("kilo neutron", row)
    assert matches("berl", row)
    assert not matches("kilo cinder", row)


def test_none_and_numbers() -> None:
    assert not matches("none", [None])
    assert matches("12", [12, None])


def test_find_keeps_the_order() -> None:
    items = ["Docs sprint", "Gate", "docs triage"]
    assert find(items, "docs", lambda s: [s]) == ["Docs sprint", "docs triage"]


def test_next_order_wraps_round() -> None:
    orders = ("date", "title", "topics")
    assert next_order(orders, "date") == "title"
    assert next_order(orders, "topics") == "date"
    assert next_order(orders, "gone") == "date"


def test_summary_says_when_a_list_is_filtered() -> None:
    assert summary(3, 12, "kilo", "date") == "3 of 12 · /kilo · by date"
    assert summary(12, 12, "", "title") == "12 · by title"
    assert summary(0, 4, "  no   match ") == "0 of 4 · /no match"
