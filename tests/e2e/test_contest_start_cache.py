"""A contestant's browser at a contest's start: while waiting on the problem list it fetches what a problem's page
will name (prefetch hints), and when the contest opens the problem's page loads its editor, scripts and KaTeX from
the browser's cache without asking the server for any of them (their addresses carry their versions, kept for a
year: ``app/static_assets.py``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, expect
from werkzeug.serving import make_server

from app.extensions import db
from app.models import Contest, ContestKind
from app.timeutil import utcnow

from .. import builders
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def recorded(app: Flask) -> Iterator[tuple[str, list[str]]]:
    """The app served on a free port, CSRF on: (its base URL, the paths it was asked for, in order)."""
    asked: list[str] = []

    def recording(environ: dict[str, Any], start_response: Any) -> Any:
        asked.append(environ["PATH_INFO"])
        return app(environ, start_response)

    app.config["WTF_CSRF_ENABLED"] = True
    server = make_server("127.0.0.1", 0, recording, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", asked
    finally:
        server.shutdown()
        thread.join(timeout=5)
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_problem_page_loads_its_files_from_the_cache_filled_before_the_start(
    browser: Browser, recorded: tuple[str, list[str]]
) -> None:
    base, asked = recorded
    contest = builders.contest(ContestKind.INFORMATICS)
    bang = builders.categories(contest, "B")
    builders.programming_problem(contest, "A", bang["B"])
    builders.register(contest, builders.person("hs"), category=bang["B"])
    contest.submission_opens = utcnow() + timedelta(minutes=30)
    db.session.commit()

    page = browser.new_page()
    log_in(page, base, "hs")
    page.goto(f"{base}/contests/{contest.id}/problems")
    expect(page.locator("#no-problems")).to_be_visible()
    page.wait_for_load_state("networkidle")
    prefetched = {path for path in asked if path.startswith("/static/vendor/")}
    assert "/static/vendor/codemirror/codemirror.js" in prefetched, asked

    started = db.session.get(Contest, contest.id)
    assert started is not None
    started.submission_opens = utcnow() - timedelta(minutes=1)
    db.session.commit()
    before = len(asked)
    page.goto(f"{base}/contests/{contest.id}/problems/A")
    page.locator(".CodeMirror").wait_for()
    page.wait_for_load_state("networkidle")
    assert asked[before:] == [f"/contests/{contest.id}/problems/A"], "only the page itself reached the server"
    page.close()
