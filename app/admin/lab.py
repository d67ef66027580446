"""Setting up a lab round on a lab's standalone hoithi, for its administrator: the lab package the province issued,
uploaded and imported (``services.programming.lab.lab_setup``; docs/lab-rounds.md), or refused with every problem
listed and nothing imported."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response

from ..authz import roles_required
from ..extensions import csrf, db
from ..form_base import Form, required_file
from ..models import Role
from ..services.errors import InvalidInput
from ..services.programming.lab import lab_setup
from ..services.programming.lab.zips import Refused
from ..storage import content_store
from . import bp


class LabPackageForm(Form):
    package = FileField(_l("Lab package (.zip)"), validators=[FileRequired()])


@bp.route("/lab", methods=["GET", "POST"])
@csrf.exempt  # the form checks its token itself, after the upload limit below is set
@roles_required(Role.ADMIN)
def lab_import() -> str | Response:
    request.max_content_length = lab_setup.MAX_PACKAGE_UPLOAD_BYTES
    form = LabPackageForm()
    if form.validate_on_submit():
        store = content_store()
        fd, name = tempfile.mkstemp(suffix=".zip", dir=store.staging)  # swept should this process be killed
        os.close(fd)
        try:
            required_file(form.package).save(name)
            contest = lab_setup.import_package(db.session, store, Path(name))
            db.session.commit()
        except InvalidInput as error:
            db.session.rollback()
            for message in (error.message, *(error.problems if isinstance(error, Refused) else [])):
                flash(str(message), "error")
        else:
            flash(_("The lab round %(title)s is set up.", title=contest.title), "success")
            return redirect(url_for("programming.manage_lab", contest_id=contest.id))
        finally:
            os.unlink(name)
    elif "csrf_token" in form.errors:
        flash(_("The form has expired. Please go back, reload it and try again."), "error")
    return render_template("admin/lab.html", form=form, max_mb=lab_setup.MAX_PACKAGE_UPLOAD_BYTES >> 20)
