"""Screening a business a proposal names only in its text or enters as another kind of organisation: who is a
business, who is not (people, public bodies, the school's own, slogans, made-up companies), what its short names are,
and the flags its products, its page to like and the data handed to it raise."""

from __future__ import annotations

from typing import Any

import pytest

from app.services.proposals.brands import default_brands
from app.services.proposals.company_products import short_names
from app.services.proposals.screening import ProposalText, screen
from app.services.proposals.text_businesses import is_business_name, named_businesses

from .proposals_helpers import SCHOOL, school_proposal


def names(text: str) -> list[str]:
    return [n.name for n in named_businesses(text)]


# --- Businesses named in the text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Cuộc thi được tài trợ bởi Công ty TNHH Giải pháp Số Bình An.", ["Công ty TNHH Giải pháp Số Bình An"]),
        ("phoi hop voi cong ty Co phan Cong nghe Anh Sao to chuc", ["cong ty Co phan Cong nghe Anh Sao"]),
        ("Công ty X và Công ty Y cùng tài trợ", ["Công ty X", "Công ty Y"]),
        ("do Công ty Michelin của Pháp quản lý", ["Công ty Michelin"]),  # whose, not part of the name
        ("Công ty TNHH Minh Long tại Hà Nội tài trợ", ["Công ty TNHH Minh Long"]),
        ("Nhà tài trợ vàng: Minh Long Book; học sinh đọc sách.", ["Minh Long Book"]),
        ("sponsored by BrightMind Technology JSC.", ["BrightMind Technology JSC"]),
        ("Giải thưởng do nhà tài trợ trao.", [""]),
        ("Cuộc thi không có công ty nào tài trợ.", []),
        ("Ban tổ chức không nhận tài trợ của Công ty TNHH Minh Tâm.", []),
        ("Thí sinh không phải nộp phí, Công ty Bình An tài trợ toàn bộ.", ["Công ty Bình An"]),
        ("Học sinh tìm hiểu về các công ty công nghệ và doanh nghiệp địa phương.", []),
        ("Nhà tài trợ: Hội Khuyến học huyện Gia Lộc.", []),
        ("No company sponsors this contest.", []),
        ("Chủ đề bài viết: Doanh nghiệp Việt Nam trong thời kỳ hội nhập.", []),
        # Legal forms written short, and commercial banks.
        ("CTCP Sách và Thiết bị Giáo dục Miền Bắc tài trợ.", ["CTCP Sách và Thiết bị Giáo dục Miền Bắc"]),
        ("do Ngân hàng TMCP Á Châu trao thưởng", ["Ngân hàng TMCP Á Châu"]),
        # Any bank with a name is a commercial bank, state-owned or not, but the State Bank and a policy bank; a
        # name's two parts joined by "và".
        (
            "Tỉnh đoàn phối hợp với Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam tổ chức.",
            ["Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"],
        ),
        ("Ngân hàng câu hỏi gồm 200 câu; Ngân hàng Nhà nước chi nhánh tỉnh dự lễ.", []),
        ("Tìm hiểu về Ngân hàng Thế giới, Ngân hàng Máu và Ngân hàng Sữa mẹ; Ngân hàng Đề thi có 500 câu.", []),
        ("Giải thưởng do Ngân hàng Đông Á tài trợ.", ["Ngân hàng Đông Á"]),
        # A partner named after "sự đồng hành của", a public body or people not.
        ("Với sự đồng hành của Trung tâm STEM Bright Kids.", ["Trung tâm STEM Bright Kids"]),
        ("với sự đồng hành của các thầy cô, Công an tỉnh và Thư viện tỉnh", []),
        # ... or "(sự) đồng hành cùng", a sponsor's title "đơn vị bảo trợ", an agent giving the prizes.
        ("Cuộc thi diễn ra với sự đồng hành cùng Viettel Hải Dương.", ["Viettel Hải Dương"]),
        ("Ngày hội với sự đồng hành cùng Nhà sách Trí Đức, thí sinh giới thiệu sách.", ["Nhà sách Trí Đức"]),
        ('Cuộc thi Viết thư "Sống xanh" đồng hành cùng Bút bi Hải Long', ["Bút bi Hải Long"]),
        ("Đơn vị bảo trợ: Anh ngữ Global Kids.", ["Anh ngữ Global Kids"]),
        ("Toàn bộ phần thưởng do Minh Phát Computer trao tặng.", ["Minh Phát Computer"]),
        # ... but not words of a slogan in title case, public bodies, or an office's holder.
        ("Chương trình đồng hành cùng Thầy cô. Đồng hành cùng Em vượt khó, đồng hành cùng Ngày hội Đọc sách.", []),
        (
            "với sự đồng hành cùng Tỉnh đoàn và Sở Thông tin và Truyền thông; Đơn vị bảo trợ: Sở Khoa học và Công nghệ",
            [],
        ),
        ("Giải thưởng do Giám đốc Sở trao tặng, quà do Bí thư Tỉnh đoàn tặng.", []),
        # What a business is may be said twice before its name; what a patron gives may follow its title.
        ("với sự đồng hành cùng chuỗi nhà sách Hải Nam Books.", ["chuỗi nhà sách Hải Nam Books"]),
        (
            "Đơn vị bảo trợ truyền thông: Báo Hải Dương. Nhà tài trợ truyền thông: Công ty CP Sao Việt.",
            ["Công ty CP Sao Việt"],
        ),
        # A public body named in English, by how its name ends.
        ("Organised by Kinh Mon High School in partnership with Sao Do University.", []),
        ("sponsored by Hai Duong Department of Education and Training", []),
        # No sponsor, or a person: not a business.
        ("Nhà tài trợ: không có.", []),
        ("Sponsor: none.", []),
        ("Nhà tài trợ không can thiệp vào chuyên môn.", [""]),
        ("Nhà tài trợ: ông Trần Văn Hùng, cựu học sinh khóa 1990.", []),
        ("Nha tai tro: ba Nguyen Thi Lan, phu huynh hoc sinh.", []),
        ("Nhà tài trợ: các mạnh thường quân và Ban đại diện CMHS.", []),
        ("Nhà tài trợ: gia đình cố nhà giáo Nguyễn Văn Bình.", []),
        ("Nhà tài trợ: Cô Gái Hà Lan.", ["Cô Gái Hà Lan"]),  # a brand, not a teacher
        # A title and a family name before a word that is no Vietnamese given name, or a title typed as another word.
        ("Nhà tài trợ: Cô Tô Travel.", ["Cô Tô Travel"]),
        ("Nhà tài trợ: Bắc Hà Tourist.", ["Bắc Hà Tourist"]),
        ("Nhà tài trợ: cô Tô Thị Lan, giáo viên hưu trí.", []),
        ("Nha tai tro: bac Ha Van Nam.", []),
        # "No" as a name's first word; none said in other ways.
        ("Nhà tài trợ: No Limit Fitness.", ["No Limit Fitness"]),
        ("Sponsor: no sponsor this year.", []),
        ("Nhà tài trợ: Không có.", []),
        ("NHÀ TÀI TRỢ: KHÔNG CÓ", []),
        ("Nhà Tài Trợ: Không Có Nhà Tài Trợ.", []),
        # "Đài" is a radio station, "Đại Nam Book" a business.
        ("Nhà tài trợ vàng: Đại Nam Book. Nhà tài trợ bạc: Đài Phát thanh tỉnh.", ["Đại Nam Book"]),
        # A company made up for an exercise.
        ("Giả sử em là kế toán của Công ty TNHH Hoa Mai, hãy lập bảng lương.", []),
        ("Bài toán: Công ty TNHH Hoa Mai (công ty giả định) cần thuê 5 xe.", []),
        # A genre or a title's words are not a supposition: the sponsor beside them is real.
        ("Cuộc thi vẽ tranh Em tưởng tượng do Công ty TNHH Hoa Mai tài trợ.", ["Công ty TNHH Hoa Mai"]),
        ("Viết truyện giả tưởng, giải thưởng của Công ty CP Sách Alpha.", ["Công ty CP Sách Alpha"]),
        # A sponsor as the agent of a verb of sponsoring, its name after what it is, in lower case.
        (
            "Chương trình được tài trợ bởi siêu thị Thế Giới Di Động chi nhánh Cẩm Giàng.",
            ["siêu thị Thế Giới Di Động"],
        ),
        ("Giải thưởng do Nhà sách Phương Nam tài trợ.", ["Nhà sách Phương Nam"]),
        ("Phần quà do cửa hàng Minh Anh đồng hành cùng nhà trường.", ["cửa hàng Minh Anh"]),
        ("Cuoc thi duoc bao tro boi nha sach Phuong Nam.", ["nha sach Phuong Nam"]),
        ("Giải thưởng do Bright Kids Academy bảo trợ.", ["Bright Kids Academy"]),
        ("Học bổng do Tổ Hợp Giáo Dục Sao Việt tài trợ.", ["Tổ Hợp Giáo Dục Sao Việt"]),  # not a school's tổ
        # ... but not the school's own bodies, other public bodies, people, no one, or after a negation.
        ("Giải thưởng do Nhà trường tài trợ; phần quà do Liên đội và Chi đội 7A tài trợ.", []),
        ("Giải thưởng do Hiệu trưởng tài trợ, do Ban giám hiệu đồng hành.", []),
        ("Kinh phí do BTC tài trợ; giải phụ do Lớp 9A và Cha mẹ học sinh tài trợ.", []),
        ("Giải phụ do Tổ chuyên môn Tin học tài trợ.", []),
        ("Nhà tài trợ: Cô Lan.", []),  # a title before a given name of one or two syllables
        ("Cuộc thi được bảo trợ bởi Sở Giáo dục và Đào tạo, được tài trợ bởi Hội Khuyến học.", []),
        ("Giải thưởng do thầy Nguyễn Văn Hùng tài trợ, phần quà do Cô Lan bảo trợ.", []),
        ("Cuộc thi được tài trợ bởi các thầy cô và cha mẹ học sinh.", []),
        ("Cuộc thi không được tài trợ bởi Nhà sách Phương Nam.", []),
        ("Sách do Nhà sách Phương Nam phát hành.", []),  # a publisher, not a sponsor
        # A business's branch is the business, before the verb of giving.
        ("Giải thưởng do Agribank chi nhánh Thanh Hà trao tặng.", ["Agribank"]),
        ("Quà do Viettel chi nhánh Cẩm Giàng tặng.", ["Viettel"]),
        # A company in an exercise's statement is what is asked about, unless it sponsors.
        ("Câu 4: Công ty A và công ty B cùng sản xuất một loại hàng.", []),
        ("Bài 2: dựa vào biểu giá điện của Tổng công ty Điện lực miền Bắc, em hãy tính tiền điện.", []),
        ("Đọc thông báo của Công ty CP Nước sạch Hải Dương rồi trả lời câu hỏi.", []),
        ("Câu 1 do Công ty TNHH Minh Tâm tài trợ.", ["Công ty TNHH Minh Tâm"]),
        ("Câu hỏi do Công ty TNHH Minh Tâm biên soạn.", ["Công ty TNHH Minh Tâm"]),
        # What a business does, in sentence case, is part of its name.
        ("Cuộc thi do Công ty CP Văn phòng phẩm Sao Khuê tài trợ.", ["Công ty CP Văn phòng phẩm Sao Khuê"]),
        ("Công ty TNHH Thiết bị giáo dục Hồng Phúc tặng quà", ["Công ty TNHH Thiết bị giáo dục Hồng Phúc"]),
        ("Ban tổ chức là trung tâm Giáo dục thường xuyên tỉnh, được tài trợ bởi trung tâm Y tế huyện.", []),
    ],
)
def test_the_businesses_a_text_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Giải thưởng của cuộc thi do Quỹ Vingroup tài trợ.", ["Quỹ Vingroup"]),
        ("Nhà tài trợ: Quỹ Học Bổng Viettel.", ["Quỹ Học Bổng Viettel"]),
        ("Phần thưởng do Quỹ Khuyến học xã Ngọc Châu trao tặng.", []),
        ("Nhà tài trợ: Quỹ Bảo trợ trẻ em tỉnh Hải Dương.", []),
    ],
)
def test_a_fund_named_after_a_listed_brand_is_its_companys(text: str, expected: list[str]) -> None:
    assert [n.name for n in named_businesses(text, brands=default_brands())] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đại sứ quán Hàn Quốc phối hợp với Samsung Việt Nam tổ chức cuộc thi.", ["Samsung Việt Nam"]),
        ("Nhà trường phối hợp với Nhà sách Trí Đức tổ chức ngày hội.", ["Nhà sách Trí Đức"]),
        # Not a public body, an NGO, a centre that may be public, or people.
        ("Sở GD&ĐT phối hợp với Tổ chức Plan International tổ chức.", []),
        ("Phòng GD&ĐT phối hợp với Trường Đại học Sao Đỏ và Trung tâm Khuyến nông tỉnh.", []),
        ("Nhà trường phối hợp với các thầy cô và Ban đại diện CMHS.", []),
        ("Nhà trường phối hợp với Cửa hàng sách cũ của thư viện tổ chức.", []),  # what it is, but no name
    ],
)
def test_a_co_organiser_named_in_the_text_is_a_business_by_its_brand_or_its_kind(
    text: str, expected: list[str]
) -> None:
    assert [n.name for n in named_businesses(text, brands=default_brands())] == expected


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
