"""The page's frame (``templates/frame.html``: the head, the header with the menu and the visitor's links, the
footer), rendered once per language, address root and kind of visitor and then kept; ``base.html`` puts each page's
title, flash messages and content into it.

Every page shows the frame, and it depends on nothing but the interface language, the address the site is served
under, whether someone is logged in, their roles, whether theirs is a company's account and whether they manage the
unit tree (that tuple is the key), and on what is the visitor's own: their name, the logout form's CSRF token and
the language links' return address (the page's own). Those are rendered into the kept frame as marks and put in,
escaped as the template would have escaped them, for each page: ``fresh_frame`` renders the same frame without
keeping anything, and the tests hold that both give the same page for every kind of visitor.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlencode

from flask import Flask, current_app, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from .authz import viewer
from .policies.people import may_manage_units

_KEPT = "hoithi_frames"
_TITLE = Markup("<!--frame:title-->")
_MAIN = Markup("<!--frame:main-->")
_NAME = Markup("<!--frame:name-->")
_CSRF = Markup("<!--frame:csrf-->")
_NEXT = Markup("<!--frame:next-->")
_QUERY_SAFE = "!$'()*,/:;?@"
"""What werkzeug leaves unquoted in a URL's query (``werkzeug.urls._urlencode``), so that the return address put
into a kept frame reads as ``url_for`` writes it (``fresh_frame`` builds the links with ``url_for``)."""


@dataclass(frozen=True)
class _Visitor:
    """What the frame shows depends on: nothing of the person but these (and the ``_Own`` bits put in)."""

    logged_in: bool
    roles: frozenset[str] = frozenset()
    company: bool = False
    manages_units: bool = False


@dataclass(frozen=True)
class Frame:
    """A page's frame in three parts: ``head`` ends where the page's title goes, ``header`` runs from the title's
    end into ``<main>``, ``footer`` from ``</main>`` to the end."""

    head: Markup
    header: Markup
    footer: Markup


def _visitor() -> _Visitor:
    user = viewer()
    if user is None:
        return _Visitor(logged_in=False)
    roles = frozenset(r.value for r in user.roles)
    return _Visitor(True, roles, user.organisation_id is not None, may_manage_units(user))


def page_frame() -> Frame:
    """This request's frame: the one kept for its kind of visitor, with the visitor's own bits put in (a Jinja
    global, which ``base.html`` calls once per page)."""
    visitor = _visitor()
    key = (str(get_locale()), request.script_root, visitor)
    kept: dict[tuple[str, str, _Visitor], Frame] = current_app.extensions[_KEPT]
    frame = kept.get(key)
    if frame is None:
        links = {f"{code}_link": _language_link(code, None) for code in ("vi", "en")}
        frame = kept[key] = _split(_render(visitor, {"name": _NAME, "csrf": _CSRF, **links}))
    own = {_NEXT: escape(urlencode([("next", request.full_path)], safe=_QUERY_SAFE))}
    if visitor.logged_in:
        own.update({_NAME: escape(current_user.full_name), _CSRF: escape(generate_csrf())})
    return Frame(frame.head, _put_in(frame.header, own), frame.footer)


def fresh_frame() -> Frame:
    """The frame rendered anew with the visitor's own bits, nothing kept: what ``page_frame`` must equal."""
    visitor = _visitor()
    own: dict[str, object] = {f"{code}_link": _language_link(code, request.full_path) for code in ("vi", "en")}
    if visitor.logged_in:
        own.update(name=current_user.full_name, csrf=generate_csrf())
    return _split(_render(visitor, own))


def _render(visitor: _Visitor, own: dict[str, object]) -> str:
    return render_template("frame.html", title=_TITLE, main=_MAIN, **asdict(visitor), **own)


def _split(rendered: str) -> Frame:
    head, _, rest = rendered.partition(_TITLE)
    header, _, footer = rest.partition(_MAIN)
    return Frame(Markup(head), Markup(header), Markup(footer))


def _put_in(part: Markup, own: dict[Markup, Markup]) -> Markup:
    text = str(part)
    for mark, value in own.items():  # escaped values hold no "<": none can make a mark
        text = text.replace(mark, value)
    return Markup(text)


def _language_link(code: str, back_to: str | None) -> Markup:
    """The language switch's link, back to ``back_to``; with None, a mark where the return address goes."""
    if back_to is None:
        return escape(url_for("auth.switch_language", code=code)) + Markup("?") + _NEXT
    return escape(url_for("auth.switch_language", code=code, next=back_to))


def init_app(app: Flask) -> None:
    """Offer ``page_frame()`` to the templates, with a store of rendered frames of the app's own."""
    app.extensions[_KEPT] = {}
    app.jinja_env.globals["page_frame"] = page_frame
