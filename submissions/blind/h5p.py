"""H5P content's authors, removed: ``h5p.json`` (the content's own metadata) and ``content/content.json`` (its
pieces: each ``metadata`` object, each ``copyright`` object of a picture, video or sound) keep who made them in
``authors``, ``changes`` (who changed what) and ``authorComments``, and H5P's "Rights of use" button shows them to
whoever plays the content. ``authors`` becomes an empty list (H5P expects one), the others go, and a ``copyright``
object's ``author`` becomes empty; everything else (titles, licences, the content's own words) is the work and
stays. Such files are found by their paths (H5P's own layout, as h5p-standalone and Lumi unpack it), written again
as UTF-8 JSON only when something was removed. Raises ``ValueError`` for a file that is not JSON. A page that plays
H5P content by itself holds the same in its ``H5PIntegration`` settings (``clean_h5p_page``)."""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

_ABOUT_PEOPLE = ("changes", "authorComments")
# Where a page that plays H5P content by itself (Lumi's HTML export, h5p-html-exporter) sets its player's settings:
# ``H5PIntegration = {...}``, the content's metadata and its ``content.json`` (as the string ``jsonContent``) inside.
_INTEGRATION = re.compile(r"\bH5PIntegration\s*=\s*(?=\{)")


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


def clean_h5p_page(page: bytes) -> bytes:
    """A page that plays H5P content by itself (Lumi exports a single HTML page so) without the authors of the
    content its ``H5PIntegration`` holds: each content's ``metadata`` and its ``jsonContent`` (a ``content.json``
    as a string) are cleaned as those files are. The page is returned as it is when it holds no such settings, is
    not UTF-8, or its settings are not JSON (a script builds them: its words are read for names all the same)."""
    if b"H5PIntegration" not in page:
        return page
    try:
        text = page.decode("utf-8")
    except UnicodeDecodeError:
        return page
    pieces, at, changed = [], 0, False
    for found in _INTEGRATION.finditer(text):
        if found.end() < at:
            continue
        try:
            settings, end = json.JSONDecoder().raw_decode(text, found.end())
        except ValueError:
            continue
        if isinstance(settings, dict) and _clean_integration(settings):
            # a "</script>" in a string would end the page's script: written "<\/" as the exporter wrote it
            pieces += [text[at : found.end()], json.dumps(settings, ensure_ascii=False).replace("</", "<\\/")]
            at, changed = end, True
    return "".join([*pieces, text[at:]]).encode() if changed else page


def _clean_integration(settings: dict[str, object]) -> bool:
    """Remove the authors from the contents of an ``H5PIntegration`` in place; whether anything was removed."""
    contents = settings.get("contents")
    changed = False
    for content in contents.values() if isinstance(contents, dict) else ():
        if not isinstance(content, dict):
            continue
        changed |= _clean(content.get("metadata"), top=True)
        if isinstance(raw := content.get("jsonContent"), str):
            try:
                parameters = json.loads(raw)
            except ValueError:
                continue
            if _clean(parameters):
                content["jsonContent"] = json.dumps(parameters, ensure_ascii=False, separators=(",", ":"))
                changed = True
    return changed


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
