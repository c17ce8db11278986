"""Shared database fixtures: a migrated SQLite file, and a throwaway PostgreSQL cluster on a free port.

`database` runs a test on both back ends (the PostgreSQL run carries the `postgres` marker);
`sqlite_database` is SQLite only; `pg_url` is an empty PostgreSQL database of its own.
The cluster is started from the machine's PostgreSQL binaries as a non-root user (`returndesk-test`
when the tests run as root), listens on 127.0.0.1 only and is removed at the end of the session.
Without binaries the PostgreSQL tests are skipped, unless RETURNDESK_REQUIRE_POSTGRES=1 (CI) says fail.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desktop_app.core.db.engine import Database
from desktop_app.core.db.schema import open_database

PG_TEST_USER = "returndesk-test"
_names = itertools.count(1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that touches the PostgreSQL cluster with `postgres`."""
    for item in items:
        if {"pg_url", "pg_cluster"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.postgres)


def _free_port() -> int:
    """Return a local TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pg_bindir() -> Path | None:
    """Find the folder with initdb and pg_ctl: $RETURNDESK_PG_BINDIR, pg_config, Debian's folders, PATH."""
    candidates: list[Path] = []
    if os.environ.get("RETURNDESK_PG_BINDIR"):
        candidates.append(Path(os.environ["RETURNDESK_PG_BINDIR"]))
    if shutil.which("pg_config"):
        result = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=False)
        if result.returncode == 0:
            candidates.append(Path(result.stdout.strip()))
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(versions)
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).resolve().parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _test_user() -> str | None:
    """Return the non-root user to run PostgreSQL as (created if missing), or None when not root."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        pwd.getpwnam(PG_TEST_USER)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_TEST_USER],
            check=True,
            capture_output=True,
        )
    return PG_TEST_USER


@dataclass
class PgCluster:
    """A running throwaway PostgreSQL cluster."""

    bindir: Path
    folder: Path
    port: int
    user: str | None

    @property
    def data(self) -> Path:
        """Return the data directory."""
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        """Return the SQLAlchemy URL of one database on this cluster (superuser, trust on 127.0.0.1)."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a PostgreSQL binary as the cluster's user; raise with its output when it fails."""
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder, check=False)
        if result.returncode != 0:
            log = self.folder / "server.log"
            tail = log.read_text(errors="replace")[-3000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}\n{tail}")
        return result

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE) as the superuser."""
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname="postgres", autocommit=True
        ) as connection:
            connection.execute(sql)

    def create_database(self, template: str = "template0") -> str:
        """Create a new database (a copy of `template`) and return its name."""
        name = f"rd_{os.getpid()}_{next(_names)}"
        self.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop_database(self, name: str) -> None:
        """Drop a database even if a connection was left open."""
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _start_cluster(bindir: Path) -> PgCluster:
    """Initialise and start a cluster in a fresh temporary folder on a free port."""
    user = _test_user()
    # /tmp is traversable by every user; a root-only $TMPDIR would lock the cluster's user out.
    folder = Path(tempfile.mkdtemp(prefix="returndesk-pg-", dir="/tmp" if user else None))
    if user:
        shutil.chown(folder, user=user)
    cluster = PgCluster(bindir=bindir, folder=folder, port=_free_port(), user=user)
    for locale in ("C.UTF-8", "C"):  # C.UTF-8 lets lower()/ILIKE fold non-ASCII text; not every OS has it
        try:
            cluster.run("initdb", "-D", str(cluster.data), "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        f"--locale={locale}", "--no-sync", "--no-instructions")  # fmt: skip
            break
        except RuntimeError:
            if locale == "C":
                raise
            shutil.rmtree(cluster.data, ignore_errors=True)
    for attempt in range(3):
        options = (
            f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        try:
            cluster.run("pg_ctl", "-D", str(cluster.data), "-l", str(folder / "server.log"), "-w", "-t", "60",
                        "-o", options, "start")  # fmt: skip
            break
        except RuntimeError:
            if attempt == 2:
                raise
            cluster.port = _free_port()  # the port was taken in between: try another
    return cluster


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """Start a throwaway PostgreSQL cluster for the whole session; skip (or fail in CI) without binaries."""
    bindir = pg_bindir()
    if bindir is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) not found; install the postgresql package"
        if os.environ.get("RETURNDESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(message + " (RETURNDESK_REQUIRE_POSTGRES=1)", pytrace=False)
        pytest.skip(message)
    cluster = _start_cluster(bindir)
    try:
        yield cluster
    finally:
        try:
            cluster.run("pg_ctl", "-D", str(cluster.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(cluster.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def _pg_template(pg_cluster: PgCluster) -> str:
    """A database migrated to head once; each test's database is a fast copy of it."""
    name = pg_cluster.create_database()
    db = open_database(pg_cluster.url(name))
    db.dispose()
    return name


@pytest.fixture
def pg_url(pg_cluster: PgCluster) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database of this test's own (not migrated)."""
    name = pg_cluster.create_database()
    yield pg_cluster.url(name)
    pg_cluster.drop_database(name)


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite shop file migrated to head once; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "shop.sqlite3"
    open_database(path).dispose()
    return path


def _sqlite_copy(template: Path, folder: Path) -> Database:
    """Open a fresh copy of the migrated template file in `folder`."""
    path = folder / "shop.sqlite3"
    shutil.copyfile(template, path)
    return open_database(path)


@pytest.fixture
def sqlite_database(_sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated shop in a real SQLite file under tmp_path."""
    db = _sqlite_copy(_sqlite_template, tmp_path)
    yield db
    db.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database(request: pytest.FixtureRequest, _sqlite_template: Path, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated shop database, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        db = _sqlite_copy(_sqlite_template, tmp_path)
        yield db
        db.dispose()
        return
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database(template=request.getfixturevalue("_pg_template"))
    db = open_database(cluster.url(name))
    yield db
    db.dispose()
    cluster.drop_database(name)


