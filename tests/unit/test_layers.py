"""The core never imports Qt: it must run in scripts, the CLI and headless tests."""

import ast
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "desktop_app" / "core"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_has_python_modules_to_check():
    assert len(list(CORE.rglob("*.py"))) >= 9


def test_no_module_under_core_imports_qt_or_the_gui():
    offenders = []
    for path in CORE.rglob("*.py"):
        for name in _imported_modules(path):
            top = name.split(".")[0]
            if top in {"PySide6", "PyQt5", "PyQt6", "shiboken6"} or name.startswith("desktop_app.gui"):
                offenders.append(f"{path.relative_to(CORE)} imports {name}")
    assert offenders == []


def test_the_checker_sees_a_qt_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from PySide6.QtCore import QObject\nimport os\n", encoding="utf-8")
    assert "PySide6.QtCore" in _imported_modules(sample)
