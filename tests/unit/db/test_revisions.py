"""The revisions read from the scripts without Alembic are exactly the ones Alembic walks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from desktop_app.core.db import revisions

ROOT = Path(__file__).resolve().parents[3]


def test_revisions_read_from_the_scripts_match_alembic():
    script = ScriptDirectory.from_config(revisions.alembic_config())
    assert revisions.head_revision() == script.get_current_head()
    assert revisions.known_revisions() == [s.revision for s in reversed(list(script.walk_revisions()))]


def test_opening_a_shop_at_head_does_not_import_alembic(tmp_path):
    shop = tmp_path / "shop.sqlite3"
    code = ("import sys; from desktop_app.core.db.schema import open_database; "
            f"open_database({str(shop)!r}).dispose(); "  # created: migrated to head, Alembic needed
            "[sys.modules.pop(m) for m in list(sys.modules) if m.startswith('alembic')]; "
            f"open_database({str(shop)!r}).dispose(); "
            "print(sorted(m for m in sys.modules if m.startswith('alembic')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
