"""Helpers of the safety tests (imported by name, unlike conftest): copy a shop file."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_shop(template: Path, folder: Path, name: str = "shop.sqlite3") -> Path:
    """Copy the template shop file into `folder` and return the copy's path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    shutil.copyfile(template, path)
    return path
