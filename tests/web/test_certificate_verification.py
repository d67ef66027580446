"""A certificate's number (Số hiệu) can be checked by anyone, without an account: a school receiving a pupil's
certificate, a teacher's file for a title. The page names the people, the award, the contest and the day it was
issued while the results are published; a number that was never given, replaced (the award's level changed) or
whose results were withdrawn is not found."""

from __future__ import annotations

import io
from datetime import datetime

from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader

from app.extensions import db
from app.models import Award, AwardLevel, ProgrammingAward
from app.services.programming import awards as programming_awards
from app.services.programming import grading_admin
from app.services.results import awards, publication
from app.services.results.awards import RuleSpec

from ..factories import SchoolFactory, UserFactory
from .programming_award_helpers import _published_world
from .results_helpers import flat, judge_of, judged_contest, scored_entry

URL = "/certificates/verify"


def test_a_judged_entrys_certificate_is_found_by_its_number(client: FlaskClient) -> None:
    world = judged_contest()
    a, b = judge_of(world.contest), judge_of(world.contest)
    school = SchoolFactory(name="Trường THCS Chu Văn An")
    author = UserFactory(full_name="Đỗ Thị Ánh Tuyết", unit=school)
    entry = scored_entry(world, [a, b], [flat(90), flat(94)], code="EL-0001", authors=[author], unit=school)
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_count=1)])
    publication.publish(db.session, world.organiser, world.contest)
    award = db.session.query(Award).filter_by(entry_id=entry.id).one()
    award.created_at = datetime(2026, 11, 14, 18, 30)  # the 15th in Vietnam
    db.session.commit()

    page = client.get(URL, query_string={"code": f"  {award.certificate_code.lower()} "}).get_data(as_text=True)
    for words in ("Đỗ Thị Ánh Tuyết", "Trường THCS Chu Văn An", "Giải Nhất", world.contest.title, "15/11/2026"):
        assert words in page, words
    assert "Không tìm thấy" not in page

    unknown = client.get(URL, query_string={"code": "1-0000000000"}).get_data(as_text=True)
    assert "Không tìm thấy giấy chứng nhận số 1-0000000000" in unknown and "Đỗ Thị Ánh Tuyết" not in unknown
    assert client.get(URL).status_code == 200  # the form alone

    publication.withdraw(db.session, world.organiser, world.contest, "Sai quy tắc xét giải")
    db.session.commit()
    withdrawn = client.get(URL, query_string={"code": award.certificate_code}).get_data(as_text=True)
    assert "Không tìm thấy" in withdrawn and "Đỗ Thị Ánh Tuyết" not in withdrawn


def test_a_programming_certificate_is_found_by_its_number(client: FlaskClient) -> None:
    contest, organiser, _nhung, _quang = _published_world()
    grading_admin.publish_results(db.session, organiser, contest)
    db.session.commit()
    code = db.session.query(ProgrammingAward).filter_by(level=AwardLevel.FIRST).one().certificate_code
    page = client.get(URL, query_string={"code": code}).get_data(as_text=True)
    for words in ("Nguyễn Thị Hồng Nhung", "Trường THCS Lê Quý Đôn", "Giải Nhất", "Hội thi Tin học trẻ tỉnh Điện Biên"):
        assert words in page, words


def test_a_certificate_says_where_its_number_is_checked(app: Flask) -> None:
    """Whoever receives a certificate learns from it where to check its number (on the site's public address)."""
    app.config["PUBLIC_URL"] = "https://hoithi.sogddienbien.example"
    contest, organiser, nhung, _quang = _published_world()
    grading_admin.publish_results(db.session, organiser, contest)
    db.session.commit()
    award = db.session.query(ProgrammingAward).filter_by(level=AwardLevel.FIRST).one()
    pdf = programming_awards.certificate(db.session, nhung, contest, award.registration_id, nhung.id)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "https://hoithi.sogddienbien.example/certificates/verify" in text
