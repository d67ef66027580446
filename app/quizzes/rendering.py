"""Showing a question: its Markdown text (formulas left for KaTeX) and the URL of its image."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup

from ..models import Question
from ..services.programming.problem_statements import render_markdown


def question_html(question: Question) -> Markup:
    return render_markdown(question.text)


def option_html(text: str) -> Markup:
    return render_markdown(text)


def image_url(question: Question) -> str | None:
    if question.image_hash is None:
        return None
    return url_for("quizzes.question_image", contest_id=question.contest_id, question_id=question.id)


HELPERS = {"question_html": question_html, "option_html": option_html, "image_url": image_url}
"""What every page of the blueprint's templates may call."""
