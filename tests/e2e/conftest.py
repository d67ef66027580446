"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded browser) against the app
served on a free loopback port."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("HOITHI_CHROMIUM", "/usr/bin/chromium")
OUTPUT = Path(os.environ.get("HOITHI_TEST_OUTPUT", Path(__file__).resolve().parents[2] / "test-results"))


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app (CSRF on, as in production) served by a thread on 127.0.0.1; yields its base URL."""
    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("HOITHI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is not installed (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Callable[[Page, str], Path]:
    """``shots(page, name)`` saves a full-page screenshot under test-results/<test name>/."""
    folder: Path = OUTPUT / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    count = iter(range(1, 100))

    def take(page: Page, name: str) -> Path:
        path = folder / f"{next(count):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
