"""The scoreboard's cache: a board is kept for a few seconds, and while one request recomputes it the others get
the previous board."""

from __future__ import annotations

import json

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


def test_a_board_cached_by_an_earlier_version_is_computed_anew(app: Flask, running: Running) -> None:
    """Across an upgrade the cache may hold a board in an older form (rows without their board): it is computed
    again, never a server error."""
    contest, cache = running["contest"], connection()
    first = scoreboard.build(db.session, contest, viewer_is_staff=False, cache=cache)
    key = next(k for k in cache.scan_iter(f"hoithi:scoreboard:{contest.id}:*") if not k.endswith(b":stale"))
    cached = cache.get(key)
    assert cached is not None
    older = json.loads(cached)
    older["rows"] = [row[:11] for row in older["rows"]]
    cache.set(key, json.dumps(older))
    cache.set(key + b":stale", b"{not json")
    again = scoreboard.build(db.session, contest, viewer_is_staff=False, cache=cache)
    assert again.rows == first.rows
    cache.delete(key)
    assert scoreboard.build(db.session, contest, viewer_is_staff=False, cache=cache).rows == first.rows
