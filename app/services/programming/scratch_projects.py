"""Scratch projects as submissions: checked on upload, kept as text, read back for the judge and the preview.

A language whose sources are files made by a tool (``Language.binary``: Scratch's ``.sb3``) is checked by
``submissions.scratch`` when it is submitted, with a message in the user's language, and kept in the
submission's ``source`` column as base64 text, so that it travels with the submission exactly as text sources
do (the judge's job, rejudging, the program cache) and the projects pupils make stay small (``MAX_PROJECT_BYTES``).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from sandbox.languages import LANGUAGES
from submissions.scratch import MAX_PROJECT_BYTES, Costume, Unfit, UnfitProject, read_project

from ..errors import InvalidInput
from .scratch_blocks import script_text

MESSAGES: dict[Unfit, Any] = {
    Unfit.TOO_LARGE: _l("The Scratch project is larger than %(detail)s MiB."),
    Unfit.PROJECT_JSON_TOO_LARGE: _l(
        "The Scratch project is too large: its project.json unpacks to more than %(detail)s MiB."
    ),
    Unfit.NOT_SB3: _l(
        "This file is not a Scratch 3 project (.sb3): save it again from Scratch (File > Save to your computer)."
    ),
    Unfit.NO_PROJECT_JSON: _l("The Scratch project has no project.json: save it again from Scratch 3."),
    Unfit.BAD_PROJECT_JSON: _l("The Scratch project's project.json is damaged or has no stage."),
    Unfit.EXTENSION: _l(
        "The project uses extensions not allowed in the contest: %(detail)s. Only Scratch's own "
        "blocks, Pen and Music may be used."
    ),
    Unfit.MISSING_ASSET: _l("A costume or sound of the project is missing: %(detail)s."),
    Unfit.NO_COSTUME: _l('"%(sprite)s" has no costume: every sprite and the stage need one.'),
    Unfit.BAD_COSTUME: _l(
        'The costume "%(asset)s" of "%(sprite)s" is damaged: save the project again from Scratch 3 (File > Save to '
        "your computer)."
    ),
    Unfit.BAD_SOUND: _l(
        'The sound "%(asset)s" of "%(sprite)s" is damaged: save the project again from Scratch 3 (File > Save to '
        "your computer)."
    ),
}


def is_binary(language: str) -> bool:
    """Whether sources in ``language`` are files made by a tool, uploaded as they are (Scratch)."""
    found = LANGUAGES.get(language)
    return found is not None and found.binary


def stored_project(data: bytes) -> str:
    """The project as the submission keeps it (base64 text); ``InvalidInput`` saying what is wrong with it."""
    try:
        read_project(data)
    except UnfitProject as unfit:
        named = {"detail": unfit.detail, "sprite": unfit.sprite or _("Stage"), "asset": unfit.asset}
        raise InvalidInput(MESSAGES[unfit.code] % named, "file") from None
    return base64.b64encode(data).decode("ascii")


def sent_as_text(source: str, language: str) -> bytes:
    """The bytes of a source sent as text (the API's JSON): UTF-8, or for a binary language its base64 decoded;
    ``InvalidInput`` when that is not base64."""
    if not is_binary(language):
        return source.encode("utf-8")
    try:
        return base64.b64decode(source, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(_l("Send a Scratch project as its .sb3 file in base64."), "source") from None


def source_bytes(source: str, language: str) -> bytes:
    """What the judge compiles: a text source's UTF-8, or a binary one's own bytes."""
    return base64.b64decode(source) if is_binary(language) else source.encode()


@dataclass(frozen=True)
class ShownSprite:
    """A sprite (or the stage) as the submission page shows it: its current costume and its scripts written as
    Scratch's blocks in the current language (``scratch_blocks``)."""

    name: str
    is_stage: bool
    costume: Costume | None
    scripts: tuple[str, ...]


def preview(source: str) -> list[ShownSprite] | None:
    """The stored project's stage and sprites for its read-only preview, worded in the current request's
    language; None when it cannot be read (a project is checked when submitted, so only a damaged row gives
    None)."""
    try:
        sprites = read_project(base64.b64decode(source, validate=True))
    except (UnfitProject, binascii.Error, ValueError):
        return None
    return [
        ShownSprite(sprite.name, sprite.is_stage, sprite.costume, tuple(script_text(s) for s in sprite.scripts))
        for sprite in sprites
    ]


__all__ = ["MAX_PROJECT_BYTES", "ShownSprite", "is_binary", "preview", "sent_as_text", "source_bytes", "stored_project"]
