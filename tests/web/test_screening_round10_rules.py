"""The general rules round 10's held-out set led to, each said in other words than the labelled cases: a rule whose
participants' sentence opens with a phrase of when or why ("Để được cộng điểm, học sinh theo dõi …"), programming
as a way of making an entry on a platform, following an official account ("quan tâm" on Zalo), a brand named as
what makes an entry disqualified, and stationery words as cues for a brand that is also an ordinary name; and what
must stay unflagged beside each. Each case to flag failed before its rule."""

from __future__ import annotations

from typing import Any

import pytest

from app.services.proposals.screening import ProposalText, screen

SCHOOL = {"name": "Trường THCS Giao Thủy", "kind": "education_unit"}


def codes(**fields: Any) -> set[str]:
    return screen(ProposalText.from_json({"title": "Hội thi Sáng tạo trẻ", "proposer": SCHOOL, **fields})).codes


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("Để được cộng điểm, học sinh theo dõi fanpage Trung tâm Anh ngữ Apollo.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Trước ngày 20/3, thí sinh tải ứng dụng Cake về máy và đăng ký tài khoản.", {"S8-PRODUCT"}),
        ("Sau khi nộp bài, thí sinh theo dõi kết quả trên trang web của Phòng GD&ĐT.", set()),
        ("Tại lễ tổng kết, học sinh được nhận sách do thư viện trường tặng.", set()),
    ],
)
def test_a_participants_sentence_may_open_with_a_phrase_of_when_or_why(rules: str, expected: set[str]) -> None:
    assert codes(rules=rules) == expected


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("Các đội lập trình robot trên nền tảng Tynker.", {"S8-PRODUCT"}),
        ("Thí sinh lập trình trò chơi bằng phần mềm Stencyl.", {"S8-PRODUCT"}),
        ("Thí sinh lập trình bằng ngôn ngữ Python hoặc phần mềm Scratch.", set()),
        ("Các đội lập trình ứng dụng EcoTrack để phân loại rác.", set()),  # the entry's own name
        ("Thí sinh phải cài đặt phần mềm Scratch.", set()),  # a curriculum tool at the sentence's end
    ],
)
def test_programming_an_entry_on_a_named_platform_uses_it(rules: str, expected: set[str]) -> None:
    assert codes(rules=rules) == expected


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("Thí sinh phải bấm quan tâm kênh của Trung tâm Anh ngữ Wisdom.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Học sinh quét mã để quan tâm trang OA của Nhà sách Minh Khai.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Thí sinh quét mã QR để xem thể lệ trên trang của Phòng GD&ĐT.", set()),
        ("Học sinh cần quan tâm đến an toàn khi đến Nhà Văn hóa huyện dự thi.", set()),
    ],
)
def test_following_an_official_account_is_quan_tam(rules: str, expected: set[str]) -> None:
    assert codes(rules=rules) == expected


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        ("Thí sinh dùng ChatGPT để viết bài sẽ bị hủy kết quả.", set()),
        ("Essays generated with ChatGPT will be disqualified.", set()),
        ("Bài không nộp qua Zalo của lớp sẽ bị loại.", {"S8-PRODUCT"}),
        ("Thí sinh phải làm bài trên Canva, bài làm bằng phần mềm khác sẽ bị loại.", {"S8-PRODUCT"}),
    ],
)
def test_a_brand_named_as_what_disqualifies_an_entry_is_forbidden(rules: str, expected: set[str]) -> None:
    assert codes(rules=rules) == expected


@pytest.mark.parametrize(
    ("prize", "expected"),
    [
        ("Mỗi giải kèm một hộp bút chì màu Hồng Hà.", {"S8-PRODUCT"}),
        ("Giải Nhất: 20 cuốn vở Thiên Long và giấy khen.", {"S8-PRODUCT"}),
        ("Giải Nhất: giấy khen và 20 quyển vở do cô Lê Hồng Hà tặng.", set()),
        ("Mỗi giải kèm bút, thước; trao giải: thầy Trần Thiên Long.", set()),
    ],
)
def test_stationery_words_are_cues_for_a_brand_that_is_also_a_name(prize: str, expected: set[str]) -> None:
    assert codes(prizes=[{"kind": "products", "description": prize}]) == expected
