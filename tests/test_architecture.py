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
        "from meetup.store.loading import load\nload('data/demo')"
    )
    for heavy in ("httpx", "icalendar", "numpy", "textual"):
        assert heavy not in loaded, f"{heavy} is imported at start-up"


def _import_graph() -> dict[str, set[str]]:
    """Every ``meetup`` module and the ``meetup`` modules it imports, lazily or not."""
    import ast

    package = ROOT / "meetup"
    modules: dict[str, Path] = {}
    for path in package.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets: set[str] = set()
        is_package = path.name == "__init__.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        type_only = {
            id(inner)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for inner in ast.walk(node)
        }
        for node in ast.walk(tree):
            if id(node) in type_only:
                continue  # never executed
            found: list[str] = []
            if isinstance(node, ast.Import):
                found = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")
                    anchor = anchor[: len(anchor) - node.level + (1 if is_package else 0)]
                    base = ".".join([*anchor, base] if base else anchor)
                found = [base] + [f"{base}.{alias.name}" for alias in node.names]
            for target in found:
                # importing a submodule runs its package's __init__, which imports nothing
                if target in modules and target != name:
                    targets.add(target)
        graph[name] = targets
    return graph


def test_no_import_cycles_even_through_lazy_imports() -> None:
    graph = _import_graph()
    assert "meetup.store.workspace" in graph
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)
