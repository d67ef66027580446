"""The scoreboard of a programming contest: who is where, problem by problem.

Promises:

- Contestants are the contest's registrations but the disqualified (``disqualification``); a submission counts
  for the registration its author belongs to (a team's members all count for the team). Only submissions to the
  contest's problems, made inside the window ``[submission_opens, submission_closes)``, or up to the end of its
  entrant's extra time (``extra_time``), with a result that is not JE count (``compute.judged``); one being judged
  again counts with its previous result until the new one is written (``grading_admin.rejudge``). A submission
  waiting for its first result shows as pending where it may still change the cell: not on an IOI cell at full
  marks, nor after an ICPC cell's first AC (see ``board.Cell``).
- IOI: a problem scores its best submission, or with ``best_per_subtask`` the best of each subtask across
  submissions, summed (see ``compute._subtask_points``), never above the problem's maximum. Rank by total, ties
  share a rank (1, 2, 2, 4).
- Boards: a contest of several categories (Bảng B, C …) ranks each apart, as its awards do; rows come board by
  board (the categories in order, contestants of none last), each with its ``board_id`` and ``board_name``.
- ICPC: problems solved, then penalty minutes: for each solved problem the minutes of contest time to its first AC
  (from ``submission_opens``; for an entrant given extra time, without the minutes they lost:
  ``extra_time.contest_minutes``) plus ``PENALTY_MINUTES`` per rejected try before it (CE and JE are no tries),
  then the earlier last AC, as DOMjudge ranks. Equal on all three share a rank. As in DOMjudge, a try waiting for
  its result before the first AC is pending on the solved cell (its penalty counts once it is judged rejected);
  nothing after the first AC is.
- Freeze: with ``freeze_minutes`` set and results not published, the public sees from ``submission_closes -
  freeze_minutes`` on only what was submitted before then; later submissions show as pending, as do those made
  before it that still wait for the judge (where they may still change the cell, as above). Staff always see
  the live board; once results are published everyone does.
- Filters (unit, district) keep the overall ranks.
- A board costs a fixed handful of SQL statements whatever the number of contestants, and is kept in Redis for
  ``CACHE_SECONDS`` (the whole board of each kind: live, frozen; filters are applied to it): a board may be that
  many seconds stale, also for staff, or a little more while another request recomputes it (see ``_cached``).
  Publishing results or changing the mode starts a new board at once (they are part of the key); ``forget``
  drops a contest's boards.

Modules: ``board`` (the data and its cached form), ``compute`` (SQL and ranking); this one builds a board for
a viewer, with the cache and the filters.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

from redis import Redis, RedisError

from ....extensions import DbSession
from ....models import Contest, ProgrammingSettings, ScoreboardMode
from ....redis_guard import note_fallback
from ....timeutil import utcnow
from .. import extra_time
from .board import Cell, Column, Row, Scoreboard, dumps, loads
from .compute import PENALTY_MINUTES
from .compute import compute as compute_board

CACHE_SECONDS = 5
STALE_SECONDS = 60
LOCK_SECONDS = 30
_KEY_PREFIX = "hoithi:scoreboard"
_log = logging.getLogger(__name__)

__all__ = ["CACHE_SECONDS", "PENALTY_MINUTES", "Cell", "Column", "Row", "Scoreboard", "build", "forget"]


def build(
    session: DbSession,
    contest: Contest,
    *,
    viewer_is_staff: bool,
    now: datetime | None = None,
    unit_id: int | None = None,
    district_id: int | None = None,
    cache: Redis | None = None,
) -> Scoreboard:
    """The board of ``contest`` as this viewer may see it, filtered to a unit or a district (ranks stay the
    overall ranks); taken from ``cache`` when a board of the same kind was computed lately."""
    now = now or utcnow()
    settings = session.get(ProgrammingSettings, contest.id)
    mode = settings.scoreboard_mode if settings else ScoreboardMode.IOI
    per_subtask = bool(settings and settings.best_per_subtask)
    published = bool(settings and settings.results_published)
    freeze_minutes = settings.freeze_minutes if settings else 0
    freeze_at = contest.submission_closes - timedelta(minutes=freeze_minutes) if freeze_minutes > 0 else None
    frozen = freeze_at is not None and not published and not viewer_is_staff and now >= freeze_at
    view = f"frozen{freeze_at:%Y%m%d%H%M}" if frozen and freeze_at else "live"
    key = f"{_KEY_PREFIX}:{contest.id}:{mode.value}:{int(per_subtask)}:{int(published)}:{view}"

    def compute() -> Scoreboard:
        return compute_board(
            session,
            contest,
            mode=mode,
            per_subtask=per_subtask,
            published=published,
            freeze_at=freeze_at,
            cut=freeze_at if frozen and freeze_at else extra_time.latest_close(session, contest),
            frozen=frozen,
            now=now,
        )

    board = compute() if cache is None else _cached(cache, key, compute)
    if not viewer_is_staff and now < contest.submission_opens:
        # Before the start the public learns how many problems there are, not what they are about.
        board = replace(board, problems=[replace(c, title="") for c in board.problems])
    return _filtered(board, unit_id, district_id)


def _cached(cache: Redis, key: str, compute: Callable[[], Scoreboard]) -> Scoreboard:
    """The board under ``key`` if computed in the last ``CACHE_SECONDS``; else computed and stored. While one
    request recomputes an expired board, others get the previous one (kept ``STALE_SECONDS``) rather than
    computing it too. Without Redis every request computes the board."""
    try:
        fresh, stale = cache.mget(key, f"{key}:stale")
        if fresh is not None and (board := _readable(fresh)) is not None:
            return board
        if stale is not None and not cache.set(f"{key}:lock", 1, nx=True, ex=LOCK_SECONDS):
            return _readable(stale) or compute()
    except RedisError as error:
        note_fallback("scoreboard cache", error)
        return compute()
    board = compute()
    raw = dumps(board)
    try:
        with cache.pipeline() as pipe:
            pipe.set(key, raw, ex=CACHE_SECONDS)
            pipe.set(f"{key}:stale", raw, ex=STALE_SECONDS)
            pipe.delete(f"{key}:lock")
            pipe.execute()
    except RedisError as error:
        note_fallback("scoreboard cache", error)
    return board


def _readable(raw: bytes) -> Scoreboard | None:
    """The board ``raw`` holds, or None when it is not one this version reads (cached by an earlier version of
    hoithi across an upgrade, or damaged): computed anew then, never a server error."""
    try:
        return loads(raw)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        _log.warning("a cached scoreboard could not be read (%s: %s): computed anew", type(error).__name__, error)
        return None


def forget(cache: Redis, contest_id: int) -> None:
    """Drop every cached board of a contest (after publishing results, or to measure a cold board)."""
    keys = list(cache.scan_iter(f"{_KEY_PREFIX}:{contest_id}:*", count=500))
    if keys:
        cache.delete(*keys)


def _filtered(board: Scoreboard, unit_id: int | None, district_id: int | None) -> Scoreboard:
    rows = [
        r
        for r in board.rows
        if (unit_id is None or r.unit_id == unit_id) and (district_id is None or r.district_id == district_id)
    ]
    return board if len(rows) == len(board.rows) else replace(board, rows=rows)
