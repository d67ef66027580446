"""The organisers' page giving extra time to a contestant, a team or every entrant of a unit (a power cut at one
school): ``services.programming.extra_time``. Staff of the contest only."""

from __future__ import annotations

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange

from ..authz import me, staff_contest
from ..extensions import db
from ..form_base import Form
from ..service_calls import commit_or_refuse
from ..services.programming import extra_time
from ..vnsort import title_key
from . import bp


class ExtraTimeForm(Form):
    who = SelectField(_l("Who"), validators=[InputRequired()])
    minutes = IntegerField(
        _l("Extra minutes after the contest's end (0 takes it back)"),
        validators=[InputRequired(), NumberRange(min=0, max=extra_time.MAX_EXTRA_MINUTES)],
    )
    reason = StringField(_l("Why"), validators=[InputRequired(), Length(max=500)], description=_l("Power cut"))
    confirm_lost = BooleanField(_l("Lower it anyway: those submissions no longer count"))


@bp.route("/manage/extra-time", methods=["GET", "POST"])
@login_required
def manage_extra_time(contest_id: int) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    entrants = extra_time.registrations(db.session, contest)
    units = {r.unit_id: r.unit.name for r in entrants}
    form = ExtraTimeForm()
    form.who.choices = [
        *(
            (f"u:{uid}", _("Everyone of %(unit)s", unit=name))
            for uid, name in sorted(units.items(), key=lambda u: title_key(u[1]))
        ),
        *extra_time.entrant_choices(entrants, prefix="r:"),
    ]
    if form.validate_on_submit() and commit_or_refuse(
        lambda: extra_time.grant(
            db.session,
            me().id,
            contest,
            extra_time.chosen(db.session, contest, form.who.data or ""),
            form.minutes.data or 0,
            form.reason.data or "",
            confirm_lost=bool(form.confirm_lost.data),
        ),
        _("The extra time has been saved."),
        beside={"confirm_lost": form.confirm_lost},
    ):
        return redirect(url_for("programming.manage_extra_time", contest_id=contest.id))
    return render_template(
        "programming/organiser/extra_time.html",
        contest=contest,
        form=form,
        extended=[
            (extra_time.entrant_name(r), r, extra_time.closes_for(contest, r))
            for r in extra_time.extended(db.session, contest)
        ],
    )
