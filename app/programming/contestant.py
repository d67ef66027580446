"""Contestants' pages of a programming contest: problems, submitting, their submissions with live status."""

from __future__ import annotations

import time

from flask import abort, current_app, flash, jsonify, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from sandbox.languages import LANGUAGES, UnknownLanguage, language_for

from ..auth.confirmed_login import confirmed_contest_seen_by_everyone, confirmed_user_id, login_confirmed
from ..auth.user_loader import with_contest
from ..authz import me, visible_contest
from ..extensions import db
from ..models import Contest, ContestProblem, SubmissionStatus
from ..policies.contests import is_staff, may_see
from ..queue import connection, judge_queue
from ..read_only_ends import reads_only
from ..services.contests.contest_kinds import is_programming
from ..services.errors import InvalidInput, NotAllowed
from ..services.programming import (
    contestant,
    entrant_window,
    extra_time,
    judging_settings,
    kept_contests,
    live_status,
    poll_pace,
    problem_lists,
    scratch_projects,
    status_views,
)
from ..services.programming.grading import MAX_SOURCE_BYTES
from ..services.programming.test_runs import TestRunLimits
from ..services.quizzes import sheets as quiz_sheets
from ..timeutil import utcnow
from . import bp
from .contestant_forms import SubmitForm
from .kept_parts import kept, rendered
from .problem_parts import form_for, problem_head, problem_prefetch, problem_scripts, recent_test_runs, submit_form


def kept_contest(contest_id: int, *, sending: bool = False) -> Contest:
    """The programming contest ``contest_id`` as this process keeps it (``kept_contests``: to be read only, its
    problems, settings and the user's registration read with it), 404 if there is none or the user may not see it
    (``policies.contests.may_see``: a draft, a contest whose proposal is not approved): the contest-start pages'
    ``visible_contest``. A program ``sending`` by a registered contestant to a contest whose proposal is not
    approved is kept for the Sở's reviewers (``entrant_window.note_if_unapproved``)."""
    user = me()
    contest = kept_contests.contest_for(db.session, contest_id, user)
    if contest is None or not is_programming(contest) or not may_see(user, contest):
        if sending and contest is not None and is_programming(contest):
            registration = contestant.registration_of(db.session, contest, user)
            entrant_window.note_if_unapproved(db.session, user, contest, registration)
        abort(404)
    return contest


@bp.route("/problems")
@reads_only
@with_contest  # the user loader reads the registration with the user
@login_required
def problems(contest_id: int) -> str:
    contest = kept_contest(contest_id)
    user = me()
    page = problem_lists.problem_list_page(db.session, contest, user)
    return render_template(
        "programming/problems.html",
        contest=contest,
        top=kept(
            ("problem list top", contest.id, contest.title, contest.submission_opens, contest.submission_closes),
            lambda: rendered("programming/_problems_top.html", contest=contest),
        ),
        team=page.team,
        problems=page.problems,
        table=problem_table(contest, page, is_staff(user, contest)) if page.problems else None,
        reason=page.reason,
        quiz=quiz_sheets.quiz_of_registration(db.session, contest, page.registration),
        prefetch=kept(("problem prefetch",), problem_prefetch) if waits_for_start(contest, page) else None,
        own_end=extra_time.closes_for(contest, page.registration),
    )


def waits_for_start(contest: Contest, page: problem_lists.ProblemListPage) -> bool:
    """Whether the problem list is shown to a contestant waiting for the contest to start."""
    return page.registration is not None and not page.problems and utcnow() < contest.submission_opens


def problem_table(contest: Contest, page: problem_lists.ProblemListPage, staff: bool) -> Markup:
    """The table of the problems with the user's best scores (ICPC: solved or not, with the tries); kept, the same
    for everyone, while they have none."""
    problems, best, icpc = page.problems, page.best, page.icpc

    def make() -> Markup:
        return rendered(
            "programming/_problems_table.html", contest=contest, problems=problems, best=best, icpc=icpc, staff=staff
        )

    if best or icpc:
        return make()
    rows = tuple(
        (p.label, p.problem.title, p.problem.time_limit_ms, p.problem.memory_limit_kb, p.problem.max_score)
        + ((p.category.code if p.category else None,) if staff else ())
        for p in problems
    )
    return kept(("problem table", contest.id, staff, icpc is not None, rows), make)


@bp.app_template_filter("language_name")
def language_name(key: str) -> str:
    """A language's name as the judge lists it (``C++``), for its key (``cpp``)."""
    language = LANGUAGES.get(key)
    return language.name if language is not None else key


@bp.app_template_filter("language_is_binary")
def language_is_binary(key: str) -> bool:
    """Whether the language's sources are uploaded files (a Scratch project), shown as a preview, not as text."""
    return scratch_projects.is_binary(key)


def problem_page(contest: Contest, item: ContestProblem, form: SubmitForm | None, status: int = 200) -> tuple[str, int]:
    """The problem's page: its statement, samples, the form (blank with None), and the user's recent test runs of
    it (the newest followed live). What is the same for every contestant is kept (``problem_parts``), keyed by what
    it is made of."""
    user = me()
    settings = judging_settings.settings_for(db.session, contest)
    closed = entrant_window.window_message(contest, None, contestant.registration_of(db.session, contest, user))
    staff = is_staff(user, contest)
    submitting = closed is None or staff
    limits = TestRunLimits.from_config(current_app.config)
    return render_template(
        "programming/problem.html",
        contest=contest,
        item=item,
        head=problem_head(contest, item, settings),
        closed=closed,
        staff=staff,
        submit_form=submit_form(contest, item, form, limits) if submitting else None,
        test_runs=recent_test_runs(contest, item, limits.listed) if submitting else None,
        scripts=kept(("problem scripts",), problem_scripts),
    ), status


def visible_problem(contest: Contest, label: str) -> ContestProblem | tuple[str, int]:
    """The problem the user may see, or a page saying why they may not (the window, their registration)."""
    user = me()
    try:
        return contestant.problem_for(db.session, contest, user, label)
    except NotAllowed:
        reason = contestant.why_no_problems(db.session, contest, user)
        if reason is None or contestant.registration_of(db.session, contest, user) is None:
            raise
        return render_template("programming/unavailable.html", contest=contest, reason=reason), 403


@bp.route("/problems/<label>")
@reads_only
@with_contest
@login_required
def problem(contest_id: int, label: str) -> tuple[str, int]:
    contest = kept_contest(contest_id)
    item = visible_problem(contest, label)
    if isinstance(item, tuple):
        return item
    return problem_page(contest, item, None)


@bp.route("/problems/<label>/submit", methods=["POST"])
@with_contest
@login_required
def submit(contest_id: int, label: str) -> Response | tuple[str, int]:
    """Submit pasted code or an uploaded file. A refusal shows the problem page again, with the message beside
    the field at fault and the pasted code kept."""
    contest = kept_contest(contest_id, sending=True)
    user = me()
    closed = entrant_window.window_message(contest, None, contestant.registration_of(db.session, contest, user))
    if closed is not None and not is_staff(user, contest):
        if contestant.registration_of(db.session, contest, user) is None:
            abort(403)
        flash(str(closed), "error")
        return redirect(url_for("programming.problems", contest_id=contest.id))
    item = visible_problem(contest, label)  # 403 before anything else for a hidden problem
    if isinstance(item, tuple):
        return item
    form = form_for(contest, item)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            flash(_("The form has expired. Please go back, reload it and try again."), "error")
        return problem_page(contest, item, form, 400)
    program = program_from_form(form)
    if program is None:
        return problem_page(contest, item, form, 400)
    source, language = program
    try:
        submission_id = contestant.submit(
            db.session,
            judge_queue(),
            contest,
            user,
            label,
            source,
            language,
            interval_s=current_app.config["SUBMIT_INTERVAL_SECONDS"],
        )
    except InvalidInput as error:
        db.session.rollback()
        field = getattr(form, error.field or "", None)
        if field is not None:
            field.errors = [str(error.message)]
        else:
            flash(str(error.message), "error")
        return problem_page(contest, item, form, 400)
    return redirect(url_for("programming.submission", contest_id=contest_id, submission_id=submission_id))


def program_from_form(form: SubmitForm) -> tuple[bytes, str] | None:
    """The program (source, language key) the form gives, pasted or uploaded; None, with a message beside the
    field at fault, when it is empty or its language cannot be told."""
    upload = form.file.data
    if upload and upload.filename:
        # a Scratch project may be larger than a text source; each language's own cap is checked on submitting
        source = upload.stream.read(max(MAX_SOURCE_BYTES, scratch_projects.MAX_PROJECT_BYTES) + 1)
        filename = upload.filename
    else:
        source = (form.source.data or "").replace("\r\n", "\n").encode("utf-8")
        filename = None
    if not source.strip():
        form.source.errors = [_("The submission is empty: paste your program above or upload a file.")]
        return None
    language = form.language.data or "auto"
    if language == "auto":
        try:
            language = language_for(filename or "", None).key
        except UnknownLanguage:
            if filename is None:
                message = _("Choose a language for pasted code: the language is only known from an uploaded file.")
            else:
                known = ", ".join(ext for lang in LANGUAGES.values() for ext in lang.extensions)
                message = _(
                    "Choose the language: %(name)s does not end with a known extension (%(known)s).",
                    name=filename,
                    known=known,
                )
            form.language.errors = [message]
            return None
    return source, language


@bp.route("/submissions")
@login_required
def submissions(contest_id: int) -> str:
    contest = visible_contest(contest_id, programming=True)
    user = me()
    mine = contestant.own_submissions(db.session, contest, user)
    mode = entrant_window.feedback_mode(
        judging_settings.settings_for(db.session, contest),
        contest,
        None,
        contestant.registration_of(db.session, contest, user),
    )
    labels = contestant.problem_labels(db.session, contest)
    views = [(s, labels.get(s.problem_id, "?"), status_views.status_view(s, mode)) for s in mine]
    team = contestant.team_of(db.session, contest, user)
    return render_template(
        "programming/submissions.html",
        contest=contest,
        rows=views,
        team=team,
        senders={m.user_id: m.user.full_name for m in team.members} if team is not None else {},
    )


@bp.route("/submissions/<int:submission_id>")
@reads_only
@with_contest
@login_required
def submission(contest_id: int, submission_id: int) -> str:
    contest = kept_contest(contest_id)
    found = contestant.submission_for(db.session, contest, me(), submission_id)
    mode = entrant_window.feedback_mode(
        judging_settings.settings_for(db.session, contest),
        contest,
        None,
        contestant.registration_of(db.session, contest, me()),
    )
    return render_template(
        "programming/submission.html",
        contest=contest,
        submission=found,
        view=status_views.status_view(found, mode),
        mode=mode.value,
        project=scratch_projects.preview(found.source) if scratch_projects.is_binary(found.language) else None,
    )


@bp.route("/submissions/<int:submission_id>.json")
@login_confirmed
def submission_status(contest_id: int, submission_id: int) -> Response:
    """The live status the submission page polls. While a contestant's own submission waits or is graded, the
    answer comes from Redis (``live_status``), after one query that confirms the login and that the contest is
    still one everyone may see (``confirmed_login``); a final result, anyone else's submission, one polled under
    another contest's address (404 there, as for any submission not of that contest) or one of a contest hidden
    since (404 unless the user may still see it, as on the submission's page), from the database. While not
    final, it says when to ask again (``next_poll_ms``, ``poll_pace``)."""
    user_id = confirmed_user_id()
    moment, live, pace = time.time(), None, None
    if user_id is not None:  # the live status and the queue's pace in one round trip to Redis
        live, pace = live_status.read_with_pace(connection(), submission_id, moment)
    if (
        live is not None
        and live.user_id == user_id
        and live.contest_id == contest_id
        and confirmed_contest_seen_by_everyone()
    ):
        view = status_views.live_view(live).to_dict()
    else:
        user = me()
        contest = visible_contest(contest_id, programming=True)
        found = contestant.submission_for(db.session, contest, user, submission_id)
        mode = entrant_window.feedback_mode(
            judging_settings.settings_for(db.session, contest),
            contest,
            None,
            contestant.registration_of(db.session, contest, user),
        )
        view = status_views.status_view(found, mode).to_dict()
    if not view["final"]:  # when to ask again: later the longer the queue would keep it waiting
        status = SubmissionStatus(view["status"])
        if pace is None:  # not asked with the live status (no confirmed login)
            view["next_poll_ms"] = poll_pace.next_poll_ms(connection(), status, moment)
        else:
            view["next_poll_ms"] = poll_pace.delay_ms(status, pace, moment)
    response = jsonify(view)
    response.headers["Cache-Control"] = "no-store"
    return response
