"""Fixtures of the grading queue's tests: the judge's sample packages, its cache folder and the real bubblewrap
sandbox, shared with the judge's own tests, and the app grading on that sandbox."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from app.queue import judge_queue
from sandbox.session import Backend

from ...judge.conftest import DATA, backend, judge_cache

__all__ = ["DATA", "backend", "judge_app", "judge_cache"]


@pytest.fixture
def judge_app(app: Flask, backend: Backend) -> Iterator[Flask]:
    """The app grading on the bubblewrap sandbox, with an empty judge queue."""
    app.config["SANDBOX"] = "bwrap"
    queue = judge_queue(app)
    queue.connection.flushdb()
    yield app
    queue.connection.flushdb()
