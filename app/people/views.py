"""Views of the people area: everything is scoped to the units the coordinator manages."""

from __future__ import annotations

import base64
import io

from flask import abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from ..authz import me, roles_required
from ..extensions import db
from ..form_base import SelectChoice, required_file
from ..models import AccountStatus, Role
from ..policies.people import is_fellow_coordinator
from ..services.errors import InvalidInput
from ..services.people import accounts, people_exports, people_xlsx
from . import bp
from .forms import ROLE_LABELS, ImportForm, PersonForm, ResetPasswordConfirmForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.app_context_processor
def role_labels() -> dict[str, object]:
    return {"ROLE_LABELS": ROLE_LABELS}


def _role_choices() -> list[SelectChoice]:
    allowed = list(Role) if me().has_role(Role.ADMIN) else [Role.STUDENT, Role.TEACHER, Role.COORDINATOR]
    return [SelectChoice(r.value, str(ROLE_LABELS[r])) for r in allowed]


def _details(form: PersonForm) -> accounts.PersonDetails:
    return accounts.PersonDetails(
        full_name=form.full_name.data or "",
        username=form.username.data or "",
        email=form.email.data,
        date_of_birth=form.date_of_birth.data,
        class_name=form.class_name.data,
    )


@bp.route("/")
@roles_required(Role.COORDINATOR, Role.ADMIN)
def index() -> str:
    actor = me()
    units = accounts.manageable_units(db.session, actor, active_only=False)
    unit_id = request.args.get("unit", type=int)
    status_arg = request.args.get("status")
    status = AccountStatus(status_arg) if status_arg in {s.value for s in AccountStatus} else None
    search = request.args.get("q", "")
    page = max(request.args.get("page", 1, type=int), 1)
    size = current_app.config["PEOPLE_PAGE_SIZE"]
    query = accounts.people_query(db.session, actor, unit_id=unit_id, search=search, status=status)
    rows = list(db.session.scalars(query.offset((page - 1) * size).limit(size + 1)))
    shown = rows[:size]
    return render_template(
        "people/list.html",
        people=shown,
        fellow_ids={p.id for p in shown if is_fellow_coordinator(actor, p)},
        has_next=len(rows) > size,
        page=page,
        units=units,
        unit_id=unit_id,
        status=status,
        q=search,
    )


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR, Role.ADMIN)
def create() -> str | Response:
    form = PersonForm()
    form.unit.choices = [SelectChoice(u.id, u.name) for u in accounts.manageable_units(db.session, me())]
    form.roles.choices = _role_choices()
    if request.method == "GET":
        form.unit.data = me().unit_id
        form.roles.data = [Role.STUDENT.value]
    if form.validate_on_submit():
        try:
            person, password = accounts.create_person(
                db.session, me(), form.unit.data, _details(form), {Role(r) for r in form.roles.data or []}
            )
        except InvalidInput as error:
            db.session.rollback()
            flash(str(error.message), "error")
        except ValueError:
            abort(400)
        else:
            db.session.commit()
            return render_template("people/credentials.html", created=[(person, password)])
    return render_template("people/form.html", form=form, person=None)


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR, Role.ADMIN)
def edit(person_id: int) -> str | Response:
    person = accounts.get_managed(db.session, me(), person_id)
    form = PersonForm(obj=person)
    form.unit.choices = [
        SelectChoice(u.id, u.name) for u in accounts.manageable_units(db.session, me(), keep=person.unit_id)
    ]
    form.roles.choices = _role_choices()
    if request.method == "GET":
        form.unit.data = person.unit_id
        form.roles.data = [r.value for r in person.roles]
    if form.validate_on_submit():
        try:
            accounts.update_person(
                db.session,
                me(),
                person,
                form.unit.data,
                _details(form),
                {Role(r) for r in form.roles.data or []},
            )
        except InvalidInput as error:
            db.session.rollback()
            flash(str(error.message), "error")
        except ValueError:
            abort(400)
        else:
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("people.index"))
    return render_template("people/form.html", form=form, person=person)


@bp.route("/<int:person_id>/status/<status>", methods=["POST"])
@roles_required(Role.COORDINATOR, Role.ADMIN)
def set_status(person_id: int, status: str) -> Response:
    if status not in {s.value for s in AccountStatus} or status == AccountStatus.PENDING.value:
        abort(404)
    person = accounts.get_managed(db.session, me(), person_id)
    accounts.set_status(db.session, me(), person, AccountStatus(status))
    db.session.commit()
    messages = {
        AccountStatus.ACTIVE: _("%(name)s's account is active.", name=person.full_name),
        AccountStatus.DEACTIVATED: _("%(name)s's account is deactivated.", name=person.full_name),
    }
    flash(messages[AccountStatus(status)], "success")
    return redirect(
        request.referrer
        if request.referrer and request.referrer.startswith(request.host_url)
        else url_for("people.index")
    )


@bp.route("/<int:person_id>/reset-password", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR, Role.ADMIN)
def reset_password(person_id: int) -> str:
    """A confirmation page first; the password changes only when the form comes back with the box ticked."""
    person = accounts.get_managed(db.session, me(), person_id)
    form = ResetPasswordConfirmForm()
    if form.validate_on_submit():
        password = accounts.reset_password(db.session, me(), person)
        db.session.commit()
        return render_template("people/credentials.html", created=[(person, password)])
    return render_template("people/reset_confirm.html", form=form, person=person)


@bp.route("/import", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR, Role.ADMIN)
def import_sheet() -> str:
    form = ImportForm()
    form.unit.choices = [SelectChoice(u.id, u.name) for u in accounts.manageable_units(db.session, me())]
    report = None
    if request.method == "GET":
        form.unit.data = me().unit_id
    if form.validate_on_submit():
        try:
            report = people_xlsx.import_people(
                db.session, me(), form.unit.data, required_file(form.file).stream, Role(form.role.data)
            )
        except InvalidInput as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            if report.ok:
                db.session.commit()
                sheet = base64.b64encode(people_exports.credentials_sheet(report.created)).decode()
                return render_template("people/credentials.html", created=report.created, sheet=sheet)
            db.session.rollback()
            flash(
                _(
                    "Nothing was imported: %(n)d rows have errors. Correct them and import the file again.",
                    n=len(report.errors),
                ),
                "error",
            )
    return render_template("people/import.html", form=form, report=report)


@bp.route("/import/template.xlsx")
@roles_required(Role.COORDINATOR, Role.ADMIN)
def import_template() -> Response:
    return send_file(
        io.BytesIO(people_xlsx.template()), mimetype=XLSX, as_attachment=True, download_name="mau-nhap-danh-sach.xlsx"
    )


@bp.route("/export.xlsx")
@roles_required(Role.COORDINATOR, Role.ADMIN)
def export() -> Response:
    actor = me()
    query = accounts.people_query(
        db.session, actor, unit_id=request.args.get("unit", type=int), search=request.args.get("q", "")
    )
    data = people_exports.export_people(list(db.session.scalars(query)))
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name="danh-sach.xlsx")
