"""Input refused before it reaches a view or SQL, for every route at once.

- Ids in addresses: the ``int`` converter of every route takes 1..``MAX_INT`` only; anything else is a 404 (the
  address names nothing). ``MAX_INT`` is the largest value of an INTEGER column, which every id and number we
  store is: PostgreSQL refuses a larger one with an error, SQLite would store it.
- Numbers in query strings: ``request.args.get(name, type=int)`` gives its default for a number outside
  ±``MAX_INT``, as for one that is not a number.
- Control characters: a path, a query string, a JSON body or the name of a urlencoded form's field holding NUL or
  another control character is refused with 400, before any view runs (no one typed them); but the whitespace a
  search box keeps from a paste (a tab between two Excel cells, Word's line break) is read as a space in a query
  string's values. JSON strings may hold
  tab, CR and LF. The values of a urlencoded form are what people typed or pasted: text pasted from Word or a PDF
  carries control characters (Word writes a manual line break as a vertical tab, a page break as a form feed, its
  fields and footnote marks as other C0 characters), so they are not refused but cleaned before any view reads
  them (``clean_typed``): vertical tab and form feed become LF, every other control but tab, CR and LF is taken
  out (so are Unicode's bidirectional overrides, embeddings and isolates, which would turn what others are shown
  around), and the fields that lost one are noted (``controls_removed``) for the form to say so beside the field and
  ask the user to check the text and save again. No control character but tab, CR and LF reaches a view or the
  database. A multipart body is not read here (an upload view streams it, with a cap of its own): every form
  (``app.form_base``) cleans its fields the same way.
- JSON numbers: an integer outside ±``MAX_INT``, NaN or an infinity is refused with 400.
- Ids in form fields and query parameters that a view reads as text (a hidden field, a choice not validated):
  ``id_in`` reads them, None for anything but an id.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any, TypeVar, overload

from flask import Flask, abort, g, request
from flask.wrappers import Request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing import IntegerConverter, Map

MAX_INT = 2**31 - 1

# C0 controls and DEL; tab, LF and CR are allowed where a textarea may send them.
_ANY_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What a paste leaves in a one-line box: a tab between Excel cells, Word's line and page breaks; read as spaces.
_PASTED_SPACES = str.maketrans(dict.fromkeys("\t\n\r\x0b\x0c", " "))
# Word's manual line break (Shift+Enter) is a vertical tab in what it copies, its page break a form feed.
_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})
# The invisible controls a typed text loses: C0 controls and DEL but tab, LF and CR (what Word's fields leave), and
# Unicode's bidirectional embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which turn the text
# after them around where it is shown ("Trojan Source"): a team's name on the public scoreboard or a certificate, a
# file's or a title's in a list, would read as something else. The marks LRM and RLM (U+200E, U+200F) stay: they
# only nudge neutral characters.
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def in_bounds(value: int) -> bool:
    """Whether ``value`` fits an INTEGER column."""
    return -MAX_INT <= value <= MAX_INT


def id_in(raw: str | None) -> int | None:
    """The id ``raw`` writes (ASCII digits, 1..``MAX_INT``), else None: a form's or a query's id that is not one
    names nothing. ``str.isdigit`` alone would let through "²" (which ``int`` refuses) and numbers no column
    holds (which SQLite refuses to bind)."""
    if raw is None or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if 1 <= value <= MAX_INT else None


class IdConverter(IntegerConverter):
    """The ``int`` converter of every route: 1..``MAX_INT`` (an id), else the address matches nothing (404)."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int | None = 1, max: int | None = MAX_INT) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)


T = TypeVar("T")


class BoundedArgs(ImmutableMultiDict[str, str]):
    """Request parameters whose ``get(name, type=int)`` treats a number outside ±``MAX_INT`` as no number."""

    @overload  # type: ignore[override]  # as werkzeug's own: its get takes a ``type`` that dict.get lacks
    def get(self, key: str) -> str | None: ...
    @overload
    def get(self, key: str, default: str) -> str: ...
    @overload
    def get(self, key: str, default: T) -> str | T: ...
    @overload
    def get(self, key: str, *, type: Callable[[str], T]) -> T | None: ...
    @overload
    def get(self, key: str, default: T, type: Callable[[str], T]) -> T: ...
    def get(self, key: str, default: Any = None, type: Callable[[str], Any] | None = None) -> Any:
        value = super().get(key, default) if type is None else super().get(key, default, type)
        if type is int and isinstance(value, int) and value is not default and not in_bounds(value):
            return default
        return value


class BoundedRequest(Request):
    """Flask's request with ``BoundedArgs`` for its query string and form."""

    parameter_storage_class = BoundedArgs


def has_control(text: str, *, lines_allowed: bool) -> bool:
    """Whether ``text`` holds a control character (tab, CR and LF excepted when ``lines_allowed``)."""
    return bool((_CONTROL_BUT_LINES if lines_allowed else _ANY_CONTROL).search(text))


def clean_typed(text: str) -> tuple[str, bool]:
    """``text`` as typed or pasted, made storable: vertical tabs and form feeds as LF, every other control character
    but tab, CR and LF taken out, and the bidirectional overrides, embeddings and isolates; and whether any was taken
    out (the user should look at the text again)."""
    broken = text.translate(_BREAKS)
    cleaned = _INVISIBLE.sub("", broken)
    return cleaned, len(cleaned) != len(broken)


def controls_removed() -> frozenset[str]:
    """The names of this request's urlencoded form fields that lost an invisible control character (``clean_typed``)
    before any view read them."""
    removed: frozenset[str] = g.get("controls_removed", frozenset())
    return removed


def _clean_form() -> None:
    """Refuse (400) a urlencoded form field whose name holds a control character; clean every value
    (``clean_typed``), noting which fields lost a character."""
    cleaned: list[tuple[str, str]] = []
    removed = set()
    changed = False
    for key, value in request.form.items(multi=True):
        if has_control(key, lines_allowed=False):
            abort(400)
        text, lost = clean_typed(value)
        cleaned.append((key, text))
        changed = changed or text != value
        if lost:
            removed.add(key)
    if changed:
        request.form = BoundedArgs(cleaned)  # werkzeug caches the parsed form in this property: set once, here
    g.controls_removed = frozenset(removed)


def json_problem(value: Any) -> bool:
    """Whether a decoded JSON value holds a control character in a string or key, an integer outside
    ±``MAX_INT`` or a number that is not finite, at any depth."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_control(item, lines_allowed=True):
                return True
        elif isinstance(item, bool) or item is None:
            continue
        elif isinstance(item, int):
            if not in_bounds(item):
                return True
        elif isinstance(item, float):
            if not math.isfinite(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _refuse_malformed_input() -> None:
    """400 for control characters in the path, the query string (pasted whitespace read as spaces), a JSON body or a
    urlencoded form's field names, or a JSON number out of bounds; a urlencoded form's values cleaned (see the
    module's docstring)."""
    if has_control(request.path, lines_allowed=False):
        abort(400)
    spaced: list[tuple[str, str]] = []
    changed = False
    for key, value in request.args.items(multi=True):
        text = value.translate(_PASTED_SPACES)
        if has_control(key, lines_allowed=False) or has_control(text, lines_allowed=False):
            abort(400)
        spaced.append((key, text))
        changed = changed or text != value
    if changed:
        request.args = BoundedArgs(spaced)  # werkzeug caches the parsed query in this property: set once, here
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.is_json:
        body = request.get_json(silent=True)
        if json_problem(body):
            abort(400)
        return
    if request.mimetype == "application/x-www-form-urlencoded":
        _clean_form()


def init_app(app: Flask) -> None:
    """Bound the ids and numbers of every route and refuse malformed input before any view (and before the CSRF
    check, which reads the form). Called before any route is added: a rule takes its converter when added."""
    app.request_class = BoundedRequest
    app.url_map.converters["int"] = IdConverter
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_malformed_input)
