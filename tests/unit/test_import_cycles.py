"""No import cycle in the core is hidden by an import inside a function: such an import must not lead back."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "desktop_app"


def _module_names() -> dict[str, Path]:
    """Return dotted module name -> file for every module of the app."""
    names = {}
    for path in APP.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        names[name.removesuffix(".__init__")] = path
    return names


def _imports(tree: ast.AST, nodes: list[ast.stmt] | None, known: dict[str, Path]) -> set[str]:
    """Return the app modules imported by `nodes` (a module's top level) or by the whole tree."""
    found: set[str] = set()
    for node in nodes if nodes is not None else ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("desktop_app"):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("desktop_app")}
    return {name for name in found if name in known}


def _reaches(start: str, goal: str, graph: dict[str, set[str]], known: dict[str, Path]) -> bool:
    """Return whether importing `start` imports `goal` (packages on the way are imported too)."""
    seen, stack = set(), [start]
    while stack:
        for name in graph.get(stack.pop(), set()):
            parts = name.split(".")
            for step in [".".join(parts[:i]) for i in range(2, len(parts))] + [name]:
                if step in known and step not in seen:
                    if step == goal:
                        return True
                    seen.add(step)
                    stack.append(step)
    return False


def hidden_cycles(prefix: str) -> list[str]:
    """Return `module -> target` for each import inside a function that leads back to its module."""
    known = _module_names()
    trees = {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in known.items()}
    graph = {name: _imports(tree, None, known) for name, tree in trees.items()}
    return sorted(f"{name} -> {target}" for name, tree in trees.items() if name.startswith(prefix)
                  for target in graph[name] - _imports(tree, list(tree.body), known)
                  if _reaches(target, name, graph, known))


def test_the_core_has_no_cycle_hidden_by_a_late_import():
    assert hidden_cycles("desktop_app.core") == []
