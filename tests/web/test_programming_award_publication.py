"""Awards of a programming contest once published (issue 11): publication fixing them, withdrawal hiding them, the
certificates, and the organisers' and contestants' pages."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from app.extensions import db
from app.models import (
    AuditEntry,
    ProgrammingAward,
    Submission,
)
from app.services.errors import NotAllowed
from app.services.programming import awards as programming_awards
from app.services.programming import grading_admin, scoreboard
from app.services.results import awards
from app.timeutil import to_local
from tests.builders import present
from tests.conftest import AuthActions

from .programming_award_helpers import (
    FIRST,
    SECOND,
    _contest,
    _published_world,
    _rules,
    contest_registrations,
)
from .scoreboard.helpers import _contestant, _problem, _submit


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_publishing_fixes_the_awards_and_withdrawing_hides_them(app: Flask) -> None:
    contest, organiser, nhung, _quang = _published_world()
    assert programming_awards.published(db.session, contest) == []
    assert programming_awards.own_award(db.session, contest, nhung) is None
    registration_id = contest_registrations(contest)[0].id
    with pytest.raises(LookupError):  # no certificate before publication
        programming_awards.certificate(db.session, nhung, contest, registration_id, nhung.id)

    grading_admin.publish_results(db.session, organiser, contest)
    mine = programming_awards.own_award(db.session, contest, nhung)
    assert mine is not None and (mine.level, mine.rank, mine.total) == (FIRST, 1, 250)
    code = mine.certificate_code
    [group] = programming_awards.published(db.session, contest)
    assert [(a.level, a.rank) for a in group.awards] == [(FIRST, 1), (SECOND, 2)]
    audit = db.session.query(AuditEntry).filter_by(action="programming.publish").one()
    assert sorted(audit.data["awards"].values()) == ["first", "second"]

    grading_admin.withdraw_results(db.session, organiser, contest)
    assert programming_awards.published(db.session, contest) == []
    assert programming_awards.own_award(db.session, contest, nhung) is None
    with pytest.raises(LookupError):
        programming_awards.certificate(db.session, nhung, contest, mine.registration_id, nhung.id)

    grading_admin.publish_results(db.session, organiser, contest)  # again: the same award keeps its code
    assert present(programming_awards.own_award(db.session, contest, nhung)).certificate_code == code
    assert db.session.query(ProgrammingAward).count() == 2


def test_the_certificate_is_a_vietnamese_pdf_for_the_contestant(app: Flask) -> None:
    contest, organiser, nhung, quang = _published_world()
    grading_admin.publish_results(db.session, organiser, contest)
    db.session.commit()
    award = present(programming_awards.own_award(db.session, contest, nhung))
    pdf = programming_awards.certificate(db.session, nhung, contest, award.registration_id, nhung.id)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    day = to_local(present(programming_awards.published_at(db.session, contest)))
    for words in (
        "GIẤY CHỨNG NHẬN",
        "Nguyễn Thị Hồng Nhung",
        "Đơn vị: Trường THCS Lê Quý Đôn",
        "Thí sinh Bảng B",
        "đã đạt Giải Nhất",
        "Hội thi Tin học trẻ tỉnh Điện Biên",
        "SỞ GIÁO DỤC VÀ ĐÀO TẠO ĐIỆN BIÊN",
        f"Cấp ngày {day:%d/%m/%Y}",
        award.certificate_code,
    ):
        assert words in text, words
    assert "Đặng Quốc Quảng" not in text

    # another contestant may not have it; the organiser may, and every certificate in one PDF
    with pytest.raises(NotAllowed):
        programming_awards.certificate(db.session, quang, contest, award.registration_id, nhung.id)
    with pytest.raises(NotAllowed):
        programming_awards.all_certificates(db.session, quang, contest)
    every = PdfReader(io.BytesIO(programming_awards.all_certificates(db.session, organiser, contest)))
    assert len(every.pages) == 2
    assert "Giải Nhất" in every.pages[0].extract_text() and "Giải Nhì" in every.pages[1].extract_text()


def test_the_certificate_writes_the_score_with_the_vietnamese_decimal_comma(app: Flask) -> None:
    """A certificate is in Vietnamese: 187,25 điểm, not 187.25 (a point separates thousands in Vietnamese)."""
    contest, organiser = _contest()
    problem = _problem(contest, "A", max_score=300)
    nhung = _contestant(contest, "Nguyễn Thị Hồng Nhung")
    _submit(nhung, problem, 20, 187.25, "WA")
    _rules(contest, organiser, first=1)
    grading_admin.publish_results(db.session, organiser, contest)
    award = present(programming_awards.own_award(db.session, contest, nhung))
    text = _text(programming_awards.certificate(db.session, nhung, contest, award.registration_id, nhung.id))
    assert "Xếp hạng 1 · 187,25 điểm" in text, text


def test_tied_contestants_are_listed_by_name_as_on_the_scoreboard(app: Flask) -> None:
    """Equal ranks are listed the Vietnamese way (by given name), as the scoreboard lists them, not in the order
    they registered: An before Bình on the published awards and in the certificates' PDF."""
    contest, organiser = _contest()
    problem = _problem(contest, "A", max_score=300)
    binh = _contestant(contest, "Trần Văn Bình")  # registered first
    an = _contestant(contest, "Nguyễn Văn An")
    for user in (binh, an):
        _submit(user, problem, 20, 100, "WA")
    _rules(contest, organiser, first=2)
    board = scoreboard.build(db.session, contest, viewer_is_staff=True)
    assert [r.name for r in board.rows] == ["Nguyễn Văn An", "Trần Văn Bình"]
    grading_admin.publish_results(db.session, organiser, contest)
    [group] = programming_awards.published(db.session, contest)
    assert [(a.rank, a.registration.members[0].user.full_name) for a in group.awards] == [
        (1, "Nguyễn Văn An"),
        (1, "Trần Văn Bình"),
    ]
    pages = PdfReader(io.BytesIO(programming_awards.all_certificates(db.session, organiser, contest))).pages
    assert ["Nguyễn Văn An" in p.extract_text() for p in pages] == [True, False]


def test_the_organisers_page_says_when_the_board_no_longer_gives_the_published_awards(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    """A rejudge after publication changed the board: the page said "the awards below are fixed" above a preview
    that no longer matched them. It says the awards differ and that publishing again fixes them; a minimum score
    is written with the decimal comma."""
    contest, organiser, _nhung, quang = _published_world()
    awards.set_rules(
        db.session,
        organiser,
        contest,
        None,
        [awards.RuleSpec(FIRST, quota_count=1, min_score=Decimal("7.5")), awards.RuleSpec(SECOND, quota_count=1)],
    )
    grading_admin.publish_results(db.session, organiser, contest)
    db.session.commit()
    auth.login("btc")
    url = f"/contests/{contest.id}/manage/awards"
    page = client.get(url).get_data(as_text=True)
    assert "tối thiểu 7,5" in page and 'id="awards-changed"' not in page
    rejudged = db.session.query(Submission).filter_by(user_id=quang.id).one()
    rejudged.score = 290.0
    db.session.commit()
    assert programming_awards.changed_since_publication(db.session, contest)
    page = client.get(url).get_data(as_text=True)
    assert 'id="awards-changed"' in page and "công bố lại" in page


def test_the_pages_before_and_after_publication(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    contest, _organiser, nhung, quang = _published_world()
    for u in (nhung, quang):
        u.username = "nhung" if u is nhung else "quang"
    db.session.commit()
    award_url = f"/contests/{contest.id}/awards"
    auth.login("nhung")
    page = client.get(award_url).get_data(as_text=True)
    assert "chưa được công bố" in page and "Giải Nhất" not in page  # nothing before publication

    auth.logout()
    auth.login("btc")
    preview = client.get(f"/contests/{contest.id}/manage/awards").get_data(as_text=True)
    assert "xem trước" in preview and "Giải Nhất" in preview and "Nguyễn Thị Hồng Nhung" in preview
    # publishing needs the ticked confirmation
    client.post(f"/contests/{contest.id}/manage/publish", data={})
    assert programming_awards.published_at(db.session, contest) is None
    client.post(f"/contests/{contest.id}/manage/publish", data={"confirm": "y"})
    assert programming_awards.published_at(db.session, contest) is not None
    award = db.session.query(ProgrammingAward).filter_by(level=FIRST).one()
    mine = f"/contests/{contest.id}/awards/certificates/{award.registration_id}/{nhung.id}.pdf"
    assert client.get(mine).status_code == 200
    everything = client.get(f"/contests/{contest.id}/manage/awards/certificates.pdf")
    assert everything.status_code == 200 and everything.mimetype == "application/pdf"

    auth.logout()
    auth.login("quang")
    assert client.get(mine).status_code == 403  # another contestant's certificate
    page = client.get(award_url).get_data(as_text=True)
    assert "Giải Nhì" in page and "Giấy chứng nhận của bạn" in page and mine not in page  # his own, not hers

    auth.logout()
    auth.login("nhung")
    page = client.get(award_url).get_data(as_text=True)
    assert "Giải Nhất" in page and mine in page
    response = client.get(mine)
    assert response.status_code == 200 and "Nguyễn Thị Hồng Nhung" in _text(response.data)

    auth.logout()
    auth.login("btc")
    client.post(f"/contests/{contest.id}/manage/withdraw")
    auth.logout()
    auth.login("nhung")
    assert client.get(mine).status_code == 404
    assert "Giải Nhất" not in client.get(award_url).get_data(as_text=True)


def test_the_rules_form_keeps_what_was_typed_when_it_refuses_it(
    app: Flask, client: FlaskClient, auth: AuthActions
) -> None:
    contest, _organiser = _contest()
    db.session.commit()
    auth.login("btc")
    url = f"/contests/{contest.id}/manage/awards/rules"
    others = {"second-kind": "", "third-kind": "", "consolation-kind": ""}
    response = client.post(
        url, data={"first-kind": "count", "first-quota": "3", "first-min_score": "ba mươi", **others}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'value="ba mươi"' in page and 'value="3"' in page
    assert awards.contest_rules(db.session, contest) == []
    response = client.post(url, data={"first-kind": "percent", "first-quota": "10", "first-min_score": "50", **others})
    assert response.status_code == 302
    [rule] = awards.contest_rules(db.session, contest)
    assert (rule.level, rule.quota_percent, rule.min_score) == (FIRST, 10, Decimal(50))
