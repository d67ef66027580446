"""The general rules round 11's held-out set led to, each said in other words than the labelled cases: a sponsor
named as the subject of a verb of sponsoring the event ("Siêu thị X tài trợ cho hội thi"), a carrier named by what
it is ("nhà mạng"), an amount of money counted as one word between a gift and where it is had, and a fee named as
what a gift is worth ("voucher học phí") is no fee paid; and what must stay unflagged beside each. Each case to
flag failed before its rule."""

from __future__ import annotations

from typing import Any

import pytest

from app.services.proposals.screening import ProposalText, screen

SCHOOL = {"name": "Trường THCS Vũ Thư", "kind": "education_unit"}


def codes(**fields: Any) -> set[str]:
    return screen(ProposalText.from_json({"title": "Hội thi Tài năng trẻ", "proposer": SCHOOL, **fields})).codes


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Siêu thị Hoàng Long tài trợ cho hội thi năm nay.", {"S8-BUSINESS"}),
        ("Năm nay, cửa hàng sách Phúc An đồng hành với chương trình.", {"S8-BUSINESS"}),
        ("Mobifone chi nhánh Vũ Thư đồng hành cùng giải đấu.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Đoàn Thanh niên xã đồng hành cùng cuộc thi.", set()),
        ("Ban đại diện Cha mẹ học sinh tài trợ cho hội thi.", set()),
        ("Nhà trường đồng hành cùng chương trình từ năm 2020.", set()),
        ("Thầy Phạm Văn Nam đồng hành cùng cuộc thi với vai trò cố vấn.", set()),
    ],
)
def test_the_subject_of_sponsoring_the_event_is_a_sponsor(summary: str, expected: set[str]) -> None:
    assert codes(summary=summary) == expected


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Giải thưởng do nhà mạng Vietnamobile trao tặng.", {"S8-BUSINESS"}),
        ("Học sinh tìm hiểu cách các nhà mạng bảo vệ thông tin khách hàng.", set()),
    ],
)
def test_a_carrier_named_by_what_it_is_is_a_business(summary: str, expected: set[str]) -> None:
    assert codes(summary=summary) == expected


@pytest.mark.parametrize(
    ("prize", "expected"),
    [
        (
            "Giải Nhì: 01 khóa học kỹ năng sống trị giá 1.500.000 đồng tại Trung tâm Kỹ năng Hoa Sen",
            {"S8-BUSINESS", "S8-PRODUCT"},
        ),
        ("Giải Ba: tiền thưởng 1.500.000 đồng, trao tại Hội trường Nhà Văn hóa huyện", set()),
    ],
)
def test_an_amount_of_money_is_one_word_between_a_gift_and_where_it_is_had(prize: str, expected: set[str]) -> None:
    assert codes(prizes=[{"kind": "products", "description": prize}]) == expected


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        (
            "prizes",
            "Giải Ba: phiếu quà tặng học phí 1.000.000 đồng của Công ty TNHH Giáo dục Sao Mai",
            {"S8-BUSINESS", "S8-PRODUCT"},
        ),
        (
            "rules",
            "Thí sinh đóng phí thi 80.000 đồng tại Công ty CP Sao Mai và được tặng áo.",
            {"S8-BUSINESS", "S8-FEE"},
        ),
        (
            "rules",
            "Lệ phí dự thi 50.000 đồng nộp tại Công ty TNHH Sao Mai để nhận phiếu dự thi.",
            {"S8-BUSINESS", "S8-FEE"},
        ),
    ],
)
def test_a_fee_named_as_what_a_gift_is_worth_is_no_fee_paid(field: str, text: str, expected: set[str]) -> None:
    value: Any = [{"kind": "scholarships", "description": text}] if field == "prizes" else text
    assert codes(**{field: value}) == expected
