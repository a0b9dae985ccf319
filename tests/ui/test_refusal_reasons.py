"""Reasons, not silence: a key shown dimmed in the footer tells why it cannot run now,
in the same words as its palette entry (a notification, markup off)."""

from __future__ import annotations

from pathlib import Path

from screens.app import create_app
from screens.election_detail import ElectionDetailScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, until

VOTING = "neutron-release-liaison"
NOMINATIONS = "nova-ptl-l"


def told(app: object, words: str) -> bool:
    return any(words in str(n.message) for n in app._notifications)  # type: ignore[attr-defined]


async def test_disabled_keys_tell_why(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", VOTING)
        screen = await on_screen(pilot, ElectionDetailScreen)
        for key, action in (("c", "close"), ("n", "nominate"), ("w", "withdraw")):
            reason = screen.refusal(action)
            assert reason
            app.clear_notifications()
            await pilot.press(key)
            await until(pilot, lambda r=reason: told(app, r))
            note = next(n for n in app._notifications if n.message == reason)
            assert note.title == "Not now" and note.markup is False
            assert app.screen is screen
            help_text = {c.title: c.help for c in app.get_system_commands(screen)}
            assert f"Not now: {reason}" in help_text.values()


async def test_vote_key_tells_why_during_nominations(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_record("elections", NOMINATIONS)
        screen = await on_screen(pilot, ElectionDetailScreen)
        reason = screen.refusal("cast")
        assert reason and "voting is not open" in reason
        await pilot.press("b")
        await until(pilot, lambda: told(app, reason))
        assert app.screen is screen
        app.clear_notifications()
        await pilot.press("n")  # nominations are open: n works, nothing is refused
        await until(pilot, lambda: app.screen is not screen)
        assert not told(app, "Not now")
