"""H5P content's authors, removed: ``h5p.json`` (the content's own metadata) and ``content/content.json`` (its
pieces: each ``metadata`` object, each ``copyright`` object of a picture, video or sound) keep who made them in
``authors``, ``changes`` (who changed what) and ``authorComments``, and H5P's "Rights of use" button shows them to
whoever plays the content. ``authors`` becomes an empty list (H5P expects one), the others go, and a ``copyright``
object's ``author`` becomes empty; everything else (titles, licences, the content's own words) is the work and
stays. Such files are found by their paths (H5P's own layout, as h5p-standalone and Lumi unpack it), written again
as UTF-8 JSON only when something was removed. Raises ``ValueError`` for a file that is not JSON."""

from __future__ import annotations

import json
from pathlib import PurePosixPath

_ABOUT_PEOPLE = ("changes", "authorComments")


def is_h5p_metadata(where: str) -> bool:
    """Whether the member at ``where`` is H5P's ``h5p.json`` or ``content/content.json``."""
    path = PurePosixPath(where.lower())
    return path.name == "h5p.json" or (path.name == "content.json" and path.parent.name == "content")


def clean_h5p(data: bytes) -> bytes:
    """``data`` (an ``h5p.json`` or a ``content.json``) without its authors (see the module docstring)."""
    document = json.loads(data.decode("utf-8-sig"))
    if not _clean(document, top=True):
        return data
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _clean(value: object, *, top: bool = False, key: str = "") -> bool:
    """Remove the authors from ``value`` in place, the top of an ``h5p.json`` being metadata too; whether anything
    was removed."""
    changed = False
    if isinstance(value, dict):
        if top or key == "metadata":
            if value.get("authors"):
                value["authors"] = []
                changed = True
            for gone in _ABOUT_PEOPLE:
                changed |= value.pop(gone, None) is not None
        if key == "copyright" and value.get("author"):
            value["author"] = ""
            changed = True
        for child_key, child in value.items():
            changed |= _clean(child, key=child_key)
    elif isinstance(value, list):
        for child in value:
            changed |= _clean(child)
    return changed
