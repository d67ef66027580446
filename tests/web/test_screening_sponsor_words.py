"""Screening the other words a proposal uses for a sponsor (app/services/proposals/text_businesses.py): a passive
agent ("được X tài trợ"), verbs of contributing ("do X đóng góp"), support and patronage ("với sự hỗ trợ của X",
"supported by X"), every business of a list of sponsors; and the international bodies, clubs and people those words
also name, which are no business; and the seller participants must buy from."""

from __future__ import annotations

import pytest

from app.services.proposals.brands import default_brands
from app.services.proposals.screening import screen
from app.services.proposals.text_businesses import named_businesses

from .proposals_helpers import school_proposal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cuộc thi được Vinamilk tài trợ toàn bộ giải thưởng.", ["Vinamilk"]),
        ("Toàn bộ kinh phí do doanh nghiệp Minh Long Book đóng góp.", ["doanh nghiệp Minh Long Book"]),
        ("Phần quà do Nhà sách Tiến Thọ hỗ trợ.", ["Nhà sách Tiến Thọ"]),
        ("Cuộc thi có sự đóng góp kinh phí của Nhà sách Tiến Thọ.", ["Nhà sách Tiến Thọ"]),
        ("Cuộc thi được tổ chức dưới sự bảo trợ của Honda Việt Nam.", ["Honda Việt Nam"]),
        ("Prizes are provided by Unilever Vietnam.", ["Unilever Vietnam"]),
        ("The contest is supported by Samsung Electronics Vietnam.", ["Samsung Electronics Vietnam"]),
        # Every business of a list, whatever comes first.
        ("Giải thưởng được tài trợ bởi CLB Doanh nhân Sao Đỏ và cửa hàng Hoa Mai.", ["cửa hàng Hoa Mai"]),
        (
            "Nhà tài trợ: Hội Khuyến học, cửa hàng Hoa Mai và Nhà sách Minh Khai.",
            ["cửa hàng Hoa Mai", "Nhà sách Minh Khai"],
        ),
        ("Nha tai tro: Hoi Cha me hoc sinh va Cong ty TNHH Minh Anh.", ["Cong ty TNHH Minh Anh"]),
        # Not international bodies, embassies, clubs, public bodies or people; a joint inside a name is no joint.
        ("Cuộc thi được tổ chức với sự hỗ trợ của Tổ chức Plan International và UNICEF.", []),
        ("Giải thưởng do Đại sứ quán Australia trao tặng, được Sở GD&ĐT hỗ trợ.", []),
        ("Cuộc thi nhận được sự ủng hộ của các thầy cô và cha mẹ học sinh.", []),
        ("Nhà tài trợ: ông Trần Văn Hùng và bà Lê Thị Lan.", []),
        ("The contest is supported by Hai Duong Department of Education and Training.", []),
        ("The contest is supported by the Youth Union and the parents' association.", []),
        ("Prizes are donated by the Samsung Hope Foundation.", ["Samsung Hope Foundation"]),
        ("Học sinh được Nhà trường hỗ trợ kinh phí đi lại.", []),
        ("Chương trình được VTV hỗ trợ truyền thông, được VOV đồng hành.", []),
    ],
)
def test_the_other_words_for_a_sponsor_name_businesses_only(text: str, expected: list[str]) -> None:
    assert [n.name for n in named_businesses(text)] == expected


@pytest.mark.parametrize(
    ("rules", "codes"),
    [
        # Where participants must buy names its seller: by what it is, or by a coined name.
        ("Thí sinh phải mua đồng phục thi đấu tại cửa hàng Thể thao Minh Anh.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ('Moi thi sinh mua 1 cuon sach "Hat giong tam hon" cua First News de du thi.', {"S8-BUSINESS", "S8-PRODUCT"}),
        # Not a place, a public office, the textbooks' publisher, or what the organisers buy.
        ("Thí sinh phải mua vé xe tại Hải Dương hoặc tại bến xe Cẩm Giàng.", set()),
        ("Thí sinh mua phiếu dự thi tại Phòng Hành chính.", set()),
        ("Học sinh mua sách giáo khoa của Nhà xuất bản Giáo dục Việt Nam theo danh mục của Bộ.", set()),
        ("Ban tổ chức mua quà tại cửa hàng Hoa Mai.", set()),
    ],
)
def test_the_seller_participants_must_buy_from_is_a_business(rules: str, codes: set[str]) -> None:
    assert screen(school_proposal(rules=rules)).codes == codes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nhà trường phối hợp với Trung tâm Ngoại ngữ Ocean Edu tổ chức hội thi.", ["Trung tâm Ngoại ngữ Ocean Edu"]),
        # A public centre is named in Vietnamese words or initials.
        ("Phòng GD&ĐT phối hợp với Trung tâm GDNN-GDTX huyện tổ chức.", []),
        ("Nhà trường phối hợp với Trung tâm Hội nghị tỉnh tổ chức lễ trao giải.", []),
    ],
)
def test_a_centre_co_organising_is_a_business_by_a_coined_word_in_its_name(text: str, expected: list[str]) -> None:
    assert [n.name for n in named_businesses(text, brands=default_brands())] == expected
