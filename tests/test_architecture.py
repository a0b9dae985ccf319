"""The domain never imports the UI, and start-up imports stay light."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import meetup

ROOT = Path(__file__).resolve().parents[1]


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_domain_never_imports_textual() -> None:
    names = [m.name for m in pkgutil.walk_packages(meetup.__path__, "meetup.")]
    assert "meetup.store.workspace" in names and "meetup.cli.core" in names
    code = "\n".join(f"import {name}" for name in names)
    loaded = _modules_after(code)
    assert not {m for m in loaded if m == "textual" or m.startswith(("textual.", "screens"))}


def test_startup_does_not_import_heavy_libraries() -> None:
    loaded = _modules_after(
        "from meetup.cli import build_parser\nbuild_parser()\n"
        "from meetup.store.workspace import load\nload('data/demo')"
    )
    for heavy in ("httpx", "icalendar", "numpy", "textual"):
        assert heavy not in loaded, f"{heavy} is imported at start-up"
