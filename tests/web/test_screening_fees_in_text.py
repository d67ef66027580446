"""Screening a fee participants pay to a business, and their personal data handed to one, where only the text says
so (app/services/proposals/fee_text.py, data_handover.py): the business named, one of the proposal's own, or named
by what it is; not a fee released or paid to the school."""

from __future__ import annotations

import pytest

from app.services.proposals.screening import screen

from .proposals_helpers import school_proposal


@pytest.mark.parametrize(
    ("rules", "amount", "name"),
    [
        (
            "Mỗi thí sinh nộp lệ phí 100.000 đồng cho Công ty TNHH Giáo dục Sao Mai khi đăng ký.",
            "100.000 đồng",
            "Công ty TNHH Giáo dục Sao Mai",
        ),
        (
            "Le phi du thi 50.000d/thi sinh, chuyen khoan vao tai khoan cua Cong ty CP Hoc Vui.",
            "50.000d",
            "Cong ty CP Hoc Vui",
        ),
        ("Thí sinh đóng phí thi 80.000 đồng tại Trung tâm Anh ngữ Apollo.", "80.000 đồng", "Trung tâm Anh ngữ Apollo"),
    ],
)
def test_a_fee_paid_to_a_business_in_the_text_is_flagged(rules: str, amount: str, name: str) -> None:
    fees = [f for f in screen(school_proposal(rules=rules)).flags if f.code == "S8-FEE"]
    assert [(f.place.field, f.params["amount"], f.params["name"]) for f in fees] == [("rules", amount, name)]


@pytest.mark.parametrize(
    "rules",
    [
        "Thí sinh không phải nộp lệ phí; Công ty TNHH Sao Mai tài trợ toàn bộ.",
        "Cuộc thi miễn phí, Công ty TNHH Sao Mai tài trợ 50.000.000 đồng.",
        "Lệ phí 30.000 đồng nộp cho giáo viên chủ nhiệm để mua giấy thi.",
    ],
)
def test_a_fee_released_or_paid_to_the_school_is_no_fee_flag(rules: str) -> None:
    assert "S8-FEE" not in screen(school_proposal(rules=rules)).codes


def test_a_declared_fee_said_again_in_the_text_is_one_flag() -> None:
    company = {"name": "Công ty TNHH Giáo dục Sao Mai", "kind": "business"}
    result = screen(
        school_proposal(
            fees=[{"amount": "100.000 đồng", "collected_by": company}],
            rules="Mỗi thí sinh nộp lệ phí 100.000 đồng cho Công ty TNHH Giáo dục Sao Mai.",
        )
    )
    assert [f.place.field for f in result.flags if f.code == "S8-FEE"] == ["fees"]


def test_personal_data_sent_to_a_business_named_by_what_it_is_is_flagged() -> None:
    rules = "Danh sách thí sinh (họ tên, ngày sinh) được gửi cho Trung tâm Anh ngữ Apollo để xếp phòng."
    (flag,) = screen(school_proposal(rules=rules)).flags
    assert (flag.code, flag.params["name"]) == ("S8-DATA", "Trung tâm Anh ngữ Apollo")
    rules = "Danh sách thí sinh (họ tên, ngày sinh) được gửi cho Trung tâm GDNN-GDTX huyện để xếp phòng."
    assert screen(school_proposal(rules=rules)).flags == []
