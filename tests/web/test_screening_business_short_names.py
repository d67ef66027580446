"""Screening a business by the names it goes by: its short name, a name run together in a web address, and what
is no short name (where it serves, a Vietnamese first word)."""

from __future__ import annotations

from typing import Any

import pytest

from app.services.proposals.company_products import short_names
from app.services.proposals.screening import screen

from .proposals_helpers import school_proposal


@pytest.mark.parametrize(
    ("sponsor", "field", "text", "reason_key", "verb"),
    [
        # A name of several words run together in a web address.
        (
            "Công ty TNHH Nội thất Hòa Phát Home",
            "rules",
            "Thí sinh phải đăng ký tài khoản tại website hoaphathome.vn để nộp ảnh.",
            "S8-PRODUCT/company",
            "register for",
        ),
        # Opening a bank's card is registering for its product.
        (
            "Ngân hàng TMCP Á Châu (ACB)",
            "rules",
            "Học sinh đạt giải phải mở thẻ ACB Visa Debit để nhận tiền thưởng.",
            "S8-PRODUCT/company",
            "register for",
        ),
        # "CodeSpark Vietnam JSC" is called CodeSpark.
        (
            "CodeSpark Vietnam JSC",
            "rules",
            "Every team must register for a CodeSpark Pro account.",
            "S8-PRODUCT/company",
            "register for",
        ),
        # A coined first word is the name people use, whatever trade word follows it.
        (
            "Brightstar English Co., Ltd",
            "rules",
            "Students must download the Brightstar app, create a free account and upload their video on the app.",
            "S8-PRODUCT/company",
            "install",
        ),
        (
            "Sunrise Academy Co., Ltd",
            "rules",
            "Students must register on the Sunrise app before the contest.",
            "S8-PRODUCT/company",
            "register for",
        ),
        # A voucher for a course at the sponsor is its product.
        (
            "Công ty TNHH Anh ngữ Quốc tế SunKids",
            "prizes",
            "Voucher khóa học 3 tháng tại SunKids",
            "S8-PRODUCT/gift",
            None,
        ),
    ],
)
def test_a_sponsors_product_is_found_by_the_names_it_goes_by(
    sponsor: str, field: str, text: str, reason_key: str, verb: str | None
) -> None:
    texts: dict[str, Any] = (
        {"rules": text} if field == "rules" else {"prizes": [{"kind": "products", "description": text}]}
    )
    sponsors = [{"name": sponsor, "kind": "business", "contribution": "money"}]
    result = screen(school_proposal(sponsors=sponsors, **texts))
    assert [f.reason_key for f in result.flags] == ["S8-BUSINESS", reason_key]
    assert result.flags[1].params.get("verb") == verb


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Brightstar English Co., Ltd", "brightstar"),
        ("Sunrise Academy Co., Ltd", "sunrise"),
        ("Kinderworld Education Co., Ltd", "kinderworld"),
        ("Công ty Cổ phần Giáo dục Trí Việt", "tri viet"),
        # Its own name after what it does, in sentence case.
        ("Công ty TNHH Nhiếp ảnh Minh Quang", "minh quang"),
        ("Cong ty CP Duoc pham Anh Duong", "anh duong"),
    ],
)
def test_a_business_goes_by_its_short_name(name: str, short: str) -> None:
    assert short in short_names(name)


def test_where_a_business_serves_is_no_short_name() -> None:
    assert "hai duong" not in short_names("Công ty Điện lực Hải Dương")
    assert "ha noi" not in short_names("Công ty CP Sách Giáo dục tại thành phố Hà Nội")


def test_a_vietnamese_first_word_is_no_short_name() -> None:
    assert "tri" not in short_names("Công ty CP Trí Việt Education")
    assert "minh" not in short_names("Minh Long Book Co., Ltd")
