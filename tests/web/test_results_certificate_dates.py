"""The day a certificate says it was issued: the day its award (and so its code) was first published, in Vietnam's
time; publishing the results again does not change the date on a certificate already handed out."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from flask import Flask
from pypdf import PdfReader

from app.extensions import db
from app.models import Award, AwardLevel, ReviewSettings
from app.services.results import awards, certificates, publication
from app.services.results.awards import RuleSpec
from tests.builders import row_of

from ..factories import SchoolFactory, UserFactory
from .results_helpers import Judged, flat, judge_of, judged_contest, scored_entry


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _published_on(world: Judged, when: datetime) -> None:
    """Publish, as if it had been done at ``when`` (UTC)."""
    publication.publish(db.session, world.organiser, world.contest)
    row_of(ReviewSettings, world.contest.id).results_published_at = when
    for award in db.session.query(Award).filter_by(contest_id=world.contest.id):
        award.created_at = when
    db.session.flush()


def test_publishing_again_keeps_the_date_of_a_certificate_whose_award_stands(app: Flask) -> None:
    world = judged_contest()
    a, b = judge_of(world.contest), judge_of(world.contest)
    author = UserFactory(full_name="Nguyễn Thị Hồng Nhung", unit=SchoolFactory())
    best = scored_entry(world, [a, b], [flat(90), flat(94)], code="EL-0001", authors=[author], unit=author.unit)
    runner_up = UserFactory(unit=SchoolFactory())
    second = scored_entry(world, [a, b], [flat(80), flat(82)], code="EL-0002", authors=[runner_up])
    awards.set_rules(
        db.session,
        world.organiser,
        world.contest,
        None,
        [RuleSpec(AwardLevel.FIRST, quota_count=1), RuleSpec(AwardLevel.SECOND, quota_count=2)],
    )
    # 18:30 UTC on 14 November is 01:30 on the 15th in Vietnam: the certificate is dated the 15th
    _published_on(world, datetime(2026, 11, 14, 18, 30))
    text = _text(certificates.certificate(db.session, author, world.contest, best.id, author.id))
    assert "Ngày 15 tháng 11 năm 2026" in text and "Cấp ngày 15/11/2026" in text
    code = db.session.query(Award).filter_by(entry_id=best.id).one().certificate_code

    # weeks later a third entry is settled and the results published again: the first prize stands as it was
    late = UserFactory(unit=SchoolFactory())
    scored_entry(world, [a, b], [flat(70), flat(70)], code="EL-0003", authors=[late])
    publication.publish(db.session, world.organiser, world.contest)
    assert (publication.published_at(db.session, world.contest) or datetime.min) > datetime(2026, 11, 15)
    award = db.session.query(Award).filter_by(entry_id=best.id).one()
    assert award.certificate_code == code
    text = _text(certificates.certificate(db.session, author, world.contest, best.id, author.id))
    assert "Cấp ngày 15/11/2026" in text and "Ngày 15 tháng 11 năm 2026" in text

    # the runner-up's award stands too; the new entry's certificate is dated the day it was published
    second_text = _text(certificates.certificate(db.session, runner_up, world.contest, second.id, runner_up.id))
    assert "Cấp ngày 15/11/2026" in second_text
    newest = db.session.query(Award).filter(Award.entry_id.not_in([best.id, second.id])).one()
    assert newest.created_at > datetime(2026, 11, 15)


def test_a_certificate_whose_award_changed_is_dated_anew(app: Flask) -> None:
    world = judged_contest()
    a, b = judge_of(world.contest), judge_of(world.contest)
    author = UserFactory(unit=SchoolFactory())
    entry = scored_entry(world, [a, b], [flat(80), flat(80)], code="EL-0001", authors=[author], unit=author.unit)
    awards.set_rules(
        db.session,
        world.organiser,
        world.contest,
        None,
        [RuleSpec(AwardLevel.FIRST, quota_count=1), RuleSpec(AwardLevel.SECOND, quota_count=1)],
    )
    _published_on(world, datetime(2026, 11, 1, 3, 0))
    scored_entry(world, [a, b], [flat(95), flat(95)], code="EL-0000", authors=[UserFactory(unit=SchoolFactory())])
    publication.publish(db.session, world.organiser, world.contest)  # EL-0001 drops to a second prize: a new code
    award = db.session.query(Award).filter_by(entry_id=entry.id).one()
    assert award.level is AwardLevel.SECOND
    assert award.created_at > datetime(2026, 11, 1, 3, 0) + timedelta(days=1)
    text = _text(certificates.certificate(db.session, author, world.contest, entry.id, author.id))
    assert "Giải Nhì" in text and "01/11/2026" not in text
