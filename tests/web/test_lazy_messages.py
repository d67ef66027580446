"""A message made with ``lazy_gettext`` that carries what someone typed is escaped in a page like any text.

Flask-Babel's lazy string says it is HTML already (its ``__html__`` gives the text as it is), so Jinja put such a
message into pages unescaped: a disqualification's reason, shown to the contestant as "You have been disqualified
from this contest: %(reason)s", was markup in their page (see also test_route_walks' walk of every written text).
"""

from __future__ import annotations

from flask import Flask, render_template_string
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape


def test_a_lazy_message_is_escaped_with_what_it_carries(app: Flask) -> None:
    typed = '<b id="x">Đội "A" & B</b>'
    with app.test_request_context():
        message = _l("You have been disqualified from this contest: %(reason)s", reason=typed)
        page = render_template_string("<p>{{ message }}</p>", message=message)
        assert page == f"<p>{escape(str(message))}</p>"
        assert "&lt;b id=&#34;x&#34;&gt;Đội &#34;A&#34; &amp; B&lt;/b&gt;" in page
        # what the site itself marks as markup stays markup
        assert render_template_string("{{ m }}", m=Markup("<b>OK</b>")) == "<b>OK</b>"
