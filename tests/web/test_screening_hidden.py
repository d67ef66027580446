"""Screening what a proposal hides: a business named only in its text or entered as another kind of
organisation, a brand split by invisible characters, written in look-alike letters, spelt out or in a file's
name, a page to like, labels to collect, a company's products as prizes; and what must stay unflagged."""

from __future__ import annotations

import io
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.models import ListedBrand, Proposal, ProposalStatus, Unit, User
from app.services.proposals import brand_list, workflow
from app.services.proposals.brands import default_brands
from app.services.proposals.company_products import short_names
from app.services.proposals.screening import ProposalText, screen
from app.services.proposals.text_businesses import is_business_name, named_businesses
from tests.conftest import AuthActions

from .proposals_helpers import PDF, world
from .test_migrations import empty_app, empty_database_url  # noqa: F401  (fixtures)
from .test_screening import TABLE

__all__ = ["world"]  # the fixture, from proposals_helpers

SCHOOL = {"name": "Trường THCS Lê Lợi", "kind": "school"}


def proposal(**fields: Any) -> ProposalText:
    return ProposalText.from_json({"title": "Hội thi Tin học trẻ", "proposer": SCHOOL, **fields})


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
        ("Ban tổ chức là trung tâm Giáo dục thường xuyên tỉnh, được tài trợ bởi trung tâm Y tế huyện.", []),
    ],
)
def test_the_businesses_a_text_names(text: str, expected: list[str]) -> None:
    assert names(text) == expected


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
    (flag,) = screen(proposal(summary="Cuộc thi được tài trợ bởi Công ty TNHH Giải pháp Số Bình An.")).flags
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
    assert [f.reason_key for f in screen(proposal(summary=summary)).flags] == ["S8-BUSINESS/text"]


def test_a_declared_business_named_again_in_the_text_is_one_flag() -> None:
    sponsor = {"name": "Công ty Cổ phần Công nghệ Giáo dục Sao Việt", "kind": "business", "contribution": "money"}
    result = screen(proposal(sponsors=[sponsor], rules="Giải thưởng do Công ty Sao Việt tài trợ."))
    assert [f.reason_key for f in result.flags] == ["S8-BUSINESS"]


def test_a_company_entered_as_a_school_still_proposes_as_a_business() -> None:
    result = screen(ProposalText.from_json({"title": "T", "proposer": {"name": "Cty TNHH EduStar", "kind": "school"}}))
    assert [f.reason_key for f in result.flags] == ["S8-COMPANY", "S8-BUSINESS/kind"]
    assert result.needs_so_review
    assert "entered as another kind of organisation" in result.flags[1].reason


def test_registering_for_the_contest_to_win_a_companys_scholarship_is_no_product_flag() -> None:
    rules = "Học sinh phải đăng ký trước ngày 10/4 để nhận học bổng của Công ty Bình An."
    assert [f.reason_key for f in screen(proposal(rules=rules)).flags] == ["S8-BUSINESS/text"]
    rules = "Học sinh phải mua bộ đề luyện thi của Công ty Bình An."
    assert [f.reason_key for f in screen(proposal(rules=rules)).flags] == ["S8-BUSINESS/text", "S8-PRODUCT/company"]


def test_an_undeclared_companys_app_required_is_a_product_flag() -> None:
    result = screen(proposal(rules="Thí sinh phải cài đặt ứng dụng của công ty ABC."))
    assert [f.reason_key for f in result.flags] == ["S8-BUSINESS/text", "S8-PRODUCT/company"]
    assert result.flags[1].params["verb"] == "install"


def test_a_sponsor_named_only_in_the_text_is_the_sponsor_whom_participants_data_go_to() -> None:
    result = screen(
        proposal(
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
    ],
)
def test_a_sponsor_named_only_in_the_text_is_the_sponsor_a_requirement_speaks_of(
    summary: str, rules: str, verb: str
) -> None:
    result = screen(proposal(summary=summary, rules=rules))
    assert [f.reason_key for f in result.flags] == ["S8-BUSINESS/text", "S8-PRODUCT/company"]
    assert result.flags[1].params["verb"] == verb


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
    result = screen(proposal(sponsors=sponsors, **texts))
    assert [f.reason_key for f in result.flags] == ["S8-BUSINESS", reason_key]
    assert result.flags[1].params.get("verb") == verb


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Brightstar English Co., Ltd", "brightstar"),
        ("Sunrise Academy Co., Ltd", "sunrise"),
        ("Kinderworld Education Co., Ltd", "kinderworld"),
        ("Công ty Cổ phần Giáo dục Trí Việt", "tri viet"),
    ],
)
def test_a_business_goes_by_its_short_name(name: str, short: str) -> None:
    assert short in short_names(name)


def test_a_vietnamese_first_word_is_no_short_name() -> None:
    assert "tri" not in short_names("Công ty CP Trí Việt Education")
    assert "minh" not in short_names("Minh Long Book Co., Ltd")


# --- Brands hidden in the writing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Cúp Vi\u200bettel 2025", "Vi\u200bettel"),
        ("ứng dụng Z\u0430lo", "Z\u0430lo"),  # a Cyrillic а
        ("trên \uff26\uff41\uff43\uff45\uff42\uff4f\uff4f\uff4b", "\uff26\uff41\uff43\uff45\uff42\uff4f\uff4f\uff4b"),
        ("Cúp V I E T T E L", "V I E T T E L"),
        ("tài trợ bởi F.P.T", "F.P.T"),
        ("logo_vinamilk.png", "vinamilk"),
        ("banner-Samsung2025.jpg", "Samsung"),
        ("nạp tiền qua ZaloPay", "Zalo"),
        ("logoViettel.png", "Viettel"),
        ("kênh YouTube của trường", "YouTube"),
        ("Thí sinh phải cài Zal0 để nhận đề", "Zal0"),  # digits and signs for the letters they look like
        ("Cúp S@msung G4laxy 2025", "S@msung G4laxy"),
        ("V1ettel đồng hành", "V1ettel"),
        ("nộp bài qua G00GLE Classroom", "G00GLE Classroom"),
        ("uống Coca-C0la", "Coca-C0la"),
        ("kèm hashtag #vinamilkvuoncao", "vinamilk"),  # a hashtag in one case: its start or its end
        ("#HOCCUNGSAMSUNG", "SAMSUNG"),
        # A one-word name written as two words, as foreign names are split into syllables.
        ("đăng video lên kênh Tik Tok cá nhân", "Tik Tok"),
        ("02 thùng sữa Vina-milk", "Vina-milk"),
        ("02 thùng sữa tươi Vina milk", "Vina milk"),
        ("sim Viet-tel 4G", "Viet-tel"),
        ("soạn bằng Power.Point", "Power.Point"),
        # ... also into two Vietnamese syllables, capitalised and without diacritics in a text typed with them.
        ("Giải Nhất: 01 điện thoại Sam Sung và một bộ sách", "Sam Sung"),
        ("tặng vòng đeo tay thông minh Xiao-Mi cho mỗi thí sinh", "Xiao-Mi"),
        ("dựng video bằng ứng dụng Cap Cut trên điện thoại", "Cap Cut"),
    ],
)
def test_a_brand_is_found_however_it_is_disguised_and_shown_as_written(text: str, written: str) -> None:
    assert [m.text for m in default_brands().find(text)] == [written]


@pytest.mark.parametrize(
    "text",
    [
        "Trường THPT Lương Thế Vinh, học phần HP2",
        "Opportunity for all, canonical forms",
        "Mỗi lớp một tiết mục hát canon",
        "đáp án a, b, c hoặc d",
        "vì vô tình, nó kia, cá non",
        "soạn thảo bằng phần mềm LibreOffice, ôn luyện trên GeoGebra",
        "năm 2010 có 1000 học sinh, mã 5007, phòng 1100",  # numbers are not names in disguise
        "lớp 10A1 và 11B1, giải 3, $5 và 8@",
        "#IntelligenceDay #intelligence #canvasart",  # capitals tell the words; short names are not looked for
        "Pupils draw on sheets of paper, the host shows it using slides; parents download the forms.",
        # an ambiguous name inside a person's, a school's or a place's name, even after a cue word
        "gửi bài về địa chỉ email của thầy Trần Thiên Long (Bí thư Đoàn trường)",
        "Hội thi dành cho học sinh của Trường THCS Hồng Hà",
        "các đội của xã Hồng Hà và phường Thiên Long",
        # two words that could be a name split in two: both Vietnamese syllables, or English in lower case
        "Vui Học mỗi ngày, học mãi không chán: Học Mãi là khẩu hiệu của lớp",
        "write it in one note, like a face book or a power point",
        # ... or typed without diacritics where the whole text is, or not both capitalised, or with a diacritic
        "tang dien thoai Sam Sung cho hoc sinh gioi; chuyen muc Vui Hoc",
        "Tặng quả Sam sung và cây Sâm Sung cho lớp",
        "chủ đề tiếng Trung: Xiao Ming de jia, Sam Son",
        "chuyên mục Vui Hoc ra câu hỏi về Hoc Mai",  # no cue: Vietnamese words typed without their diacritics
    ],
)
def test_words_that_only_contain_or_resemble_a_brand_are_not_brands(text: str) -> None:
    assert default_brands().find(text) == []


def test_a_brand_written_as_two_words_is_required_as_written() -> None:
    (flag,) = screen(proposal(rules="Thí sinh phải đăng video lên kênh Tik Tok cá nhân.")).flags
    assert (flag.reason_key, flag.params["brand"], flag.params["text"]) == ("S8-PRODUCT/required", "TikTok", "Tik Tok")


def test_an_ambiguous_name_after_its_cue_is_still_a_brand() -> None:
    found = default_brands().find("Thí sinh phải dùng bút của Thiên Long; giải thưởng của Hồng Hà.")
    assert [m.text for m in found] == ["Thiên Long", "Hồng Hà"]


# --- Through the web ---------------------------------------------------------------------------------------------


def test_a_school_account_proposing_with_a_company_named_only_in_the_text_goes_to_the_reviewer(
    client: FlaskClient, auth: AuthActions, world: Unit
) -> None:
    auth.login("dieuphoi")
    data = {
        "title": "Cuộc thi Sáng tạo video trường em",
        "summary": "Nhà trường phối hợp với Công ty TNHH Giải pháp Số Bình An tổ chức cuộc thi.",
        "rules": "Thí sinh phải like và share bài dự thi trên fanpage của Công ty Bình An.",
        "proposer_name": "Trường THCS Lê Lợi",
        "proposer_kind": "education_unit",
        "prizes-0-kind": "certificates",
        "prizes-0-description": "Giấy khen",
        "letter": (io.BytesIO(PDF), "congvan.pdf"),
        "action": "submit",
    }
    assert client.post("/proposals/new", data=data).status_code == 302
    proposal = db.session.query(Proposal).filter_by(title="Cuộc thi Sáng tạo video trường em").one()
    assert proposal.status is ProposalStatus.IN_REVIEW
    assert [f["reason_key"] for f in proposal.flags] == ["S8-BUSINESS/text", "S8-PRODUCT/company"]
    auth.logout()
    auth.login("so")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert (
        "Nêu tên một doanh nghiệp hoặc nhà tài trợ không có trong danh sách các bên đã khai: "
        "&#34;Công ty TNHH Giải pháp Số Bình An&#34;, trong phần tóm tắt."
    ) in page
    assert "Yêu cầu thí sinh thích, chia sẻ hoặc theo dõi sản phẩm hoặc dịch vụ của" in page


def test_the_table_screens_alike_through_the_proposal_service_with_the_list_in_the_database(world: Unit) -> None:
    """Every proposal of the table, submitted by a school's coordinator, is stored with exactly its flags (the brand
    list and its cues read from the database's copy) and goes to review exactly when the table says."""
    coordinator = db.session.query(User).filter_by(username="dieuphoi").one()
    wrong = []
    for case in TABLE:
        submitted = workflow.submit(
            db.session, coordinator, workflow.create_draft(db.session, coordinator, case["proposal"], None, None)
        )
        codes = {f["code"] for f in submitted.flags}
        in_review = submitted.status is ProposalStatus.IN_REVIEW
        if codes != set(case["expect"]["flags"]) or in_review is not case["expect"]["needs_so_review"]:
            wrong.append((case["id"], sorted(codes), submitted.status.value))
    assert wrong == []
    assert len(TABLE) >= 130


# --- A brand list made before the shipped one changed ---------------------------------------------------------


@pytest.mark.parametrize(
    ("brand", "before", "text", "cued"),
    [
        ("Canon", "a7d3c1e9f5b2", "Mỗi lớp một tiết mục hát canon", "chụp bằng máy ảnh Canon"),
        ("Vivo", "b8e2f4a6c1d3", "Không tiến hành thí nghiệm in vivo trên động vật.", "mua điện thoại Vivo"),
    ],
)
def test_a_migration_makes_a_brand_ambiguous_where_the_list_is_still_as_shipped(
    empty_app: Flask,  # noqa: F811
    brand: str,
    before: str,
    text: str,
    cued: str,
) -> None:
    with empty_app.app_context():
        upgrade(revision=before)
        with db.engine.begin() as conn:  # as a list made from the older shipped file holds it
            conn.execute(sa.text("UPDATE brands SET ambiguous = :none WHERE name = :b"), {"none": "[]", "b": brand})
        upgrade()
        assert db.session.scalar(sa.select(ListedBrand.ambiguous).where(ListedBrand.name == brand)) == [brand]
        assert brand_list.current(db.session).find(text) == []
        assert [m.brand.name for m in brand_list.current(db.session).find(cued)] == [brand]
        downgrade(revision=before)
        with db.engine.begin() as conn:  # a list the Sở edited for the brand is the Sở's
            conn.execute(sa.text("UPDATE brands SET aliases = :one WHERE name = :b"), {"one": '["X1"]', "b": brand})
        upgrade()
        assert db.session.scalar(sa.select(ListedBrand.ambiguous).where(ListedBrand.name == brand)) == []
