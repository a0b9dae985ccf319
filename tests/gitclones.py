"""Real git for tests of sharing and elections: a bare remote holding the demo, and clones."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import msgspec

from meetup.cli import main
from meetup.demo import copy_demo
from meetup.store.loading import load

MEETUP = "kilo-midcycle"


def run_git(cwd: Path, *args: str, check: bool = True) -> str:
    env = {**os.environ, "GIT_EDITOR": "true", "GIT_MERGE_AUTOEDIT": "no"}
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env)
    if check and done.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {done.stderr}{done.stdout}")
    return done.stdout


def make_remote(tmp: Path, prepare: Callable[[Path], None] | None = None) -> Path:
    """A bare remote with the demo workspace (changed by ``prepare``) committed on main."""
    remote = tmp / "remote.git"
    run_git(tmp, "init", "--quiet", "--bare", "--initial-branch=main", str(remote))
    seed = tmp / "seed"
    run_git(tmp, "clone", "--quiet", str(remote), str(seed))
    run_git(seed, "checkout", "--quiet", "-b", "main")
    run_git(seed, "config", "user.email", "seed@example.org")
    run_git(seed, "config", "user.name", "Seed")
    copy_demo(seed)
    if prepare is not None:
        prepare(seed)
    run_git(seed, "add", "--all")
    run_git(seed, "commit", "--quiet", "-m", "demo workspace")
    run_git(seed, "push", "--quiet", "--set-upstream", "origin", "main")
    return remote


def clone(remote: Path, target: Path, email: str, name: str = "") -> Path:
    run_git(remote.parent, "clone", "--quiet", str(remote), str(target))
    run_git(target, "config", "user.name", name or email.split("@")[0])
    run_git(target, "config", "user.email", email)
    run_git(target, "config", "pull.rebase", "false")
    return target


def demo_clones(
    tmp: Path, *names: str, prepare: Callable[[Path], None] | None = None
) -> tuple[Path, list[Path]]:
    """The demo's bare remote and one clone per name (``Alice``: ``tmp/alice``, alice@...)."""
    remote = make_remote(tmp, prepare)
    return remote, [
        clone(remote, tmp / name.lower(), f"{name.lower()}@example.org", name) for name in names
    ]


def email_of(person: str) -> str:
    return person.replace("-", ".") + "@example.org"


def cli(root: Path, *args: str) -> int:
    return main(["-w", str(root), *args])


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every tracked file of a clone, by path (what convergence compares)."""
    out = {}
    for rel in run_git(root, "ls-files").splitlines():
        path = root / rel
        if path.is_file():
            out[rel] = path.read_bytes()
    return out


def retitle(root: Path, topic_id: str, title: str) -> None:
    """Give a topic of the demo meetup a new title, saved in the clone at ``root``."""
    ws = load(root)
    topic = ws.meetup(MEETUP).topics[topic_id]
    ws.save_topic(MEETUP, msgspec.structs.replace(topic, title=title))
