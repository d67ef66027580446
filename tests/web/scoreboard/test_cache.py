"""The scoreboard's cache: a board is kept for a few seconds, and while one request recomputes it the others get
the previous board."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.queue import connection
from app.services.programming import scoreboard
from tests.web.scoreboard.conftest import Running

from .helpers import _contestant


def test_the_board_is_cached_for_a_few_seconds(client: FlaskClient, running: Running) -> None:
    contest = running["contest"]
    url = f"/contests/{contest.id}/scoreboard"
    assert "Lê Văn Mới" not in client.get(url).get_data(as_text=True)
    _contestant(contest, "Lê Văn Mới")
    db.session.commit()
    assert "Lê Văn Mới" not in client.get(url).get_data(as_text=True)
    scoreboard.forget(connection(), contest.id)
    assert "Lê Văn Mới" in client.get(url).get_data(as_text=True)


def test_while_one_request_recomputes_others_get_the_previous_board(app: Flask, running: Running) -> None:
    contest, cache = running["contest"], connection()
    first = scoreboard.build(db.session, contest, viewer_is_staff=False, cache=cache)
    _contestant(contest, "Lê Văn Mới")
    db.session.commit()
    key = next(k for k in cache.scan_iter(f"hoithi:scoreboard:{contest.id}:*") if not k.endswith(b":stale"))
    cache.delete(key)  # expired
    cache.set(key + b":lock", 1)  # and another request is computing it
    again = scoreboard.build(db.session, contest, viewer_is_staff=False, cache=cache)
    assert [r.name for r in again.rows] == [r.name for r in first.rows]
    cache.delete(key + b":lock")
    assert "Lê Văn Mới" in [
        r.name for r in scoreboard.build(db.session, contest, viewer_is_staff=False, cache=cache).rows
    ]
