"""The general rules round 12's held-out set led to, each said in other words than the labelled cases: nothing named
inside an e-mail address at a public mail service counts ("…@gmail.com" is anyone's mailbox), while a host is its
owner's, so that a brand whose name is also an ordinary word or a person's counts as a word of a host
("…@thegioididong.com"), but not in a school's or the state's host; and two found by probing after the measure: the
subject of a verb of giving to the participants is a sponsor, and a "shop" is a business. Beside each, what must stay
flagged or unflagged. Each case that changed failed before its rule."""

from __future__ import annotations

from typing import Any

import pytest

from app.services.proposals.brands import default_brands
from app.services.proposals.screening import ProposalText, screen

SCHOOL = {"name": "Trường THCS Bình Lục", "kind": "education_unit"}


def codes(**fields: Any) -> set[str]:
    return screen(ProposalText.from_json({"title": "Hội thi Tài năng trẻ", "proposer": SCHOOL, **fields})).codes


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        # A public mail service's address, however typed, names nobody's product.
        ("rules", "Sản phẩm dự thi gửi qua thư điện tử tới BTC.HoiThi.BinhLuc@GMAIL.COM trước 17 giờ.", set()),
        ("summary", "Liên hệ thầy Phạm Văn Nam (namPV.binhluc@googlemail.com) để được hướng dẫn.", set()),
        ("rules", "Hồ sơ gửi về hoithi.thienlong@gmail.com.", set()),  # a person's name in a mailbox's name
        # The mailbox's own name is its holder's: a brand there is named.
        ("rules", "Bài dự thi gửi về hộp thư vinamilk.cuocthi@gmail.com.", {"S8-PRODUCT"}),
        # The service named outside an address is still its product.
        ("rules", "Thí sinh phải tạo tài khoản Gmail để nhận thông báo kết quả.", {"S8-PRODUCT"}),
        ("rules", "Bài thi gửi tới hoithi@gmail.com bằng ứng dụng Gmail trên điện thoại.", {"S8-PRODUCT"}),
        # A company's own mailbox names the company.
        ("rules", "Bài dự thi gửi về hotro@k12online.vn.", {"S8-PRODUCT"}),
    ],
)
def test_an_address_at_a_public_mail_service_names_no_product(field: str, text: str, expected: set[str]) -> None:
    assert codes(**{field: text}) == expected


@pytest.mark.parametrize(
    ("field", "text", "expected"),
    [
        # A brand whose name is also an ordinary word or a person's, run together as a word of its host.
        ("rules", "Thắc mắc về giải thưởng xin gửi tới cskh@thegioididong.com.", {"S8-PRODUCT"}),
        ("summary", "Thông tin về bộ quà tặng xem tại https://www.thienlong.com.vn/khuyen-mai.", {"S8-PRODUCT"}),
        ("summary", "Chi tiết giải thưởng: apple.com/vn", {"S8-PRODUCT"}),
        # A school's or the state's host, or the words outside a host, are no brand.
        ("summary", "Thể lệ đăng trên website của Trường THCS Hồng Hà: hongha.edu.vn.", set()),
        ("summary", "Kết quả đăng trên cổng thông tin xã Hồng Hà: hongha.gov.vn.", set()),
        ("summary", "Bài viết của em Nguyễn Thiên Long lớp 8A đạt giải Nhất.", set()),
    ],
)
def test_a_word_of_a_host_is_its_owners_name(field: str, text: str, expected: set[str]) -> None:
    assert codes(**{field: text}) == expected


def test_the_brand_list_reads_addresses_alike_everywhere() -> None:
    """The rule is the brand list's, so every text screened (a published one too) reads addresses alike."""
    found = default_brands().find("Liên hệ tranhve@gmail.com hoặc banhang@thienlong.com.vn")
    assert [m.text for m in found] == ["thienlong"]


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # Found by probing after round 12 was measured (not in its held-out set): the subject of a verb of giving
        # whose receivers are the participants or the event is a sponsor, as one of sponsoring the event is.
        ("Cửa hàng văn phòng phẩm Phúc Lộc tặng vở cho thí sinh đạt giải.", {"S8-BUSINESS"}),
        ("Nhà sách Tân Việt trao tặng 30 suất quà cho các em học sinh dự thi.", {"S8-BUSINESS"}),
        ("Công ty TNHH Bảo Minh Châu ủng hộ nước uống cho hội thi.", {"S8-BUSINESS"}),
        ("Nhà trường tặng giấy khen cho thí sinh đạt giải.", set()),
        ("Hội Cha mẹ học sinh lớp 5A tặng quà cho thí sinh.", set()),
        ("Thầy Lê Văn Bình tặng sách cho các em học sinh dự thi.", set()),
        ("Liên đội trao tặng phần thưởng cho các thí sinh xuất sắc.", set()),
        ("Mỗi lớp tặng hoa cho thí sinh của lớp mình.", set()),
    ],
)
def test_the_subject_of_giving_to_the_participants_is_a_sponsor(summary: str, expected: set[str]) -> None:
    assert codes(summary=summary) == expected


@pytest.mark.parametrize(
    ("summary", "expected"),
    [
        # Found by probing after round 12 was measured: "shop", said in Vietnamese as "cửa hàng" is, is what a
        # business is.
        ("Phần quà do shop đồ chơi Bé Xinh tài trợ.", {"S8-BUSINESS"}),
        ("Nhà tài trợ: shop hoa tươi Thanh Mai.", {"S8-BUSINESS"}),
        ("Thí sinh tham gia workshop kỹ năng thuyết trình trước vòng chung kết.", set()),
        ("Học sinh thiết kế biển hiệu cho một shop bán hoa trong bài dự thi.", set()),
    ],
)
def test_a_shop_is_a_business(summary: str, expected: set[str]) -> None:
    assert codes(summary=summary) == expected
