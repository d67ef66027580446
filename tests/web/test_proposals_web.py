"""Proposal pages on the web: the form, company accounts, the Sở's decision, reports, the queue, the brand list."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import (
    AccountStatus,
    AuditEntry,
    ContactReport,
    ListedBrand,
    Proposal,
    ProposalDecision,
    ProposalStatus,
    Registration,
    Role,
    Unit,
    User,
)
from app.services.contests.organising import RegistrationState, registration_state
from app.timeutil import today_local, utcnow
from tests.builders import present
from tests.conftest import AuthActions

from .. import builders
from ..factories import CategoryFactory, ContestFactory, UserFactory
from ..submissions.crafting import PNG
from .proposals_helpers import PDF, company_account, read_mails

ZALO_RULES = "Thí sinh bắt buộc phải cài đặt ứng dụng Zalo để nhận đề và nộp bài."


@pytest.fixture
def mail_folder(app: Flask, tmp_path: Path) -> Iterator[Path]:
    before = app.config["MAIL_FOLDER"]
    app.config["MAIL_FOLDER"] = str(tmp_path / "mail")
    yield tmp_path / "mail"
    app.config["MAIL_FOLDER"] = before


@pytest.fixture
def world(app: Flask, mail_folder: Path) -> Unit:
    units = builders.unit_tree(name="Trường THCS Lê Lợi")
    builders.person("dieuphoi", units.school, Role.COORDINATOR)
    builders.person("so", units.department, Role.REVIEWER, email="so@sogd.example.gov.vn")
    builders.person("quantri", units.department, Role.ADMIN)
    company_account("saoviet")
    db.session.commit()
    return units.school


def form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Hội thi Tin học trẻ cấp trường",
        "summary": "Học sinh lập trình Scratch.",
        "rules": "Thi cá nhân, 90 phút.",
        "proposer_name": "Trường THCS Lê Lợi",
        "proposer_kind": "education_unit",
        "organisers-0-name": "Trường THCS Lê Lợi",
        "organisers-0-kind": "education_unit",
        "sponsors-0-name": "",
        "sponsors-0-details": "",
        "prizes-0-kind": "certificates",
        "prizes-0-description": "Giấy khen",
        "fees-0-amount": "",
        "fees-0-collected_by": "",
        "participant_requirements": "",
        "personal_data-0-collected": "",
        "personal_data-0-recipient": "",
        "letter": (io.BytesIO(PDF), "congvan.pdf"),
        "action": "submit",
    }
    data.update(changes)
    return data


def proposal_named(title: str) -> Proposal:
    return db.session.query(Proposal).filter_by(title=title).one()


def test_a_unit_proposes_through_the_form_and_a_clean_proposal_is_approved(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    auth.login("dieuphoi")
    assert client.post("/proposals/new", data=form(action="more")).status_code == 200  # more rows, nothing saved
    assert db.session.query(Proposal).count() == 0
    response = client.post("/proposals/new", data=form(action="save"))
    assert response.status_code == 302
    proposal = proposal_named("Hội thi Tin học trẻ cấp trường")
    assert (proposal.status, proposal.proposer_unit_id) == (ProposalStatus.DRAFT, world.id) and proposal.letter_hash
    assert proposal.content["prizes"] == [{"kind": "certificates", "description": "Giấy khen"}]
    assert proposal.content["sponsors"] == []
    assert client.post(f"/proposals/{proposal.id}/submit").status_code == 302
    db.session.refresh(proposal)
    assert proposal.status is ProposalStatus.APPROVED
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert 'data-status="approved"' in page and "proposal.screen" not in page
    assert client.get(f"/proposals/{proposal.id}/letter.pdf").data == PDF
    assert "Hội thi Tin học trẻ cấp trường" in client.get("/proposals/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "The title is required."),
        ({"proposer_name": "  "}, "Name the proposer."),
        ({"letter": (io.BytesIO(b"PK\x03\x04 a zip"), "congvan.pdf")}, "The official letter must be a PDF file."),
        ({"letter": (io.BytesIO(b""), "")}, "Attach the official letter (PDF) before submitting."),
        ({"sponsors-0-details": "Tài trợ 30 triệu"}, "Row 1: “Name of the sponsor” is required."),
        ({"personal_data-0-recipient": "Công ty X"}, "Row 1: say which personal data are collected."),
    ],
)
def test_bad_proposals_get_a_clear_message_and_change_nothing(
    client: FlaskClient, auth: AuthActions, world: Unit, changes: dict[str, object], message: str
) -> None:
    auth.login("dieuphoi")
    client.get("/lang/en")
    response = client.post("/proposals/new", data=form(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.query(Proposal).count() == 0


def company_proposes(client: FlaskClient, auth: AuthActions) -> Proposal:
    auth.login("saoviet")
    data = form(
        title="Cuộc thi Lập trình cùng Zalo",
        rules=ZALO_RULES,
        proposer_name="anything typed here",
        proposer_kind="education_unit",
        **{"organisers-0-name": "Công ty TNHH Phần mềm Sao Việt", "organisers-0-kind": "business"},
    )
    assert client.post("/proposals/new", data=data).status_code == 302
    auth.logout()
    return proposal_named("Cuộc thi Lập trình cùng Zalo")


def test_a_companys_proposal_is_flagged_with_its_reasons_and_the_reviewers_are_mailed(
    client: FlaskClient, auth: AuthActions, world: Unit, mail_folder: Path
) -> None:
    proposal = company_proposes(client, auth)
    assert proposal.status is ProposalStatus.IN_REVIEW
    assert proposal.content["proposer"] == {"name": "Công ty TNHH Phần mềm Sao Việt", "kind": "business"}
    codes = [f["code"] for f in proposal.flags]
    assert codes[:2] == ["S8-COMPANY", "S8-BUSINESS"] and "S8-PRODUCT" in codes
    [mail] = read_mails(mail_folder)
    assert mail["To"] == "so@sogd.example.gov.vn" and "S8-PRODUCT" in mail.get_content()
    auth.login("so")
    client.get("/lang/en")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "<mark>Zalo</mark>" in page and "Requires participants to install" in page
    assert 'name="answer-0"' in page and f'name="answer-{len(codes) - 1}"' in page
    queue = client.get("/admin/proposals?flag=S8-PRODUCT").get_data(as_text=True)
    assert "Cuộc thi Lập trình cùng Zalo" in queue
    assert "Cuộc thi Lập trình cùng Zalo" not in client.get("/admin/proposals?kind=education_unit").get_data(
        as_text=True
    )


def test_a_decision_needs_every_answer_and_only_a_reviewer_decides(
    client: FlaskClient, auth: AuthActions, world: Unit, mail_folder: Path
) -> None:
    proposal = company_proposes(client, auth)
    n = len(proposal.flags)
    answers = {f"answer-{i}": f"Lý do {i}" for i in range(n)}
    good = {"decision": "rejected", "reason": "Quảng cáo sản phẩm thương mại, trái Mục 8.", "revision": "1", **answers}
    for name in ("dieuphoi", "saoviet", "quantri"):
        auth.login(name)
        assert client.post(f"/proposals/{proposal.id}/decide", data=good).status_code == 403
        auth.logout()
    auth.login("so")
    client.get("/lang/en")
    for bad, message in [
        ({**good, "reason": ""}, "Give the reason for the decision."),
        ({**good, f"answer-{n - 1}": " "}, f"Answer flag {n} ("),
        ({k: v for k, v in good.items() if k != "decision"}, "Choose approve, reject or request changes."),
        ({**good, "revision": "0"}, "The proposal has changed since you opened it"),
        ({**good, "revision": "²"}, "The proposal has changed since you opened it"),  # str.isdigit says yes
    ]:
        response = client.post(f"/proposals/{proposal.id}/decide", data=bad)
        assert response.status_code == 200 and message in response.get_data(as_text=True), message
    # the reviewer's answers are kept on the refused form
    assert "Lý do 0" in response.get_data(as_text=True)
    db.session.refresh(proposal)
    assert proposal.status is ProposalStatus.IN_REVIEW and db.session.query(ProposalDecision).count() == 0
    assert len(read_mails(mail_folder)) == 1
    assert client.post(f"/proposals/{proposal.id}/decide", data=good).status_code == 302
    auth.logout()

    auth.login("saoviet")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert 'data-status="rejected"' in page and "Quảng cáo sản phẩm thương mại" in page and "Lý do 1" in page
    assert "proposal.reject" not in page  # history shows words, not codes
    to_company = [m for m in read_mails(mail_folder) if m["To"] == "saoviet@company.example.com"]
    assert len(to_company) == 1 and "Quảng cáo sản phẩm thương mại" in to_company[0].get_content()


def test_a_reviewer_who_proposed_is_told_another_reviewer_decides(
    client: FlaskClient, auth: AuthActions, world: Unit, mail_folder: Path
) -> None:
    UserFactory(username="btc-so", unit=present(world.parent).parent, roles={Role.ORGANISER, Role.REVIEWER})
    db.session.commit()
    auth.login("btc-so")
    client.get("/lang/en")
    client.post("/proposals/new", data=form(title="Hội thi Tin học văn phòng Microsoft Office"))
    proposal = proposal_named("Hội thi Tin học văn phòng Microsoft Office")
    assert proposal.status is ProposalStatus.IN_REVIEW
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert 'id="decide-own"' in page and 'id="decide-button"' not in page
    answers = {f"answer-{i}": "Đã xem" for i in range(len(proposal.flags))}
    decision = {"decision": "approved", "reason": "Tôi duyệt", "revision": str(proposal.revision), **answers}
    assert client.post(f"/proposals/{proposal.id}/decide", data=decision).status_code == 403
    db.session.refresh(proposal)
    assert proposal.status is ProposalStatus.IN_REVIEW


def test_a_change_after_approval_goes_back_to_screening_and_closes_registration(
    client: FlaskClient, auth: AuthActions, world: Unit, mail_folder: Path
) -> None:
    auth.login("dieuphoi")
    client.post("/proposals/new", data=form())
    proposal = proposal_named("Hội thi Tin học trẻ cấp trường")
    assert proposal.status is ProposalStatus.APPROVED
    contest = ContestFactory(proposal=proposal, registration_opens=utcnow() - timedelta(days=1))
    category = CategoryFactory(contest=contest)
    UserFactory(username="hocsinh", unit=world, roles={Role.STUDENT})
    db.session.commit()
    assert registration_state(contest) is RegistrationState.OPEN
    assert client.get(f"/proposals/{proposal.id}/edit").status_code == 200
    sponsor = {
        "sponsors-0-name": "Công ty CP Thiết bị Minh An",
        "sponsors-0-kind": "business",
        "sponsors-0-contribution": "prizes",
        "sponsors-0-details": "Máy tính Casio fx-580VN X",
    }
    assert client.post(f"/proposals/{proposal.id}/edit", data=form(action="save", **sponsor)).status_code == 302
    db.session.refresh(proposal)
    assert (proposal.status, proposal.revision) == (ProposalStatus.IN_REVIEW, 2)
    assert registration_state(contest) is RegistrationState.PROPOSAL_NOT_APPROVED
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert "<ins>+  - Công ty CP Thiết bị Minh An" in page  # the revisions' difference
    auth.logout()
    auth.login("hocsinh")
    client.post(f"/contests/{contest.id}/register", data={"category": category.id})
    assert db.session.query(Registration).filter_by(contest_id=contest.id).count() == 0


def test_the_queue_summary_and_brand_list_on_the_web(client: FlaskClient, auth: AuthActions, world: Unit) -> None:
    auth.login("so")
    assert client.get("/admin/proposals?status=all&month=2026-13&unit=999&flag=bogus").status_code == 200
    response = client.get("/admin/summary.xlsx?month=2026-11")
    assert response.status_code == 200 and response.data[:2] == b"PK"
    assert "Dell" in client.get("/admin/brands").get_data(as_text=True)
    client.post("/admin/brands", data={"name": "Sao Khuê", "aliases": "SaoKhue Pad, SK Tab", "ambiguous": ""})
    brand = db.session.query(ListedBrand).filter_by(name="Sao Khuê").one()
    assert brand.aliases == ["SaoKhue Pad", "SK Tab"]
    client.get("/lang/en")
    response = client.post("/admin/brands", data={"name": "Dell", "aliases": "", "ambiguous": ""})
    assert "already on the list" in response.get_data(as_text=True)
    client.post(f"/admin/brands/{brand.id}", data={"name": "Sao Khuê", "aliases": "SK Tab", "ambiguous": ""})
    db.session.refresh(brand)
    assert brand.aliases == ["SK Tab"]
    assert client.post(f"/admin/brands/{brand.id}/remove").status_code == 302
    assert db.session.query(ListedBrand).filter_by(name="Sao Khuê").count() == 0


def test_a_company_registers_and_a_reviewer_activates_it(
    client: FlaskClient, auth: AuthActions, world: Unit, mail_folder: Path
) -> None:
    data = {
        "company_name": "Công ty CP Giáo dục Ánh Dương",
        "tax_code": "0109876543",
        "contact_name": "Trần Thị Mai",
        "email": "mai@anhduong.example.com",
        "username": "anhduong",
        "password": "matkhau-an-toan",
        "confirm": "matkhau-an-toan",
    }
    assert client.post("/company/register", data={**data, "tax_code": "12"}).status_code == 200
    assert client.post("/company/register", data=data).status_code == 302
    account = db.session.query(User).filter_by(username="anhduong").one()
    assert (account.status, account.company_name) == (AccountStatus.PENDING, "Công ty CP Giáo dục Ánh Dương")
    assert auth.login("anhduong", "matkhau-an-toan").status_code == 200  # pending: cannot log in
    auth.login("dieuphoi")
    assert client.post(f"/people/{account.id}/status/active").status_code == 403
    auth.logout()
    auth.login("so")
    assert "anhduong" in client.get("/admin/companies").get_data(as_text=True)
    assert client.post(f"/admin/companies/{account.id}/status/active").status_code == 302
    db.session.refresh(account)
    assert account.status is AccountStatus.ACTIVE, account.status
    assert present(account.organisation).name == "Công ty CP Giáo dục Ánh Dương"
    auth.logout()
    assert auth.login("anhduong", "matkhau-an-toan").status_code == 302
    assert client.get("/proposals/new").status_code == 200
    assert any(m["To"] == "mai@anhduong.example.com" for m in read_mails(mail_folder))


def test_a_unit_reports_a_company_and_the_so_deals_with_it(client: FlaskClient, auth: AuthActions, world: Unit) -> None:
    auth.login("dieuphoi")
    base = {
        "company_name": "Công ty TNHH Robot Việt",
        "company_kind": "business",
        "contacted_on": (today_local() - timedelta(days=3)).isoformat(),
        "contest": "Cuộc thi robot dùng bộ kit RoboViet",
        "request": "Nhà trường mua 20 bộ kit cho học sinh.",
    }
    bad = client.post("/reports/new", data={**base, "attachment": (io.BytesIO(b"MZ exe"), "a.pdf")})
    assert bad.status_code == 200 and db.session.query(ContactReport).count() == 0
    assert client.post("/reports/new", data={**base, "contest": ""}).status_code == 200
    assert client.post("/reports/new", data={**base, "attachment": (io.BytesIO(PNG), "anh.png")}).status_code == 302
    report = db.session.query(ContactReport).one()
    served = client.get(f"/reports/{report.id}/attachment")
    assert served.data == PNG and served.headers["Content-Security-Policy"].startswith("sandbox;")  # never a page
    auth.logout()
    auth.login("so")
    assert "Robot Việt" in client.get("/admin/proposals").get_data(as_text=True)
    client.post(f"/reports/{report.id}/note", data={"note": "Đã yêu cầu nhà trường không mua kit."})
    db.session.refresh(report)
    assert report.noted_at is not None
    assert "Robot Việt" not in client.get("/admin/proposals").get_data(as_text=True)
    assert db.session.query(AuditEntry).filter_by(action="report.note").count() == 1
