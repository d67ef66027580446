"""A company proposes a contest whose rules require a branded app; screening flags it; a Sở reviewer rejects it,
answering each flag; the company sees the decision, and the mail to it is written."""

from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from app.extensions import db
from app.models import Proposal, ProposalStatus, Role

from ..factories import DepartmentFactory, UserFactory
from ..web.proposals_helpers import PDF, company_account, read_mails
from .pages import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

RULES = "Thí sinh bắt buộc phải cài đặt ứng dụng Zalo trên điện thoại để nhận đề và nộp bài."
REASON = "Cuộc thi buộc học sinh dùng sản phẩm của doanh nghiệp: trái Mục 8 hướng dẫn CNTT của Sở."


def stored_status(proposal: Proposal) -> ProposalStatus:
    """The proposal's status as the database has it now (the browser's requests changed it)."""
    db.session.refresh(proposal)
    return proposal.status


def test_company_proposal_is_flagged_rejected_with_reasons_and_the_company_is_told(
    app: Flask, live_server: str, browser: Browser, shots: Callable[[Page, str], Path], tmp_path: Path
) -> None:
    app.config["MAIL_FOLDER"] = str(tmp_path / "mail")
    DepartmentFactory(name="Sở GD&ĐT Hải Dương")
    UserFactory(
        username="thanhtra", full_name="Phạm Văn Sở", email="thanhtra@sogd.example.gov.vn", roles={Role.REVIEWER}
    )
    company_account("saoviet", "Công ty TNHH Phần mềm Sao Việt")
    db.session.commit()
    letter = tmp_path / "cong-van.pdf"
    letter.write_bytes(PDF)

    company = browser.new_page()
    log_in(company, live_server, "saoviet")
    company.goto(f"{live_server}/proposals/new")
    expect(company.locator("#proposer_name")).to_have_value("Công ty TNHH Phần mềm Sao Việt")
    company.fill("#title", "Cuộc thi Lập trình sáng tạo cùng Sao Việt")
    company.fill("#summary", "Cuộc thi lập trình dành cho học sinh THCS trong tỉnh.")
    company.fill("#rules", RULES)
    company.fill("#organisers-0-name", "Công ty TNHH Phần mềm Sao Việt")
    company.select_option("#organisers-0-kind", "business")
    company.fill("#prizes-0-description", "Điện thoại và học bổng")
    company.set_input_files("#letter", str(letter))
    shots(company, "company-fills-proposal")
    company.locator("#submit").click()
    expect(company.locator(".flash.success")).to_be_visible()
    flags = company.locator("#flags")
    expect(flags.locator("li[data-code=S8-COMPANY]")).to_be_visible()
    expect(flags.locator("li[data-code=S8-PRODUCT] mark")).to_have_text("Zalo")
    expect(company.locator("[data-status=in_review]").first).to_be_visible()
    shots(company, "proposal-flagged")

    proposal = db.session.query(Proposal).one()
    assert proposal.status is ProposalStatus.IN_REVIEW
    codes = [f["code"] for f in proposal.flags]
    assert {"S8-COMPANY", "S8-BUSINESS", "S8-PRODUCT"} <= set(codes)

    reviewer = browser.new_page()
    log_in(reviewer, live_server, "thanhtra")
    reviewer.goto(f"{live_server}/admin/proposals")
    row = reviewer.locator(f"tr[data-proposal='{proposal.id}']")
    expect(row).to_contain_text("S8-PRODUCT")
    shots(reviewer, "reviewer-queue")
    row.get_by_role("link").click()
    # A decision without the answers is refused, and nothing changes.
    reviewer.check("input[name=decision][value=rejected]")
    reviewer.fill("#reason", REASON)
    reviewer.locator("#decide-button").click()
    expect(reviewer.locator(".flash.error")).to_be_visible()
    shots(reviewer, "reviewer-refused-without-answers")
    assert stored_status(proposal) is ProposalStatus.IN_REVIEW
    answers = {
        "S8-COMPANY": "Doanh nghiệp trực tiếp đề xuất cuộc thi.",
        "S8-BUSINESS": "Doanh nghiệp đứng tên ban tổ chức.",
        "S8-PRODUCT": "Thể lệ bắt buộc cài đặt Zalo: quảng bá sản phẩm thương mại.",
    }
    for i, code in enumerate(codes):
        reviewer.fill(f"#answer-{i}", answers.get(code, "Không phù hợp Mục 8."))
    reviewer.check("input[name=decision][value=rejected]")
    reviewer.fill("#reason", REASON)
    shots(reviewer, "reviewer-answers-each-flag")
    reviewer.locator("#decide-button").click()
    expect(reviewer.locator(".flash.success")).to_be_visible()
    shots(reviewer, "reviewer-rejected")

    company.reload()
    expect(company.locator("#decision")).to_contain_text(REASON)
    expect(company.locator(".decision[data-decision=rejected]")).to_contain_text("quảng bá sản phẩm thương mại")
    shots(company, "company-sees-decision")

    assert stored_status(proposal) is ProposalStatus.REJECTED
    mails = read_mails(tmp_path / "mail")
    assert [m["To"] for m in mails] == ["thanhtra@sogd.example.gov.vn", "saoviet@company.example.com"]
    assert REASON in mails[1].get_content()
    assert list((tmp_path / "mail").glob("*.eml"))
