"""A real portal server on loopback and Debian's chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn

from desktop_app.core.db.engine import Database
from desktop_app.core.services.settings import set_settings
from desktop_app.portal.app import create_app
from tests.helpers.smtp import free_port
from tests.integration.portal.portal_shop import portal_shop
from tests.integration.services.returns_shop import Shop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@dataclass
class Running:
    """The shop behind the running portal and the portal's address."""

    shop: Shop
    base: str


@pytest.fixture
def portal(sqlite_database: Database) -> Iterator[Running]:
    """Serve the portal over the test shop on a free loopback port for one test."""
    shop = portal_shop(sqlite_database)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    set_settings(shop.owner, {"shop.status_url_template": base + "/status/{rma}"})
    server = uvicorn.Server(uvicorn.Config(create_app(sqlite_database), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "the portal did not start"
    yield Running(shop, base)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium, headless, through Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()
