"""A programming problem's statement as written in hoithi's editor: Markdown with formulas in Vietnamese and
English (each optional), the images attached to the problem for it, and rendering it safely.

A statement written here replaces the one shipped in the package (``judge.statement``) for contestants; it
outlives a new upload of the package unless the organiser asks for the package's (``use_package_statement``).
Images are checked by their content (PNG, JPEG, GIF or WebP, at most ``MAX_IMAGE_MB``), kept in the content
store and referenced from the Markdown by their name: ``![figure](hinh1.png)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import IO

import nh3
from flask_babel import lazy_gettext as _l
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from judge.statement import MAX_TEXT_BYTES
from submissions.media import HEAD, sniff
from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import Contest, Problem, ProblemImage, User
from ..errors import InvalidInput
from ..proposals import published_texts
from ..proposals.attachments import store_checked
from ..records import audit

LANGUAGES = ("vi", "en")
MAX_IMAGE_MB = 2
MAX_IMAGES = 50
IMAGE_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
"""The image formats a statement may show (``submissions.media.sniff`` names) and the Content-Type of each."""
IMAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")

ImageUrl = Callable[[str], str]


def _clean_text(text: str | None, field: str) -> str | None:
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise InvalidInput(_l("A statement may be at most %(kib)d KiB.", kib=MAX_TEXT_BYTES // 1024), field)
    return text or None


def save_statement(
    session: DbSession, actor: User, contest: Contest, problem: Problem, *, vi: str | None, en: str | None
) -> None:
    """Keep the Markdown statements (an empty one is no statement in that language); with both empty the
    package's statement is shown again. InvalidInput (changing nothing) for a statement that is too long, or
    that Section 8 holds for the Sở (``proposals.published_texts``)."""
    cleaned_vi, cleaned_en = _clean_text(vi, "statement_vi"), _clean_text(en, "statement_en")
    texts = [("statement_vi", cleaned_vi or ""), ("statement_en", cleaned_en or "")]
    published_texts.check(session, contest, texts, _l("The statement"), by=actor, exercise=True)
    problem.statement_vi, problem.statement_en = cleaned_vi, cleaned_en
    audit.record(
        session,
        "problem.statement",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"problem": problem.id, "vi": cleaned_vi is not None, "en": cleaned_en is not None},
    )


def use_package_statement(session: DbSession, actor: User, contest: Contest, problem: Problem) -> None:
    """Drop the edited statement so that the package's is shown (the attached images stay)."""
    save_statement(session, actor, contest, problem, vi=None, en=None)


def attach_image(
    session: DbSession,
    store: ContentStore,
    actor: User,
    contest: Contest,
    problem: Problem,
    stream: IO[bytes],
    name: str,
) -> ProblemImage:
    """Attach the image read from ``stream`` under ``name`` (an image of that name is replaced). InvalidInput
    on ``image`` or ``name``, with nothing stored, for a bad name, a file that is not a PNG, JPEG, GIF or WebP
    image by its content, one larger than ``MAX_IMAGE_MB`` or one too many. Flushes; the caller commits."""
    name = name.strip()
    if not IMAGE_NAME.match(name):
        raise InvalidInput(
            _l("An image's name is up to 100 letters, digits, '.', '-' or '_', without spaces, e.g. hinh1.png."),
            "name",
        )
    existing = image_named(problem, name)
    if existing is None and len(problem.images) >= MAX_IMAGES:
        raise InvalidInput(_l("A problem may have at most %(n)d images.", n=MAX_IMAGES), "image")
    wrong = _l("The file is not a PNG, JPEG, GIF or WebP image.")
    digest = store_checked(stream, store, frozenset(IMAGE_TYPES), wrong, "image", max_mb=MAX_IMAGE_MB)
    stored = store.path(digest)
    with stored.open("rb") as f:
        kind = sniff(f.read(HEAD)) or ""
    size = stored.stat().st_size
    if existing is None:
        existing = ProblemImage(problem=problem, name=name, content_hash=digest, image_format=kind, size=size)
        session.add(existing)
    else:
        existing.content_hash, existing.image_format, existing.size = digest, kind, size
    session.flush()
    audit.record(
        session,
        "problem.image",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"problem": problem.id, "name": name, "hash": digest},
    )
    return existing


def remove_image(session: DbSession, actor: User, contest: Contest, problem: Problem, name: str) -> None:
    """Detach the image ``name`` (the statement's reference to it then shows nothing); InvalidInput if none."""
    image = image_named(problem, name)
    if image is None:
        raise InvalidInput(_l("This problem has no image named %(name)s.", name=name))
    problem.images.remove(image)
    session.flush()
    audit.record(
        session,
        "problem.image.remove",
        actor_id=actor.id,
        object_type="contest",
        object_id=contest.id,
        data={"problem": problem.id, "name": name},
    )


def image_named(problem: Problem, name: str) -> ProblemImage | None:
    return next((image for image in problem.images if image.name == name), None)


def edited_text(problem: Problem, lang: str) -> tuple[str, str] | None:
    """``(language, Markdown)`` of the edited statement in ``lang``, else in the other language; None when
    the problem has no edited statement."""
    for candidate in (lang, *(other for other in LANGUAGES if other != lang)):
        text = getattr(problem, f"statement_{candidate}", None)
        if text:
            return candidate, text
    return None


# -- rendering

_markdown = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# Formulas are kept out of Markdown's reach (it would read `_` and `*` in them as emphasis) and put back,
# escaped, for KaTeX's auto-render to find in the page.
_MATH = re.compile(r"\$\$.+?\$\$|\\\[.+?\\\]|\\\(.+?\\\)|(?<![\\$])\$(?=\S)[^$\n]+?(?<=\S)\$", re.DOTALL)


def render_markdown(text: str, images: dict[str, str] | None = None) -> Markup:
    """Markdown as safe HTML (no scripts, event handlers, frames, styles); formulas between ``$...$``,
    ``$$...$$``, ``\\(...\\)`` and ``\\[...\\]`` are kept as text for KaTeX. An image whose source is a key
    of ``images`` (an attached image's name) gets the URL it maps to.

    The HTML is kept (per process, for the last ``RENDERED_KEPT`` texts) under the text and the image URLs
    themselves, so that every contestant opening a problem at a contest's start does not render it again, and
    an edited statement, being another text, shows at once."""
    return _rendered(text, tuple(sorted((images or {}).items())))


RENDERED_KEPT = 128
"""Rendered texts kept per process: a province's contests' statements and quiz questions open at one time."""


@lru_cache(maxsize=RENDERED_KEPT)
def _rendered(text: str, images: tuple[tuple[str, str], ...]) -> Markup:
    formulas: list[str] = []

    def hide(match: re.Match[str]) -> str:
        formulas.append(match.group(0))
        return f"hoithimath{len(formulas) - 1}z"

    urls = dict(images)

    def image_source(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src" and value in urls:
            return urls[value]
        return value

    html = nh3.clean(_markdown.render(_MATH.sub(hide, text)), attribute_filter=image_source)
    html = re.sub(r"hoithimath(\d+)z", lambda m: str(escape(formulas[int(m.group(1))])), html)
    return Markup(html)


@lru_cache(maxsize=RENDERED_KEPT)
def render_html(text: str) -> Markup:
    """An HTML statement from a package, sanitised like Markdown's output (kept as ``render_markdown``'s)."""
    return Markup(nh3.clean(text))


def image_urls(problem: Problem, url_for_image: ImageUrl | None) -> dict[str, str]:
    """Each attached image's name and the URL it is served at (none without ``url_for_image``)."""
    return {image.name: url_for_image(image.name) for image in problem.images} if url_for_image else {}
