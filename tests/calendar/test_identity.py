"""Globally unique UIDs: each workspace's identity is in every UID it writes."""

from __future__ import annotations

from pathlib import Path

from meetup.calendar import events as calendar
from meetup.calendar.export import export_meetup
from meetup.cli import main
from meetup.store.loading import load
from tests.ical_checks import assert_itip

M = "kilo-midcycle"


def _uids(root: Path) -> set[str]:
    ws = load(root)
    text = export_meetup(ws, M, method="request").text
    return set(assert_itip(text))


def test_two_workspaces_initialised_separately_never_share_a_uid(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["init", str(a), "--demo"]) == 0
    assert main(["init", str(b), "--demo"]) == 0
    ua, ub = _uids(a), _uids(b)
    assert ua and ub and not ua & ub
    identity = load(a).settings.identity
    assert identity and all(uid.endswith("@" + identity) for uid in ua)


def test_init_takes_a_domain(tmp_path: Path) -> None:
    assert main(["init", str(tmp_path / "w"), "--domain", "openstack.org"]) == 0
    ws = load(tmp_path / "w")
    assert calendar.meetup_uid(ws, "x") == "x.meetup@openstack.org"


def test_old_workspace_keeps_its_domain_uids(demo_dir: Path) -> None:
    """A workspace without identity (made before it existed) keeps the UIDs it sent."""
    ws = load(demo_dir)
    assert not ws.settings.identity
    assert calendar.meetup_uid(ws, M) == f"{M}.meetup@demo.meetup.example.org"


def test_publish_owns_only_this_workspaces_events(tmp_path: Path) -> None:
    a = tmp_path / "a"
    assert main(["init", str(a), "--demo"]) == 0
    ws = load(a)
    mine = calendar.session_uid(ws, M, "gate-triage")
    assert calendar.owns(ws, M, mine)
    assert not calendar.owns(ws, M, f"{M}.topic.gate-triage@another-community.org")
    assert not calendar.owns(ws, M, calendar.session_uid(ws, "other-meetup", "x"))
