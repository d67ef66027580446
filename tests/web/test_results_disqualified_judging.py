"""An entry disqualified while it is being judged: it leaves every judge's queue of sheets to do, a sheet already
submitted stays read-only for the record and counts for nothing, a judge who opens it reads that it left (not the
reason, which may name the author), and its author is told on the entry's page and by mail, in Vietnamese, with the
organisers' reason and the day. Reinstating brings it all back. Real database; the mails are read from the outbox."""

from __future__ import annotations

from datetime import datetime

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Entry, OutboxMail, User
from app.services.errors import InvalidInput
from app.services.results import disqualification
from app.services.reviews import assignment, score_sheets
from app.timeutil import to_local
from tests.conftest import AuthActions

from ..factories import SchoolFactory, UserFactory
from .results_helpers import Judged, flat, judge_of, judged_contest, scored_entry, sheet

REASON = "Sao chép bài giảng của giáo viên khác"


def _world() -> tuple[Judged, User, User, User, Entry, Entry]:
    """Judge ``a`` submitted their sheet of the copied entry, judge ``b`` has a draft of it; both have another."""
    world = judged_contest()
    head = judge_of(world.contest, head=True, username="truongbgk")
    a, b = judge_of(world.contest, username="gk1"), judge_of(world.contest, username="gk2")
    author = UserFactory(username="tacgia", full_name="Đỗ Thị Ánh Tuyết", unit=SchoolFactory())
    copied = scored_entry(world, [a], [flat(90)], code="EL-0001", authors=[author], unit=author.unit)
    sheet(copied, b, flat(80), submitted=False)
    other = scored_entry(world, [a], [flat(70)], code="EL-0002")
    sheet(other, b, flat(72), submitted=False)
    world.organiser.username = "btc"
    db.session.commit()
    return world, head, a, b, copied, other


def _queue(judge: User) -> dict[str, bool]:
    return {i.entry.code: i.disqualified for i in score_sheets.queue(db.session, judge)}


def _day(at: datetime) -> str:
    return to_local(at).strftime("%d/%m/%Y")


def test_a_disqualified_entry_leaves_the_queues_and_is_scored_no_more_until_reinstated(app: Flask) -> None:
    world, head, a, b, copied, _other = _world()
    disqualification.disqualify(db.session, world.organiser, copied, REASON)
    assert _queue(b) == {"EL-0002": False}  # their draft: nothing more to do
    assert _queue(a) == {"EL-0001": True, "EL-0002": False}  # their submitted sheet, kept for the record
    with pytest.raises(InvalidInput):
        score_sheets.save(db.session, b, copied, {}, "", submit=False)
    submitted = score_sheets.sheet_of(db.session, a.id, copied.id)
    assert submitted is not None
    with pytest.raises(InvalidInput):
        score_sheets.reopen(db.session, head, submitted, "Chấm lại")
    with pytest.raises(InvalidInput):
        assignment.add(db.session, world.organiser, copied, head.id)
    loads = {n.member.user_id: (n.assigned, n.submitted) for n in assignment.loads(db.session, world.contest)}
    assert loads[a.id] == (1, 1) and loads[b.id] == (1, 0)  # the disqualified entry counts for nothing
    assignment.run(db.session, world.organiser, world.contest)
    assert score_sheets.is_assigned(db.session, b.id, copied.id)  # kept, not dropped, for a reinstatement

    disqualification.reinstate(db.session, world.organiser, copied)
    assert _queue(b) == {"EL-0001": False, "EL-0002": False}
    saved = score_sheets.save(db.session, b, copied, {c.id: ("20", "") for c in world.rubric.criteria}, "")
    assert saved.scores[0].points == 20


def test_the_author_is_told_in_vietnamese_on_the_page_and_by_mail(
    client: FlaskClient, auth: AuthActions, app: Flask
) -> None:
    world, _head, _a, _b, copied, _other = _world()
    disqualification.disqualify(db.session, world.organiser, copied, REASON)
    at = db.session.scalars(select(AuditEntry.at).where(AuditEntry.action == "entry.disqualify")).one()
    assert disqualification.disqualified_on(db.session, copied) == at
    mail = db.session.scalars(select(OutboxMail)).one()  # queued in the transaction (sent, it keeps no body)
    assert mail.to == ["tacgia@example.edu.vn"]
    assert mail.subject == f"Bài dự thi EL-0001 của bạn đã bị hủy kết quả: {world.contest.title}"
    assert f"ngày {_day(at)}" in mail.body and f"Lý do: {REASON}" in mail.body
    db.session.commit()

    assert auth.login("tacgia").status_code == 302
    page = client.get(f"/entries/{copied.id}").get_data(as_text=True)
    assert "Ban tổ chức đã hủy kết quả bài dự thi này ngày " + _day(at) in page and REASON in page

    disqualification.reinstate(db.session, world.organiser, copied)
    mails = db.session.scalars(select(OutboxMail).order_by(OutboxMail.id)).all()
    assert len(mails) == 2 and mails[1].subject.startswith("Bài dự thi EL-0001 của bạn đã được khôi phục")
    assert "được chấm và xếp hạng trở lại" in mails[1].body
    db.session.commit()
    assert 'id="entry-disqualified"' not in client.get(f"/entries/{copied.id}").get_data(as_text=True)


@pytest.mark.parametrize("username", ["gk1", "gk2"])
def test_a_judge_who_opens_it_reads_that_it_left_but_not_the_reason_which_may_name_its_author(
    client: FlaskClient, auth: AuthActions, app: Flask, username: str
) -> None:
    world, _head, _a, _b, copied, _other = _world()
    disqualification.disqualify(db.session, world.organiser, copied, REASON)
    db.session.commit()
    assert auth.login(username).status_code == 302
    client.get("/lang/en")
    queue = client.get("/review/").get_data(as_text=True)
    assert ('data-code="EL-0001"' in queue) is (username == "gk1")
    for path in (f"/review/entries/{copied.id}", f"/review/entries/{copied.id}/sheet"):
        page = client.get(path).get_data(as_text=True)
        assert 'id="entry-disqualified"' in page and "has left your entries to score" in page
        assert REASON not in page  # judges score blind: the reason may name the author
    typed = {f"points_{c.id}": "20" for c in world.rubric.criteria}
    page = client.post(f"/review/entries/{copied.id}/sheet", data=typed, follow_redirects=True).get_data(as_text=True)
    assert "no longer to be scored" in page
