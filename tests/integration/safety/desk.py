"""One desk for the two-process conflict test: `python desk.py DB USER PIN RMA FOLDER`.

Reads the return, says "ready" (a file), waits for "go", adds a note based on what it read; when told
someone else changed the return first, it prints the sentence, reads again and retries.
Prints one JSON line: {"first": "ok"|"conflict", "message": ..., "retry": "ok"|null}.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

from desktop_app.core.db.schema import open_database
from desktop_app.core.services import returns as svc
from desktop_app.core.services.auth import sign_in
from desktop_app.core.services.base import ConflictError, ServiceContext


def main(url: str, user: str, pin: str, rma: str, folder: str) -> None:
    """Run one desk."""
    db = open_database(url)
    ctx = ServiceContext(db, sign_in(db, user, pin))
    seen = svc.get_return(db, rma, ctx.user.role).version
    (Path(folder) / f"ready-{user}").touch()
    deadline = time.monotonic() + 60
    while not (Path(folder) / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    out: dict = {"first": "ok", "message": "", "retry": None}
    try:
        svc.add_note(ctx, rma, "phone", f"call taken by {user}", expected_version=seen)
    except ConflictError as error:
        out.update(first="conflict", message=error.render("en"), message_zh=error.render("zh_CN"))
        fresh = svc.get_return(db, rma, ctx.user.role).version
        svc.add_note(ctx, rma, "phone", f"call taken by {user}", expected_version=fresh)
        out["retry"] = "ok"
    db.dispose()
    print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:6])
