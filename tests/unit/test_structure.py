"""House rules on size: no module under desktop_app over 400 lines, no function over 60 (migrations aside)."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "desktop_app"
MIGRATIONS = APP / "core" / "db" / "migrations" / "versions"
MODULE_LINES = 400
FUNCTION_LINES = 60


def _modules() -> list[Path]:
    """Return every module of the app but the migration scripts (generated schema steps, never edited)."""
    return sorted(p for p in APP.rglob("*.py") if MIGRATIONS not in p.parents)


def long_functions(source: str, limit: int = FUNCTION_LINES) -> list[tuple[str, int]]:
    """Return (name, lines) of each function or method in `source` longer than `limit` lines."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > limit:
                found.append((node.name, length))
    return found


def test_the_app_has_modules_to_check():
    assert len(_modules()) > 100


def test_no_module_is_over_400_lines():
    offenders = []
    for path in _modules():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MODULE_LINES:
            offenders.append(f"{path.relative_to(APP)}: {lines} lines")
    assert offenders == []


def test_no_function_is_over_60_lines():
    found = [f"{path.relative_to(APP)}: {name} has {length} lines"
             for path in _modules() for name, length in long_functions(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_checker_measures_a_function_with_its_decorators():
    body = "\n".join(f"    x = {i}" for i in range(58))
    source = f"@staticmethod\ndef short():\n{body}\n\ndef long():\n{body}\n    y = 1\n    z = 2\n"
    assert long_functions(source) == [("long", 61)]
