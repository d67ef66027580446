"""The rounds page of a contest: the round it feeds, its nominees and where they went, who arrived from earlier
rounds, and the hand-off to a round outside hoithi. The feeding round's staff set the link, nominate and export;
the next round's staff see the arrivals on the same page of their own contest (``services.contests.progression``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, staff_contest
from ..extensions import db
from ..form_base import SelectChoice
from ..input_checks import id_in
from ..models import AwardLevel, Handoff, NominationMethod
from ..service_calls import commit_or_refuse
from ..services.contests import handoff, progression, round_links, standings, withdrawal
from ..services.results.awards import LEVEL_LABELS
from ..storage import content_store
from . import bp
from .forms import ROUND_LABELS
from .round_forms import METHOD_LABELS, OUTSIDE, NextRoundForm, NominateForm, WithdrawForm


def _page(contest_id: int, link_form: NextRoundForm | None = None, nominate_form: NominateForm | None = None) -> str:
    contest = staff_contest(contest_id)
    link = round_links.link_of(db.session, contest)
    link_form = link_form or NextRoundForm(formdata=None)
    link_form.next_contest.choices = [
        SelectChoice("", "—"),
        *(
            SelectChoice(str(c.id), f"{c.title} ({ROUND_LABELS[c.round]}, {c.school_year})")
            for c in round_links.candidates(db.session, contest)
        ),
        SelectChoice(OUTSIDE, _("A round outside hoithi (named below)")),
    ]
    if link is not None and link_form.next_contest.data is None:
        link_form.next_contest.data = str(link.next_contest_id) if link.next_contest_id else OUTSIDE
        link_form.outside_name.data = link.outside_name
        link_form.outside_organiser.data = link.outside_organiser
    rows = standings.standings(db.session, contest)
    nominate_form = nominate_form or NominateForm(formdata=None)
    # the round fed now: a page left open while the link changed posts the old one, and is refused
    nominate_form.target.data = (str(link.next_contest_id) if link.next_contest_id else OUTSIDE) if link else ""
    nominated = {n.entry_id or n.registration_id for n in progression.nominations_from(db.session, contest)}
    return render_template(
        "contests/rounds.html",
        contest=contest,
        link=link,
        link_form=link_form,
        nominate_form=nominate_form,
        published=standings.published(db.session, contest),
        rows=rows,
        nominations=progression.nominations_from(db.session, contest),
        nominated=nominated,
        arrivals=progression.arrivals(db.session, contest),
        feeders=round_links.feeders(db.session, contest),
        handoffs=handoff.handoffs(db.session, contest),
        LEVEL_LABELS=LEVEL_LABELS,
        METHOD_LABELS=METHOD_LABELS,
        withdraw_form=WithdrawForm(formdata=None),
        withdrawable=link is not None and withdrawal.not_started(link.next_contest),
    )


@bp.route("/contests/<int:contest_id>/rounds")
@login_required
def rounds(contest_id: int) -> str:
    return _page(contest_id)


@bp.route("/contests/<int:contest_id>/rounds/next", methods=["POST"])
@login_required
def set_next_round(contest_id: int) -> str | Response:
    contest = staff_contest(contest_id)
    form = NextRoundForm()
    choice = form.next_contest.data or ""
    if form.validate_on_submit() and commit_or_refuse(
        lambda: round_links.set_next_round(
            db.session,
            me(),
            contest,
            next_contest_id=id_in(choice),
            outside_name=(form.outside_name.data or "") if choice == OUTSIDE else "",
            outside_organiser=(form.outside_organiser.data or "") if choice == OUTSIDE else "",
        ),
        _("Saved."),
    ):
        return redirect(url_for("contests.rounds", contest_id=contest.id))
    return _page(contest_id, link_form=form)


@bp.route("/contests/<int:contest_id>/rounds/nominate", methods=["POST"])
@login_required
def nominate(contest_id: int) -> str | Response:
    contest = staff_contest(contest_id)
    form = NominateForm()
    if not form.validate_on_submit():
        return _page(contest_id, nominate_form=form)
    target = form.target.data or ""
    choice = progression.Choice(
        method=NominationMethod(form.method.data),
        count=form.count.data or 0,
        levels=[AwardLevel(v) for v in form.levels.data or []],
        keys=form.keys.data or [],
        reason=form.reason.data or "",
    )
    if made := commit_or_refuse(lambda: progression.nominate(db.session, me(), contest, id_in(target), choice)):
        flash(_("%(n)d nominees moved on.", n=len(made.value)), "success")
        return redirect(url_for("contests.rounds", contest_id=contest.id))
    return _page(contest_id, nominate_form=form)


@bp.route("/contests/<int:contest_id>/rounds/nominations/<int:nomination_id>/withdraw", methods=["POST"])
@login_required
def withdraw_nomination(contest_id: int, nomination_id: int) -> Response:
    contest = staff_contest(contest_id)
    form = WithdrawForm()
    if not form.validate_on_submit():
        flash(
            _("The form has expired. Please go back, reload it and try again.")
            if "csrf_token" in form.errors
            else _("The reason is too long (at most %(n)d characters).", n=progression.MAX_REASON),
            "error",
        )
    elif withdrawn := commit_or_refuse(
        lambda: withdrawal.withdraw(db.session, me(), contest, nomination_id, form.reason.data or "")
    ):
        flash(_("Nomination withdrawn: %(who)s.", who=withdrawn.value), "success")
    return redirect(url_for("contests.rounds", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/rounds/handoff", methods=["POST"])
@login_required
def export_handoff(contest_id: int) -> Response:
    contest = staff_contest(contest_id)
    commit_or_refuse(
        lambda: handoff.export(db.session, content_store(), me(), contest), _("The hand-off export is ready.")
    )
    return redirect(url_for("contests.rounds", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/rounds/handoff/<int:handoff_id>.zip")
@login_required
def download_handoff(contest_id: int, handoff_id: int) -> Response:
    contest = staff_contest(contest_id)
    row = db.session.get(Handoff, handoff_id)
    if row is None or row.contest_id != contest.id:
        abort(404)
    store, name = content_store(), f"ban-giao-{contest.id}-{row.id}.zip"
    signed = store.signed_url(row.sha256, name, "application/zip", inline=False)
    if signed is not None:  # a bucket: the browser fetches the object itself, with a link valid a few minutes
        return redirect(signed)
    path = store.verify(row.sha256)  # streamed from disk, checked against the recorded hash
    return send_file(path, mimetype="application/zip", as_attachment=True, download_name=name)
