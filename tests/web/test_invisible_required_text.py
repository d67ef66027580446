"""A required field made only of invisible characters (zero-width spaces, a byte order mark, a soft hyphen, a
variation selector alone, a Hangul filler...) was taken as filled: ``str.strip`` keeps them, so an entry, a unit or a
proposal was saved with a title or name that every page showed as nothing. Every form now refuses such a field with
a message in Vietnamese, and reads an optional one as empty; inside visible text the same characters stay (an emoji's
zero-width joiner, Unikey's decomposed marks)."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Entry, Proposal, ProposalDecision, Role, Unit
from app.visible_text import only_invisible, shows_nothing, trimmed
from tests.conftest import AuthActions

from .. import builders
from . import entries_helpers
from .entries_helpers import World, log_in
from .proposals_helpers import company_account
from .test_proposals_web import company_proposes, mail_folder
from .test_proposals_web import form as proposal_form
from .test_units import tree

__all__ = ["mail_folder", "tree"]  # fixtures this module's tests take from their modules

world = entries_helpers.world

SAID = "Mục này chỉ gồm các ký tự không nhìn thấy"
INVISIBLE = [
    "\u200b",  # zero-width space
    "\u200c\u200d",  # zero-width non-joiner and joiner
    "\u2060\ufeff",  # word joiner, byte order mark
    "\u00ad\u00ad",  # soft hyphens
    "\ufe0f",  # a variation selector alone
    " \u200b \u3164 ",  # spaces around a zero-width space and a Hangul filler
    "\u2800\u034f",  # braille blank, combining grapheme joiner
]


@pytest.fixture
def proposal_world(app: Flask, mail_folder: Path) -> Unit:
    """A school's coordinator who proposes, the Sở's reviewer, and a company's account (as test_proposals_web's)."""
    units = builders.unit_tree(name="Trường THCS Lê Lợi")
    builders.person("dieuphoi", units.school, Role.COORDINATOR)
    builders.person("so", units.department, Role.REVIEWER, email="so@sogd.example.gov.vn")
    company_account("saoviet")
    db.session.commit()
    return units.school


SHOWING = [
    "Bài giảng",
    "Tie\u0302\u0301ng Vie\u0323\u0302t",  # Unikey's decomposed mode
    "👩\u200d💻",  # a zero-width joiner inside an emoji sequence
    "\u2764\ufe0f",  # a variation selector after its base
    "\u200bA\u200b",  # a letter between zero-width spaces
    "x\u00ad",
    "1",
    "\u0111",
]


@pytest.mark.parametrize("text", INVISIBLE)
def test_invisible_texts_show_nothing(text: str) -> None:
    assert shows_nothing(text) and only_invisible(text) and trimmed(text) == ""


@pytest.mark.parametrize("text", SHOWING)
def test_visible_texts_show_something_and_are_kept_whole(text: str) -> None:
    assert not shows_nothing(text) and not only_invisible(text) and trimmed(f"  {text} ") == text


def test_blank_and_spaces_only_are_not_only_invisible() -> None:
    assert shows_nothing("") and shows_nothing(" \t\u00a0") and not only_invisible(" \t\u00a0")


def _entries() -> int:
    return db.session.scalar(select(func.count()).select_from(Entry)) or 0


@pytest.mark.parametrize("typed", INVISIBLE)
@pytest.mark.parametrize(("contest", "author"), [("elearning", "gv1"), ("creativity", "hs1")])
def test_an_entry_titled_with_invisible_characters_only_is_refused(
    client: FlaskClient, world: World, typed: str, contest: str, author: str
) -> None:
    log_in(client, author)
    url = f"/contests/{getattr(world, contest).id}/entries/new"
    response = client.post(url, data={"title": typed, "licence": "", "supervisor": 0})
    assert response.status_code == 200
    assert SAID in response.get_data(as_text=True)
    assert _entries() == 0


def test_emoji_joiners_and_decomposed_marks_in_a_title_are_kept(client: FlaskClient, world: World) -> None:
    log_in(client, "gv1")
    title = "Robot 👩\u200d💻 tie\u0302\u0301ng Vie\u0323\u0302t \u2764\ufe0f"  # Unikey's decomposed mode
    data = {"title": title, "subject": "\u200b\ufeff", "licence": "cc_by", "supervisor": 0}
    response = client.post(f"/contests/{world.elearning.id}/entries/new", data=data)
    assert response.status_code == 302
    entry = db.session.scalars(select(Entry)).one()
    assert entry.title == title
    assert entry.subject == ""  # an optional field of invisible characters holds nothing


def test_a_unit_named_with_invisible_characters_only_is_refused(client: FlaskClient, tree: dict[str, Unit]) -> None:
    assert client.post("/login", data={"username": "admin", "password": "password123"}).status_code == 302
    data = {"name": "\u200b\u200b", "code": "thcs-moi", "kind": "school", "level": "lower_secondary"}
    response = client.post("/admin/units", data={**data, "parent": tree["a"].id})
    assert response.status_code == 200 and SAID in response.get_data(as_text=True)
    assert db.session.scalar(select(Unit).where(Unit.code == "THCS-MOI")) is None
    rename = client.post(f"/admin/units/{tree['s1'].id}/rename", data={"name": "\ufeff"})
    assert rename.status_code == 400 and SAID in rename.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, tree["s1"].id).name == "Trường THCS Lương Điền"  # type: ignore[union-attr]


def test_a_proposal_titled_with_invisible_characters_only_is_refused(
    client: FlaskClient, auth: AuthActions, proposal_world: Unit
) -> None:
    auth.login("dieuphoi")
    response = client.post("/proposals/new", data=proposal_form(title="\u200b\u2060"))
    assert response.status_code == 200 and SAID in response.get_data(as_text=True)
    assert db.session.query(Proposal).count() == 0


def test_a_decision_with_invisible_reason_or_answers_is_refused(
    client: FlaskClient, auth: AuthActions, proposal_world: Unit, mail_folder: Path
) -> None:
    proposal = company_proposes(client, auth)
    answers = {f"answer-{i}": f"Lý do {i}" for i in range(len(proposal.flags))}
    good = {"decision": "rejected", "reason": "Quảng cáo sản phẩm, trái Mục 8.", "revision": "1", **answers}
    auth.login("so")
    for bad, message in [
        ({**good, "reason": "\u200b\u200b"}, "Vui lòng nêu lý do của quyết định."),
        ({**good, "answer-0": "\ufeff\u200b"}, "Vui lòng trả lời cảnh báo số 1 "),
    ]:
        response = client.post(f"/proposals/{proposal.id}/decide", data=bad)
        assert response.status_code == 200 and message in response.get_data(as_text=True), message
    assert db.session.query(ProposalDecision).count() == 0
    assert client.post(f"/proposals/{proposal.id}/decide", data=good).status_code == 302
