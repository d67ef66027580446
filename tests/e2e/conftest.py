"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded browser) against the app
served on a free loopback port; a real judge worker where a test needs one; and, for lab rounds, a lab's standalone
hoithi beside the province's (its own database, store and Redis, served and judged the same way)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from app.extensions import db
from app.redis_server import socket_path, start_private_redis, url_for_socket
from app.supervisor import popen_options
from sandbox.backends import get_backend
from sandbox.session import SandboxError

from ..web.lab_helpers import standalone_app

CHROMIUM = os.environ.get("HOITHI_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
OUTPUT = Path(os.environ.get("HOITHI_TEST_OUTPUT", ROOT / "test-results"))


@contextlib.contextmanager
def served(app: Flask) -> Iterator[str]:
    """``app`` served by a thread on a free port of 127.0.0.1 until the block ends; its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@contextlib.contextmanager
def judge_worker(app: Flask) -> Iterator[subprocess.Popen[bytes]]:
    """A real judge worker (``hoithi worker``) on ``app``'s database, Redis and store, grading in bubblewrap, until
    the block ends. Skips the test where bubblewrap cannot run (fails it under ``HOITHI_REQUIRE_SANDBOX=1``)."""
    try:
        get_backend("bwrap")
    except SandboxError as exc:
        if os.environ.get("HOITHI_REQUIRE_SANDBOX") == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    env = {
        **os.environ,
        "HOITHI_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "HOITHI_REDIS_URL": app.config["REDIS_URL"],
        "HOITHI_STORAGE_DIR": app.config["STORAGE_DIR"],
        "HOITHI_INSTANCE_DIR": app.instance_path,
        "HOITHI_SANDBOX": "bwrap",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "worker"],
        env=env,
        cwd=ROOT,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The app (CSRF on, as in production) served by a thread on 127.0.0.1; yields its base URL."""
    app.config["WTF_CSRF_ENABLED"] = True
    with served(app) as url:
        yield url
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def lab_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """A lab's standalone hoithi, as ``hoithi up`` runs it in a school's computer room: an application of its own
    on a SQLite file, a store and a private Redis of its own (started here, stopped after the test), CSRF on. Use
    it inside ``with lab_app.app_context():``."""
    instance = tmp_path_factory.mktemp("lab")
    redis = start_private_redis(instance, **popen_options())
    try:
        lab = standalone_app(instance, url_for_socket(socket_path(instance)))
        lab.config["WTF_CSRF_ENABLED"] = True
        yield lab
        with lab.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        redis.terminate()
        redis.wait(timeout=30)


@pytest.fixture
def lab_server(lab_app: Flask) -> Iterator[str]:
    """The lab's hoithi served on a port of its own; its base URL."""
    with served(lab_app) as url:
        yield url


@pytest.fixture
def lab_worker(lab_app: Flask) -> Iterator[subprocess.Popen[bytes]]:
    """The lab's own judge worker, on the lab's database, Redis and store."""
    with judge_worker(lab_app) as process:
        yield process


@pytest.fixture
def browser():
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
def shots(request: pytest.FixtureRequest):
    """``shots(page, name)`` saves a full-page screenshot under test-results/<test name>/."""
    folder = OUTPUT / request.node.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    count = iter(range(1, 100))

    def take(page, name: str) -> Path:
        path = folder / f"{next(count):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
