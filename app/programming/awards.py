"""Awards and certificates of a programming contest (``services.programming.awards``).

- The awards page: anyone who may see the contest, once the results are published (before, it says they are
  not); a contestant sees their own certificate beside their name.
- A certificate: the awarded contestant's own, or any for the contest's staff.
- The organisers' pages (staff of the contest only, 403 otherwise): the award rules per board, the award list
  computed from the final scoreboard (a preview until the results are published, then the fixed awards), and every
  certificate in one PDF.
"""

from __future__ import annotations

import io
from typing import Any

from flask import abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, staff_contest, viewer, visible_contest
from ..extensions import db
from ..form_base import SelectChoice
from ..models import Category, Contest
from ..policies.contests import is_staff
from ..results.forms import AwardRulesForm, fill_rule, rule_specs
from ..service_calls import commit_or_refuse
from ..services.errors import NotAllowed
from ..services.programming import awards as programming_awards
from ..services.programming import judging_settings
from ..services.results import awards
from . import bp

# The panel contests' form speaks of entries; here the quota is of contestants.
QUOTA_KINDS = [
    SelectChoice("", _l("No award")),
    SelectChoice("count", _l("Number of contestants")),
    SelectChoice("percent", _l("Percentage of contestants who took part")),
]
PDF = "application/pdf"


def _contest(contest_id: int) -> tuple[Contest, bool]:
    """The programming contest and whether the viewer is its staff; 404 for a missing, non-programming or (to
    anyone but its staff) draft contest."""
    contest = visible_contest(contest_id, programming=True)
    user = viewer()
    return contest, user is not None and is_staff(user, contest)


@bp.route("/awards")
def awards_page(contest_id: int) -> str:
    contest, staff = _contest(contest_id)
    user = viewer()
    return render_template(
        "programming/awards.html",
        contest=contest,
        staff=staff,
        user=user,
        published=programming_awards.published_at(db.session, contest),
        groups=programming_awards.published(db.session, contest),
        mine=programming_awards.own_award(db.session, contest, user) if user else None,
    )


@bp.route("/awards/certificates/<int:registration_id>/<int:user_id>.pdf")
@login_required
def award_certificate(contest_id: int, registration_id: int, user_id: int) -> Response:
    contest, _staff = _contest(contest_id)
    try:
        pdf = programming_awards.certificate(db.session, me(), contest, registration_id, user_id)
    except LookupError:
        abort(404)
    except NotAllowed:
        abort(403)
    name = f"giay-chung-nhan-{contest.id}-{registration_id}-{user_id}.pdf"
    return send_file(io.BytesIO(pdf), mimetype=PDF, as_attachment=True, download_name=name)


@bp.route("/manage/awards")
@login_required
def manage_awards(contest_id: int) -> str:
    contest = staff_contest(contest_id, programming=True)
    boards = programming_awards.boards(db.session, contest)
    return render_template(
        "programming/organiser/awards.html",
        contest=contest,
        boards=boards,
        published=programming_awards.published_at(db.session, contest),
        changed=programming_awards.changed_since_publication(db.session, contest, boards),
        groups=programming_awards.published(db.session, contest),
        settings=judging_settings.settings_for(db.session, contest),
    )


def _category(contest: Contest) -> Category | None:
    """The board whose rules are edited (``?category=``), or None for the contest's own rules (404 for a category
    of another contest)."""
    category_id = request.args.get("category", type=int)
    if category_id is None:
        return None
    category = next((c for c in contest.categories if c.id == category_id), None)
    if category is None:
        abort(404)
    return category


@bp.route("/manage/awards/rules", methods=["GET", "POST"])
@login_required
def award_rules(contest_id: int) -> str | Response:
    contest = staff_contest(contest_id, programming=True)
    category = _category(contest)
    category_id = category.id if category else None
    form = AwardRulesForm()
    for level in awards.LEVELS:
        sub: Any = getattr(form, level.value)
        sub.kind.choices = QUOTA_KINDS
    if request.method == "GET":
        for rule in awards.contest_rules(db.session, contest):
            if rule.category_id == category_id:
                fill_rule(getattr(form, rule.level.value), rule)
    if form.validate_on_submit() and commit_or_refuse(
        lambda: awards.set_rules(db.session, me(), contest, category_id, rule_specs(form)), _("Saved.")
    ):
        return redirect(url_for("programming.manage_awards", contest_id=contest.id))
    return render_template("programming/organiser/award_rules.html", contest=contest, form=form, category=category)


@bp.route("/manage/awards/certificates.pdf")
@login_required
def all_certificates(contest_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    try:
        pdf = programming_awards.all_certificates(db.session, me(), contest)
    except LookupError:
        flash(_("There are no certificates: the results are not published, or they give no awards."), "error")
        return redirect(url_for("programming.manage_awards", contest_id=contest.id))
    return send_file(
        io.BytesIO(pdf), mimetype=PDF, as_attachment=True, download_name=f"giay-chung-nhan-{contest.id}.pdf"
    )
