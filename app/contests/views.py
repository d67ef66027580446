"""Views of the contests area."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from ..authz import me, roles_required
from ..extensions import db
from ..models import Contest, ContestKind, ContestRound, ContestStatus, Role, User
from ..proposals.helpers import contest_created_message
from ..service_calls import commit_or_refuse
from ..services import contests as service
from ..services import people, registrations
from ..timeutil import to_local, to_utc
from . import bp
from .forms import KIND_LABELS, ROUND_LABELS, ContestForm, RegisterPeopleForm, SelfRegistrationForm


def _contest_or_404(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None:
        abort(404)
    if contest.status is ContestStatus.DRAFT and not (
        current_user.is_authenticated and service.can_edit(me(), contest)
    ):
        abort(404)
    return contest


@bp.app_context_processor
def labels() -> dict[str, object]:
    return {
        "KIND_LABELS": KIND_LABELS,
        "ROUND_LABELS": ROUND_LABELS,
        "STATE_MESSAGES": service.STATE_MESSAGES,
        "registration_state": service.registration_state,
    }


@bp.route("/")
def index() -> str:
    kind = request.args.get("kind")
    kind_filter = ContestKind(kind) if kind in {k.value for k in ContestKind} else None
    page = max(request.args.get("page", 1, type=int), 1)
    contests, has_next = service.public_contests(db.session, kind_filter, page=page)
    return render_template("contests/list.html", contests=contests, kind=kind_filter, page=page, has_next=has_next)


@bp.route("/contests/<int:contest_id>")
def detail(contest_id: int) -> str:
    contest = _contest_or_404(contest_id)
    state = service.registration_state(contest)
    user = me() if current_user.is_authenticated else None
    self_form = None
    registered = False
    if user is not None:
        registered = registrations.is_registered(db.session, contest, user)
        if (
            state is service.RegistrationState.OPEN
            and not registered
            and registrations.can_register_self(contest, user)
        ):
            self_form = SelfRegistrationForm()
            self_form.category.choices = [(c.id, c.name) for c in contest.categories]
    return render_template(
        "contests/detail.html",
        contest=contest,
        state=state,
        self_form=self_form,
        registered=registered,
        can_edit=user is not None and service.can_edit(user, contest),
        is_coordinator=user is not None and user.has_role(Role.COORDINATOR),
    )


def _details_from(form: ContestForm) -> service.ContestDetails:
    categories = []
    for line in (form.categories.data or "").splitlines():
        code, _sep, name = line.partition("|")
        if code.strip():
            categories.append((code.strip()[:10], (name.strip() or code.strip())[:120]))
    return service.ContestDetails(
        title=form.title.data or "",
        kind=ContestKind(form.kind.data),
        round=ContestRound(form.round.data),
        school_year=(form.school_year.data or "").strip(),
        description=form.description.data or "",
        registration_opens=to_utc(form.registration_opens.data),  # type: ignore[arg-type]
        registration_closes=to_utc(form.registration_closes.data),  # type: ignore[arg-type]
        submission_opens=to_utc(form.submission_opens.data),  # type: ignore[arg-type]
        submission_closes=to_utc(form.submission_closes.data),  # type: ignore[arg-type]
        max_team_size=form.max_team_size.data or 1,
        allows_supervisor=form.allows_supervisor.data,
        open_to_students=form.open_to_students.data,
        open_to_teachers=form.open_to_teachers.data,
        categories=categories,
    )


@bp.route("/contests/new", methods=["GET", "POST"])
@roles_required(Role.ORGANISER, Role.ADMIN)
def create() -> str | Response:
    form = ContestForm()
    if request.method == "GET":
        kind = ContestKind(request.args.get("kind", ContestKind.INFORMATICS.value))
        form.kind.data = kind.value
        form.categories.data = "\n".join(f"{c} | {n}" for c, n in service.DEFAULT_CATEGORIES[kind])
    if form.validate_on_submit() and (
        created := commit_or_refuse(lambda: service.create_contest(db.session, me(), _details_from(form)))
    ):
        flash(contest_created_message(created.value), "success")
        return redirect(url_for("contests.detail", contest_id=created.value.id))
    return render_template("contests/form.html", form=form, contest=None)


@bp.route("/contests/<int:contest_id>/edit", methods=["GET", "POST"])
@login_required
def edit(contest_id: int) -> str | Response:
    contest = _contest_or_404(contest_id)
    if not service.can_edit(me(), contest):
        abort(403)
    form = ContestForm(obj=contest)
    if request.method == "GET":
        form.kind.data = contest.kind.value
        form.round.data = contest.round.value
        for name in ("registration_opens", "registration_closes", "submission_opens", "submission_closes"):
            getattr(form, name).data = to_local(getattr(contest, name)).replace(tzinfo=None)
        form.categories.data = "\n".join(f"{c.code} | {c.name}" for c in contest.categories)
    if form.validate_on_submit() and commit_or_refuse(
        lambda: service.update_contest(db.session, me(), contest, _details_from(form)), _("Saved.")
    ):
        return redirect(url_for("contests.detail", contest_id=contest.id))
    return render_template("contests/form.html", form=form, contest=contest)


@bp.route("/contests/<int:contest_id>/register", methods=["POST"])
@login_required
def register_self(contest_id: int) -> Response:
    contest = _contest_or_404(contest_id)
    form = SelfRegistrationForm()
    form.category.choices = [(c.id, c.name) for c in contest.categories]
    if not form.validate_on_submit():
        abort(400)
    commit_or_refuse(
        lambda: registrations.register(
            db.session,
            me(),
            contest,
            member_ids=[me().id],
            category_id=form.category.data if contest.categories else None,
        ),
        _("You are registered for this contest."),
    )
    return redirect(url_for("contests.detail", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/register-people", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def register_people(contest_id: int) -> str | Response:
    contest = _contest_or_404(contest_id)
    actor = me()
    candidates: list[User] = list(db.session.scalars(people.people_query(db.session, actor).limit(2000)))
    form = RegisterPeopleForm()
    form.category.choices = [(c.id, c.name) for c in contest.categories]
    form.members.choices = [
        (p.id, f"{p.full_name} – {p.class_name or ''} ({p.unit.name})")
        for p in candidates
        if registrations.can_register_self(contest, p)
    ]
    teachers = [p for p in candidates if p.has_role(Role.TEACHER)]
    form.supervisor.choices = [(0, "—"), *((t.id, t.full_name) for t in teachers)]
    if form.validate_on_submit() and commit_or_refuse(
        lambda: registrations.register(
            db.session,
            actor,
            contest,
            member_ids=form.members.data or [],
            category_id=form.category.data if contest.categories else None,
            supervisor_id=form.supervisor.data or None,
            team_name=form.team_name.data,
        ),
        _("Registered."),
    ):
        return redirect(url_for("contests.register_people", contest_id=contest.id))
    units = people.managed_unit_ids(db.session, actor)
    mine = registrations.registrations_of(db.session, contest, units)
    return render_template(
        "contests/register_people.html",
        contest=contest,
        form=form,
        registrations=mine,
        state=service.registration_state(contest),
    )


@bp.route("/contests/<int:contest_id>/registrations")
@login_required
def registrations_list(contest_id: int) -> str:
    contest = _contest_or_404(contest_id)
    actor = me()
    if service.can_edit(actor, contest):
        units = None
    elif actor.has_role(Role.COORDINATOR):
        units = people.managed_unit_ids(db.session, actor)
    else:
        abort(403)
    return render_template(
        "contests/registrations.html",
        contest=contest,
        registrations=registrations.registrations_of(db.session, contest, units),
    )
