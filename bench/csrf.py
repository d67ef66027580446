"""The CSRF token of a page's form, as the benchmarks' clients read it."""

from __future__ import annotations

import re

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def token(html: str) -> str | None:
    """The first form's CSRF token in ``html``, or None when the page has no form."""
    match = CSRF.search(html)
    return (match.group(1) or match.group(2)) if match else None
