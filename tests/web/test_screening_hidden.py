"""Screening what a proposal hides in its writing: a brand split by invisible characters, written in look-alike
letters, spelt out, in a file's name or a hashtag, or split into syllables; what must stay unflagged; the same
screening through the web and the proposal service; and a brand list made before the shipped one changed.
Businesses named only in the text are in test_screening_businesses.py."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.models import ListedBrand, Proposal, ProposalStatus, Unit, User
from app.services.proposals import brand_list, workflow
from app.services.proposals.brands import default_brands
from app.services.proposals.screening import screen
from tests.conftest import AuthActions

from .proposals_helpers import PDF, school_proposal, world
from .test_migrations import empty_app, empty_database_url  # noqa: F401  (fixtures)
from .test_screening import TABLE

__all__ = ["world"]  # the fixture, from proposals_helpers


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
        # ... and after a cue in a text typed without diacritics throughout.
        ("Giai Nhat: 01 may tinh bang Sam Sung", "Sam Sung"),
        ("tang dien thoai Sam Sung cho hoc sinh gioi", "Sam Sung"),
        ("dung video bang ung dung Cap Cut", "Cap Cut"),
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
        # ... or without a cue where the whole text is typed without diacritics, or not both capitalised, or with
        # a diacritic
        "tang qua cho hoc sinh gioi cua chuyen muc Vui Hoc",
        "tang dien thoai sam sung cho hoc sinh; Sam Sung la ten mot loai sam",
        "Tặng quả Sam sung và cây Sâm Sung cho lớp",
        "chủ đề tiếng Trung: Xiao Ming de jia, Sam Son",
        "chuyên mục Vui Hoc ra câu hỏi về Hoc Mai",  # no cue: Vietnamese words typed without their diacritics
    ],
)
def test_words_that_only_contain_or_resemble_a_brand_are_not_brands(text: str) -> None:
    assert default_brands().find(text) == []


def test_a_brand_written_as_two_words_is_required_as_written() -> None:
    (flag,) = screen(school_proposal(rules="Thí sinh phải đăng video lên kênh Tik Tok cá nhân.")).flags
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
        # The session's transaction ends first: on PostgreSQL the tables it read (the known companies') stay locked
        # until then, and the downgrade that drops them would wait for it for ever.
        db.session.close()
        downgrade(revision=before)
        with db.engine.begin() as conn:  # a list the Sở edited for the brand is the Sở's
            conn.execute(sa.text("UPDATE brands SET aliases = :one WHERE name = :b"), {"one": '["X1"]', "b": brand})
        upgrade()
        assert db.session.scalar(sa.select(ListedBrand.ambiguous).where(ListedBrand.name == brand)) == []
