"""Screening a business a proposal names in its text or enters as another kind of organisation: the flags it raises
(its products, a prize had at it, its page to like, the data handed to it), whatever kind it was entered as."""

from __future__ import annotations

import pytest

from app.services.proposals.screening import ProposalText, screen
from app.services.proposals.text_businesses import is_business_name

from .proposals_helpers import SCHOOL, school_proposal


@pytest.mark.parametrize(
    ("prize", "reason_keys"),
    [
        (
            "Giải Nhất: 01 suất học bổng khóa IELTS 6 tháng tại Trung tâm Anh ngữ Apollo",
            ["S8-BUSINESS/text", "S8-PRODUCT/gift"],
        ),
        ("Giải Nhì: phiếu mua sách của Nhà sách Minh Khai", ["S8-BUSINESS/text", "S8-PRODUCT/gift"]),
        ("Giải Nhất: chuyến tham quan tại Trung tâm Văn hóa tỉnh và Thư viện tỉnh", []),
        ("Giải Ba: bộ sách của trường tặng", []),
        # A public centre (by the level it serves), a publisher's books.
        ("Giải Nhất: 01 chuyến tham quan tại Trung tâm Khoa học và Công nghệ tỉnh", []),
        ("Giải Nhì: bộ sách của Nhà xuất bản Kim Đồng", []),
    ],
)
def test_a_prize_had_at_a_business_named_by_what_it_is_is_its_product(prize: str, reason_keys: list[str]) -> None:
    result = screen(school_proposal(prizes=[{"kind": "products", "description": prize}]))
    assert [f.reason_key for f in result.flags] == reason_keys


@pytest.mark.parametrize(
    ("proposer", "organiser", "reason_keys"),
    [
        # A state-owned telecom entered as a state agency is a company: it proposes, or co-organises.
        ({"name": "VNPT Hải Dương", "kind": "state_agency"}, None, ["S8-COMPANY", "S8-BUSINESS/kind"]),
        (SCHOOL, {"name": "Viettel Hải Dương", "kind": "state_agency"}, ["S8-BUSINESS/kind"]),
        (SCHOOL, {"name": "Quỹ Vingroup", "kind": "association"}, ["S8-BUSINESS/kind"]),
        # A brand inside a public body's or a school's name makes no business of it.
        (SCHOOL, {"name": "Trường THCS Hồng Hà", "kind": "education_unit"}, []),
        (SCHOOL, {"name": "Quỹ Khuyến học huyện Gia Lộc", "kind": "association"}, []),
    ],
)
def test_a_party_named_by_a_listed_brand_is_a_business_whatever_kind_it_was_entered_as(
    proposer: dict[str, str], organiser: dict[str, str] | None, reason_keys: list[str]
) -> None:
    data = {"title": "Cuộc thi An toàn thông tin", "proposer": proposer, "organisers": [organiser] if organiser else []}
    assert [f.reason_key for f in screen(ProposalText.from_json(data)).flags] == reason_keys


def test_a_name_tells_a_business_whatever_kind_it_was_entered_as() -> None:
    assert is_business_name("Công ty Cổ phần Sữa Ba Vì")
    assert is_business_name("Cty TNHH Học Vui")
    assert is_business_name("BrightMind Technology JSC")
    assert is_business_name("CTCP Sách và Thiết bị Giáo dục Miền Bắc")
    assert is_business_name("Ngân hàng TMCP Á Châu (ACB)")
    assert is_business_name("Bright Future Education Co., Ltd")
    for name in (
        "Trường THCS Lê Lợi",
        "Tỉnh đoàn Hải Dương",
        "Hội Khuyến học tỉnh",
        "Sở Khoa học và Công nghệ",
        "Ngân hàng Chính sách xã hội tỉnh Hải Dương",
    ):
        assert not is_business_name(name), name


def test_a_business_named_only_in_the_text_is_flagged_where_it_is_named() -> None:
    (flag,) = screen(school_proposal(summary="Cuộc thi được tài trợ bởi Công ty TNHH Giải pháp Số Bình An.")).flags
    assert (flag.code, flag.reason_key) == ("S8-BUSINESS", "S8-BUSINESS/text")
    assert flag.reason == (
        'Names a business or sponsor that is not among the declared parties: "Công ty TNHH Giải pháp Số Bình An", '
        "in the summary."
    )
    assert flag.evidence == "summary: Cuộc thi được tài trợ bởi Công ty TNHH Giải pháp Số Bình An."


@pytest.mark.parametrize(
    "summary",
    [
        "Giải thưởng do Nhà sách Phương Nam tài trợ.",
        "Chương trình được tài trợ bởi siêu thị Thế Giới Di Động chi nhánh Cẩm Giàng.",
    ],
)
def test_a_sponsor_named_by_a_verb_of_sponsoring_is_flagged(summary: str) -> None:
    assert [f.reason_key for f in screen(school_proposal(summary=summary)).flags] == ["S8-BUSINESS/text"]


def test_a_declared_business_named_again_in_the_text_is_one_flag() -> None:
    sponsor = {"name": "Công ty Cổ phần Công nghệ Giáo dục Sao Việt", "kind": "business", "contribution": "money"}
    result = screen(school_proposal(sponsors=[sponsor], rules="Giải thưởng do Công ty Sao Việt tài trợ."))
    assert [f.reason_key for f in result.flags] == ["S8-BUSINESS"]


def test_a_company_entered_as_a_school_still_proposes_as_a_business() -> None:
    result = screen(ProposalText.from_json({"title": "T", "proposer": {"name": "Cty TNHH EduStar", "kind": "school"}}))
    assert [f.reason_key for f in result.flags] == ["S8-COMPANY", "S8-BUSINESS/kind"]
    assert result.needs_so_review
    assert "entered as another kind of organisation" in result.flags[1].reason


def test_registering_for_the_contest_to_win_a_companys_scholarship_is_no_product_flag() -> None:
    rules = "Học sinh phải đăng ký trước ngày 10/4 để nhận học bổng của Công ty Bình An."
    assert [f.reason_key for f in screen(school_proposal(rules=rules)).flags] == ["S8-BUSINESS/text"]
    rules = "Học sinh phải mua bộ đề luyện thi của Công ty Bình An."
    assert [f.reason_key for f in screen(school_proposal(rules=rules)).flags] == [
        "S8-BUSINESS/text",
        "S8-PRODUCT/company",
    ]


def test_an_undeclared_companys_app_required_is_a_product_flag() -> None:
    result = screen(school_proposal(rules="Thí sinh phải cài đặt ứng dụng của công ty ABC."))
    assert [f.reason_key for f in result.flags] == ["S8-BUSINESS/text", "S8-PRODUCT/company"]
    assert result.flags[1].params["verb"] == "install"


def test_a_sponsor_named_only_in_the_text_is_the_sponsor_whom_participants_data_go_to() -> None:
    result = screen(
        school_proposal(
            summary="Nhà tài trợ là Công ty TNHH Sách Tri Thức Việt.",
            rules="Danh sách thí sinh gồm họ tên, lớp và số điện thoại phụ huynh sẽ được gửi cho nhà tài trợ.",
        )
    )
    assert [(f.reason_key, f.params.get("name")) for f in result.flags] == [
        ("S8-BUSINESS/text", None),
        ("S8-DATA", "Công ty TNHH Sách Tri Thức Việt"),
    ]


@pytest.mark.parametrize(
    ("summary", "rules", "verb"),
    [
        ("Nhà tài trợ: Cô Gái Hà Lan.", "Thí sinh phải like fanpage của nhà tài trợ.", "follow"),
        (
            "Cuộc thi với sự đồng hành của Trung tâm STEM Bright Kids.",
            "Các đội bắt buộc sử dụng bộ kit robot do đơn vị đồng hành cung cấp.",
            "use",
        ),
        (
            "Cuoc thi voi su dong hanh cua Cong ty CP Cong nghe Robo Viet.",
            "Cac doi phai mua bo kit cua nha tai tro.",
            "buy",
        ),
        # Its own name after what it does, in sentence case; participants as the subject of what they do.
        (
            "Cuộc thi do Công ty CP Văn phòng phẩm Sao Khuê tài trợ.",
            "Thí sinh mua 01 hộp màu sáp Sao Khuê và gửi kèm hóa đơn với bài dự thi.",
            "buy",
        ),
        (
            "Cuoc thi voi su dong hanh cua Cong ty TNHH Nhiep anh Minh Quang.",
            "Thi sinh phai like fanpage Minh Quang Studio va tag 3 ban be.",
            "follow",
        ),
        ("Nhà tài trợ: Công ty TNHH Học liệu Sao Mai.", "Học sinh tải ứng dụng Sao Mai Kids để làm bài.", "install"),
    ],
)
def test_a_sponsor_named_only_in_the_text_is_the_sponsor_a_requirement_speaks_of(
    summary: str, rules: str, verb: str
) -> None:
    result = screen(school_proposal(summary=summary, rules=rules))
    assert [f.reason_key for f in result.flags] == ["S8-BUSINESS/text", "S8-PRODUCT/company"]
    assert result.flags[1].params["verb"] == verb


@pytest.mark.parametrize(
    "rules",
    [
        "Thí sinh được tặng 01 hộp màu sáp Sao Khuê.",  # a gift, not a purchase
        "Học sinh có thể dùng màu sáp Sao Khuê hoặc màu nước.",  # allowed, not required
        "Ban tổ chức mua màu sáp Sao Khuê cho các lớp.",  # the organisers buy, not participants
    ],
)
def test_a_sentence_that_does_not_bind_participants_requires_no_product(rules: str) -> None:
    summary = "Cuộc thi do Công ty CP Văn phòng phẩm Sao Khuê tài trợ."
    assert [f.reason_key for f in screen(school_proposal(summary=summary, rules=rules)).flags] == ["S8-BUSINESS/text"]


def test_a_sponsor_called_by_what_its_name_says_it_is_receives_the_data() -> None:
    result = screen(
        school_proposal(
            summary="Cuộc thi được tài trợ bởi Trung tâm Anh ngữ Ngôi Sao Xanh.",
            rules="Nhà trường gửi danh sách học sinh dự thi kèm số điện thoại phụ huynh cho trung tâm để trao quà.",
        )
    )
    assert [(f.reason_key, f.params.get("name")) for f in result.flags] == [
        ("S8-BUSINESS/text", None),
        ("S8-DATA", "Trung tâm Anh ngữ Ngôi Sao Xanh"),
    ]
    rules = "Nhà trường gửi danh sách học sinh dự thi cho Trung tâm Văn hóa huyện."  # another, a public body
    assert "S8-DATA" not in screen(school_proposal(summary=result.flags[0].excerpt, rules=rules)).codes
