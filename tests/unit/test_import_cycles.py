"""No import cycle anywhere in the app: none at module level, none hidden by an import inside a function."""

from __future__ import annotations

import ast
import sys
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


def top_level_cycles() -> list[list[str]]:
    """Return each cycle of module-level imports (a package's __init__ counts as imported on the way)."""
    known = _module_names()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {target for target in _imports(tree, list(tree.body), known) if target != name}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append([*path[path.index(target):], name, target])
            elif target not in state:
                visit(target, [*path, name])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    return cycles


def test_the_app_has_no_cycle_hidden_by_a_late_import():
    for layer in ("desktop_app.core", "desktop_app.gui", "desktop_app.cli", "desktop_app.portal"):
        assert hidden_cycles(layer) == [], layer


def test_no_module_level_import_cycle():
    assert top_level_cycles() == []


def test_the_cycle_finder_sees_a_package_that_imports_its_own_user(tmp_path, monkeypatch):
    pkg = tmp_path / "desktop_app" / "pkg"
    pkg.mkdir(parents=True)
    (tmp_path / "desktop_app" / "__init__.py").write_text("")
    (pkg / "__init__.py").write_text("from desktop_app.pkg.app import main\n")
    (pkg / "app.py").write_text("from desktop_app.pkg import tools\nmain = 1\n")
    (pkg / "tools.py").write_text("")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "APP", tmp_path / "desktop_app")
    assert top_level_cycles() == [["desktop_app.pkg", "desktop_app.pkg.app", "desktop_app.pkg"]]
