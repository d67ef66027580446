"""A page's JSON-LD (``<script type="application/ld+json">``: the structured data site builders and SEO plugins write
for search engines, such as WordPress's Yoast when a teacher exports a site as static pages) without the people it
describes: the values of its ``author``, ``creator``, ``contributor``, ``editor``, ``publisher``,
``copyrightHolder``, ``accountablePerson``, ``maintainer`` and ``sponsor``, and every object typed ``Person``
wherever it lies (Yoast's graph keeps the author as a node of its own, with a picture and a profile address), keep
their keys and types but their strings are emptied. Nothing in a page shows JSON-LD; the data is written again as
JSON, on one line, only when something was emptied. What is not well-formed JSON is left as it is."""

from __future__ import annotations

import json
from typing import Any

_PEOPLE = {
    "author",
    "creator",
    "contributor",
    "editor",
    "publisher",
    "copyrightholder",
    "accountableperson",
    "maintainer",
    "sponsor",
}
_KEPT = {"@type", "@context"}  # what a node is, not who


def _key(key: str) -> str:
    return key.rsplit(":", 1)[-1].rsplit("/", 1)[-1].casefold()  # "schema:author", "http://schema.org/author"


def _is_person(node: dict[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and _key(k) == "person" for k in kinds)


def _emptied(value: Any) -> Any:
    """``value`` with every string in it emptied, but the types and contexts of its objects."""
    if isinstance(value, str):
        return ""
    if isinstance(value, list):
        return [_emptied(item) for item in value]
    if isinstance(value, dict):
        return {k: (v if k in _KEPT else _emptied(v)) for k, v in value.items()}
    return value


def _cleaned(value: Any) -> Any:
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if not isinstance(value, dict):
        return value
    if _is_person(value):
        return _emptied(value)
    return {k: (_emptied(v) if _key(k) in _PEOPLE else _cleaned(v)) for k, v in value.items()}


def without_people(text: str) -> str:
    """``text`` (a JSON-LD script's content) without the people it describes (see the module docstring)."""
    try:
        data = json.loads(text)
        cleaned = _cleaned(data)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than it can be walked
        return text
    return text if cleaned == data else json.dumps(cleaned, ensure_ascii=False)
