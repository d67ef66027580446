"""The organisers' page disqualifying an entrant of a programming contest, or reinstating them:
``services.programming.disqualification``. Staff of the contest only."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import SelectField, StringField
from wtforms.validators import InputRequired, Length

from ..authz import me, staff_contest
from ..extensions import db
from ..form_base import Form
from ..input_checks import id_in
from ..models import Registration
from ..service_calls import commit_or_refuse
from ..services.programming import disqualification, extra_time
from . import bp


class DisqualifyForm(Form):
    who = SelectField(_l("Who"), validators=[InputRequired()])
    reason = StringField(_l("Why"), validators=[InputRequired(), Length(max=500)])


def _registration(contest_id: int, registration_id: int | None) -> Registration:
    found = db.session.get(Registration, registration_id) if registration_id is not None else None
    if found is None or found.contest_id != contest_id:
        abort(404)
    return found


@bp.route("/manage/disqualified", methods=["GET", "POST"])
@login_required
def manage_disqualified(contest_id: int) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    form = DisqualifyForm()
    form.who.choices = extra_time.entrant_choices(
        r for r in extra_time.registrations(db.session, contest) if r.disqualified_reason is None
    )
    if form.validate_on_submit() and commit_or_refuse(
        lambda: disqualification.disqualify(
            db.session, me().id, contest, _registration(contest.id, id_in(form.who.data)), form.reason.data or ""
        ),
        _("The contestant has been disqualified."),
    ):
        return redirect(url_for("programming.manage_disqualified", contest_id=contest.id))
    return render_template(
        "programming/organiser/disqualified.html",
        contest=contest,
        form=form,
        disqualified=[(extra_time.entrant_name(r), r) for r in disqualification.disqualified(db.session, contest)],
    )


@bp.route("/manage/disqualified/<int:registration_id>/reinstate", methods=["POST"])
@login_required
def reinstate(contest_id: int, registration_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    registration = _registration(contest.id, registration_id)
    commit_or_refuse(
        lambda: disqualification.reinstate(db.session, me().id, contest, registration),
        _("The contestant has been reinstated."),
    )
    return redirect(url_for("programming.manage_disqualified", contest_id=contest.id))
