"""The web's gate: role checks on routes, and the loaders of the objects a page is about.

The rules themselves (who may see, edit, judge, decide) are ``app.policies``'; this module turns them into HTTP
answers, the same way on every page:

- 404: there is no such object, it is not the contest's the URL names, or the user may not know it exists (a
  draft contest to anyone but its staff, ``policies.contests.may_see``);
- 403: the object is known to the user but the page is not for them.

A view loads its object with one of the loaders below and then asks ``require(policy(...))`` for anything finer.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy.orm import lazyload

from .extensions import db
from .models import ContactReport, Contest, Entry, Proposal, Role, User
from .policies import contests, entries, proposals
from .services.contests.contest_kinds import is_programming
from .services.reviews import conflicts
from .services.reviews.score_sheets import is_assigned

F = TypeVar("F", bound=Callable[..., Any])
Row = TypeVar("Row")


def roles_required(*roles: Role) -> Callable[[F], F]:
    """Log in first; then 403 unless the user has one of ``roles``."""

    def decorate(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


def me() -> User:
    """The logged-in user (views behind login_required only)."""
    return cast(User, current_user._get_current_object())


def viewer() -> User | None:
    """The logged-in user, or None for a visitor (pages open to everyone)."""
    return me() if current_user.is_authenticated else None


def require(allowed: bool) -> None:
    """403 unless ``allowed`` (the answer of a policy)."""
    if not allowed:
        abort(403)


def found(model: type[Row], row_id: int) -> Row:
    """The row of ``model`` with id ``row_id``; 404 if there is none."""
    row = db.session.get(model, row_id)
    if row is None:
        abort(404)
    return row


# --- contests ---------------------------------------------------------------------------------------------------


def contest_or_404(contest_id: int, *, programming: bool = False) -> Contest:
    """The contest ``contest_id`` (with problems for the program judge, when ``programming``: see
    ``services.contests.contest_kinds``); 404 if there is none. For pages whose own rule (staff, a registration) decides
    who gets them, drafts included. Its proposal and categories load when used: most pages use neither, and the
    proposal's text is long."""
    contest = db.session.get(Contest, contest_id, options=[lazyload(Contest.proposal), lazyload(Contest.categories)])
    if contest is None:
        abort(404)
    if programming and not is_programming(contest):
        abort(404)
    return contest


def visible_contest(contest_id: int, *, programming: bool = False) -> Contest:
    """The contest, as ``contest_or_404``, and 404 too when the user may not see it (a draft to anyone but its
    staff)."""
    contest = contest_or_404(contest_id, programming=programming)
    if not contests.may_see(viewer(), contest):
        abort(404)
    return contest


def staff_contest(contest_id: int, *, programming: bool = False) -> Contest:
    """The contest, as ``contest_or_404``, if the user is its staff (403 otherwise)."""
    contest = contest_or_404(contest_id, programming=programming)
    require(contests.is_staff(me(), contest))
    return contest


# --- entries ----------------------------------------------------------------------------------------------------


def viewable_entry(entry_id: int) -> Entry:
    """The entry ``entry_id`` if the user may see it (404 when there is none, 403 when they may not)."""
    entry = found(Entry, entry_id)
    require(entries.may_view(db.session, me(), entry))
    return entry


def assigned_entry(entry_id: int) -> Entry:
    """The entry ``entry_id`` (404 if none) if the user is a judge assigned to judge it (403 otherwise: an account
    whose judge's role was taken away keeps no page of the entries it was assigned)."""
    entry = found(Entry, entry_id)
    require(me().has_role(Role.JUDGE) and is_assigned(db.session, me().id, entry.id))
    return entry


def judged_entry(entry_id: int) -> Entry:
    """The entry ``entry_id`` (404 if none) if the user is assigned to judge it and has no conflict of interest
    with it (403 otherwise): a judge found in conflict while still assigned keeps their own sheet
    (``assigned_entry``), not the entry."""
    entry = assigned_entry(entry_id)
    require(conflicts.conflict_of(db.session, me(), entry) is None)
    return entry


# --- Section 8 --------------------------------------------------------------------------------------------------


def visible_proposal(proposal_id: int) -> Proposal:
    """The proposal ``proposal_id`` if the user may see it (404 when there is none, 403 when they may not)."""
    proposal = found(Proposal, proposal_id)
    require(proposals.may_view(db.session, me(), proposal))
    return proposal


def visible_report(report_id: int) -> ContactReport:
    """The contact report ``report_id`` if the user may see it (404 when there is none, 403 when they may not)."""
    report = found(ContactReport, report_id)
    require(proposals.may_view_report(me(), report))
    return report
