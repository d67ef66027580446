"""Flask-Login's user loader: the logged-in user read from the database on every request, with their roles, in one
query; on a contest's contestant pages (``with_contest``) the same query also reads what the page asks first of
the contest (its data version, the user's registration: ``kept_contests``), so that such a page makes one query
fewer.

Nothing of the user is kept between requests, in any process: a logout elsewhere, a changed password, a
deactivation or a role taken away shows on the very next request of every host.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from flask import current_app, request
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import lazyload

from ..extensions import db, login_manager
from ..services.programming import kept_contests

if TYPE_CHECKING:
    from ..models import Role, User

F = TypeVar("F", bound=Callable[..., Any])
_MARK = "hoithi_reads_contest_with_user"


def with_contest(view: F) -> F:
    """Mark a view of ``/contests/<contest_id>/...`` that asks ``kept_contests.contest_for`` first: the user
    loader reads the contest's version and the user's registration with the user."""
    setattr(view, _MARK, True)
    return view


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    """The logged-in user with their roles (their unit loads when used); None, which logs the session out, when the
    session is of an earlier generation than the user's (they logged out, changed their password or were
    deactivated since: services.people.account_access) or the account is no longer active."""
    user_id, _dot, generation = session_id.partition(".")
    if not (user_id.isdigit() and generation.isdigit()):
        return None  # a session from before generations, or not ours
    contest_id = _contest_of_request()
    if contest_id is None:
        rows = db.session.execute(_user_query(), {"user_id": int(user_id)}).all()
    else:
        parameters = {"user_id": int(user_id), "contest_id": contest_id}
        rows = db.session.execute(_user_and_contest_query(), parameters).all()
    if not rows:
        return None
    user: User = rows[0][0]
    if user.session_generation != int(generation) or not user.is_active:
        return None
    user.know_roles(frozenset(row[1] for row in rows if row[1] is not None))
    if contest_id is not None:
        kept_contests.note_read_with_user(db.session, contest_id, user.id, rows[0][2:])
    return user


def _contest_of_request() -> int | None:
    """The contest of a ``with_contest`` view's request, or None."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if view is None or not getattr(view, _MARK, False):
        return None
    contest_id = (request.view_args or {}).get("contest_id")
    return contest_id if isinstance(contest_id, int) else None


@cache
def _user_query() -> Select[User, Role]:
    """The user's row with one role name a row (an outer join: none for a user without roles), built once: building
    it anew took about a quarter of the user's load. The ORM's joined load of the role rows and of the unit cost
    twice as much."""
    from ..models import User, UserRole

    return (
        select(User, UserRole.role)
        .outerjoin(UserRole, UserRole.user_id == User.id)
        .where(User.id == bindparam("user_id"))
        .options(lazyload(User.unit), lazyload(User.role_rows))
    )


@cache
def _user_and_contest_query() -> Select[*tuple[Any, ...]]:
    """``_user_query`` with ``kept_contests``' columns of the contest ``contest_id`` in every row."""
    return kept_contests.with_version_and_registration(_user_query())
