"""Every module of the app reaches project code by a plain static import, never through importlib."""

from __future__ import annotations

import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "desktop_app"
# Reading packaged data or installed versions is not importing code.
HARMLESS = {"importlib.resources", "importlib.metadata"}


def dynamic_imports(source: str) -> list[str]:
    """Return what in `source` imports code at run time: importlib's loaders and `__import__`."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names
                      if a.name.split(".")[0] == "importlib" and a.name not in HARMLESS]
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "importlib":
            if node.module not in HARMLESS:
                found += [f"from {node.module} import {a.name}" for a in node.names
                          if f"importlib.{a.name}" not in HARMLESS]
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "__import__":
                found.append("__import__(...)")
            elif (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                  and func.value.id == "importlib"):
                found.append(f"importlib.{func.attr}(...)")
    return found


def test_the_app_has_modules_to_check():
    assert len(list(APP.rglob("*.py"))) > 100


def test_no_module_under_desktop_app_imports_through_importlib():
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        for what in dynamic_imports(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(APP.parent)}: {what}")
    assert offenders == []


def test_the_checker_sees_every_way_of_importing_at_run_time():
    source = ("import importlib\nfrom importlib import import_module\nimport importlib.util\n"
              "mod = importlib.import_module('desktop_app.core')\nother = __import__('desktop_app')\n")
    assert dynamic_imports(source) == ["import importlib", "from importlib import import_module",
                                       "import importlib.util", "importlib.import_module(...)",
                                       "__import__(...)"]


def test_the_checker_lets_packaged_data_and_static_imports_pass():
    source = ("from importlib import resources\nimport importlib.metadata\n"
              "from importlib.resources import files\nfrom desktop_app.core import i18n\nself.reload()\n")
    assert dynamic_imports(source) == []
