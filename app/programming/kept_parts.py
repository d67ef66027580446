"""Parts of the contestants' pages that are the same for everyone who opens them in one language (a problem's
statement and limits, the submit form before anything is typed, the words of the page's script): made once per
process and kept, so that 10,000 contestants opening a problem at a contest's start do not render it 10,000 times.

A part is kept under everything it is made of, or under a version that changes with all of it (a contest's data
version: ``services.contests.data_versions``), given by the caller as its key, together with the request's
language and the application's root URL: a changed problem, package, setting or contest is another key and
shows at once, with no invalidation to forget, and one language never gets another's words. Only the newest
``KEPT`` parts are kept.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar, cast

from flask import render_template, request
from flask_babel import get_locale
from markupsafe import Markup

KEPT = 512
"""Parts kept per process: a few per problem and language, for a province's contests running at once."""

T = TypeVar("T")

_kept: OrderedDict[tuple[Hashable, ...], object] = OrderedDict()
_lock = Lock()  # gunicorn's gthread worker serves requests in threads


def kept(key: tuple[Hashable, ...], make: Callable[[], T]) -> T:
    """The part kept under ``key`` (in this request's language and root URL), made by ``make`` when it is not
    kept yet. ``key`` must name everything ``make`` reads but the language and the URLs' root, or a version that
    changes with it; what ``make`` returns must not be changed by its callers."""
    full = (str(get_locale()), request.script_root, *key)
    with _lock:
        if full in _kept:
            _kept.move_to_end(full)
            return cast(T, _kept[full])
    part = make()  # outside the lock: two threads may both make a new part, and keep the same thing
    with _lock:
        _kept[full] = part
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return part


def rendered(template: str, **context: object) -> Markup:
    """The template rendered with ``context``, as markup to be put into a page (a part, kept or not)."""
    return Markup(render_template(template, **context))
