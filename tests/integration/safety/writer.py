"""A writer for the crash test: `python writer.py MODE DB SEED` prints "ready" and writes until it is killed.

Modes: `returns` (create returns and walk them through every transition, owner and clerk), `import`
(AdventureWorks products then a year of sales), `demo` (build the demo shop), `migrate` (create a new
shop file, which runs the schema migrations), `upgrade` (open a file of the first schema version), and the
commands that write files: `label` (label --out), `backup` (backup --out), `restore` (restore from a backup).
A clean finish prints "done".
"""

from __future__ import annotations

import contextlib
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from desktop_app.core.db.models import Order, OrderLine  # noqa: E402
from desktop_app.core.db.schema import open_database  # noqa: E402
from desktop_app.core.i18n import UserFacingError  # noqa: E402
from desktop_app.core.services import returns as svc  # noqa: E402
from desktop_app.core.services.auth import sign_in  # noqa: E402
from desktop_app.core.services.base import ServiceContext  # noqa: E402

AW = ROOT / "tests" / "fixtures" / "imports" / "adventureworks"


def say(word: str) -> None:
    """Tell the parent where the writer is (one line, flushed)."""
    print(word, flush=True)


def walk_one(rng: random.Random, owner: ServiceContext, clerk: ServiceContext, lines: list) -> None:
    """Create one return on a random order line and take it as far as the dice say."""
    number, channel, line_id, bought = rng.choice(lines)
    qty = rng.randint(1, max(1, min(bought, 3)))
    ret = svc.create_return(owner, number, [(line_id, qty, rng.choice(["defective", "changed_mind"]), "", "unused")],
                            goodwill_reason="crash test", order_channel=channel)
    line = ret.lines[0].id
    desk = rng.choice([owner, clerk])
    if rng.random() < 0.1:
        svc.cancel(desk, ret.rma)
        return
    svc.approve(desk, ret.rma)
    damaged = rng.randint(0, qty) if rng.random() < 0.3 else 0
    svc.receive(desk, ret.rma, {line: (qty, damaged)}, tracking=f"T{rng.randint(1, 10**9)}")
    svc.inspect(desk, ret.rma, {line: ("like_new", damaged, True)})
    done = svc.resolve_line(owner, ret.rma, line, rng.choice(["refund", "store_credit"]), qty,
                            external_reference="crash")
    if rng.random() < 0.3:
        done = svc.reverse_refund(owner, ret.rma, line, qty, "crash test reversal")
        return
    svc.close(desk, done.rma)


def run_returns(db_path: str, seed: int) -> None:
    """Walk returns through their lifecycle forever (until killed)."""
    rng = random.Random(seed)
    db = open_database(db_path)
    owner = ServiceContext(db, sign_in(db, "owner", "4321"))
    clerk = ServiceContext(db, sign_in(db, "clerk", "1234"))
    with db.read() as s:
        lines = s.execute(select(Order.number, Order.channel, OrderLine.id, OrderLine.quantity)
                          .join(OrderLine, OrderLine.order_id == Order.id)).all()
    say("ready")
    while True:
        with contextlib.suppress(UserFacingError):  # a rule said no (all returned already): next line
            walk_one(rng, owner, clerk, lines)


def run_import(db_path: str, seed: int) -> None:
    """Import the AdventureWorks products, returns and a year of sales (each file one transaction)."""
    from desktop_app.core.imports.writer import import_file

    db = open_database(db_path)
    owner = sign_in(db, "owner", "4321")
    say("ready")
    for name, profile in (("adventureworks_products.csv", "adventureworks-products"),
                          ("adventureworks_sales_2016.csv", "adventureworks-sales"),
                          ("adventureworks_returns.csv", "adventureworks-returns")):
        import_file(db, AW / name, profile, owner)
    say("done")


def run_demo(db_path: str, seed: int) -> None:
    """Build the demo shop into an empty file."""
    from desktop_app.core.demo.shop import build_demo

    db = open_database(db_path)
    say("ready")
    build_demo(db, orders=400, seed=seed)
    say("done")


def run_migrate(db_path: str, seed: int) -> None:
    """Create a new shop file: the schema migration runs inside open_database."""
    say("ready")
    open_database(db_path).dispose()
    say("done")


def run_upgrade(db_path: str, seed: int) -> None:
    """Open a shop file made by an older ReturnDesk: backup, then every schema upgrade in one transaction."""
    say("ready")
    open_database(db_path).dispose()
    say("done")


def _command(db_path: str, *args: str) -> None:
    """Run one `returndesk` command in this process, as the owner; it must succeed."""
    import io
    import os

    from desktop_app.cli.app import main

    os.environ.update(RETURNDESK_USER="owner", RETURNDESK_PIN="4321",
                      XDG_DATA_HOME=str(Path(db_path).parent / "data"))
    with contextlib.redirect_stdout(io.StringIO()):  # stdout is the parent's "ready"/"done" channel
        status = main(["--db", db_path, *args])
    assert status == 0, args


def run_label(db_path: str, seed: int) -> None:
    """Write return labels with `returndesk label --out` (new files, then one replaced with --force)."""
    rma = f"R-{1 + seed % 50:06d}"
    _command(db_path, "returns", "list")  # a read: it takes no daily backup, nor do the labels below
    say("ready")
    for n in range(4):
        _command(db_path, "label", rma, "--out", str(Path(db_path).parent / f"out-{n}.pdf"), "--size", "a4")
    _command(db_path, "label", rma, "--out", str(Path(db_path).parent / "out-0.pdf"), "--force")
    say("done")


def run_backup(db_path: str, seed: int) -> None:
    """Write backups with `returndesk backup --out` while nothing else writes."""
    _command(db_path, "returns", "list")
    say("ready")
    for n in range(3):
        _command(db_path, "backup", "--out", str(Path(db_path).parent / f"out-{n}.db"))
    say("done")


def run_restore(db_path: str, seed: int) -> None:
    """Restore the shop from its own backup with `returndesk restore`, twice."""
    backup = Path(db_path).parent / "before.db"
    _command(db_path, "backup", "--out", str(backup))
    say("ready")
    for _ in range(2):
        _command(db_path, "restore", str(backup))
    say("done")


MODES = {"returns": run_returns, "import": run_import, "demo": run_demo, "migrate": run_migrate,
         "upgrade": run_upgrade, "label": run_label, "backup": run_backup, "restore": run_restore}

if __name__ == "__main__":
    MODES[sys.argv[1]](sys.argv[2], int(sys.argv[3]))
