"""The second tier of knowledge beside the brand list: known companies that are no products
(app/services/proposals/data/companies.yaml). Named by their name alone in a sponsoring, organising, prize-giving,
naming or receiving role, they make a proposal S8-BUSINESS and never S8-PRODUCT; named anywhere else, or as a
person's, a place's or a school's name, they leave it clean. Said in other words than the labelled cases
(r13-tranh-cup-cong-ty-ngoai-danh-sach, r13-quy-hoc-bong-ten-cong-ty-bao-hiem, r9-english-grab-du-lieu,
r9-trung-tam-tu-nhap-la-don-vi-giao-duc)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from app.services.proposals.brand_spellings import name_key
from app.services.proposals.brands import default_brands
from app.services.proposals.known_companies import COMPANIES_FILE, default_companies, is_known_bank
from app.services.proposals.screening import ProposalText, screen

OFFICE = {"name": "Phòng GD&ĐT huyện Vũ Thư", "kind": "state_agency"}


def codes(**fields: Any) -> set[str]:
    return screen(ProposalText.from_json({"title": "Hội thi Tài năng trẻ", "proposer": OFFICE, **fields})).codes


@pytest.mark.parametrize(
    "fields",
    [
        # Failed before: a trophy, a prize or a scholarship named after a company, and data handed to one.
        {"title": "Hội khỏe Phù Đổng cấp huyện tranh Cúp Petrolimex năm 2027"},
        {"title": "Giải Cầu lông học sinh THPT tranh cúp Hòa Phát lần thứ ba"},
        {"summary": "Giải thưởng TPBank dành cho 10 bài viết xuất sắc nhất."},
        {"summary": "Top finalists receive the Manulife Scholarship for their first university year."},
        {"summary": "Mười học sinh đạt giải nhận Học bổng Bảo Việt trị giá 2 triệu đồng."},
        {"rules": "Nhà trường gửi danh sách học sinh đạt giải cho Alpha Books để trao sách."},
        # A party that a known company begins or owns, whatever it was entered as (also failed before).
        {"organisers": [{"name": "VUS Thái Bình", "kind": "education_unit"}]},
        {"sponsors": [{"name": "Quỹ Học bổng Hòa Phát", "kind": "association", "contribution": "money"}]},
        {"sponsors": [{"name": "Lotte Mart Thái Bình", "kind": "association", "contribution": "prizes"}]},
    ],
)
def test_a_known_company_in_a_role_is_reported_as_a_business_not_a_product(fields: dict[str, Any]) -> None:
    found = codes(**fields)
    assert "S8-BUSINESS" in found
    assert "S8-PRODUCT" not in found


@pytest.mark.parametrize(
    "fields",
    [
        # Found before by the role alone (a capitalised name after "tài trợ bởi", "do … tài trợ", "… đồng hành"):
        # pinned, and still no product.
        {"summary": "The contest is sponsored by Prudential."},
        {"summary": "Học bổng do Masan tài trợ cho 5 học sinh."},
        {"summary": "Vietjet đồng hành cùng cuộc thi năm nay."},
    ],
)
def test_a_known_company_as_the_sponsor_stays_a_business_not_a_product(fields: dict[str, Any]) -> None:
    assert codes(**fields) == {"S8-BUSINESS"}


@pytest.mark.parametrize(
    "fields",
    [
        # A person, a ward and a school with a company's name.
        {"rules": "Giải Nhất năm ngoái thuộc về em Nguyễn Bảo Việt lớp 5A; năm nay mời các em tiếp tục tham gia."},
        {"summary": "Giải thưởng do thầy Bảo Việt, nguyên hiệu trưởng, trao tặng."},
        {"title": "Giải Cờ vua học sinh phường Hòa Phát năm 2027", "rules": "Thi đấu tại nhà văn hóa phường Hòa Phát."},
        {"organisers": [{"name": "Trường Tiểu học Hòa Phát", "kind": "education_unit"}]},
        {"sponsors": [{"name": "Quỹ Học bổng Nguyễn Bảo Việt", "kind": "association", "contribution": "money"}]},
        {"rules": "Bài làm gửi cho thầy Bảo Việt, tổ trưởng chuyên môn, trước ngày 10/4."},
        # A company in an exercise or a story, in no role.
        {"rules": "Bài 3: Bạn Lan đi máy bay Vietjet từ Hà Nội vào Đà Nẵng mất 80 phút. Máy bay hạ cánh lúc nào?"},
        {"rules": "Đề bài: Tàu Apollo 11 đáp xuống Mặt Trăng năm 1969. Tính quãng đường tàu đã đi."},
        {"rules": "Students grab a card and answer the question written on it."},
        # A bank that keeps the school's account is no party (round 13's rule), by its name alone too.
        {"rules": "Lệ phí in giấy khen nộp vào tài khoản của nhà trường tại ACB chi nhánh Thái Bình."},
        {"rules": "Kinh phí in giấy khen chuyển vào tài khoản của Liên đội mở tại SHB Thái Bình trước ngày 15/3."},
    ],
)
def test_a_known_companys_name_outside_a_role_leaves_the_proposal_clean(fields: dict[str, Any]) -> None:
    assert codes(**fields) == set()


def test_the_known_companies_are_valid_and_none_is_on_the_brand_list() -> None:
    data = yaml.safe_load(COMPANIES_FILE.read_text(encoding="utf-8"))
    companies = default_companies()
    assert len(companies.names.brands) == len(data["companies"]) >= 40
    brand_keys = {name_key(n) for b in default_brands().brands for n in (b.name, *b.aliases, *b.ambiguous)}
    company_keys = {name_key(n) for c in companies.names.brands for n in (c.name, *c.aliases, *c.ambiguous)}
    assert not brand_keys & company_keys  # a name is a product or a company, never both
    ambiguous = {c.name for c in companies.names.brands if c.ambiguous}
    assert {"Bảo Việt", "Hòa Phát", "Grab"} <= ambiguous  # also a given name, a ward, an English verb
    assert is_known_bank("ACB chi nhánh Thái Bình", companies) and not is_known_bank("Prudential", companies)
