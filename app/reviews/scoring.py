"""A judge's pages: their queue, the entry page and the score sheet, and declaring a conflict of interest.

Blind review: these pages show an entry's code, title, subject, level, field, description and files (under names
made of the code), never its authors, supervisor or unit, nor a file's original name. Only the judges assigned to
an entry reach its pages (403 for anyone else, organisers included: their pages are elsewhere).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import assigned_entry, judged_entry, me, roles_required
from ..entries.preview_links import preview_token
from ..extensions import db
from ..models import Role, Rubric, ScoreSheet, SheetStatus
from ..service_calls import commit_or_refuse
from ..services.entries import package_items
from ..services.entries.entry_files import download_name, served_launch, served_size
from ..services.errors import InvalidInput
from ..services.results import disqualification
from ..services.reviews import conflicts, panel, rubrics, score_sheets
from ..storage import content_store
from . import bp
from .common import points
from .forms import FILE_KIND_LABELS, SHEET_LABELS, ConflictForm, SheetForm, sheet_form


@bp.route("/review/")
@roles_required(Role.JUDGE)
def queue() -> str:
    """The entries the judge is to score, with the state of each sheet."""
    return render_template(
        "reviews/queue.html",
        items=score_sheets.queue(db.session, me()),
        labels=SHEET_LABELS,
        headed=panel.headed_contests(db.session, me()),
    )


@bp.route("/review/entries/<int:entry_id>")
@login_required
def entry(entry_id: int) -> str:
    """The entry as its judge sees it (blind): details, the lecture's preview in a sandboxed frame, the files;
    closed to a judge with a conflict of interest with it (``judged_entry``)."""
    found = judged_entry(entry_id)
    judge = me()
    sheet = score_sheets.sheet_of(db.session, judge.id, found.id)
    files = found.current_files
    package = next((f for f in files if f.kind.is_package), None)
    launch = served_launch(content_store(), package, blind=True) if package else None  # committed with the token
    items = package_items.preview_items(content_store(), package, blind=True) if package else []
    return render_template(
        "reviews/entry.html",
        entry=found,
        files=files,
        package=package,
        launch=launch,
        items=items,
        preview_token=preview_token(package.id, judge.id) if package else None,
        file_name=lambda f: download_name(f, found, for_author=False),
        file_size=lambda f: served_size(f, blind=True),
        kind_labels=FILE_KIND_LABELS,
        rubric=rubrics.rubric_for_entry(db.session, found),
        status=sheet.status if sheet else None,
        opens=score_sheets.opens_at(found.contest),
        labels=SHEET_LABELS,
        conflict_form=ConflictForm(),
        disqualified=disqualification.judge_note(db.session, found),
    )


def _fill(form: SheetForm, rubric: Rubric, sheet: ScoreSheet | None) -> None:
    """Put the saved sheet's values into an unposted form."""
    if sheet is None:
        return
    form.overall_comment.data = sheet.overall_comment
    by_criterion = {s.criterion_id: s for s in sheet.scores}
    for criterion in rubric.criteria:
        saved = by_criterion.get(criterion.id)
        if saved is not None:
            form[f"points_{criterion.id}"].data = points(saved.points)
            form[f"comment_{criterion.id}"].data = saved.comment


def _say_refused(form: SheetForm, rubric: Rubric) -> None:
    """Flash why the form refused what was typed (a comment too long, say), naming the criterion it is about: the
    page comes back with what was typed and the errors beside the fields, and nothing saved."""
    about = {"overall_comment": str(form.overall_comment.label.text)}
    for criterion in rubric.criteria:
        about[f"points_{criterion.id}"] = criterion.name
        about[f"comment_{criterion.id}"] = _("Comment on %(name)s", name=criterion.name)
    problems = [f"{about.get(field.name, field.name)}: {field.errors[0]}" for field in form if field.errors]
    flash(_("Nothing has been saved. %(problems)s", problems=" ".join(problems)), "error")


@bp.route("/review/entries/<int:entry_id>/sheet", methods=["GET", "POST"])
@login_required
def sheet(entry_id: int) -> str | Response:
    """The judge's score sheet: save a draft, or submit it (with the confirmation ticked: it locks the sheet).

    Read-only, saying when it opens, until the contest's submission deadline (the service refuses saves until then);
    read-only once submitted, and, saying why, while the published results close it or the judge has a conflict of
    interest with the entry found after they were assigned (the entry itself is then closed to them: no link), or
    the organisers disqualified the entry (its submitted sheet kept for the record, its draft no longer saved). A
    refused save shows the sheet again with everything typed in it, read-only if it cannot be saved now, so nothing
    is lost; so does a save from a page older than the sheet (saved since from another tab or device:
    ``score_sheets.save``'s ``seen``), rather than wiping it."""
    found = assigned_entry(entry_id)
    judge = me()
    try:
        rubric = score_sheets.scoring_rubric(db.session, found)
    except InvalidInput as error:
        flash(str(error.message), "error")
        return redirect(url_for("reviews.entry", entry_id=found.id))
    form = sheet_form(rubric.criteria)
    if form.is_submitted() and not form.validate():
        _say_refused(form, rubric)
    elif form.is_submitted():
        submit = bool(form.submit.data)
        if submit and not form.confirm_lock.data:
            message = _("Tick the confirmation to submit: a submitted sheet is locked. Nothing has been saved.")
            form.confirm_lock.errors = [message]
            flash(message, "error")
        else:
            typed = {c.id: (form[f"points_{c.id}"].data, form[f"comment_{c.id}"].data or "") for c in rubric.criteria}
            seen = form.seen.data  # None: posted without it (a page older than the field), nothing to check
            if commit_or_refuse(
                lambda: score_sheets.save(
                    db.session, judge, found, typed, form.overall_comment.data or "", submit=submit, seen=seen
                ),
                _("The sheet has been submitted.") if submit else _("The draft has been saved."),
            ):
                return redirect(url_for("reviews.sheet", entry_id=found.id))
    saved = score_sheets.sheet_of(db.session, judge.id, found.id)  # after a refusal, as it now stands
    if not form.is_submitted():
        _fill(form, rubric, saved)
    if not form.errors:
        # The form now stands for the sheet as saved: once told it was saved elsewhere, saving again replaces it.
        form.seen.data = score_sheets.stamp(saved)
    submitted = saved is not None and saved.status is SheetStatus.SUBMITTED
    opens = score_sheets.opens_at(found.contest)
    conflicted = conflicts.conflict_of(db.session, judge, found) is not None  # found after they were assigned
    disqualified = disqualification.judge_note(db.session, found)
    if submitted:
        closed = None
    elif disqualified is not None:
        closed = score_sheets.DISQUALIFIED
    elif conflicted:
        closed = score_sheets.CONFLICTED
    elif score_sheets.closed_by_results(db.session, found.contest, saved):
        closed = score_sheets.CLOSED_BY_RESULTS
    else:
        closed = None
    return render_template(
        "reviews/sheet.html",
        entry=found,
        rubric=rubric,
        form=form,
        sheet=saved,
        submitted=submitted,
        opens=opens,
        editable=opens is None and not submitted and closed is None,
        closed=closed,
        conflicted=conflicted,  # the entry is closed to them: no link to it; a submitted sheet says why
        disqualified=disqualified,
        conflict_note=score_sheets.CONFLICTED,
        kept=form.is_submitted(),  # a refused save: what was typed is on the form
        max_total=rubrics.max_total(rubric),
        reopenings=score_sheets.reopenings(db.session, saved) if saved else [],
    )


@bp.route("/review/entries/<int:entry_id>/conflict", methods=["POST"])
@login_required
def declare_conflict(entry_id: int) -> Response:
    found = assigned_entry(entry_id)
    form = ConflictForm()
    if not form.validate_on_submit():
        flash(_("Say briefly why you have a conflict of interest."), "error")
        return redirect(url_for("reviews.entry", entry_id=found.id))
    declared = commit_or_refuse(lambda: conflicts.declare(db.session, me(), found, form.reason.data or ""))
    if declared is None:
        return redirect(url_for("reviews.entry", entry_id=found.id))
    if declared.value:  # the judge is released from the entry
        flash(_("Your conflict of interest is recorded and %(code)s is no longer yours to score.", code=found.code))
        return redirect(url_for("reviews.queue"))
    flash(
        _(
            "Your conflict of interest is recorded. Your sheet was already submitted: "
            "the head judge will decide whether to reopen it."
        ),
        "info",
    )
    return redirect(url_for("reviews.sheet", entry_id=found.id))  # the entry is closed to them now
