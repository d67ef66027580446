"""Publishing results (refused while entries are unsettled or sheets missing), certificates and the score export."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from flask import Flask
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from app.extensions import db
from app.models import Assignment, AuditEntry, Award, AwardLevel, Entry, ReviewSettings, Role, ScoreSheet, User
from app.services.errors import InvalidInput, NotAllowed
from app.services.results import awards, certificates, publication, reconciliation, score_export
from app.services.results.awards import RuleSpec
from app.services.reviews import assignment, conflicts, score_sheets
from app.timeutil import format_datetime, utcnow
from tests.builders import row_of

from ..factories import SchoolFactory, UserFactory
from .results_helpers import Judged, assign, entry_of, flat, judge_of, judged_contest, scored_entry, sheet


def _world() -> tuple[Judged, User, tuple[User, User], User, Entry, Entry]:
    world = judged_contest()
    head = judge_of(world.contest, head=True)
    a, b = judge_of(world.contest, full_name="Lê Văn Giám"), judge_of(world.contest, full_name="Phạm Thị Khảo")
    author = UserFactory(full_name="Nguyễn Thị Hồng Nhung", unit=SchoolFactory(name="Trường THCS Lê Quý Đôn"))
    best = scored_entry(world, [a, b], [flat(90), flat(94)], code="EL-0001", authors=[author], unit=author.unit)
    second = scored_entry(world, [a, b], [flat(80), flat(82)], code="EL-0002")
    awards.set_rules(
        db.session,
        world.organiser,
        world.contest,
        None,
        [RuleSpec(AwardLevel.FIRST, quota_count=1), RuleSpec(AwardLevel.SECOND, quota_count=1)],
    )
    return world, head, (a, b), author, best, second


def _nothing_published(world: Judged) -> None:
    assert db.session.query(Award).count() == 0
    assert publication.published_at(db.session, world.contest) is None


def test_publishing_is_refused_while_an_entry_is_unreconciled(app: Flask) -> None:
    world, head, (a, b), _author, _best, _second = _world()
    flagged = scored_entry(world, [a, b], [flat(40), flat(90)], code="EL-0003")
    with pytest.raises(InvalidInput) as refused:
        publication.publish(db.session, world.organiser, world.contest)
    assert "EL-0003" in str(refused.value.message) and "EL-0001" not in str(refused.value.message)
    _nothing_published(world)
    # a further judge assigned but not yet in: still refused
    further = judge_of(world.contest)
    reconciliation.assign_further_judge(db.session, head, flagged, further.id, "")
    with pytest.raises(InvalidInput):
        publication.publish(db.session, world.organiser, world.contest)
    _nothing_published(world)
    reconciliation.decide(db.session, head, flagged, Decimal(60), "Chấm lại cả bài")
    assert publication.publish(db.session, world.organiser, world.contest)


def test_publishing_is_refused_while_sheets_are_missing(app: Flask) -> None:
    world, _head, (a, _b), _author, best, _second = _world()
    assign(best, judge_of(world.contest))  # a third judge who has not submitted
    entry_of(world, code="EL-0009")  # nobody has scored this one
    sheet(entry_of(world, code="EL-0010"), a, flat(50), submitted=False)
    with pytest.raises(InvalidInput) as refused:
        publication.publish(db.session, world.organiser, world.contest)
    message = str(refused.value.message)
    assert message.startswith("Chưa thể công bố kết quả: ")
    for code, sheets in (("EL-0001", "2/3"), ("EL-0009", "0/1"), ("EL-0010", "0/1")):
        assert f"{code}: mới nộp {sheets} phiếu chấm" in message
    _nothing_published(world)


def test_publishing_is_refused_while_a_judge_in_conflict_has_a_sheet_counted(app: Flask) -> None:
    """A judge who declares a conflict of interest after submitting keeps their sheet (a head judge may reopen it),
    and it counted in the mean: the results could be published with the score of a judge who said they should not
    judge the entry. Publication waits until the sheet is out (reopened, the judge taken off)."""
    world, head, (a, _b), _author, best, _second = _world()
    assert not conflicts.declare(db.session, a, best, "Tác giả là học sinh lớp tôi chủ nhiệm")
    with pytest.raises(InvalidInput) as refused:
        publication.publish(db.session, world.organiser, world.contest)
    assert "EL-0001: Lê Văn Giám có xung đột lợi ích" in str(refused.value.message)
    _nothing_published(world)
    own = db.session.scalars(select(ScoreSheet).where(ScoreSheet.entry_id == best.id, ScoreSheet.judge_id == a.id))
    score_sheets.reopen(db.session, head, own.one(), "Giám khảo có xung đột lợi ích")
    taken = db.session.scalars(select(Assignment).where(Assignment.entry_id == best.id, Assignment.judge_id == a.id))
    assignment.remove(db.session, world.organiser, taken.one())
    with pytest.raises(InvalidInput) as short:  # one judge of the two the contest asks for is left
        publication.publish(db.session, world.organiser, world.contest)
    assert short.value.field == "confirm_short"
    assert publication.publish(db.session, world.organiser, world.contest, confirm_short=True)


def test_publishing_waits_for_the_submission_deadline(app: Flask) -> None:
    world, *_ = _world()
    world.contest.submission_closes = utcnow() + timedelta(hours=1)  # authors may still change their entries
    with pytest.raises(InvalidInput) as refused:
        publication.publish(db.session, world.organiser, world.contest)
    assert format_datetime(world.contest.submission_closes) in str(refused.value.message)
    _nothing_published(world)
    world.contest.submission_closes = utcnow() - timedelta(seconds=1)
    assert publication.publish(db.session, world.organiser, world.contest)


def test_only_the_contests_organisers_publish(app: Flask) -> None:
    world, head, *_ = _world()
    for actor in (head, UserFactory(roles={Role.ORGANISER})):
        with pytest.raises(NotAllowed):
            publication.publish(db.session, actor, world.contest)
    _nothing_published(world)


def test_publishing_stores_awards_with_unique_codes_and_republishing_recomputes(app: Flask) -> None:
    world, _head, (a, b), _author, best, second = _world()
    stored = publication.publish(db.session, world.organiser, world.contest)
    by_entry = {x.entry_id: x for x in stored}
    assert (by_entry[best.id].level, by_entry[best.id].rank, by_entry[best.id].score) == (
        AwardLevel.FIRST,
        1,
        Decimal(92),
    )
    assert by_entry[second.id].level is AwardLevel.SECOND
    assert len({x.certificate_code for x in stored}) == 2
    assert row_of(ReviewSettings, world.contest.id).results_published_at is not None
    first_code, second_code = by_entry[best.id].certificate_code, by_entry[second.id].certificate_code

    # a new entry outscores both; republishing moves the awards down and logs it
    scored_entry(world, [a, b], [flat(98), flat(98)], code="EL-0000")
    stored = publication.publish(db.session, world.organiser, world.contest)
    levels = {x.entry.code: x.level for x in db.session.query(Award)}
    assert levels == {"EL-0000": AwardLevel.FIRST, "EL-0001": AwardLevel.SECOND}
    kept = db.session.query(Award).filter_by(entry_id=best.id).one()
    assert kept.certificate_code not in (first_code, second_code)  # its level changed: a new code
    actions = [e.action for e in db.session.query(AuditEntry).filter(AuditEntry.action.like("results.%publish"))]
    assert actions == ["results.publish", "results.republish"]
    groups = publication.published_awards(db.session, world.contest)
    assert [[x.entry.code for x in g.awards] for g in groups] == [["EL-0000", "EL-0001"]]


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_certificate_is_a_vietnamese_pdf_for_its_author(app: Flask) -> None:
    world, _head, _judges, author, best, _second = _world()
    with pytest.raises(LookupError):  # nothing before publication
        certificates.certificate(db.session, author, world.contest, best.id, author.id)
    publication.publish(db.session, world.organiser, world.contest)
    pdf = certificates.certificate(db.session, author, world.contest, best.id, author.id)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    for words in (
        "GIẤY CHỨNG NHẬN",
        "Giải Nhất",
        "Nguyễn Thị Hồng Nhung",
        "Trường THCS Lê Quý Đôn",
        world.contest.title,
    ):
        assert words in text
    code = db.session.query(Award).filter_by(entry_id=best.id).one().certificate_code
    assert code in text
    assert certificates.certificate(db.session, world.organiser, world.contest, best.id, author.id).startswith(b"%PDF")


def test_the_certificate_names_the_unit_the_entry_represents(app: Flask) -> None:
    world, _head, _judges, author, best, _second = _world()
    publication.publish(db.session, world.organiser, world.contest)
    author.unit = SchoolFactory(name="Trường THPT Chuyển Đến")  # the author has since moved school
    db.session.flush()
    text = _text(certificates.certificate(db.session, author, world.contest, best.id, author.id))
    assert "Trường THCS Lê Quý Đôn" in text and "Chuyển Đến" not in text


def test_nobody_else_downloads_an_authors_certificate(app: Flask) -> None:
    world, head, _judges, author, best, second = _world()
    publication.publish(db.session, world.organiser, world.contest)
    for actor in (head, UserFactory(), UserFactory(roles={Role.ORGANISER})):
        with pytest.raises(NotAllowed):
            certificates.certificate(db.session, actor, world.contest, best.id, author.id)
    with pytest.raises(LookupError):  # not an author of that entry
        certificates.certificate(db.session, author, world.contest, second.id, author.id)


def test_the_export_holds_every_score_with_judges_totals_and_the_mean(app: Flask) -> None:
    world, _head, _judges, _author, _best, _second = _world()
    workbook = load_workbook(io.BytesIO(score_export.export_scores(db.session, world.contest)))
    summary, detail = workbook.worksheets
    rows = list(summary.values)
    assert rows[1][1:4] == ("EL-0001", rows[1][2], "Nguyễn Thị Hồng Nhung")
    assert rows[1][7] == 92 and rows[1][11] == 1
    details = list(detail.values)[1:]
    judged = [r for r in details if r[0] == "EL-0001"]
    assert len(judged) == 2 * (4 + 1)  # two judges × (four criteria + their total)
    assert {r[2] for r in judged} == {"Lê Văn Giám", "Phạm Thị Khảo"}
    totals = sorted(r[6] for r in judged if r[6] in (90, 94) and r[7] is None)
    assert totals == [90, 94]
    assert any(isinstance(r[8], str) and r[8].startswith("Nhận xét") for r in judged)


def test_the_export_writes_typed_text_as_text_never_as_formulas(app: Flask) -> None:
    world, _head, (a, b), _author, _best, _second = _world()
    world.rubric.criteria[0].name = "=1+1"
    typed = scored_entry(world, [a, b], [flat(70), flat(72)], code="EL-0005", title='=HYPERLINK("http://evil","x")')
    typed.authors[0].user.full_name = "=2+2"
    sheet(entry_of(world, code="EL-0006", title="=3+3"), a, flat(60), submitted=False, comment="=4+4")
    db.session.flush()
    summary, detail = load_workbook(io.BytesIO(score_export.export_scores(db.session, world.contest))).worksheets
    typed_cells = [
        c for ws in (summary, detail) for row in ws.iter_rows() for c in row if str(c.value or "").startswith("=")
    ]
    assert {c.value for c in typed_cells} >= {'=HYPERLINK("http://evil","x")', "=1+1", "=2+2", "=4+4"}
    assert all(c.data_type == "s" for c in typed_cells)
