"""Where bundled resources live: a checkout, an installed wheel or a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """Return the folder holding fonts, translations, templates and icons."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    here = Path(__file__).resolve().parent
    installed = Path(sys.prefix) / "share" / "returndesk" / "resources"
    for candidate in (here / "resources", here.parent / "resources", installed):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("ReturnDesk's resources folder is missing from this installation.")


def resource(*parts: str) -> Path:
    """Return the path of one bundled resource."""
    return resources_dir().joinpath(*parts)
