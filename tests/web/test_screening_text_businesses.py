"""Screening the businesses a proposal names only in its text: by their legal form, a verb of sponsoring, a fund
named after a listed brand or as a co-organiser, and who is none (people, public bodies, the school's own)."""

from __future__ import annotations

import pytest

from app.services.proposals.brands import default_brands
from app.services.proposals.text_businesses import named_businesses


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
