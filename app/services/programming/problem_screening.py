"""Section 8 for a problem contestants read: its title (like a contest's category name, screened whole) and the
statement its package ships (an exercise's text: Markdown, HTML without its tags, or a PDF's pages as pypdf reads
them), checked by ``proposals.published_texts`` before the problem is stored. A statement written in hoithi's
editor is checked where it is saved (``problem_statements.save_statement``)."""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path

import nh3
from flask_babel import lazy_gettext as _l

from submissions.blind.pdf_text import page_texts

from ...extensions import DbSession
from ...models import Contest, User
from ..proposals import published_texts

_BLOCK = re.compile(r"</?(?:p|div|h[1-6]|li|ul|ol|br|tr|table|pre|blockquote|section)\b[^>]*>", re.IGNORECASE)


def statement_words(statement: tuple[str, bytes] | None) -> str:
    """The text contestants read in a package's statement (``judge.statement.find_statement``'s (kind, bytes))."""
    if statement is None:
        return ""
    kind, data = statement
    if kind == "pdf":
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "statement.pdf"
            path.write_bytes(data)
            return "\n".join(page_texts(path))
    text = data.decode("utf-8")
    if kind != "html":
        return text
    # A block ends its sentence on the page, though it may end without a full stop ("<h1>Tổng</h1><p>Cho…").
    return html.unescape(nh3.clean(_BLOCK.sub("\n", text), tags=set()))


def check(session: DbSession, actor: User, contest: Contest, title: str, statement: tuple[str, bytes] | None) -> None:
    """InvalidInput (its field: "title" or "package"), in the reader's language, when the problem's ``title`` or
    its package's ``statement`` holds what Section 8 keeps for the Sở; nothing is stored by the caller then (the
    refusal is kept for the Sở's reviewers, as ``actor``'s)."""
    published_texts.check(session, contest, [("title", title)], _l("The problem's title"), by=actor)
    published_texts.check(
        session,
        contest,
        [("package", statement_words(statement))],
        _l("The package's statement"),
        by=actor,
        exercise=True,
    )
