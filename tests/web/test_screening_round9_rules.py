"""The general rules round 9's held-out set led to, each said in other words than the labelled cases: a name written
in camel case inside a camel-case hashtag, a programme named after a listed brand that the contest is part of, a
publisher that co-organises, a party entered as a school or an association that its name says is a shop or a
private centre, a teachers' contest's entries made with a named software, and a shop's goods in lower case between
what it is and its name; and what must stay unflagged beside each. Each case to flag failed before its rule."""

from __future__ import annotations

from typing import Any

import pytest

from app.services.proposals.screening import ProposalText, screen

SCHOOL = {"name": "Trường THCS Kỳ Anh", "kind": "education_unit"}


def codes(**fields: Any) -> set[str]:
    return screen(ProposalText.from_json({"title": "Hội thi Tin học trẻ", "proposer": SCHOOL, **fields})).codes


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ('Bài đăng phải gắn thẻ "#TietKiemCungVietinBank".', {"S8-PRODUCT"}),
        ("Video kèm thẻ #EmHocTiengAnhCungTikTok khi đăng.", {"S8-PRODUCT"}),
        ("Bài đăng gắn thẻ #VuiHocMoiTuan của liên đội.", set()),  # fun learning, not the edtech brand
        ("Bài đăng gắn thẻ #ThanhPhoXanhKyAnh.", set()),
    ],
)
def test_a_camel_case_brand_inside_a_camel_case_hashtag_is_found(rules: str, expected: set[str]) -> None:
    assert codes(rules=rules) == expected


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ('Hội thi thuộc dự án "Viettel Trái tim cho em" năm nay.', {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Hưởng ứng chương trình Vinamilk Vươn cao, nhà trường tổ chức hội thi.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("The quiz is held as part of the Techcombank Smart Kids programme.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Nội dung thi nằm trong chương trình Tin học lớp 9 của Bộ GD&ĐT.", set()),
        ("Thí sinh lập bảng tính bằng chương trình Microsoft Excel.", {"S8-PRODUCT"}),  # a program, not a party
        ("Trường THCS Kỳ Anh thuộc Phòng GD&ĐT thị xã Kỳ Anh.", set()),
    ],
)
def test_a_listed_brands_programme_the_contest_is_part_of_is_its_company_taking_part(
    summary: str, expected: set[str]
) -> None:
    assert codes(summary=summary) == expected


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        ("Phòng GD&ĐT hợp tác với Nhà xuất bản Trẻ tổ chức hội thi kể chuyện.", {"S8-BUSINESS"}),
        ("Nhà trường liên kết với NXB Giáo dục Việt Nam tổ chức ngày hội đọc.", {"S8-BUSINESS"}),
        ("Câu hỏi bám sát sách giáo khoa Ngữ văn 7 của Nhà xuất bản Giáo dục Việt Nam.", set()),
        ("Phối hợp với Thư viện tỉnh và Báo Hà Tĩnh tổ chức.", set()),
    ],
)
def test_a_publisher_that_co_organises_is_taken_for_a_business_as_one_that_sponsors(
    summary: str, expected: set[str]
) -> None:
    assert codes(summary=summary) == expected


@pytest.mark.parametrize(
    ("organiser", "expected"),
    [
        ({"name": "Nhà sách Thành Nghĩa Hà Tĩnh", "kind": "association"}, {"S8-BUSINESS"}),
        ({"name": "Hệ thống Anh ngữ Wall Street English", "kind": "education_unit"}, {"S8-BUSINESS"}),
        ({"name": "Trung tâm GDNN-GDTX thị xã Kỳ Anh", "kind": "education_unit"}, set()),
        ({"name": "Trung tâm Văn hóa - Truyền thông huyện Hương Khê", "kind": "state_agency"}, set()),
    ],
)
def test_a_party_entered_as_another_kind_whose_name_says_it_is_a_shop_or_a_private_centre_is_a_business(
    organiser: dict[str, str], expected: set[str]
) -> None:
    assert codes(organisers=[organiser]) == expected


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("Giáo viên xây dựng học liệu số trên nền tảng Nearpod.", {"S8-PRODUCT"}),
        ("Các giáo viên soạn bài kiểm tra bằng phần mềm Plickers.", {"S8-PRODUCT"}),
        ("Giáo viên hướng dẫn giúp học sinh soạn thảo báo cáo.", set()),
        ("Giáo viên thiết kế bài giảng bằng phần mềm trình chiếu bất kỳ.", set()),
    ],
)
def test_a_teachers_contests_entries_made_with_a_named_software_require_it(rules: str, expected: set[str]) -> None:
    assert codes(rules=rules) == expected


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("Phần thưởng do tiệm bánh ngọt Hương Quê trao tặng.", {"S8-BUSINESS"}),
        ("Giải Ba do đại lý xe đạp Thống Nhất ủng hộ.", {"S8-BUSINESS"}),
        ("Phần thưởng do cửa hàng của Đoàn Thanh niên xã trao tặng.", set()),
        ("Phần thưởng do cửa hàng ở thị trấn Nghèn trao tặng.", set()),
    ],
)
def test_what_a_shop_sells_in_lower_case_may_stand_between_what_it_is_and_its_name(
    rules: str, expected: set[str]
) -> None:
    assert codes(rules=rules) == expected
