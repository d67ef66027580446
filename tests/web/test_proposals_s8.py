"""Issue 11 on the proposal pages: a business's own product required of participants (item 6), the truth about
automatic approval (item 12), the form's labels and the score export's columns (item 13)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from flask import Flask

from app.extensions import db
from app.models import Proposal, ProposalStatus, Role

from ..factories import DepartmentFactory, SchoolFactory, UserFactory
from .proposals_helpers import PDF


@pytest.fixture
def world(app: Flask, tmp_path: Path):  # type: ignore[no-untyped-def]
    before = app.config["MAIL_FOLDER"]
    app.config["MAIL_FOLDER"] = str(tmp_path / "mail")
    department = DepartmentFactory()
    school = SchoolFactory(parent__parent=department, name="Trường THCS Lê Lợi")
    UserFactory(username="dieuphoi", unit=school, roles={Role.COORDINATOR})
    UserFactory(username="so", unit=department, roles={Role.REVIEWER})
    db.session.commit()
    yield school
    app.config["MAIL_FOLDER"] = before


def form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Cuộc thi Lập trình ứng dụng di động",
        "summary": "Học sinh THCS viết ứng dụng nhỏ.",
        "rules": "Thi cá nhân, 90 phút.",
        "proposer_name": "Trường THCS Lê Lợi",
        "proposer_kind": "education_unit",
        "organisers-0-name": "Trường THCS Lê Lợi",
        "organisers-0-kind": "education_unit",
        "prizes-0-kind": "certificates",
        "prizes-0-description": "Giấy khen",
        "letter": (io.BytesIO(PDF), "congvan.pdf"),
        "action": "submit",
    }
    data.update(changes)
    return data


def proposal_named(title: str) -> Proposal:
    return db.session.query(Proposal).filter_by(title=title).one()


# --- Item 6 ------------------------------------------------------------------------------------------------------


def test_the_reviewer_sees_why_a_sponsors_own_app_required_of_participants_is_a_product_flag(client, auth, world):
    auth.login("dieuphoi")
    data = form(
        rules="Thí sinh phải cài đặt ứng dụng SV Học Tập của Công ty Sao Việt để nhận đề và nộp bài.",
        **{
            "sponsors-0-name": "Công ty Cổ phần Công nghệ Giáo dục Sao Việt",
            "sponsors-0-kind": "business",
            "sponsors-0-contribution": "prizes",
            "sponsors-0-details": "10 điện thoại SV Nova 5G",
            "prizes-0-kind": "products",
            "prizes-0-description": "Giải Nhất: 01 điện thoại SV Nova 5G",
        },
    )
    assert client.post("/proposals/new", data=data).status_code == 302
    proposal = proposal_named("Cuộc thi Lập trình ứng dụng di động")
    assert proposal.status is ProposalStatus.IN_REVIEW
    assert [f["code"] for f in proposal.flags] == ["S8-BUSINESS", "S8-PRODUCT"]
    auth.logout()
    auth.login("so")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert (
        "Yêu cầu thí sinh cài đặt sản phẩm hoặc dịch vụ của Công ty Cổ phần Công nghệ Giáo dục Sao Việt: "
        "&#34;cài đặt ứng dụng SV Học Tập của Công ty Sao Việt&#34;, trong thể lệ."
    ) in page
    assert "<mark>cài đặt ứng dụng SV Học Tập của Công ty Sao Việt</mark>" in page
    queue = client.get("/admin/proposals?flag=S8-PRODUCT").get_data(as_text=True)
    assert "Cuộc thi Lập trình ứng dụng di động" in queue


def test_a_sponsor_that_only_gives_money_is_no_product_flag_on_the_web(client, auth, world):
    auth.login("dieuphoi")
    data = form(
        rules="Thí sinh phải đăng ký dự thi qua nhà trường, giải thưởng do Công ty Sao Việt tài trợ.",
        **{
            "sponsors-0-name": "Công ty Cổ phần Công nghệ Giáo dục Sao Việt",
            "sponsors-0-kind": "business",
            "sponsors-0-contribution": "money",
            "sponsors-0-details": "Công ty Sao Việt tài trợ 30 triệu đồng",
        },
    )
    assert client.post("/proposals/new", data=data).status_code == 302
    proposal = proposal_named("Cuộc thi Lập trình ứng dụng di động")
    assert [f["code"] for f in proposal.flags] == ["S8-BUSINESS"]
