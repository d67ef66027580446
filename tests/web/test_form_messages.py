"""WTForms' built-in messages speak the user's language (Vietnamese first), and the forms keep their CSRF token."""

from __future__ import annotations

from pathlib import Path

import wtforms
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from app.auth.forms import LoginForm
from app.extensions import db
from app.form_base import TRANSLATIONS
from app.results.forms import AwardRulesForm

from ..factories import SchoolFactory

WTFORMS_POT = Path(wtforms.__file__).parent / "locale" / "wtforms.pot"


def _login_errors(client: FlaskClient) -> str:
    return client.post("/login", data={"username": "", "password": "x"}).get_data(as_text=True)


def test_a_required_field_left_empty_is_reported_in_the_chosen_language(client: FlaskClient) -> None:
    assert "Mục này là bắt buộc." in _login_errors(client)
    client.get("/lang/en")
    page = _login_errors(client)
    assert "This field is required." in page and "Mục này" not in page


def test_a_bad_choice_and_a_short_text_are_reported_in_vietnamese(client: FlaskClient) -> None:
    SchoolFactory()
    db.session.commit()
    page = client.post("/register", data={"school": "999999", "full_name": "Lê Thị Hoa", "username": "ab"})
    text = page.get_data(as_text=True)
    assert "Lựa chọn không hợp lệ." in text
    assert "Mục này phải dài từ 3 đến 64 ký tự." in text  # WTForms fills the translated message's fields
    assert "Not a valid choice" not in text


def test_a_nested_form_reports_in_vietnamese_too(app: Flask) -> None:
    with app.test_request_context(method="POST"):
        form = AwardRulesForm(formdata=MultiDict({"first-kind": "count", "first-quota": "năm"}))
        assert not form.validate()
        assert form.first.quota.errors[0] == "Giá trị phải là số nguyên."


def test_every_wtforms_message_has_its_vietnamese(app: Flask) -> None:
    with open(WTFORMS_POT, "rb") as f:
        messages = [m for m in read_po(f) if m.id]
    untranslated = []
    with app.test_request_context():  # no language chosen: Vietnamese
        for message in messages:
            if isinstance(message.id, tuple):
                singular, plural = message.id
                texts = [TRANSLATIONS.ngettext(singular, plural, n) for n in (1, 2)]
                if texts[0] != texts[1] or texts[0] in message.id:
                    untranslated.append(singular)
            elif isinstance(message.id, str) and TRANSLATIONS.gettext(message.id) == message.id:
                untranslated.append(message.id)
    assert untranslated == []  # after upgrading WTForms: add its new messages to app/form_base.py, translate them


def test_a_post_without_its_token_is_still_refused(csrf_app: Flask) -> None:
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": "hs1", "password": "password123"})
    assert response.status_code == 400
    with csrf_app.test_request_context(method="POST", data={"username": "hs1", "password": "password123"}):
        form = LoginForm()
        assert "csrf_token" in form  # the form's own check stays on, not only CSRFProtect's
        assert not form.validate() and form["csrf_token"].errors
