"""The plain-file tally (meetup.elections.plaincivs) equals the reference tally exactly."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from meetup.cli import main
from meetup.cli.tally_fast import tally_plain
from meetup.elections import plaincivs
from meetup.elections.ballots import parse_civs
from meetup.elections.digest import digest_records
from meetup.elections.plaincivs import candidates_json, read_plain
from meetup.elections.tally import pairwise_matrix, schulze


def election(rng: random.Random, ballots: int, n: int) -> str:
    """Random CIVS text: ties (~30% of places), partial ballots (~30%, 0..n ranked),
    repeated ballots (sometimes), with or without a final newline."""
    lines = []
    for _ in range(ballots):
        order = list(range(n))
        rng.shuffle(order)
        ranked = rng.randint(0, n) if rng.random() < 0.3 else n
        ranks = ["-"] * n
        rank = 0
        for place, cand in enumerate(order[:ranked]):
            if place == 0 or rng.random() >= 0.3:
                rank = place + 1
            ranks[cand] = str(rank)
        lines.append(",".join(ranks))
    if rng.random() < 0.5:
        lines += rng.choices(lines, k=len(lines) // 2)
        rng.shuffle(lines)
    return "\n".join(lines) + ("\n" if rng.random() < 0.8 else "")


def reference(text: str, **options: object) -> object:
    return schulze(parse_civs(text), **options)  # type: ignore[arg-type]


def fast(text: str, candidates: list[str] | None = None, **options: str) -> object:
    return tally_plain(text.encode(), candidates, {f"--{k}": v for k, v in options.items()})


CHOICES = [1, 2, 3, 4, 7, 9, 10, 11, 14, 15, 19, 20, 33]


@pytest.mark.parametrize("float_keys", [False, True])
def test_equals_the_reference_on_random_elections(
    float_keys: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if float_keys:  # the sort by one float per ballot, normally for 10,000 ballots and more
        monkeypatch.setattr(plaincivs, "FLOAT_KEYS_FROM", 0)
    rng = random.Random(2026 + float_keys)
    for _ in range(60):
        n = rng.choice(CHOICES)
        text = election(rng, rng.randint(1, 40), n)
        seats = rng.randint(1, min(3, n))
        for unranked in ("ignore", "last"):
            got = fast(text, unranked=unranked, seats=str(seats), seed="7")
            want = reference(text, unranked=unranked, seats=seats, tie_break_seed=7)
            assert got == want, (n, unranked, text)


@pytest.mark.parametrize("n", [99, 100, 125])
def test_three_digit_ranks_count_and_checksum_as_the_reference(n: int) -> None:
    # (not the whole tally: the strongest paths of 125 choices take seconds, and they do
    # not depend on how the file was read)
    rng = random.Random(n)
    text = election(rng, 25, n)
    plain = read_plain(text.encode())
    assert plain is not None
    ballots = parse_civs(text)
    for unranked in ("ignore", "last"):
        assert plain.pairwise(unranked) == pairwise_matrix(ballots, unranked)
    names = tuple(str(i) for i in range(1, n + 1))
    assert digest_records(candidates_json(names), plain.records()) == ballots.checksum()


def test_ties_at_the_cut_and_unbroken_ties() -> None:
    text = "1,1,2\n1,1,2\n2,2,1\n"
    got = fast(text)
    assert got == reference(text)
    assert got.tie_at_cut and got.winners == ()  # type: ignore[attr-defined]
    assert fast(text, seed="3") == reference(text, tie_break_seed=3)


def test_given_candidates_and_their_json() -> None:
    text = "1,2,-\n-,1,2\n"
    names = ['Ann "A"', "Bo\\b", "Zoë"]
    got = fast(text, names)
    assert got == schulze(parse_civs(text, candidates=names))
    assert candidates_json(("a", "b")) == b'["a", "b"]'
    assert fast(text, ["a", "b"]) is None  # the wrong count: the full reader's error


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1,2\n\n2,1\n",  # a blank line
        "1,2\r\n2,1\r\n",
        "1,3\n",  # a rank above n
        "0,1\n",
        "01,2\n",
        "1 ,2\n",
        "# a comment\n1,2\n",
        "2x1,2\n",  # a multiplier
        "1,2,\n",
        "1,,2\n",
        "1,2\n1\n",  # lines of different lengths
        "\ufeff1,2\n",  # a BOM
        "1,2,3,4,5,6,7,8,9,10,11\n1,2,3,4,5,6,7,8,9,10,111\n",
        "1,2,3,4,5,6,7,8,9,10,11\n1,2,3,4,5,6,7,8,9,10,12\n",
        ",".join(str(r) for r in range(1, 30)) + ",05\n",
        ",".join(str(r) for r in range(1, 30)) + ",31\n",
        ",".join(["1"] * 126) + "\n",  # more choices than the plain path takes
    ],
)
def test_anything_but_the_plainest_form_goes_to_the_line_parser(text: str) -> None:
    assert read_plain(text.encode()) is None


def test_the_cli_prints_the_same_with_and_without_the_plain_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ballots.txt"
    path.write_text(election(random.Random(5), 300, 12), encoding="utf-8")
    args = ["election", "tally", "--ballots", str(path), "--seats", "2", "--json"]
    assert main(args) == 0
    plain = capsys.readouterr().out
    monkeypatch.setattr(plaincivs, "read_plain", lambda data: None)
    assert main(args) == 0
    assert capsys.readouterr().out == plain


def test_a_large_file_takes_the_float_keys_as_it_comes() -> None:
    text = election(random.Random(12), plaincivs.FLOAT_KEYS_FROM + 500, 10)
    assert fast(text) == reference(text)


def test_a_file_without_ballots_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "header.csv"
    path.write_text("a,b,c\n", encoding="utf-8")
    assert main(["election", "tally", "--ballots", str(path)]) == 1
    assert "holds no ballot" in capsys.readouterr().err
