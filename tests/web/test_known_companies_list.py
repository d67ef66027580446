"""The Sở's list of known companies that are no products, kept in the database: the page where reviewers and
administrators edit it (as the brand list's), its checks, its audit entries, and screening reading it."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import AuditEntry, KnownCompany, Role, Unit, User
from app.services.errors import NotAllowed
from app.services.proposals import brand_list, company_list
from app.services.proposals.screening import screen
from tests.conftest import AuthActions

from .. import builders
from .proposals_helpers import school_proposal


def _world() -> tuple[Unit, User]:
    units = builders.unit_tree(name="Trường THCS Lê Lợi")
    reviewer = builders.person("so", units.department, Role.REVIEWER)
    builders.person("dieuphoi", units.school, Role.COORDINATOR)
    builders.person("quantri", units.department, Role.ADMIN)
    company_list.fill(db.session)  # as the migration fills it
    db.session.commit()
    return units.school, reviewer


def _row(name: str) -> KnownCompany:
    return db.session.query(KnownCompany).filter_by(name=name).one()


def test_reviewers_keep_the_list_of_known_companies_on_the_web(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    _world()
    auth.login("so")
    page = client.get("/admin/known-companies").get_data(as_text=True)
    assert "Doanh nghiệp đã biết" in page and "Prudential" in page  # the migration filled it from the shipped list
    client.post(
        "/admin/known-companies", data={"name": "Sao Mai Group", "aliases": "Tập đoàn Sao Mai", "ambiguous": ""}
    )
    row = _row("Sao Mai Group")
    row_id = row.id
    assert (row.aliases, row.bank) == (["Tập đoàn Sao Mai"], False)
    # Refused with a clear message, in Vietnamese: a name already a company's, a brand's, none at all.
    refused = [
        ({"name": "ACB"}, "Một trong các tên này đã có trong danh sách"),
        ({"name": "Công ty Dell", "aliases": "dell"}, "“dell” đã có trong danh sách thương hiệu"),
        ({"name": "  "}, "Cần nhập tên doanh nghiệp."),
    ]
    for data, message in refused:
        response = client.post("/admin/known-companies", data={"aliases": "", "ambiguous": "", **data})
        assert message in response.get_data(as_text=True), data
    assert db.session.query(KnownCompany).filter_by(name="Công ty Dell").count() == 0
    client.post(f"/admin/known-companies/{row.id}", data={"name": "Sao Mai Group", "aliases": "", "bank": "y"})
    db.session.refresh(row)
    assert (row.aliases, row.bank) == ([], True)
    assert client.post(f"/admin/known-companies/{row.id}/remove").status_code == 302
    assert db.session.query(KnownCompany).filter_by(name="Sao Mai Group").count() == 0
    # The brand list refuses a known company's name in turn: a name is on one list only.
    response = client.post("/admin/brands", data={"name": "Prudential", "aliases": "", "ambiguous": ""})
    assert "“Prudential” đã có trong danh sách doanh nghiệp đã biết" in response.get_data(as_text=True)
    actions = [e.action for e in db.session.query(AuditEntry).order_by(AuditEntry.id)]
    assert actions == ["known_company.add", "known_company.update", "known_company.remove"]
    auth.logout()
    auth.login("quantri")
    audit = client.get("/admin/audit").get_data(as_text=True)
    assert "thêm doanh nghiệp vào danh sách doanh nghiệp đã biết" in audit
    assert "xóa doanh nghiệp khỏi danh sách doanh nghiệp đã biết" in audit
    assert f"doanh nghiệp đã biết #{row_id}" in audit


def test_only_the_sos_reviewers_and_administrators_edit_the_list(app: Flask) -> None:
    _world()
    coordinator = db.session.query(User).filter_by(username="dieuphoi").one()
    with pytest.raises(NotAllowed):
        company_list.add(db.session, coordinator, "Sao Mai Group", [], [], False)
    assert db.session.query(KnownCompany).filter_by(name="Sao Mai Group").count() == 0


def test_screening_reads_the_databases_list_and_sees_each_edit(app: Flask) -> None:
    _school, reviewer = _world()
    trophy = school_proposal(summary="Hội thi tranh Cúp Sao Mai Group lần thứ nhất.")
    prize = school_proposal(prizes=[{"kind": "money", "description": "Giải thưởng Prudential: 2.000.000 đồng"}])
    bank = school_proposal(rules="Lệ phí in giấy khen nộp vào tài khoản của nhà trường tại ACB chi nhánh Thái Bình.")
    before = brand_list.current(db.session)
    assert brand_list.current(db.session) is before  # compiled once while the lists stay the same
    assert (screen(trophy, before).codes, "S8-BUSINESS" in screen(prize, before).codes) == (set(), True)
    assert screen(bank, before).codes == set()

    company_list.add(db.session, reviewer, "Sao Mai Group", [], [], False)
    company_list.remove(db.session, reviewer, _row("Prudential"))
    acb = _row("ACB")
    company_list.update(db.session, reviewer, acb, acb.name, list(acb.aliases), list(acb.ambiguous), False)
    after = brand_list.current(db.session)
    assert after is not before
    assert "S8-BUSINESS" in screen(trophy, after).codes
    assert screen(prize, after).codes == set()
    assert "S8-BUSINESS" in screen(bank, after).codes  # no longer a bank: a company named as a party


def test_the_pages_forms_need_their_token(csrf_app: Flask) -> None:
    _world()
    client = csrf_app.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', login)
    assert token is not None
    form = {"username": "so", "password": "password123", "csrf_token": token.group(1)}
    assert client.post("/login", data=form).status_code == 302
    assert client.get("/admin/known-companies").status_code == 200  # a reviewer, logged in
    response = client.post("/admin/known-companies", data={"name": "Sao Mai Group", "aliases": "", "ambiguous": ""})
    assert response.status_code == 400
    prudential = company_list.rows(db.session)[0].id
    assert client.post(f"/admin/known-companies/{prudential}/remove").status_code == 400
    assert db.session.query(KnownCompany).filter_by(name="Sao Mai Group").count() == 0
    assert db.session.get(KnownCompany, prudential) is not None


def test_an_empty_table_reads_as_the_shipped_list_and_no_read_writes_it(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    """On a database made without the migrations the table is empty: screening, the brand list's check and the page
    read the shipped list and write nothing (requests that filled it on first use deadlocked on PostgreSQL); the first
    edit keeps the shipped companies beside the new one."""
    units = builders.unit_tree(name="Trường THCS Lê Lợi")
    reviewer = builders.person("so", units.department, Role.REVIEWER)
    db.session.commit()
    prize = school_proposal(prizes=[{"kind": "money", "description": "Giải thưởng Prudential: 2.000.000 đồng"}])
    assert "S8-BUSINESS" in screen(prize, brand_list.current(db.session)).codes
    assert company_list.held_by_a_company(db.session, ["prudential"]) == "prudential"
    auth.login("so")
    page = client.get("/admin/known-companies").get_data(as_text=True)
    assert 'data-company="Prudential"' in page and "/admin/known-companies/None" not in page
    db.session.rollback()
    assert db.session.query(KnownCompany).count() == 0
    company_list.add(db.session, reviewer, "Sao Mai Group", [], [], False)
    db.session.commit()
    assert {"Sao Mai Group", "Prudential", "ACB"} <= {r.name for r in company_list.rows(db.session)}
    assert _row("ACB").bank is True
