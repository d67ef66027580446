"""Announcements and clarifications of a programming contest: staff post announcements and answer questions
(``/manage/...``); registered contestants read them and ask (``/clarifications``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from sqlalchemy import select
from werkzeug.wrappers import Response

from ..authz import me, require, staff_contest, visible_contest
from ..extensions import db
from ..form_base import SelectChoice
from ..models import Clarification, Contest, ContestProblem
from ..policies.programming import may_follow
from ..service_calls import commit_or_refuse
from ..services.programming import clarifications as service
from ..services.programming import contestant
from . import bp
from .organiser_forms import AnnouncementForm, AnswerForm, QuestionForm


def _labels(contest: Contest) -> dict[int, str]:
    """Problem id -> label, for naming what a question is about."""
    rows = db.session.execute(
        select(ContestProblem.problem_id, ContestProblem.label)
        .where(ContestProblem.contest_id == contest.id)
        .order_by(ContestProblem.position, ContestProblem.label)
    )
    return {problem_id: label for problem_id, label in rows}


@bp.route("/manage/announcements", methods=["GET", "POST"])
@login_required
def manage_announcements(contest_id: int) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    form = AnnouncementForm()
    if form.validate_on_submit() and commit_or_refuse(
        lambda: service.announce(db.session, me(), contest, form.body.data or ""),
        _("The announcement has been posted."),
    ):
        return redirect(url_for("programming.manage_announcements", contest_id=contest.id))
    return render_template(
        "programming/organiser/announcements.html",
        contest=contest,
        form=form,
        announcements=service.announcements_for(db.session, contest),
    )


@bp.route("/manage/clarifications")
@login_required
def manage_clarifications(contest_id: int) -> str:
    contest = staff_contest(contest_id, programming=True)
    questions = service.clarifications_for(db.session, contest, me())
    forms = {}
    for question in questions:
        form = AnswerForm(prefix=f"c{question.id}")
        form.answer.data = question.answer
        form.public.data = question.public
        forms[question.id] = form
    return render_template(
        "programming/organiser/clarifications.html",
        contest=contest,
        questions=questions,
        forms=forms,
        labels=_labels(contest),
    )


@bp.route("/manage/clarifications/<int:clarification_id>/answer", methods=["POST"])
@login_required
def answer_clarification(contest_id: int, clarification_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    clarification = db.session.get(Clarification, clarification_id)
    if clarification is None or clarification.contest_id != contest.id:
        abort(404)
    form = AnswerForm(prefix=f"c{clarification_id}")
    if not form.validate_on_submit():
        flash(_("Write the answer first."), "error")
    else:
        commit_or_refuse(
            lambda: service.answer(
                db.session, me(), contest, clarification_id, form.answer.data or "", form.public.data
            ),
            _("The answer has been sent."),
        )
    return redirect(url_for("programming.manage_clarifications", contest_id=contest.id))


@bp.route("/clarifications", methods=["GET", "POST"])
@login_required
def clarifications(contest_id: int) -> str | Response:
    """Announcements, the questions this user may read, and (for registered contestants) a form to ask."""
    contest = visible_contest(contest_id, programming=True)
    user = me()
    require(may_follow(db.session, contest, user))
    registered = contestant.registration_of(db.session, contest, user) is not None
    if request.method == "POST" and not registered:
        abort(403)  # staff answer questions; they do not ask them
    labels = _labels(contest)
    form = QuestionForm()
    askable = {p.problem_id: p.label for p in contestant.visible_problems(db.session, contest, user)}
    form.problem.choices = [
        SelectChoice(0, _("The contest in general")),
        *(SelectChoice(problem_id, label) for problem_id, label in askable.items()),
    ]
    if form.validate_on_submit() and commit_or_refuse(
        lambda: service.ask(db.session, contest, user, form.question.data or "", form.problem.data or None),
        _("Your question has been sent to the organisers."),
    ):
        return redirect(url_for("programming.clarifications", contest_id=contest.id))
    return render_template(
        "programming/organiser/ask.html",
        contest=contest,
        form=form if registered else None,
        announcements=service.announcements_for(db.session, contest),
        questions=service.clarifications_for(db.session, contest, user),
        labels=labels,
        me_id=user.id,
    )
