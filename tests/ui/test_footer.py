"""The footer never cuts a key in the middle: the keys that do not fit are left out from
the right and "…" says there are more (a tmux walk saw "u Dupli", "^q Qu", "P Pi")."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from screens.app import create_app
from screens.footer import FittingFooter
from screens.meetup import MeetupScreen
from screens.meetups import MeetupsScreen
from tests.conftest import fixed_clock
from tests.uihelp import on_screen, screen_lines, until


def shown_keys(footer: FittingFooter) -> list[FooterKey]:
    return [k for k in footer.query(FooterKey) if k.display]


def fitted(footer: FittingFooter) -> bool:
    """Every shown key lies inside the footer, and "…" shows exactly when some are left out."""
    right = footer.region.right
    keys = shown_keys(footer)
    inside = all(k.region.right <= right for k in keys)
    more = bool(footer.query(".footer-more"))
    return bool(keys) and inside and more == (footer.left_out > 0)


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (120, 40)])
async def test_topics_footer_fits_with_an_ellipsis(demo_dir: Path, size: tuple[int, int]) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=size) as pilot:
        await pilot.press("2")
        await on_screen(pilot, MeetupsScreen)
        await pilot.press("enter")
        screen = await on_screen(pilot, MeetupScreen)
        await pilot.press("]", "]")  # the Topics tab: the most keys of any view
        footer = screen.query_one(FittingFooter)
        await until(pilot, lambda: fitted(footer))
        if size[0] <= 80:
            assert footer.query(".footer-more")  # some keys are left out
        # nothing cut mid-word on the footer's line: it ends in a whole key, "…", then ^p
        last = screen_lines(app)[-1].rstrip()
        assert last.endswith("palette"), last


async def test_footer_refits_after_a_resize(demo_dir: Path) -> None:
    app = create_app(demo_dir, clock=fixed_clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2")
        screen = await on_screen(pilot, MeetupsScreen)
        footer = screen.query_one(FittingFooter)
        await until(pilot, lambda: fitted(footer))
        wide = len(shown_keys(footer))
        await pilot.resize_terminal(40, 20)
        await until(pilot, lambda: fitted(footer) and len(shown_keys(footer)) < wide)
        await pilot.resize_terminal(120, 40)
        await until(pilot, lambda: fitted(footer) and len(shown_keys(footer)) == wide)
