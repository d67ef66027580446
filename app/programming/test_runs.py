"""Test runs from the problem's page: the contestant's program run on a sample or on input they type, its result
polled by the page. The form is the problem page's own (the same editor, language and file), sent here by the
"Run" button; the page's script sends it with ``fetch`` and shows the result without reloading."""

from __future__ import annotations

from flask import abort, current_app, flash, jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.wrappers import Response

from ..authz import me, visible_contest
from ..extensions import db
from ..input_checks import id_in
from ..models import Contest, ContestProblem
from ..policies.contests import is_staff
from ..queue import queue_of_test_runs
from ..services.errors import InvalidInput, NotAllowed, TooSoon
from ..services.programming import contestant, entrant_window, problem_display, test_runs
from . import bp
from .contestant import problem_page, program_from_form, visible_problem
from .contestant_forms import SubmitForm
from .problem_parts import form_for


def _wants_json() -> bool:
    """The page's script asks for JSON; a browser without scripts posts the form and gets the page again."""
    return request.accept_mimetypes.best == "application/json"


def _refuse(
    contest: Contest, item: ContestProblem, form: SubmitForm, message: str | None = None, status: int = 400
) -> Response | tuple[str, int]:
    """The refusal, with what the user typed kept: in the page, beside the field at fault (or on top), or as
    JSON for the script, which leaves the page as it is."""
    if _wants_json():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items() if name != "csrf_token"}
        for field in (form.language, form.source, form.run_input, form.sample):
            if field.errors and field.name not in errors:
                errors[field.name] = [str(e) for e in field.errors]
        messages = [m for errs in errors.values() for m in errs]
        response = jsonify(message=message or " ".join(messages), errors=errors)
        response.status_code = status
        return response
    if message:
        flash(message, "error")
    return problem_page(contest, item, form, status)


@bp.route("/problems/<label>/test-runs", methods=["POST"])
@login_required
def start_test_run(contest_id: int, label: str) -> Response | tuple[str, int] | tuple[Response, int]:
    """Start a test run of the form's program on a sample or on the typed input."""
    contest = visible_contest(contest_id, programming=True)
    user = me()
    closed = entrant_window.window_message(contest, None, contestant.registration_of(db.session, contest, user))
    found = visible_problem(contest, label)  # 403 for a hidden problem or an outsider
    if isinstance(found, tuple):
        if _wants_json():
            return jsonify(message=str(closed or _("You may not run programs on this problem."))), 403
        return found
    item = found
    form = form_for(contest, item)
    if closed is not None and not is_staff(user, contest):
        return _refuse(contest, item, form, str(closed), 403)
    if not form.validate_on_submit():
        expired = "csrf_token" in form.errors
        message = _("The form has expired. Please go back, reload it and try again.") if expired else None
        return _refuse(contest, item, form, message)
    program = program_from_form(form)
    if program is None:
        return _refuse(contest, item, form)
    source, language = program
    if form.sample.data:
        samples = problem_display.samples(item.problem)
        number = id_in(form.sample.data) or 0
        if not 1 <= number <= len(samples):
            form.sample.errors = [_("Choose one of the problem's sample tests.")]
            return _refuse(contest, item, form)
        stdin = samples[number - 1][0].encode()
    else:
        stdin = (form.run_input.data or "").replace("\r\n", "\n").encode("utf-8")
    try:
        limits = test_runs.TestRunLimits.from_config(current_app.config)
        run_id = test_runs.start(
            db.session, queue_of_test_runs(), contest, user, label, source, language, stdin, limits
        )
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except InvalidInput as error:
        db.session.rollback()
        status = 429 if isinstance(error, TooSoon) else 400
        field = getattr(form, error.field or "", None)
        if field is None:
            return _refuse(contest, item, form, str(error.message), status)
        field.errors = [str(error.message)]
        return _refuse(contest, item, form, status=status)
    status_url = url_for("programming.test_run_status", contest_id=contest.id, test_run_id=run_id)
    if _wants_json():
        response = jsonify(id=run_id, status_url=status_url)
        response.status_code = 202
        return response
    return problem_page(contest, item, form)


@bp.route("/test-runs/<int:test_run_id>.json")
@login_required
def test_run_status(contest_id: int, test_run_id: int) -> Response:
    """Where a test run stands and, once it ended, its result: what the page polls. Only its owner sees it."""
    contest = visible_contest(contest_id, programming=True)
    run = test_runs.own_test_run(db.session, contest, me(), test_run_id)  # NotFound: 404
    response = jsonify(test_runs.view(run).to_dict())
    response.headers["Cache-Control"] = "no-store"
    return response
