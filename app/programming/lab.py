"""The lab round page of a programming contest (``services.programming.lab``; docs/lab-rounds.md), for the
contest's staff only (403 otherwise).

At the province: export the round to a lab package (one zip download holding the package, the contestants' cards
and the room lists), see the packages issued, and upload the results bundle a lab sends back (checked, then
imported whole, or refused with every problem listed). On a lab's hoithi, for a contest set up from a package:
download its signed results bundle once the round is over. A package issued whose results have not come in can be
withdrawn (with a reason, confirmed), freeing its contestants for a new package.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, staff_contest
from ..extensions import csrf, db
from ..form_base import SelectChoice, required, required_file
from ..models import Contest, LabPackage, Unit
from ..service_calls import commit_or_refuse
from ..services.errors import InvalidInput
from ..services.programming.lab import bundle_import, cards, lab_setup, package, results, withdrawal
from ..services.programming.lab.zips import Refused
from ..storage import content_store
from . import bp
from .lab_forms import LabExportForm, LabResultsForm, LabWithdrawForm


def _staging_file(suffix: str) -> Path:
    """A new empty file in the store's staging folder (swept should this process be killed)."""
    fd, name = tempfile.mkstemp(suffix=suffix, dir=content_store().staging)
    os.close(fd)
    return Path(name)


def _refused(contest_id: int, *messages: object) -> Response:
    """Each message flashed as an error, and back to the lab round page."""
    for message in messages:
        flash(str(message), "error")
    return redirect(url_for("programming.manage_lab", contest_id=contest_id))


def _form_errors(form: LabExportForm | LabResultsForm | LabWithdrawForm) -> list[str]:
    """What to tell of a form that did not validate: its fields' errors, or that it expired (no valid token)."""
    if "csrf_token" in form.errors:
        return [_("The form has expired. Please go back, reload it and try again.")]
    return [error for errors in form.errors.values() for error in errors]


def _export_form(contest: Contest) -> LabExportForm:
    form = LabExportForm()
    form.unit.choices = [
        SelectChoice(0, _("All contestants")),
        *(SelectChoice(u.id, u.name) for u in package.lab_units(db.session, contest)),
    ]
    return form


def _sent(path: Path, download_name: str) -> Response:
    """``path`` as a download, deleted once sent."""
    response = send_file(path, mimetype="application/zip", as_attachment=True, download_name=download_name)
    response.call_on_close(lambda: path.unlink(missing_ok=True))
    return response


def _withdraw_form(package_id: str) -> LabWithdrawForm:
    return LabWithdrawForm(prefix=f"withdraw-{package_id}")


def _withdraw_forms(issued: list[LabPackage]) -> dict[str, LabWithdrawForm]:
    """A form for each package that may still be withdrawn (neither withdrawn nor its results imported)."""
    return {
        p.package_id: _withdraw_form(p.package_id)
        for p in issued
        if p.withdrawn_at is None and p.results_imported_at is None
    }


@bp.route("/manage/lab")
@login_required
def manage_lab(contest_id: int) -> str:
    contest = staff_contest(contest_id, programming=True)
    issued = package.issued_packages(db.session, contest)
    return render_template(
        "programming/organiser/lab.html",
        contest=contest,
        lab=lab_setup.lab_round_of(db.session, contest),
        issued=issued,
        withdraw_forms=_withdraw_forms(issued),
        export_form=_export_form(contest),
        results_form=LabResultsForm(),
        max_mb=bundle_import.MAX_BUNDLE_BYTES >> 20,
    )


@bp.route("/manage/lab/export", methods=["POST"])
@login_required
def export_lab(contest_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    form = _export_form(contest)
    if not form.validate_on_submit():
        return _refused(contest.id, *_form_errors(form))
    lab_package = _staging_file(".zip")
    try:
        issued = commit_or_refuse(
            lambda: package.export_package(
                db.session,
                content_store(),
                me(),
                contest,
                lab_package,
                seats_per_room=required(form.seats_per_room),
                unit=db.session.get(Unit, form.unit.data) if form.unit.data else None,
            )
        )
        if issued is None:
            return redirect(url_for("programming.manage_lab", contest_id=contest.id))
        kit = _staging_file(".zip")
        made = issued.value
        with zipfile.ZipFile(kit, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(lab_package, f"lab-package-{contest.id}.zip")
            zf.writestr(f"cards-{contest.id}.pdf", cards.render_cards(made.cards, made.contest_title))
            zf.writestr(f"rooms-{contest.id}.pdf", cards.render_rooms(made.cards, made.contest_title))
    finally:
        lab_package.unlink(missing_ok=True)
    return _sent(kit, f"lab-round-{contest.id}.zip")


@bp.route("/manage/lab/results", methods=["POST"])
@csrf.exempt  # the form checks its token itself, after the upload limit below is set
@login_required
def import_lab_results(contest_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    request.max_content_length = bundle_import.MAX_BUNDLE_BYTES
    form = LabResultsForm()
    if not form.validate_on_submit():
        return _refused(contest.id, *_form_errors(form))
    bundle = _staging_file(".zip")
    try:
        required_file(form.bundle).save(bundle)
        try:
            imported = bundle_import.import_results(db.session, me(), contest, bundle)
            db.session.commit()
        except InvalidInput as error:
            db.session.rollback()
            return _refused(contest.id, error.message, *(error.problems if isinstance(error, Refused) else []))
    finally:
        bundle.unlink(missing_ok=True)
    flash(
        _(
            "%(n)d submissions of the lab round were imported. Fingerprint of the bundle: %(fingerprint)s; it must "
            "be the one written in the round's minutes.",
            n=imported.submissions,
            fingerprint=imported.fingerprint,
        ),
        "success",
    )
    return redirect(url_for("programming.manage_lab", contest_id=contest.id))


@bp.route("/manage/lab/packages/<package_id>/withdraw", methods=["POST"])
@login_required
def withdraw_lab_package(contest_id: int, package_id: str) -> Response:
    contest = staff_contest(contest_id, programming=True)
    form = _withdraw_form(package_id)
    if not form.validate_on_submit():
        return _refused(contest.id, *_form_errors(form))
    commit_or_refuse(
        lambda: withdrawal.withdraw_package(db.session, me(), contest, package_id, required(form.reason)),
        _("The lab package %(id)s is withdrawn: its contestants may go into a new package.", id=package_id),
    )
    return redirect(url_for("programming.manage_lab", contest_id=contest.id))


@bp.route("/manage/lab/bundle", methods=["POST"])
@login_required
def lab_bundle(contest_id: int) -> Response:
    contest = staff_contest(contest_id, programming=True)
    bundle = _staging_file(".zip")
    try:
        written = results.export_results(db.session, contest, bundle)
    except InvalidInput as error:
        bundle.unlink(missing_ok=True)
        return _refused(contest.id, error.message)
    return _sent(bundle, f"lab-results-{contest.id}-{written.fingerprint}.zip")
