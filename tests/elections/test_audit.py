"""The README's verification recipe, written independently of meetup's code, agrees."""

from __future__ import annotations

import hashlib
import json
import random
import struct
from datetime import timedelta
from pathlib import Path

import tomli

from meetup.elections import voting
from meetup.store.loading import load
from tests.elections.test_voting import _contested_ptl


def readme_checksums(folder: Path) -> tuple[str, str]:
    election = tomli.loads((folder / "election.toml").read_text())
    box = tomli.loads((folder / "ballots.toml").read_text())
    roll = "".join(f"{e}\n" for e in sorted(set(election["roll"])))
    h = hashlib.sha256(b"meetup-ballots-v1\n")
    h.update(json.dumps(box["candidates"], ensure_ascii=False).encode() + b"\n")
    counts: dict[tuple[int, ...], int] = {}
    for ranks in box["ballots"]:
        counts[tuple(ranks)] = counts.get(tuple(ranks), 0) + 1
    for ranks in sorted(counts):
        h.update(b"".join(struct.pack(">I", r) for r in ranks) + struct.pack(">Q", counts[ranks]))
    return hashlib.sha256(roll.encode()).hexdigest(), h.hexdigest()


def test_readme_recipe_reproduces_the_result(demo_dir: Path) -> None:
    ws = load(demo_dir)
    eid = _contested_ptl(ws)
    at = ws.elections[eid].timeline.voting_open + timedelta(hours=1)
    voting.cast_ballot(ws, eid, "aiko-sato", [["aiko-sato"], ["ben-carter"]], now=at)
    voting.cast_ballot(ws, eid, "ben-carter", [["ben-carter"], ["aiko-sato"]], now=at)
    voting.cast_ballot(ws, eid, "chen-wei", [["aiko-sato", "ben-carter"]], now=at)
    voting.close_election(ws, eid, now=ws.elections[eid].timeline.voting_close)
    folder = demo_dir / "elections" / eid
    result = tomli.loads((folder / "result.toml").read_text())
    opened = tomli.loads((folder / "election.toml").read_text())["opened"]
    roll_sum, ballot_sum = readme_checksums(folder)
    assert roll_sum == result["roll_checksum"] == opened["roll_checksum"]
    assert ballot_sum == result["checksum"]
    # a 1:1 tie between the two: the seed fixed at opening orders them
    order = sorted(["aiko-sato", "ben-carter"])
    random.Random(opened["tie_break_seed"]).shuffle(order)
    assert result["tie_break"]["order"] == order and result["winners"] == order[:1]
