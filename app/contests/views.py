"""Views of the contests area."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, require, roles_required, viewer, visible_contest
from ..extensions import db
from ..form_base import SelectChoice, required, required_file
from ..models import Category, Contest, ContestKind, ContestRound, Registration, Role, UserRole
from ..policies.contests import is_staff
from ..policies.people import managed_unit_ids
from ..proposals.helpers import contest_created_message, contest_saved_message
from ..service_calls import commit_or_refuse
from ..services.contests import (
    bulk_registration,
    cancelling,
    grade_rules,
    registration_candidates,
    registrations,
    teams,
)
from ..services.contests import organising as service
from ..services.contests.contest_kinds import KINDS
from ..services.errors import InvalidInput
from ..services.people import accounts, people_xlsx
from ..timeutil import from_form, to_local
from . import bp
from .forms import (
    KIND_LABELS,
    ROUND_LABELS,
    BulkRegistrationForm,
    ContestForm,
    RegisterPeopleForm,
    SelfRegistrationForm,
    SheetRegistrationForm,
)


@bp.app_context_processor
def labels() -> dict[str, object]:
    return {
        "KIND_LABELS": KIND_LABELS,
        "CONTEST_KINDS": KINDS,
        "ROUND_LABELS": ROUND_LABELS,
        "STATE_MESSAGES": service.STATE_MESSAGES,
        "registration_state": service.registration_state,
    }


@bp.route("/")
def index() -> str:
    kind = request.args.get("kind")
    kind_filter = ContestKind(kind) if kind in {k.value for k in ContestKind} else None
    page = max(request.args.get("page", 1, type=int), 1)
    contests, has_next = service.public_contests(db.session, kind_filter, viewer(), page=page)
    return render_template("contests/list.html", contests=contests, kind=kind_filter, page=page, has_next=has_next)


@bp.route("/contests/<int:contest_id>")
def detail(contest_id: int) -> str:
    contest = visible_contest(contest_id)
    state = service.registration_state(contest)
    user = viewer()
    self_form = None
    registered = False
    own_registration = None
    if user is not None:
        own_registration = registrations.registration_for(db.session, contest, user)
        registered = own_registration is not None
        if (
            state is service.RegistrationState.OPEN
            and not registered
            and registrations.can_register_self(contest, user)
        ):
            self_form = SelfRegistrationForm()
            self_form.category.choices = _category_choices(contest)
    return render_template(
        "contests/detail.html",
        contest=contest,
        state=state,
        self_form=self_form,
        registered=registered,
        can_cancel=user is not None  # always so when own_registration is not None
        and own_registration is not None
        and state is service.RegistrationState.OPEN
        and cancelling.can_cancel(db.session, user, own_registration),
        own_registration=own_registration,
        runs_as_teams=teams.runs_as_teams(contest),
        can_edit=user is not None and is_staff(user, contest),
        is_coordinator=user is not None and user.has_role(Role.COORDINATOR),
    )


@bp.app_template_filter("category_label")
def category_label(category: Category) -> str:
    """A category's name, with the grades it takes if it names some: "Bảng B – THCS (lớp 6-9)"."""
    grades = grade_rules.of(category)
    return _("%(name)s (grades %(grades)s)", name=category.name, grades=str(grades)) if grades else category.name


def _category_choices(contest: Contest) -> list[SelectChoice]:
    """The contest's categories to choose from, each with the grades it takes."""
    return [SelectChoice(c.id, category_label(c)) for c in contest.categories]


def _details_from(form: ContestForm) -> service.ContestDetails:
    categories = []
    for line in (form.categories.data or "").splitlines():
        code, _sep, rest = line.partition("|")
        name, _sep, grades = rest.partition("|")
        if line.strip():
            categories.append(service.CategoryLine(code.strip(), name.strip() or code.strip(), grades.strip()))
    return service.ContestDetails(
        title=form.title.data or "",
        kind=ContestKind(form.kind.data),
        round=ContestRound(form.round.data),
        school_year=(form.school_year.data or "").strip(),
        description=form.description.data or "",
        registration_opens=from_form(required(form.registration_opens)),
        registration_closes=from_form(required(form.registration_closes)),
        submission_opens=from_form(required(form.submission_opens)),
        submission_closes=from_form(required(form.submission_closes)),
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
        try:
            kind = ContestKind(request.args.get("kind", ContestKind.INFORMATICS.value))
        except ValueError:
            abort(404)  # a contest kind that does not exist
        form.kind.data = kind.value
        form.categories.data = "\n".join(" | ".join(filter(None, line)) for line in KINDS[kind].categories)
    if form.validate_on_submit() and (
        created := commit_or_refuse(lambda: service.create_contest(db.session, me(), _details_from(form)))
    ):
        flash(contest_created_message(created.value), "success")
        return redirect(url_for("contests.detail", contest_id=created.value.id))
    return render_template("contests/form.html", form=form, contest=None)


@bp.route("/contests/<int:contest_id>/edit", methods=["GET", "POST"])
@login_required
def edit(contest_id: int) -> str | Response:
    contest = visible_contest(contest_id)
    require(is_staff(me(), contest))
    form = ContestForm(obj=contest)
    if not getattr(form.categories, "raw_data", None):
        # shown, or posted without the field: the contest's categories as the field writes them, never its list of
        # rows (which the field would take from ``obj``: no lines to read, a fault)
        form.categories.data = "\n".join(service.category_line(c) for c in contest.categories)
    if request.method == "GET":
        form.kind.data = contest.kind.value
        form.round.data = contest.round.value
        for name in ("registration_opens", "registration_closes", "submission_opens", "submission_closes"):
            getattr(form, name).data = to_local(getattr(contest, name)).replace(tzinfo=None)
    if form.validate_on_submit() and commit_or_refuse(
        lambda: service.update_contest(db.session, me(), contest, _details_from(form))
    ):
        flash(contest_saved_message(contest), "success" if contest.proposal and contest.proposal.approved else "info")
        return redirect(url_for("contests.detail", contest_id=contest.id))
    return render_template("contests/form.html", form=form, contest=contest)


@bp.route("/contests/<int:contest_id>/register", methods=["POST"])
@login_required
def register_self(contest_id: int) -> Response:
    contest = visible_contest(contest_id)
    form = SelfRegistrationForm()
    form.category.choices = _category_choices(contest)
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


PICK_FILTERS = ("class", "grade")
"""The query parameters that filter the coordinator's pick list (``_register_page``), kept after a registration."""


def _register_page(
    contest: Contest,
    form: RegisterPeopleForm | None = None,
    bulk_form: BulkRegistrationForm | None = None,
    sheet_form: SheetRegistrationForm | None = None,
    report: bulk_registration.BulkReport | None = None,
) -> str:
    """The coordinator's registration page: the pick list (filtered by class or grade), the sheet upload, the team
    form and what the unit has registered; refused forms come back as the coordinator filled them."""
    actor = me()
    class_name, grade = (request.args.get(name, "") for name in PICK_FILTERS)
    found = registration_candidates.candidates(db.session, actor, contest, class_name=class_name, grade=grade)
    everyone = (
        registration_candidates.candidates(db.session, actor, contest).people if class_name or grade else found.people
    )
    categories = _category_choices(contest)
    form = form or RegisterPeopleForm(formdata=None)
    bulk_form = bulk_form or BulkRegistrationForm(formdata=None)
    sheet_form = sheet_form or SheetRegistrationForm(formdata=None)
    for f in (form, bulk_form, sheet_form):
        f.category.choices = categories
    form.members.choices = [
        SelectChoice(p.id, f"{p.full_name} – {p.class_name or ''} ({p.unit.name})") for p in everyone
    ]
    teachers = db.session.scalars(
        accounts.people_query(db.session, actor).join(UserRole).where(UserRole.role == Role.TEACHER).limit(500)
    )
    form.supervisor.choices = [SelectChoice(0, "—"), *(SelectChoice(t.id, t.full_name) for t in teachers)]
    bulk_form.people.choices = [SelectChoice(p.id, p.full_name) for p in found.people]
    mine = registrations.registrations_of(db.session, contest, managed_unit_ids(db.session, actor))
    return render_template(
        "contests/register_people.html",
        contest=contest,
        form=form,
        bulk_form=bulk_form,
        sheet_form=sheet_form,
        candidates=found,
        checked=set(bulk_form.people.data or []),
        class_name=class_name,
        grade=grade,
        report=report,
        registrations=mine,
        runs_as_teams=teams.runs_as_teams(contest),
        cancellable={r.id for r in mine if cancelling.can_cancel(db.session, actor, r)},
        state=service.registration_state(contest),
    )


@bp.route("/contests/<int:contest_id>/register-people", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def register_people(contest_id: int) -> str | Response:
    contest = visible_contest(contest_id)
    actor = me()
    form = RegisterPeopleForm()
    form.category.choices = _category_choices(contest)
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
    return _register_page(contest, form=form if request.method == "POST" else None)


def _bulk_outcome(action: Callable[[], bulk_registration.BulkReport]) -> bulk_registration.BulkReport | None:
    """Run a bulk registration: commit and say how many were registered, or roll back and say why not."""
    try:
        report = action()
    except InvalidInput as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return None
    if report.ok:
        db.session.commit()
        flash(_("%(n)d people registered.", n=len(report.registered)), "success")
    else:
        db.session.rollback()
        flash(
            _(
                "Nobody was registered: %(n)d rows were refused. Correct them and register again.",
                n=len(report.refused),
            ),
            "error",
        )
    return report


@bp.route("/contests/<int:contest_id>/register-people/bulk", methods=["POST"])
@roles_required(Role.COORDINATOR)
def register_bulk(contest_id: int) -> str | Response:
    contest = visible_contest(contest_id)
    actor = me()
    form = BulkRegistrationForm()
    form.category.choices = _category_choices(contest)
    if not form.validate_on_submit():
        return _register_page(contest, bulk_form=form)
    rows = bulk_registration.rows_from_ids(db.session, actor, form.people.data or [])
    category_id = form.category.data if contest.categories else None
    report = _bulk_outcome(lambda: bulk_registration.register_many(db.session, actor, contest, rows, category_id))
    if report is not None and report.ok:
        # the pick list's own filters, and nothing else of the address (url_for would take any key as its own)
        kept: dict[str, Any] = {name: request.args[name] for name in PICK_FILTERS if request.args.get(name)}
        return redirect(url_for("contests.register_people", contest_id=contest.id, **kept))
    return _register_page(contest, bulk_form=form, report=report)


@bp.route("/contests/<int:contest_id>/register-people/sheet", methods=["POST"])
@roles_required(Role.COORDINATOR)
def register_sheet(contest_id: int) -> str | Response:
    contest = visible_contest(contest_id)
    actor = me()
    form = SheetRegistrationForm()
    form.category.choices = _category_choices(contest)
    if not form.validate_on_submit():
        return _register_page(contest, sheet_form=form)
    category_id = form.category.data if contest.categories else None

    def action() -> bulk_registration.BulkReport:
        logins = people_xlsx.read_logins(required_file(form.file).stream)
        rows = bulk_registration.rows_from_logins(db.session, actor, contest, logins)
        return bulk_registration.register_many(db.session, actor, contest, rows, category_id)

    report = _bulk_outcome(action)
    if report is not None and report.ok:
        return redirect(url_for("contests.register_people", contest_id=contest.id))
    return _register_page(contest, sheet_form=form, report=report)


@bp.route("/contests/<int:contest_id>/registrations/<int:registration_id>/cancel", methods=["POST"])
@login_required
def cancel_registration(contest_id: int, registration_id: int) -> Response:
    contest = visible_contest(contest_id)
    registration = db.session.get(Registration, registration_id)
    if registration is None or registration.contest_id != contest.id:
        abort(404)
    actor = me()
    own = actor.id in {m.user_id for m in registration.members}
    commit_or_refuse(
        lambda: cancelling.cancel(db.session, actor, registration),
        _("Your registration is cancelled.") if own else _("The registration is cancelled."),
    )
    if actor.has_role(Role.COORDINATOR) and not own:
        return redirect(url_for("contests.register_people", contest_id=contest.id))
    return redirect(url_for("contests.detail", contest_id=contest.id))


@bp.route("/contests/<int:contest_id>/registrations")
@login_required
def registrations_list(contest_id: int) -> str:
    contest = visible_contest(contest_id)
    actor = me()
    if is_staff(actor, contest):
        units = None
    elif actor.has_role(Role.COORDINATOR):
        units = managed_unit_ids(db.session, actor)
    else:
        abort(403)
    return render_template(
        "contests/registrations.html",
        contest=contest,
        registrations=registrations.registrations_of(db.session, contest, units),
    )
