"""The app's top-level areas: one digit and one palette entry each, from every screen."""

from __future__ import annotations

import msgspec


class Area(msgspec.Struct, frozen=True):
    """A top-level area of the app, reachable by one key and the command palette."""

    name: str
    title: str
    screen: str
    """``module:Class`` of its screen."""
    help: str

    @property
    def number(self) -> str:
        """The digit that opens the area from anywhere: 1 for the dashboard, then in order."""
        return str(list(AREAS).index(self.name) + 1)

    @property
    def short(self) -> str:
        """Footer label."""
        return {"issues": "Issues"}.get(self.name, self.title)


AREAS: dict[str, Area] = {
    a.name: a
    for a in (
        Area(
            "dashboard",
            "Dashboard",
            "screens.dashboard:DashboardScreen",
            "Upcoming meetups, open issues, liaison gaps and elections",
        ),
        Area(
            "meetups",
            "Meetups",
            "screens.meetups:MeetupsScreen",
            "Attendees, topics, votes, the schedule grid and minutes",
        ),
        Area(
            "issues",
            "Cross-project issues",
            "screens.issues:IssuesScreen",
            "Problems that span several projects, their owners and history",
        ),
        Area(
            "liaisons",
            "Liaisons",
            "screens.liaisons:LiaisonsScreen",
            "The project x duty roster, PTL fallbacks and gaps",
        ),
        Area(
            "elections",
            "Elections",
            "screens.elections:ElectionsScreen",
            "PTL and liaison elections, ballots and the Schulze tally",
        ),
    )
}
