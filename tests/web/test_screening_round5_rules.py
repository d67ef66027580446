"""The general rules that round 5's labelled proposals led to, each said in other words than the proposals'
(tests/web/data/proposals_round5.yaml), with what must stay unflagged beside them."""

from __future__ import annotations

import pytest

from app.services.proposals.screening import ProposalText, screen

from .proposals_helpers import school_proposal


def test_a_business_named_for_the_place_the_proposer_serves_is_still_a_business() -> None:
    # Its short name ("Tứ Kỳ") is in the proposer's name: it was taken for the proposer and left out.
    proposal = ProposalText.from_json(
        {
            "title": "Hội thi Văn nghệ học sinh",
            "proposer": {"name": "Phòng GD&ĐT huyện Tứ Kỳ", "kind": "district_office"},
            "rules": "Kinh phí: Công ty CP Vật tư Nông nghiệp Tứ Kỳ đóng góp 15 triệu đồng.",
        }
    )
    assert screen(proposal).codes == {"S8-BUSINESS"}


def test_a_school_named_again_in_the_text_is_not_a_business() -> None:
    assert screen(school_proposal(summary="Trường THCS Lê Lợi tổ chức hội thi cho học sinh khối 8.")).codes == set()


@pytest.mark.parametrize(
    "summary", ["Giải thưởng do samsung tài trợ.", "Nhà tài trợ: viettel.", "Với sự hỗ trợ của fahasa."]
)
def test_a_listed_brand_typed_in_lower_case_as_sponsor_is_a_business(summary: str) -> None:
    assert screen(school_proposal(summary=summary)).codes == {"S8-BUSINESS", "S8-PRODUCT"}


@pytest.mark.parametrize(
    ("rules", "codes"),
    [
        ("Các đội phải thuê trang phục biểu diễn tại cửa hiệu Ánh Trăng.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Thi sinh phai rua anh tai Studio Minh Chau truoc ngay nop bai.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Thí sinh phải chụp ảnh tại Bảo tàng tỉnh Hải Dương.", set()),
        ("Thí sinh phải in ảnh khổ A4 tại nhà.", set()),
    ],
)
def test_a_service_participants_must_buy_from_a_named_business_is_its_product(rules: str, codes: set[str]) -> None:
    assert screen(school_proposal(rules=rules)).codes == codes


@pytest.mark.parametrize(
    ("rules", "codes"),
    [
        ("Học sinh phải đeo thẻ tên in logo của nhà tài trợ khi dự thi.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Học sinh mặc áo đồng phục của nhà trường, đeo khăn quàng đỏ.", {"S8-BUSINESS"}),
    ],
)
def test_wearing_a_sponsors_logo_advertises_it(rules: str, codes: set[str]) -> None:
    sponsor = {"name": "Công ty TNHH Nước giải khát Đông Á", "kind": "business", "contribution": "money"}
    assert screen(school_proposal(sponsors=[sponsor], rules=rules)).codes == codes


@pytest.mark.parametrize(
    ("rules", "codes"),
    [
        ("Sản phẩm phải được xây dựng trên nền tảng Glitch và gửi đường dẫn.", {"S8-PRODUCT"}),
        ("Students must build on the Roblox platform.", {"S8-PRODUCT"}),
        ("Thí sinh phải làm bài trên nền tảng LMS của Sở.", set()),
        # The entry's own name: what is made, not what it is made on.
        ("Mỗi đội phải xây dựng ứng dụng HealthBuddy chăm sóc người cao tuổi.", set()),
        ("Học sinh phải thiết kế phần mềm EcoSort phân loại rác.", set()),
        ("Bài giảng phải được thiết kế trên phần mềm GeoGebra hoặc Scratch.", set()),
    ],
)
def test_a_platform_participants_must_make_their_entry_on_is_a_product(rules: str, codes: set[str]) -> None:
    assert screen(school_proposal(rules=rules)).codes == codes


@pytest.mark.parametrize(
    ("rules", "codes"),
    [
        (
            "Học sinh nghiên cứu một thương hiệu Việt, chẳng hạn như Biti's hoặc Vinamilk, và trình bày trước lớp.",
            set(),
        ),
        ("Students write about a company, for example Samsung, and its history.", set()),
        ("Học sinh phải mua sản phẩm của một doanh nghiệp, ví dụ Vinamilk, rồi viết bài cảm nhận.", {"S8-PRODUCT"}),
        ("Học sinh viết lời giới thiệu cho một phần mềm, ví dụ Canva.", {"S8-PRODUCT"}),
        # Named as the sponsor too: the sponsor is a business (S8-BUSINESS) and its brand is advertised.
        ("Học sinh viết về một doanh nghiệp, ví dụ Vinamilk, nhà tài trợ của cuộc thi.", {"S8-BUSINESS", "S8-PRODUCT"}),
    ],
)
def test_a_brand_given_as_an_example_of_what_an_essay_is_about_is_its_topic(rules: str, codes: set[str]) -> None:
    assert screen(school_proposal(rules=rules)).codes == codes


@pytest.mark.parametrize(
    ("rules", "codes"),
    [
        ("Sản phẩm phải được triển khai trên nền tảng GCS.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Entries must be deployed on GCS before the final.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Sản phẩm phải được triển khai trên máy chủ của nhà trường.", {"S8-BUSINESS"}),
        ("Sản phẩm lưu trên gcs hoặc máy của đội.", {"S8-BUSINESS"}),
    ],
)
def test_a_foreign_companys_initials_name_its_product(rules: str, codes: set[str]) -> None:
    sponsor = {"name": "Green Cloud Systems Co., Ltd", "kind": "business", "contribution": "money"}
    assert screen(school_proposal(sponsors=[sponsor], rules=rules)).codes == codes


@pytest.mark.parametrize(
    ("prize", "codes"),
    [
        ("Giải Nhì: 05 bộ đồ dùng học tập (Nhà sách Hồng Ân trao tặng)", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Giai Ba: 03 phan qua (Cua hang Minh Chau tang)", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Giải Ba: 03 phần quà (Hội Cha mẹ học sinh trao tặng)", set()),
        ("Giải Nhất: 2.000.000 đồng (tiền mặt)", set()),
    ],
)
def test_a_giver_in_brackets_after_a_prize_is_its_sponsor(prize: str, codes: set[str]) -> None:
    assert screen(school_proposal(prizes=[{"kind": "products", "description": prize}])).codes == codes


@pytest.mark.parametrize(
    ("summary", "codes"),
    [
        ("Đồng hành cùng ngày hội: Bright Kids Academy.", {"S8-BUSINESS"}),
        ("Nhà tài trợ cuộc thi - Minh Long Book.", {"S8-BUSINESS"}),
        ("Đồng hành cùng chương trình: các thầy cô giáo và cha mẹ học sinh.", set()),
    ],
)
def test_a_sponsor_named_after_the_event_it_sponsors_is_named(summary: str, codes: set[str]) -> None:
    assert screen(school_proposal(summary=summary)).codes == codes


@pytest.mark.parametrize(
    ("rules", "codes"),
    [
        ("Students must create an account on the Memrise app.", {"S8-PRODUCT"}),
        ("Students must create an account on the school's website.", set()),
        ("Học sinh phải mua vé tại rạp Lotte Cinema Hải Dương để xem phim.", {"S8-BUSINESS", "S8-PRODUCT"}),
        ("Học sinh xem phim tư liệu tại hội trường nhà trường.", set()),
    ],
)
def test_an_account_to_create_and_a_cinema_to_buy_at(rules: str, codes: set[str]) -> None:
    assert screen(school_proposal(rules=rules)).codes == codes


def test_a_fee_called_phi_tham_du_paid_to_a_company_is_a_fee() -> None:
    rules = "Phí tham dự 50.000đ/em, nộp cho Công ty TNHH Sao Việt trước ngày thi."
    assert screen(school_proposal(rules=rules)).codes == {"S8-BUSINESS", "S8-FEE"}


@pytest.mark.parametrize(
    ("prize", "codes"),
    [
        ("Giải Nhất: 01 xe đạp do Nguyễn Văn Hùng tặng", set()),
        ("Giai Nhat: 01 xe dap (Pham Thi Thu Ha tai tro)", set()),
        ("Giải Nhất: 01 xe đạp do Nguyễn Văn Hùng Group tài trợ", {"S8-BUSINESS"}),
        ("Giải Nhất: 2.000.000 đồng do Công ty TNHH Lê Văn Thành tài trợ", {"S8-BUSINESS"}),
    ],
)
def test_a_persons_full_name_as_the_giver_is_no_business(prize: str, codes: set[str]) -> None:
    assert screen(school_proposal(prizes=[{"kind": "money", "description": prize}])).codes == codes
