"""The day a programming contest's certificate says it was issued: the day its award (and so its code) was first
published, in Vietnam's time. Publishing the results again (after a rejudge, say) leaves the date of a certificate
already handed out; an award whose level changed is a new certificate, dated anew."""

from __future__ import annotations

import io
from datetime import datetime

from flask import Flask
from pypdf import PdfReader

from app.extensions import db
from app.models import AwardLevel, ProgrammingAward, ProgrammingSettings
from app.services.programming import awards as programming_awards
from app.services.programming import grading_admin
from app.services.programming.contestant import registration_of
from app.timeutil import to_local, utcnow
from tests.builders import present, row_of

from ..factories import CategoryFactory, SchoolFactory
from .programming_award_helpers import _contest, _rules, contest_registrations
from .scoreboard.helpers import _contestant, _problem, _submit

# 18:30 UTC on 14 November is 01:30 on the 15th in Vietnam: certificates issued then are dated the 15th
FIRST_PUBLISHED = datetime(2026, 11, 14, 18, 30)


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_publishing_again_keeps_the_date_of_a_certificate_whose_award_stands(app: Flask) -> None:
    contest, organiser = _contest()
    board = CategoryFactory(contest=contest, code="B", name="Bảng B")
    school = SchoolFactory(name="Trường THCS Lê Quý Đôn")
    problem = _problem(contest, "A", max_score=300)
    nhung = _contestant(contest, "Nguyễn Thị Hồng Nhung", school)
    quang = _contestant(contest, "Đặng Quốc Quảng", school)
    for registration in contest_registrations(contest):
        registration.category_id = board.id
    _submit(nhung, problem, 20, 250)
    _submit(quang, problem, 25, 100)
    _rules(contest, organiser, board.id, first=1, second=1, third=1)
    grading_admin.publish_results(db.session, organiser, contest)
    # as if it had been published on FIRST_PUBLISHED (the contest's window lies in the test's present)
    row_of(ProgrammingSettings, contest.id).results_published_at = FIRST_PUBLISHED
    for award in db.session.query(ProgrammingAward).filter_by(contest_id=contest.id):
        award.created_at = FIRST_PUBLISHED
    db.session.commit()
    mine = present(programming_awards.own_award(db.session, contest, nhung))
    text = _text(programming_awards.certificate(db.session, nhung, contest, mine.registration_id, nhung.id))
    assert "Cấp ngày 15/11/2026" in text
    code = mine.certificate_code

    # a late contestant's submission is judged, Quảng drops to a third prize, and the results are published again
    an = _contestant(contest, "Lê Văn An", school)
    present(registration_of(db.session, contest, an)).category_id = board.id
    _submit(an, problem, 30, 200)
    grading_admin.publish_results(db.session, organiser, contest)
    db.session.commit()
    today = f"Cấp ngày {to_local(utcnow()):%d/%m/%Y}"

    mine = present(programming_awards.own_award(db.session, contest, nhung))
    assert (mine.certificate_code, mine.level) == (code, AwardLevel.FIRST)
    text = _text(programming_awards.certificate(db.session, nhung, contest, mine.registration_id, nhung.id))
    assert "Cấp ngày 15/11/2026" in text and "Ngày 15 tháng 11 năm 2026" in text

    dropped = present(programming_awards.own_award(db.session, contest, quang))
    assert dropped.level is AwardLevel.THIRD and dropped.created_at > FIRST_PUBLISHED
    text = _text(programming_awards.certificate(db.session, quang, contest, dropped.registration_id, quang.id))
    assert today in text and "15/11/2026" not in text

    # the organisers' PDF of every certificate dates each as its own
    pages = PdfReader(io.BytesIO(programming_awards.all_certificates(db.session, organiser, contest))).pages
    dates = {"Nhất": "Cấp ngày 15/11/2026", "Nhì": today, "Ba": today}
    for page in pages:
        words = page.extract_text()
        level = next(level for level in dates if f"Giải {level}" in words)
        assert dates[level] in words, level
