"""Run the real `returndesk` command in a subprocess against a demo shop on SQLite and PostgreSQL."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[3]
DEMO_ORDERS = 200
DEMO_SEED = 11


@dataclass(frozen=True)
class Result:
    """What one run of the command printed and returned."""

    code: int
    out: str
    err: str

    def json(self) -> Any:
        """Return stdout parsed as JSON."""
        return json.loads(self.out)


@dataclass(frozen=True)
class Shop:
    """A demo shop database and a way to run the command against it."""

    url: str
    data_home: Path

    def run(self, *args: str, user: str | None = None, pin: str | None = None) -> Result:
        """Run `returndesk --db URL ARGS` with no terminal; user and PIN through the environment."""
        return run_cli("--db", self.url, *args, data_home=self.data_home, user=user, pin=pin)

    def read(self, *args: str) -> Result:
        """Run a command that shows customers' data, signed in as the demo owner."""
        return self.run(*args, user="owner", pin="4321")


def run_cli(*args: str, data_home: Path, user: str | None = None, pin: str | None = None) -> Result:
    """Run `python -m desktop_app ARGS` as a script would, with stdin closed (no TTY)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("RETURNDESK_")}
    env["XDG_DATA_HOME"] = str(data_home)
    if user is not None:
        env["RETURNDESK_USER"] = user
    if pin is not None:
        env["RETURNDESK_PIN"] = pin
    done = subprocess.run([sys.executable, "-m", "desktop_app", *args], cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600, check=False)
    return Result(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def shop(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shop]:
    """A demo shop built by `returndesk demo`, shared by the tests of one module and back end."""
    folder = tmp_path_factory.mktemp("cli-shop")
    if request.param == "sqlite":
        url = str(folder / "shop.sqlite3")
        cleanup = None
    else:
        cluster = request.getfixturevalue("pg_cluster")
        name = cluster.create_database()
        url = cluster.url(name)
        cleanup = (cluster, name)
    shop = Shop(url, folder / "data")
    built = shop.run("demo", "--orders", str(DEMO_ORDERS), "--seed", str(DEMO_SEED))
    assert built.code == 0, built.err
    yield shop
    if cleanup is not None:
        cluster, name = cleanup
        cluster.drop_database(name)


@dataclass(frozen=True)
class Bench:
    """A private copy of a small demo shop (a SQLite file or a PostgreSQL database), run through main() here."""

    path: Path | str  # the file, or the PostgreSQL URL
    data_home: Path

    def run(self, *args: str, user: str | None = None, pin: str | None = None,
            env: dict[str, str] | None = None) -> Result:
        """Run `returndesk --db FILE ARGS` through main(), capturing what it prints."""
        return run_main("--db", str(self.path), *args, data_home=self.data_home, user=user, pin=pin, env=env)

    def owner(self, *args: str, env: dict[str, str] | None = None) -> Result:
        """Run a command as the demo owner."""
        return self.run(*args, user="owner", pin="4321", env=env)

    def clerk(self, *args: str) -> Result:
        """Run a command as the demo clerk."""
        return self.run(*args, user="clerk", pin="1234")

    def read(self, *args: str) -> Result:
        """Run a command that shows customers' data, signed in as the demo owner."""
        return self.owner(*args)


def run_main(*args: str, data_home: Path, user: str | None = None, pin: str | None = None,
             env: dict[str, str] | None = None) -> Result:
    """Run the command's main() with a clean RETURNDESK_* environment and no terminal; return what it printed."""
    from desktop_app.cli import app

    saved = dict(os.environ)
    os.environ.update({"XDG_DATA_HOME": str(data_home)})
    for key in [k for k in os.environ if k.startswith("RETURNDESK_")]:
        del os.environ[key]
    os.environ.update({k: v for k, v in (("RETURNDESK_USER", user), ("RETURNDESK_PIN", pin)) if v is not None})
    os.environ.update(env or {})
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = app.main(list(args))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return Result(code, out.getvalue(), err.getvalue())


def _build_demo(db: str, data_home: Path) -> None:
    """Build the small demo shop (60 orders, every status) into `db`."""
    built = run_main("--db", db, "demo", "--orders", "60", "--seed", "3", data_home=data_home)
    assert built.code == 0, built.err


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo shop file, built once per test module."""
    folder = tmp_path_factory.mktemp("cli-bench")
    path = folder / "shop.sqlite3"
    _build_demo(str(path), folder / "data")
    return path


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def demo_source(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The small demo shop once per module and back end: a file path, or the name of a PostgreSQL template."""
    if request.param == "sqlite":
        yield str(request.getfixturevalue("demo_file"))
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database()
    _build_demo(cluster.url(name), tmp_path_factory.mktemp("cli-bench-pg") / "data")
    yield name
    cluster.drop_database(name)


@pytest.fixture
def bench(request: pytest.FixtureRequest, demo_source: str, tmp_path: Path) -> Iterator[Bench]:
    """A private copy of the small demo shop for one test, on SQLite and on PostgreSQL."""
    if demo_source.endswith(".sqlite3"):
        path = tmp_path / "shop.sqlite3"
        shutil.copyfile(demo_source, path)
        yield Bench(path, tmp_path / "data")
        return
    cluster = request.getfixturevalue("pg_cluster")
    name = cluster.create_database(template=demo_source)
    yield Bench(cluster.url(name), tmp_path / "data")
    cluster.drop_database(name)


@pytest.fixture
def file_bench(demo_file: Path, tmp_path: Path) -> Bench:
    """A private copy of the small demo shop file, for what only a shop file has (backup and restore)."""
    path = tmp_path / "shop.sqlite3"
    shutil.copyfile(demo_file, path)
    return Bench(path, tmp_path / "data")
