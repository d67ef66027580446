"""What contestants (and the organisers' preview) are shown of a problem: its statement, rendered safely, its PDF
statement, its sample tests, and whether test runs of it are offered. A package's samples and shape are read once
per process and package (its hash names its content)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from judge.package import LoadOptions, load_problem
from submissions.store import ContentStore

from ...models import Problem
from ...storage import content_store
from . import grading, problem_statements
from .problem_statements import ImageUrl


def render_statement(problem: Problem, lang: str = "vi", image_url: ImageUrl | None = None) -> Markup:
    """The problem's statement as safe HTML: the one written in the editor, in ``lang`` if there is one (else
    in the other language), its images at ``image_url(name)``; failing that the package's Markdown or HTML
    statement (see ``problem_statements.render_markdown``). Empty for a problem with no text statement (a PDF
    one is served by ``programming.statement_pdf``)."""
    edited = problem_statements.edited_text(problem, lang)
    if edited is not None:
        html = problem_statements.render_markdown(edited[1])
        if "<img" not in html or image_url is None:
            return html  # no image to point at its URL: the problem's images are not looked up
        return problem_statements.render_markdown(edited[1], problem_statements.image_urls(problem, image_url))
    text = problem.statement_text
    if not text or problem.statement_kind not in ("md", "html"):
        return Markup("")
    if problem.statement_kind == "html":
        return problem_statements.render_html(text)
    return problem_statements.render_markdown(text)


def statement_pdf(problem: Problem, store: ContentStore | None = None) -> Path | None:
    """The stored PDF statement of the problem (checked against its hash), or None when it has none or a
    statement written in the editor replaces it."""
    if problem.has_edited_statement or problem.statement_kind != "pdf" or not problem.statement_hash:
        return None
    return (store or content_store()).verify(problem.statement_hash)


def samples(problem: Problem, store: ContentStore | None = None) -> list[tuple[str, str]]:
    """(input, answer) of the problem's sample tests, read from its stored package (default store: the
    app's). Kattis packages have them in ``data/sample``; a Themis task has none (every test is scored and
    hidden, so none is shown). Text is decoded as UTF-8 (undecodable bytes replaced)."""
    return list(_samples(store or content_store(), problem.package_hash, grading.load_options(problem)))


def runs_alone(problem: Problem, store: ContentStore | None = None) -> bool:
    """Whether a program of this problem can run without the judge's validator (not interactive, not multi-pass):
    only then may contestants make test runs of it."""
    return _runs_alone(store or content_store(), problem.package_hash, grading.load_options(problem))


@lru_cache(maxsize=64)
def _runs_alone(store: ContentStore, package_hash: str, options: LoadOptions) -> bool:
    checker = load_problem(store.verify(package_hash), options).checker
    return not (checker.interactive or checker.multi_pass)


@lru_cache(maxsize=64)
def _samples(store: ContentStore, package_hash: str, options: LoadOptions) -> tuple[tuple[str, str], ...]:
    loaded = load_problem(store.verify(package_hash), options)
    tests = loaded.samples
    return tuple(
        (t.input_bytes().decode("utf-8", "replace"), t.answer_bytes().decode("utf-8", "replace")) for t in tests
    )
