"""Regenerate the README's screenshots: ``python docs/screenshots.py`` from the repo root."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from meetup.demo import copy_demo  # noqa: E402
from screens.app import create_app  # noqa: E402

SHOTS = {
    "dashboard.svg": [],
}


def clock() -> datetime:
    return datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)


async def shoot(name: str, keys: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        copy_demo(demo)
        app = create_app(demo, clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            app.save_screenshot(name, str(ROOT / "docs"))


if __name__ == "__main__":
    for shot, keys in SHOTS.items():
        asyncio.run(shoot(shot, keys))
        print("wrote", f"docs/{shot}")
