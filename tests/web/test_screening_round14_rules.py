"""The general rules round 14's held-out set led to, said in other words than the labelled cases: a listed bank
named as where an account money is paid into is kept advertises nothing (as a bank off the list already did not
take part), a listed brand named as where someone works is an employer, not a product; a supplier the unit hires
stays no party when its sentence gives nothing but after a negation ("phụ huynh không phải đóng góp"); a prize names
its maker's product when the maker's name follows the product word ("giỏ quà bánh kẹo X"); a hotel is a business by
what it is ("kỳ nghỉ tại Khách sạn X" as a prize); posting entries on a business's page uses it, as liking it does,
and so does taking the test on a company's platform ("Học sinh làm bài trên nền tảng X"). Beside each, what must
stay flagged or unflagged. Each case that changed failed before its rule."""

from __future__ import annotations

from typing import Any

import pytest

from app.services.proposals.screening import ProposalText, screen

SCHOOL = {"name": "Trường THCS Nguyễn Trãi", "kind": "education_unit"}


def codes(**fields: Any) -> set[str]:
    return screen(ProposalText.from_json({"title": "Hội thi Tài năng trẻ", "proposer": SCHOOL, **fields})).codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A listed bank keeping the unit's account: nobody is asked to use it (failed before: S8-PRODUCT).
        ("Lệ phí 30.000 đồng/đội, nộp vào tài khoản của Liên đội số 1903345678 tại Techcombank Hải Dương.", set()),
        ("The fee is paid into the school's account at Sacombank, branch Nam Sach, before 15 May.", set()),
        # A company's account at a listed bank: the company collects, the bank advertises nothing (failed before:
        # S8-PRODUCT too).
        (
            "Phí dự thi 70.000 đồng nộp vào tài khoản của Công ty TNHH Giáo dục Tân Tiến số 1234 tại VietinBank.",
            {"S8-BUSINESS", "S8-FEE"},
        ),
        # Opening an account at the listed bank is using its product; the bank sponsoring is named as a product.
        ("Thí sinh đạt giải phải mở tài khoản tại Techcombank để nhận thưởng.", {"S8-PRODUCT"}),
        (
            "Giải thưởng chuyển vào tài khoản của học sinh tại BIDV, đơn vị tài trợ cuộc thi.",
            {"S8-BUSINESS", "S8-PRODUCT"},
        ),
    ],
)
def test_a_listed_bank_keeping_an_account_is_no_product(text: str, expected: set[str]) -> None:
    assert codes(rules=text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Where a parent or a character works (failed before: S8-PRODUCT).
        ("Em viết về bố: bố em làm kỹ sư ở Viettel Hải Dương và hay kể chuyện về cột sóng.", set()),
        ("Bài kể về người mẹ làm việc tại Vinamilk, dậy từ 4 giờ sáng để đi ca.", set()),
        ("Write about a family member, e.g. my aunt works at Samsung as a technician.", set()),
        # Using it, or a prize of it, still advertises it.
        ("Thí sinh làm bài trên điện thoại Samsung do nhà trường cấp.", {"S8-PRODUCT"}),
        ("Bài dự thi kể về một sản phẩm em yêu thích, ví dụ sữa Vinamilk.", {"S8-PRODUCT"}),
    ],
)
def test_a_brand_named_as_where_someone_works_is_no_product(text: str, expected: set[str]) -> None:
    assert codes(summary=text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A supplier under contract, the sentence's only giving negated (failed before: S8-BUSINESS).
        (
            "Nhà trường ký hợp đồng với Công ty TNHH In Minh Châu in giấy chứng nhận, học sinh không phải đóng góp.",
            set(),
        ),
        ("BTC KY HOP DONG VOI CONG TY TNHH SU KIEN SAO MAI LAP SAN KHAU, CAC DOI KHONG PHAI UNG HO KINH PHI.", set()),
        # A gift said in the sentence still makes the supplier a party.
        (
            "Nhà trường ký hợp đồng với Công ty TNHH In Minh Châu in giấy chứng nhận, công ty hỗ trợ một nửa chi phí.",
            {"S8-BUSINESS"},
        ),
    ],
)
def test_a_negated_gift_leaves_a_supplier_no_party(text: str, expected: set[str]) -> None:
    assert codes(rules=text) == expected


@pytest.mark.parametrize(
    ("prize", "expected"),
    [
        # The maker's name right after the product word (failed before: S8-BUSINESS only).
        ("Mỗi đội đạt giải nhận 01 hộp quà Bánh kẹo Tân Phú", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Giải Nhì: 02 túi quà bánh kẹo Tân Phú", {"S8-BUSINESS", "S8-PRODUCT"}),
        # Money the company gives is no product of it.
        ("Giải Nhất: 1.000.000 đồng do Công ty CP Bánh kẹo Tân Phú trao", {"S8-BUSINESS"}),
    ],
)
def test_a_prize_named_after_its_maker_is_its_product(prize: str, expected: set[str]) -> None:
    sponsor = "Hội thi được Công ty CP Bánh kẹo Tân Phú tài trợ."
    assert codes(summary=sponsor, prizes=[{"kind": "products", "description": prize}]) == expected


@pytest.mark.parametrize(
    ("prize", "expected"),
    [
        # A hotel is a business by what it is: where a prize is had, and its stay the prize (failed before: clean).
        ("Giải Nhất: 01 kỳ nghỉ 2 ngày tại Khách sạn Sông Hồng Hải Dương", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Giải Nhì: 01 đêm nghỉ tại khách sạn Hoàng Gia Nam Định", {"S8-BUSINESS", "S8-PRODUCT"}),
        # Money and a certificate name no hotel.
        ("Giải Nhất: 2.000.000 đồng và giấy chứng nhận của Sở", set()),
    ],
)
def test_a_hotel_where_a_prize_is_had_gives_it(prize: str, expected: set[str]) -> None:
    assert codes(prizes=[{"kind": "products", "description": prize}]) == expected


@pytest.mark.parametrize(
    "text",
    [
        # The venue the unit rents stays clean.
        "Vòng chung kết tổ chức tại hội trường Khách sạn Sông Hồng, nhà trường thuê bằng kinh phí hoạt động.",
        "Đội thi nghỉ tại khách sạn Hoàng Gia do Phòng GD&ĐT bố trí, học sinh không phải đóng góp.",
        # Posting on the school's own page names no business.
        "Học sinh đăng ảnh lên fanpage của Liên đội trước ngày 20/11.",
    ],
)
def test_a_hotel_as_the_venue_and_the_schools_page_stay_clean(text: str) -> None:
    assert codes(rules=text) == set()


@pytest.mark.parametrize(
    "text",
    [
        # Posting entries on a business's page uses it, as liking or following it does (failed before: clean).
        "Thí sinh phải đăng video lên kênh của Studio Âm nhạc Hoàng Long để được chấm điểm.",
        "Các đội phải đăng ảnh lên fanpage Cửa hàng Hoa Tươi Minh Anh và kêu gọi bình chọn.",
    ],
)
def test_posting_entries_on_a_business_page_uses_it(text: str) -> None:
    assert codes(rules=text) == {"S8-BUSINESS", "S8-PRODUCT"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Participants taking the test on a company's platform use it, as "phải làm bài trên" said (failed before:
        # S8-BUSINESS only).
        ("Học sinh làm bài trên nền tảng Mathplus của Công ty TNHH Công nghệ Mathplus.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Các đội thi trên hệ thống Quizbee của Công ty CP Quizbee Việt Nam.", {"S8-BUSINESS", "S8-PRODUCT"}),
        # On paper, or on the Sở's own system, no business is used.
        ("Học sinh làm bài trên giấy, thời gian 60 phút.", set()),
        ("Học sinh làm bài trên hệ thống LMS của Sở GD&ĐT.", set()),
    ],
)
def test_taking_the_test_on_a_companys_platform_uses_it(text: str, expected: set[str]) -> None:
    assert codes(rules=text) == expected
