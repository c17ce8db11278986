"""Two desks (two processes) change the same return at once: the second is told who and when; nothing is lost."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from safety_shop import copy_shop
from sqlalchemy import select

from desktop_app.core.db.migrate_to import migrate_to
from desktop_app.core.db.models import Return
from desktop_app.core.db.schema import open_database
from desktop_app.core.services import returns as svc

DESK = Path(__file__).with_name("desk.py")
ROUNDS = 2


def _desks(url: str, rma: str, folder: Path) -> dict[str, dict]:
    """Start the owner's and the clerk's desk, let both read, then release them together."""
    folder.mkdir()
    procs = {user: subprocess.Popen([sys.executable, str(DESK), url, user, pin, rma, str(folder)],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for user, pin in (("owner", "4321"), ("clerk", "1234"))}
    deadline = time.monotonic() + 120
    while not all((folder / f"ready-{u}").exists() for u in procs):
        assert time.monotonic() < deadline and all(p.poll() is None for p in procs.values()), \
            [p.stderr.read() for p in procs.values() if p.poll() is not None]  # type: ignore[union-attr]
        time.sleep(0.01)
    (folder / "go").touch()
    results = {}
    for user, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
        results[user] = json.loads(out.strip().splitlines()[-1])
    return results


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_two_desks_adding_to_the_same_return(backend, demo_template: Path, tmp_path: Path, request):
    path = copy_shop(demo_template, tmp_path)
    url = str(path)
    if backend == "postgresql":
        url = request.getfixturevalue("pg_url")
        migrate_to(str(path), url)
    db = open_database(url)
    try:
        with db.read() as s:
            working = Return.status.in_(("requested", "approved", "received"))
            rmas = list(s.scalars(select(Return.rma).where(Return.imported.is_(False), working).limit(ROUNDS)))
        assert len(rmas) == ROUNDS
        names = {"owner": "Owner", "clerk": "Clerk"}
        for n, rma in enumerate(rmas):
            before = len(svc.get_return(db, rma, "owner").events)
            results = _desks(url, rma, tmp_path / f"round-{n}")
            firsts = sorted(r["first"] for r in results.values())
            assert firsts == ["conflict", "ok"], results
            loser = next(u for u, r in results.items() if r["first"] == "conflict")
            winner = next(u for u in results if u != loser)
            message = results[loser]["message"]
            assert f"changed by {names[winner]} at " in message and "Nothing was overwritten" in message
            assert names[winner] in results[loser]["message_zh"]
            assert results[loser]["retry"] == "ok"
            notes = [e.note for e in svc.get_return(db, rma, "owner").events[before:]]
            assert sorted(notes) == ["call taken by clerk", "call taken by owner"]  # nothing lost
    finally:
        db.dispose()
