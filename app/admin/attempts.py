"""The Sở's reviewers' list of what Section 8 stopped that no proposal carries (texts refused on publishing, contests
used before their proposal was approved) and of published texts that fail when screened again: who, when, which
contest, what was found; each marked dealt with, and a re-screening of every published text. Reviewers only."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..authz import me, roles_required
from ..extensions import db
from ..models import AttemptKind, Role, Section8Attempt, Unit, User
from ..service_calls import commit_or_refuse
from ..services.proposals import flag_text, refused_attempts, rescreen_runs
from ..services.proposals.proposal_labels import STATUS, label
from ..timeutil import format_datetime
from . import bp
from .forms import AttemptDealtForm, RescreenForm

KIND = {
    AttemptKind.REFUSED_TEXT: _l("Refused on publishing"),
    AttemptKind.UNAPPROVED: _l("Used before approval"),
    AttemptKind.PUBLISHED_BEFORE: _l("Published before, fails now"),
}


def _people(rows: list[Section8Attempt]) -> dict[int, tuple[User, Unit | None]]:
    ids = {i for r in rows for i in (r.actor_id, r.dealt_by_id) if i is not None}
    users = list(db.session.scalars(select(User).where(User.id.in_(ids)))) if ids else []
    return {u.id: (u, db.session.get(Unit, u.unit_id) if u.unit_id else None) for u in users}


def _found(row: Section8Attempt) -> list[str]:
    """What was found, in the reader's language: each flag's reason, or the proposal's status then."""
    if row.kind is AttemptKind.UNAPPROVED:
        status = label(STATUS, row.proposal_status) if row.proposal_status else _("none")
        return [
            _("The contest's proposal had not been approved by the Department (its status: %(status)s).", status=status)
        ]
    return [flag_text.reason(flag) for flag in row.found]


@bp.route("/section8-attempts")
@roles_required(Role.REVIEWER)
def attempts() -> str:
    open_only = request.args.get("open") == "1"
    page = max(request.args.get("page", 1, type=int), 1)
    rows, has_next = refused_attempts.listing(db.session, me(), open_only=open_only, page=page)
    context: dict[str, Any] = {
        "rows": rows,
        "people": _people(rows),
        "found": {r.id: _found(r) for r in rows},
        "kinds": KIND,
        "open_only": open_only,
        "page": page,
        "has_next": has_next,
        "dealt_form": AttemptDealtForm(),
        "rescreen_form": RescreenForm(),
        "run": rescreen_runs.latest(db.session),
    }
    return render_template("admin/attempts.html", **context)


@bp.route("/section8-attempts/<int:attempt_id>/dealt", methods=["POST"])
@roles_required(Role.REVIEWER)
def attempt_dealt(attempt_id: int) -> Response:
    row = db.session.get(Section8Attempt, attempt_id)
    if row is None:
        abort(404)
    form = AttemptDealtForm()
    if not form.validate_on_submit():
        flash(next(iter(e for errors in form.errors.values() for e in errors)), "error")
    else:
        commit_or_refuse(
            lambda: refused_attempts.mark_dealt(db.session, me(), row, form.note.data or ""),
            _("Marked as dealt with."),
        )
    return redirect(url_for("admin.attempts", open=request.args.get("open")))


@bp.route("/section8-attempts/rescreen", methods=["POST"])
@roles_required(Role.REVIEWER)
def rescreen() -> Response:
    """Ask for a re-screening of every published text: a worker's job (``rescreen_runs``), whose progress and
    result this page shows; one at a time: a press while one waits or runs (another reviewer's at the same moment
    too) joins it, and is told whose it is."""
    if not RescreenForm().validate_on_submit():
        flash(_("The form has expired. Please go back, reload it and try again."), "error")
    elif asked := commit_or_refuse(lambda: rescreen_runs.request(db.session, me())):
        run, new = asked.value
        if new:
            rescreen_runs.enqueue_committed(run.id)
            flash(
                _("Every published text will be screened again by a worker: this page shows how far it has got."),
                "success",
            )
        else:
            asker = db.session.get(User, run.requested_by_id) if run.requested_by_id else None
            flash(
                _(
                    "A re-screening asked for by %(name)s at %(when)s is already waiting or running: no second one "
                    "was started, this page shows how far that one has got.",
                    name=asker.full_name if asker else _("a reviewer"),
                    when=format_datetime(run.requested_at),
                ),
                "info",
            )
    return redirect(url_for("admin.attempts", open="1"))
