"""Four clones make random everyday edits through the CLI and sync in random order.

Every vote, RSVP, notes line and issue comment must survive; two clones retitling one
topic in the same round is the only conflict, reported by field and settled from the CLI.
At the end all clones hold the same bytes.  ``MEETUP_SYNC_ROUNDS`` (default 3) sets the
number of rounds, ``MEETUP_SYNC_SEED`` the random seed.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

from meetup.sharing import sync
from meetup.store.loading import load
from tests.gitclones import MEETUP, cli, clone, email_of, make_remote, tree_bytes

PEOPLE = ("dana-whitfield", "marcus-bell", "quinn-harper", "gustavo-ramos")
TOPICS = ("meeting-times", "ptl-burnout", "summit-feedback", "horizon-plugins")
ISSUES = ("gate-instability", "install-guide-drift")
RSVPS = ("needs-action", "accepted", "declined", "tentative")


class Expected:
    def __init__(self, roots: list[Path]) -> None:
        ws = load(roots[0])
        data = ws.meetup(MEETUP)
        self.votes = {(t, p): p in data.topics[t].votes for t in TOPICS for p in PEOPLE}
        self.rsvp = {a.person: a.rsvp for a in data.meetup.attendees if a.person in PEOPLE}
        self.titles = {t: {data.topics[t].title} for t in TOPICS}
        self.notes: list[tuple[str, str]] = []
        self.comments: list[tuple[str, str]] = []
        self.conflicts: list[str] = []


def act(rng: random.Random, root: Path, person: str, tag: str, want: Expected) -> None:
    kind = rng.choice(("vote", "vote", "rsvp", "notes", "comment", "title"))
    topic = rng.choice(TOPICS)
    if kind == "vote":
        undo = want.votes[(topic, person)] and rng.random() < 0.6
        args = ["topic", "vote", MEETUP, topic] + (["--undo"] if undo else [])
        assert cli(root, *args) == 0
        want.votes[(topic, person)] = not undo
    elif kind == "rsvp":
        state = rng.choice(RSVPS)
        assert cli(root, "rsvp", MEETUP, person, state) == 0
        want.rsvp[person] = state
    elif kind == "notes":
        assert cli(root, "topic", "notes", MEETUP, topic, "--append", f"note {tag}") == 0
        want.notes.append((topic, f"note {tag}"))
    elif kind == "comment":
        issue = rng.choice(ISSUES)
        assert cli(root, "issue", "comment", issue, f"comment {tag}") == 0
        want.comments.append((issue, f"comment {tag}"))
    else:
        import msgspec

        ws = load(root)
        current = ws.meetup(MEETUP).topics[topic]
        title = f"Title {tag}"
        ws.save_topic(MEETUP, msgspec.structs.replace(current, title=title))
        want.titles[topic].add(title)


def sync_settling_conflicts(rng: random.Random, root: Path, want: Expected) -> None:
    result = sync.sync(root)
    while result.conflicts:
        assert result.fields, result.describe()
        for line in result.fields:
            path, field, _ = line.split(": ", 2)
            assert field == "title", line  # the only edit two clones can make two ways
            want.conflicts.append(line)
            side = rng.choice(("--ours", "--theirs"))
            assert cli(root, "sync", "--resolve", path, "--field", field, side) == 0
        result = sync.continue_sync(root)


def test_four_clones_random_edits_converge_and_lose_nothing(tmp_path: Path) -> None:
    rounds = int(os.environ.get("MEETUP_SYNC_ROUNDS", "3"))
    seed = int(os.environ.get("MEETUP_SYNC_SEED", "12"))
    rng = random.Random(seed)
    remote = make_remote(tmp_path)
    roots = [clone(remote, tmp_path / p, email_of(p)) for p in PEOPLE]
    want = Expected(roots)
    for number in range(rounds):
        for index in rng.sample(range(len(roots)), len(roots)):
            for step in range(rng.randint(1, 3)):
                act(rng, roots[index], PEOPLE[index], f"r{number}c{index}s{step}", want)
        for index in rng.sample(range(len(roots)), len(roots)):
            sync_settling_conflicts(rng, roots[index], want)
    for root in roots + roots:
        sync_settling_conflicts(rng, root, want)
    first = tree_bytes(roots[0])
    for root in roots[1:]:
        assert tree_bytes(root) == first, f"{root.name} differs (seed {seed})"
    ws = load(roots[0])
    assert not ws.problems
    data = ws.meetup(MEETUP)
    for (topic, person), voted in want.votes.items():
        assert (person in data.topics[topic].votes) == voted, (topic, person, seed)
    for attendee in data.meetup.attendees:
        if attendee.person in want.rsvp:
            assert attendee.rsvp == want.rsvp[attendee.person], (attendee.person, seed)
    for topic, line in want.notes:
        assert line in data.topics[topic].notes.splitlines(), (topic, line, seed)
    for issue, text in want.comments:
        assert text in [e.text for e in ws.issues[issue].log], (issue, text, seed)
    for topic, titles in want.titles.items():
        assert data.topics[topic].title in titles
