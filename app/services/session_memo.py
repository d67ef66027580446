"""Rows a database session has read and may be asked for again in the same request: kept until it writes.

At a contest's start a contestant's request asks several services for the same rows (their registration, the
contest's problems and settings): each asks through ``remembered``, so that they load once per request. A
session that flushes, commits, rolls back or closes forgets them all, so whatever a request writes it reads anew;
a session lives for one request (Flask-SQLAlchemy's), so nothing is kept from one request to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import DbSession

T = TypeVar("T")
_KEY = "hoithi.remembered"


def remembered(session: DbSession, key: Hashable, load: Callable[[], T]) -> T:
    """``load()``'s value, kept under ``key`` in the session until it next writes: ``key`` must name everything
    the value depends on (the rows' ids), never the time."""
    memo: dict[Hashable, Any] = session.info.setdefault(_KEY, {})
    if key not in memo:
        memo[key] = load()
    value: T = memo[key]
    return value


def _forget(session: Session, *args: object) -> None:
    session.info.pop(_KEY, None)


event.listen(Session, "after_flush", _forget)
event.listen(Session, "after_transaction_end", _forget)
