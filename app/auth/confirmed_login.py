"""A request's login confirmed by one query of one column, for the requests that need nothing of the user but their
id: the live status that a submission's page polls every few seconds while it waits, tens of thousands of times in
a contest's first minutes.

A session names its user and the session generation it was opened in ("12.3", ``User.get_id``). Three things decide
whether it still stands: the user loader refuses it unless the user's generation is that one and the account is
active, and the password guard sends a user who must change their password to the change form. ``confirmed_user_id``
asks the database exactly these of the user's row and answers the id when all hold, without loading the user (their
unit and roles, Flask-Login's machinery). Whenever it answers None, the request takes the usual way
(``current_user``), which then logs the session out, redirects or answers as it always has: this module only ever
makes the case that would be let through cheaper.

Under a contest's address (``contest_id`` among the view's arguments) the same query also answers whether that
contest is one that everyone may see (``policies.contests.seen_by_everyone``): the poll must refuse a contest that
was hidden since (back to draft, its proposal's approval withdrawn) as its page does, and asks nothing more for it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import current_app, g, request, session
from flask_login import login_required
from sqlalchemy import bindparam, exists, false, select

from ..extensions import db, login_manager
from ..models import AccountStatus, Contest, User
from ..policies.contests import seen_by_everyone

F = TypeVar("F", bound=Callable[..., Any])
_STILL_STANDS = select(User.id).where(
    User.id == bindparam("user_id"),
    User.session_generation == bindparam("generation"),
    User.status == AccountStatus.ACTIVE,
    User.must_change_password == false(),
)
"""The session's user, if the session still stands and the user may go on (built once: building a statement costs
about as much as running one this small)."""
_STILL_STANDS_AND_CONTEST = _STILL_STANDS.add_columns(
    exists().where(Contest.id == bindparam("contest_id"), seen_by_everyone())
)
"""``_STILL_STANDS`` and whether the contest ``contest_id`` is one that everyone may see."""
_CONFIRMED = "hoithi_confirmed_user_id"
_CONTEST_SEEN = "hoithi_confirmed_contest_seen"
_MARK = "hoithi_login_confirmed"
"""The attribute that ``login_confirmed`` sets on a view, for the password guard: such a view is let through when
``confirmed_user_id`` holds (it checks the guard's condition itself)."""


def confirmed_user_id() -> int | None:
    """The logged-in user's id when the session's user is active, of the session's generation and free to go on
    (no password to change), asked of the database once per request; None otherwise (no login, another generation,
    an account that may not go on, or a session whose address or browser changed since the login, which
    Flask-Login's session protection marks), and then the caller must go the usual way."""
    if _CONFIRMED not in g:
        user_id, contest_seen = _confirm()
        setattr(g, _CONFIRMED, user_id)
        setattr(g, _CONTEST_SEEN, contest_seen)
    return cast(int | None, getattr(g, _CONFIRMED))


def confirmed_contest_seen_by_everyone() -> bool:
    """Whether the login is confirmed (``confirmed_user_id``) and the contest of the request's address is one that
    everyone may see, asked in the same query. False also when the request names no contest: the caller must then
    decide the usual way (``policies.contests.may_see``)."""
    return confirmed_user_id() is not None and bool(getattr(g, _CONTEST_SEEN, False))


def _confirm() -> tuple[int | None, bool]:
    user_id, _dot, generation = str(session.get("_user_id", "")).partition(".")
    if not (user_id.isdigit() and generation.isdigit()):
        return None, False
    # Flask-Login's session protection marks a session whose address or browser changed: its way, not this one
    if session.get("_id") != login_manager._session_identifier_generator():  # type: ignore[attr-defined]
        return None, False
    parameters = {"user_id": int(user_id), "generation": int(generation)}
    contest_id = (request.view_args or {}).get("contest_id")
    # not the ORM session: half the cost, for one value; and outside a transaction (no BEGIN, no COMMIT): one read
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        if not isinstance(contest_id, int):
            return connection.scalar(_STILL_STANDS, parameters), False
        row = connection.execute(_STILL_STANDS_AND_CONTEST, {**parameters, "contest_id": contest_id}).first()
    return (None, False) if row is None else (row[0], bool(row[1]))


def login_confirmed(view: F) -> F:
    """``login_required`` for a view that needs only the user's id (``confirmed_user_id``): when the login is
    confirmed, the view runs without the user being loaded; otherwise exactly as under ``login_required``."""
    required = login_required(view)

    @wraps(view)
    def decorated(*args: Any, **kwargs: Any) -> Any:
        if not current_app.config.get("LOGIN_DISABLED") and confirmed_user_id() is not None:
            return view(*args, **kwargs)
        return required(*args, **kwargs)

    setattr(decorated, _MARK, True)
    return cast(F, decorated)


def confirmed_view(endpoint: str | None) -> bool:
    """Whether ``endpoint``'s view is a ``login_confirmed`` one and this request's login is confirmed."""
    view = current_app.view_functions.get(endpoint) if endpoint else None
    return bool(getattr(view, _MARK, False)) and confirmed_user_id() is not None
