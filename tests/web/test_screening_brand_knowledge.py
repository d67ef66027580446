"""The brands the shipped list learnt in December 2026 (data/brands.yaml, migration d7b3f1a9e5c2): the brands most
likely in a school contest, found where a proposal names them; the honest texts where the same words are a person, a
place, a star or a common noun stay clean; a long name misspelt by one letter inside it is found, other words a
letter off are not; and the migration brings the new names to a list made before it, leaving the Sở's edits alone."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.models import ListedBrand
from app.services.proposals import brand_list
from app.services.proposals.brands import default_brands
from app.services.proposals.screening import ProposalText, screen

from .test_migrations import empty_app, empty_database_url  # noqa: F401  (fixtures)


def _screened(summary: str) -> set[str]:
    proposal = {
        "title": "Cuộc thi Vẽ tranh cấp trường",
        "proposer": {"name": "Trường THCS Lê Lợi", "kind": "education_unit"},
        "summary": summary,
    }
    return screen(ProposalText.from_json(proposal)).codes


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("Each winner receives a Kindle Paperwhite e-reader.", "Amazon"),
        ("The scholarships are sponsored by VCB Nam Dinh.", "Vietcombank"),
        ("Học bổng do V.C.B chi nhánh Nam Định trao tặng.", "Vietcombank"),
        ("Giải thưởng do TCB Hải Dương trao tặng.", "Techcombank"),
        ("Giải Nhất: học bổng toàn phần tại hệ thống trường Vinschool.", "Vingroup"),
        ("Sponsored by FrieslandCampina. Every finalist receives a Dutch Lady milk gift box.", "FrieslandCampina"),
        ("Mỗi thí sinh được tặng 01 thùng bánh snack Oishi.", "Liwayway"),
        ("Every participant receives a Hao Hao instant noodle gift box.", "Acecook"),
        ("Giai thuong do Cong ty CP Banh keo Hai Ha tai tro, moi em duoc tang 01 hop keo Hai Ha.", "Hải Hà"),
        ("Học sinh đăng ký tài khoản trên trang trangnguyen.edu.vn để dự thi.", "Trạng Nguyên Tiếng Việt"),
        ("Mỗi em được tặng một hộp bánh Chocopie.", "Orion"),
        ("Thí sinh dùng bút chì Deli để vẽ.", "Deli"),
        ("Bài dự thi làm trên Wordwall hoặc Blooket.", "Wordwall"),
        ("Giải Nhất: 01 máy chơi game Nintendo Switch.", "Nintendo"),
        ("Video dự thi đăng kèm hashtag #hoccungelsaspeak.", "ELSA"),
        ("Mỗi đội được tặng một thùng Trà Xanh Không Độ.", "Tân Hiệp Phát"),
    ],
)
def test_a_brand_the_list_learnt_is_found(text: str, brand: str) -> None:
    assert brand in [m.brand.name for m in default_brands().find(text)]
    assert "S8-PRODUCT" in _screened(text)


@pytest.mark.parametrize(
    "text",
    [
        "Em Nguyễn Bảo Việt lớp 9A đạt giải Nhất cấp huyện.",  # a person, not the insurer (kept off the list)
        "Đội bóng Trường THCS phường Hòa Phát, quận Cẩm Lệ tham dự giải.",  # a ward
        "Trường THCS Hải Hà, huyện Hải Hà, tỉnh Quảng Ninh đăng cai.",  # a school and a district
        "Bài dự thi của em Trần Phúc Long lớp 7B được chọn trưng bày.",  # a person after a family name
        "Cuộc thi tìm hiểu lịch sử của kinh đô Huế.",  # the capital, a common noun
        "Vẽ tranh về hệ sinh thái của rừng Amazon.",  # a forest
        "Quan sát các ngôi sao của chòm sao Orion bằng kính thiên văn.",  # a constellation
        "Bình minh rạng đông trên biển quê em.",  # dawn
        "Tìm hiểu văn hóa thị trấn Nhã Nam, huyện Tân Yên.",  # a town
        "Students kindle their curiosity and grab every chance to read.",  # English verbs
        "Students prep for the final round with a sharp pencil.",  # English words
        "Fwd: Kế hoạch tổ chức cuộc thi cấp trường.",  # a forwarded mail
        "The winner is announced by a Dutch lady who visits the school.",  # a person
        "Em đọc truyện Cô gái Hà Lan và kể lại.",  # a story
        "Thí sinh thi Trạng Nguyên nhỏ tuổi cấp trường.",  # a title of old, not the platform
        "Cellphone use is banned during the contest.",  # a word a letter off a listed name at its end
        "The entries are measured to the centimeter.",  # a word a letter off a listed name at its start
        "Miranda reads her poem in the final round.",  # a person's name a letter off a short listed name
        "Sữa tài trợ bởi phụ huynh, hoa quả sấy Vinamit do trường tự mua.",  # another company two letters off
    ],
)
def test_an_honest_text_with_a_word_like_a_new_brand_stays_clean(text: str) -> None:
    assert default_brands().find(text) == [], [(m.brand.name, m.text) for m in default_brands().find(text)]
    assert _screened(text) == set()


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("Mỗi em được tặng một quyển vở hồng hà.", "Hồng Hà"),
        ("Thí sinh mua bút bi thiên long để làm bài.", "Thiên Long"),
        ("Giải Nhất: một hộp bánh kinh đô và sản phẩm của thiên long.", "Thiên Long"),
    ],
)
def test_an_ambiguous_name_in_lower_case_still_counts_after_a_word_for_the_product(text: str, brand: str) -> None:
    """Written as a common noun, a name is no brand after a preposition ("của kinh đô Huế"), but still is after a
    word for the product: the names people type in lower case."""
    assert brand in [m.brand.name for m in default_brands().find(text)]


@pytest.mark.parametrize(
    ("text", "brand"),
    [
        ("Sữa uống cho vận động viên do Công ty Vinamik tài trợ.", "Vinamilk"),
        ("Học bổng do Vietcombak chi nhánh Nam Định trao tặng.", "Vietcombank"),
        ("Giải thưởng do Agribnak Thanh Hà trao tặng.", "Agribank"),
        ("Học sinh luyện nói trên Duolnigo mỗi ngày.", "Duolingo"),
    ],
)
def test_a_long_name_misspelt_by_one_letter_inside_it_is_found(text: str, brand: str) -> None:
    assert [m.brand.name for m in default_brands().find(text)] == [brand]


@pytest.mark.parametrize(
    "text",
    [
        "Duolingp",  # the last letter: as often another word or a plural
        "Uinamilk",  # the first letter
        "vinamik thường dùng",  # in lower case, not written as a name
        "Vinammik",  # two letters off
        "Samsong",  # a name under eight letters
    ],
)
def test_a_word_further_off_or_not_written_as_a_name_is_no_misspelling(text: str) -> None:
    assert default_brands().find(text) == []


NEW_ROWS = ["Liwayway", "Acecook", "Amazon", "Trạng Nguyên Tiếng Việt"]


def test_the_migration_brings_the_new_brands_to_a_list_made_before_it_and_leaves_the_sos_edits(
    empty_app: Flask,  # noqa: F811
) -> None:
    with empty_app.app_context():
        upgrade(revision="c4d2e8a9b613")
        with db.engine.begin() as conn:  # as a list made from the older shipped file holds it
            conn.execute(sa.delete(ListedBrand).where(ListedBrand.name.in_([*NEW_ROWS, "Hải Hà", "Orion"])))
            for name, kept in [("Vietcombank", []), ("Vingroup", ["VinFast", "Vinhomes"]), ("Techcombank", [])]:
                conn.execute(sa.update(ListedBrand).where(ListedBrand.name == name).values(aliases=kept))
            # The Sở listed Hải Hà's sweets under a name of its own, and TCB under a brand of its own.
            conn.execute(sa.insert(ListedBrand).values(name="Bánh kẹo Hải Hà", aliases=["Haihaco"], ambiguous=[]))
            conn.execute(sa.insert(ListedBrand).values(name="TCB Sở", aliases=["TCB"], ambiguous=[]))
        assert default_brands().find("Kindle Paperwhite")  # the shipped file has them; the list not yet
        # (its rows: screening's compiled list needs the known companies' table, which comes later)
        assert "Amazon" not in {r.name for r in brand_list.rows(db.session)}
        upgrade()
        names = set(db.session.scalars(sa.select(ListedBrand.name)))
        assert set(NEW_ROWS) <= names and "Orion" in names
        assert "Hải Hà" not in names  # one of its names is the Sở's already
        aliases: dict[str, list[str]] = {
            r.name: list(r.aliases) for r in db.session.execute(sa.select(ListedBrand.name, ListedBrand.aliases))
        }
        assert aliases["Vietcombank"] == ["VCB"]
        assert aliases["Techcombank"] == []  # TCB is the Sở's, under its own brand
        assert "Vinschool" in aliases["Vingroup"] and aliases["Vingroup"][:2] == ["VinFast", "Vinhomes"]
        current = brand_list.current(db.session)
        assert [m.brand.name for m in current.find("Each winner receives a Kindle Paperwhite.")] == ["Amazon"]
        assert [m.brand.name for m in current.find("sponsored by VCB")] == ["Vietcombank"]
        db.session.close()
        downgrade(revision="c4d2e8a9b613")
        names = set(db.session.scalars(sa.select(ListedBrand.name)))
        assert not set(NEW_ROWS) & names and {"Bánh kẹo Hải Hà", "TCB Sở"} <= names
        aliases = {
            r.name: list(r.aliases) for r in db.session.execute(sa.select(ListedBrand.name, ListedBrand.aliases))
        }
        assert aliases["Vietcombank"] == [] and aliases["Vingroup"] == ["VinFast", "Vinhomes"]
        db.session.close()
