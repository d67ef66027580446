"""The parts of a programming problem's page that are kept (``kept_parts``) because they are the same for every
contestant, or for every contestant but their CSRF token: the page's top (statement, limits, files, samples), its
scripts and the prefetch hints for them, the submit form before anything is typed in it with its choices, and the
test runs' part while the user has none. What is one user's own (their token, their typed form, their runs) is
made for each request."""

from __future__ import annotations

import re

from flask import current_app, request
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from ..authz import me
from ..extensions import db
from ..form_base import SelectChoice
from ..models import Contest, ContestProblem, ProgrammingSettings
from ..services.programming import judging_settings
from ..services.programming.grading import MAX_SOURCE_BYTES
from ..services.programming.program_files import program_files
from ..services.programming.test_runs import TestRunLimits
from ..storage import content_store
from .contestant_forms import SubmitForm, editor_settings, language_choices, sample_choices
from .kept_parts import kept, rendered


def form_for(contest: Contest, item: ContestProblem) -> SubmitForm:
    """The problem page's form (submitting, and running on a sample or typed input), with the contest's
    languages and the problem's samples to choose from."""
    form = SubmitForm()
    languages, samples = submit_choices(contest, item)
    form.language.choices = [SelectChoice(value, label) for value, label in languages]
    form.sample.choices = [SelectChoice(value, label) for value, label in samples]
    return form


def problem_scripts() -> Markup:
    """The page's scripts: the editor with each language's mode, and the contest's own."""
    return rendered("programming/_problem_scripts.html", editor=editor_settings())


_STATIC_ADDRESS = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def problem_prefetch() -> Markup:
    """Hints that the browser of a contestant waiting for the start fetch the files every problem's page names (the
    editor with its modes, the contest's script, KaTeX): kept for a year at their versioned addresses
    (``app.static_assets``), they are in the browser before the start, and the first minute's pages ask for none."""
    named = problem_scripts() + rendered("programming/organiser/_math.html")
    return Markup("".join(f'<link rel="prefetch" href="{address}">' for address in _STATIC_ADDRESS.findall(named)))


def problem_head(contest: Contest, item: ContestProblem, settings: ProgrammingSettings) -> Markup:
    """The page's top, the same for every contestant: the contest's tabs, the problem's title, limits, files,
    statement (in the language asked for with ``?statement=``, else the user's) and samples. Kept under the
    contest's data version, which changes with everything it is made of (``services.contests.data_versions``):
    the contest, its problems with their packages, statements and images, its settings."""
    from ..services.programming import problem_display, problem_statements
    from .organiser import statement_image_url

    problem = item.problem
    lang = request.args.get("statement", "")
    lang = lang if lang in problem_statements.LANGUAGES else str(get_locale())

    def make() -> Markup:
        edited = problem_statements.edited_text(problem, lang)
        return rendered(
            "programming/_problem_head.html",
            contest=contest,
            item=item,
            statement=problem_display.render_statement(problem, lang, statement_image_url(contest, item.label)),
            statement_lang=edited[0] if edited else None,
            samples=tuple(problem_display.samples(problem)),
            files=program_files(problem, content_store()),
            scratch="scratch" in settings.language_keys,
            language_limits=tuple(judging_settings.time_limits_by_language(settings, problem.time_limit_ms)),
        )

    return kept(("problem head", contest.id, contest.data_version, item.label, lang), make)


_OBJECTS = ("contest", "item", "form")
"""What a kept part's key names by its fields instead: rows and forms are other objects in every request."""


CSRF_MARK = Markup("<!-- csrf token -->")
"""Where the kept submit form gets the user's own CSRF token."""


def submit_form(contest: Contest, item: ContestProblem, form: SubmitForm | None, limits: TestRunLimits) -> Markup:
    """The submit form (with the test run's fields where the problem allows runs alone); kept while nothing is
    typed in it (``form`` None or not submitted), with the user's CSRF token put in: a blank form is built only to
    make the kept part."""
    from ..services.programming import problem_display

    choices = submit_choices(contest, item)
    context = {
        "contest": contest,
        "item": item,
        "max_kib": MAX_SOURCE_BYTES // 1024,
        "max_input_kib": limits.max_input_bytes // 1024,
        "runs_per_minute": limits.per_minute,
        "test_runs_offered": problem_display.runs_alone(item.problem),
        "samples": len(choices[1]) > 1,
    }
    if form is not None and form.is_submitted():  # what was typed, and the messages beside it
        hidden = form.hidden_tag()
        return rendered("programming/_submit_form.html", form=form, hidden=hidden, editor=editor_settings(), **context)
    made_of = tuple(value for name, value in context.items() if name not in _OBJECTS)
    key = ("submit form", contest.id, item.label, *choices, *made_of)

    def make() -> Markup:
        blank = form if form is not None else form_for(contest, item)
        return rendered(
            "programming/_submit_form.html", form=blank, hidden=CSRF_MARK, editor=editor_settings(), **context
        )

    return Markup(kept(key, make).replace(CSRF_MARK, csrf_field(), 1))


def submit_choices(contest: Contest, item: ContestProblem) -> tuple[tuple[tuple[str, str], ...], ...]:
    """The submit form's choices of language and of what a test run runs on (``form_for``'s), kept."""
    from ..services.programming import problem_display

    keys = tuple(judging_settings.settings_for(db.session, contest).language_keys)
    samples = len(problem_display.samples(item.problem))
    return kept(
        ("submit choices", keys, samples),
        lambda: (tuple(language_choices(list(keys))), tuple(sample_choices(samples))),
    )


def csrf_field() -> Markup:
    """The user's CSRF token's field, as ``hidden_tag()`` of a form with no other hidden field gives it (nothing
    where CSRF protection is off), without building the form."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return Markup("")
    return Markup('<input id="csrf_token" name="csrf_token" type="hidden" value="{}">').format(generate_csrf())


def recent_test_runs(contest: Contest, item: ContestProblem, count: int) -> Markup:
    """The user's newest test run of the problem (followed live by the page's script) and their recent ones;
    with none, a part kept for everyone."""
    from ..services.programming import test_runs

    labels = kept(("test run labels",), test_run_labels)
    recent = test_runs.recent(db.session, contest, me(), item.problem_id, count)
    if not recent:
        return kept(
            ("no test runs",),
            lambda: rendered("programming/_test_runs.html", test_run=None, recent_runs=[], test_run_labels=labels),
        )
    return rendered(
        "programming/_test_runs.html",
        contest=contest,
        test_run=test_runs.view(recent[0]),
        recent_runs=[(run.created_at, test_runs.view(run)) for run in recent],
        test_run_labels=labels,
    )


def test_run_labels() -> dict[str, str]:
    """The words the page (and its script) shows for a test run's states and endings, in the user's language."""
    from ..services import labels

    words = {code: labels.test_run_outcome(code) for code in labels.TEST_RUN_OUTCOME}
    words.update(
        queued=str(_("Waiting in the queue (submissions are judged first)")),
        running=str(_("Running")),
        time=str(_("Time")),
        memory=str(_("Memory")),
        exit_code=str(_("Exit code")),
        signal=str(_("Signal")),
        truncated=str(_("(only the beginning of the output is shown)")),
        failed=str(_("The run could not be started. Reload the page and try again.")),
    )
    return words
