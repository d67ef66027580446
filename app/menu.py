"""The menu's links (``templates/menu.html``), rendered once per language and kind of visitor and then kept.

Every page shows them, and they depend on nothing but the interface language, the address the site is served under,
whether someone is logged in, their roles, whether theirs is a company's account and whether they manage the unit
tree: that tuple is the key, and the template is given only what the key holds, so a kept menu is the one the page
would have rendered. What is the visitor's own (their name, the logout form's token, the language switch's return
address) stays in ``base.html``, rendered for each page.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from flask import Flask, current_app, render_template, request
from flask_babel import get_locale
from markupsafe import Markup

from .authz import viewer
from .policies.people import may_manage_units

_KEPT = "hoithi_menus"


@dataclass(frozen=True)
class _Visitor:
    """What the menu shows depends on: nothing of the person but these."""

    logged_in: bool
    roles: frozenset[str] = frozenset()
    company: bool = False
    manages_units: bool = False


def _visitor() -> _Visitor:
    user = viewer()
    if user is None:
        return _Visitor(logged_in=False)
    roles = frozenset(r.value for r in user.roles)
    return _Visitor(True, roles, user.organisation_id is not None, may_manage_units(user))


def menu() -> Markup:
    """The menu's links for this request's visitor (a Jinja global of every page)."""
    visitor = _visitor()
    key = (str(get_locale()), request.script_root, visitor)
    kept: dict[tuple[str, str, _Visitor], Markup] = current_app.extensions[_KEPT]
    if key not in kept:
        kept[key] = Markup(render_template("menu.html", **asdict(visitor)))
    return kept[key]


def init_app(app: Flask) -> None:
    """Offer ``menu()`` to the templates, with a store of rendered menus of the app's own."""
    app.extensions[_KEPT] = {}
    app.jinja_env.globals["menu"] = menu
