"""The demo's elections: one in nominations, one in voting, one closed with a tie broken."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from meetup.demo.content import PEOPLE
from meetup.elections.voting import cast_ballot, close_election
from meetup.store.election_records import Candidate, Election, Timeline
from meetup.store.workspace import Workspace

TIE_BREAK_SEED = 2027
"""The committee election's documented tie-break seed (fixed, so the demo is reproducible)."""


def _timeline(today: date, *days: int) -> Timeline:
    """Nominations open/close and voting open/close, ``days`` after ``today`` (UTC)."""
    opens = [
        datetime.combine(today + timedelta(days=d), time(0), tzinfo=timezone.utc) for d in days
    ]
    return Timeline(
        nominations_open=opens[0],
        nominations_close=opens[1].replace(hour=23, minute=59),
        voting_open=opens[2],
        voting_close=opens[3].replace(hour=23, minute=59),
    )


DEMO_STATION = "station-demo"
"""The demo's polling station (``.meetup-station``): fixed, so the same day gives the same bytes."""


def build_elections(ws: Workspace, today: date) -> None:
    from meetup.elections.opening import STATION_FILE

    (ws.root / STATION_FILE).write_text(f"{DEMO_STATION}\n")
    noon = datetime.combine(today, time(12), tzinfo=timezone.utc)
    ws.save_election(
        Election(
            id="nova-ptl-l",
            title="Nova PTL election (L cycle)",
            kind="ptl",
            project="nova",
            seats=1,
            timeline=_timeline(today, -4, 10, 13, 20),
            candidates=[
                Candidate(
                    person="dana-whitfield",
                    statement="I would like to serve another cycle, with a named "
                    "liaison for every duty so the PTL is no bottleneck.",
                )
            ],
            roll=[pid for pid, _, _ in PEOPLE],
        )
    )
    liaison = "neutron-release-liaison"
    ws.save_election(
        Election(
            id=liaison,
            title="Neutron release liaison",
            kind="liaison",
            project="neutron",
            area="release",
            seats=1,
            timeline=_timeline(today, -23, -10, -7, 7),
            candidates=[
                Candidate(
                    person="wen-li",
                    statement="Bug triage taught me the release calendar the hard way.",
                ),
                Candidate(person="zoe-adams", statement="I run the gate jobs already."),
                Candidate(
                    person="marcus-bell", statement="Until someone else steps up.", withdrawn=True
                ),
            ],
            roll=[
                "marcus-bell",
                "wen-li",
                "zoe-adams",
                "dana-whitfield",
                "ivan-petrov",
                "hana-kobayashi",
                "jo-mcallister",
                "priya-raman",
            ],
            tie_break_seed=TIE_BREAK_SEED + 1,
        )
    )
    # Ballots still coming in: two of the eight have voted.
    cast_ballot(ws, liaison, "marcus-bell", [["wen-li"], ["zoe-adams"]], noon - timedelta(days=3))
    cast_ballot(ws, liaison, "priya-raman", [["zoe-adams"], ["wen-li"]], noon - timedelta(days=1))
    _closed_committee(ws, today)


def _closed_committee(ws: Workspace, today: date) -> None:
    """A two-seat committee election, closed, whose second seat was a tie broken by seed."""
    ident = "tc-2027"
    timeline = _timeline(today, -63, -49, -46, -32)
    voters = ["amara-okafor", "bjorn-lindqvist", "chen-wei", "gustavo-ramos", "ivan-petrov"]
    voters += ["marcus-bell", "quinn-harper", "victor-leclerc"]
    ws.save_election(
        Election(
            id=ident,
            title="Technical committee (2 seats)",
            kind="committee",
            seats=2,
            timeline=timeline,
            candidates=[
                Candidate(person="lena-vogel", statement="Cross-project work needs a referee."),
                Candidate(person="kiri-tane", statement="Smaller projects need a voice."),
                Candidate(person="jo-mcallister", statement="Specs before code, everywhere."),
                Candidate(person="priya-raman", statement="Fewer meetings, better docs."),
            ],
            roll=sorted(voters),
            tie_break_seed=TIE_BREAK_SEED,
        )
    )
    # Symmetric in kiri-tane and jo-mcallister: they tie for the second seat.
    lena, kiri, jo, priya = ["lena-vogel"], ["kiri-tane"], ["jo-mcallister"], ["priya-raman"]
    ballots = [
        [lena, kiri, jo, priya],
        [lena, jo, kiri, priya],
        [lena, kiri, jo, priya],
        [lena, jo, kiri, priya],
        [kiri, jo, lena, priya],
        [jo, kiri, lena, priya],
        [priya, lena],
    ]
    when = timeline.voting_open + timedelta(days=2)
    for voter, ranking in zip(sorted(voters), ballots):
        cast_ballot(ws, ident, voter, ranking, when)
    close_election(ws, ident, timeline.voting_close + timedelta(hours=9))
