"""Rows a request's database session has read and may be asked for again: kept until the session writes.

At a contest's start a contestant's request asks several services for the same rows (their registration, the
contest's problems and settings): each asks through ``remembered``, so that they load once per request. Only a
session the web layer has opened for a request (``start``, until ``stop`` at its end) keeps anything; elsewhere
(the command line, the workers, a test's own reads) ``remembered`` simply loads. A session that flushes,
commits, rolls back or closes forgets what it kept, so whatever a request writes it reads anew.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import DbSession

T = TypeVar("T")
_KEY = "hoithi.remembered"


def start(session: DbSession) -> None:
    """From now on (until ``stop``) ``session`` keeps what is read through ``remembered``: a request begins."""
    session.info[_KEY] = {}


def stop(session: DbSession) -> None:
    """``session`` keeps nothing more: the request has ended."""
    session.info.pop(_KEY, None)


def remembered(session: DbSession, key: Hashable, load: Callable[[], T]) -> T:
    """``load()``'s value, kept under ``key`` until the session next writes when a request has started it;
    ``key`` must name everything the value depends on (the rows' ids), never the time."""
    memo: dict[Hashable, Any] | None = session.info.get(_KEY)
    if memo is None:
        return load()
    if key not in memo:
        memo[key] = load()
    value: T = memo[key]
    return value


def _forget(session: Session, *args: object) -> None:
    if _KEY in session.info:
        session.info[_KEY] = {}


event.listen(Session, "after_flush", _forget)
event.listen(Session, "after_transaction_end", _forget)
