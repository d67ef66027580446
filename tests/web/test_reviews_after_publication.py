"""Score sheets once the results are published: closed, so that published results stay as published. A further
judge whose sheet the head judge's decision made unnecessary could still score the entry after publication (the
tie-break means moved, the results no longer stood as published, and nominating was held back). A sheet the head
judge reopens after publication (to correct a mistake, then publish again) stays open to its judge, and withdrawing
the results opens every sheet again."""

from __future__ import annotations

from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assignment, Entry, ScoreSheet, SheetStatus, User
from app.services.errors import InvalidInput
from app.services.results import publication, reconciliation
from app.services.reviews import assignment, score_sheets
from tests.conftest import AuthActions

from .results_helpers import Judged, flat, judge_of, judged_contest, scored_entry


def _typed(world: Judged, total: int) -> dict[int, tuple[str, str]]:
    return {c.id: (points, "") for c, points in zip(world.rubric.criteria, flat(total), strict=True)}


def _published() -> tuple[Judged, User, User, User, Entry]:
    """A contest published with one entry the head judge decided while its further judge had not scored it."""
    world = judged_contest()
    head = judge_of(world.contest, head=True, username="truongban")
    a, b = judge_of(world.contest, username="gk1"), judge_of(world.contest)
    entry = scored_entry(world, [a, b], [flat(40), flat(90)], code="EL-0001")
    further = judge_of(world.contest, username="gkthem")
    reconciliation.assign_further_judge(db.session, head, entry, further.id, "Lệch 50 điểm")
    reconciliation.decide(db.session, head, entry, Decimal(70), "Ban giám khảo thống nhất")
    publication.publish(db.session, world.organiser, world.contest)
    db.session.commit()
    return world, head, a, further, entry


def test_a_sheet_is_not_saved_once_the_results_are_published(app: Flask) -> None:
    world, _head, _a, further, entry = _published()
    for submit in (False, True):
        with pytest.raises(InvalidInput) as refused:
            score_sheets.save(db.session, further, entry, _typed(world, 72), "", submit=submit)
        assert "đã được công bố" in str(refused.value.message)
    assert db.session.scalars(select(ScoreSheet).where(ScoreSheet.judge_id == further.id)).first() is None
    assert not publication.changed_since_publication(db.session, world.contest)


def test_a_sheet_reopened_after_publication_is_open_to_its_judge(app: Flask) -> None:
    world, head, a, further, entry = _published()
    own = db.session.scalars(select(ScoreSheet).where(ScoreSheet.judge_id == a.id)).one()
    score_sheets.reopen(db.session, head, own, "Cộng nhầm điểm")
    sheet = score_sheets.save(db.session, a, entry, _typed(world, 50), "", submit=True)
    assert sheet.status is SheetStatus.SUBMITTED and sheet.total == Decimal(50)
    with pytest.raises(InvalidInput):  # the further judge's sheet was not reopened
        score_sheets.save(db.session, further, entry, _typed(world, 72), "")
    publication.withdraw(db.session, world.organiser, world.contest, "Chấm lại")
    sheet = score_sheets.save(db.session, further, entry, _typed(world, 72), "")
    assert sheet.status is SheetStatus.DRAFT


def test_the_sheet_page_says_it_is_closed(client: FlaskClient, auth: AuthActions) -> None:
    world, _head, _a, _further, entry = _published()
    auth.login("gkthem")
    url = f"/review/entries/{entry.id}/sheet"
    text = client.get(url).get_data(as_text=True)
    assert "<fieldset disabled>" in text and "Kết quả của hội thi đã được công bố" in text
    data = {f"points_{c.id}": "18" for c in world.rubric.criteria}
    text = client.post(url, data={**data, "save": "1"}).get_data(as_text=True)
    assert "Kết quả của hội thi đã được công bố" in text
    judges = db.session.scalars(select(ScoreSheet.judge_id).where(ScoreSheet.entry_id == entry.id)).all()
    assert len(judges) == 2  # the two first judges' sheets; none of the further judge's


def test_the_queue_and_the_home_page_no_longer_ask_for_a_closed_sheet(client: FlaskClient, auth: AuthActions) -> None:
    """The further judge's home page said an entry waited for their sheet, and the queue "not started", for a
    sheet they could no longer save."""
    _world, head, a, _further, _entry = _published()
    auth.login("gkthem")
    queue = client.get("/review/").get_data(as_text=True)
    assert "đã đóng: kết quả đã công bố" in queue and "chưa chấm" not in queue
    assert "chờ phiếu chấm của bạn" not in client.get("/home").get_data(as_text=True)
    auth.logout()
    own = db.session.scalars(select(ScoreSheet).where(ScoreSheet.judge_id == a.id)).one()
    score_sheets.reopen(db.session, head, own, "Cộng nhầm điểm")
    db.session.commit()
    auth.login("gk1")  # the reopened sheet is asked for again
    assert "1 bài dự thi đang chờ phiếu chấm của bạn" in client.get("/home").get_data(as_text=True)
    queue = client.get("/review/").get_data(as_text=True)
    assert "bản nháp" in queue and "đã đóng" not in queue


def test_who_judges_the_entries_does_not_change_under_published_results(app: Flask) -> None:
    """A judge given an entry after publication (by hand, by running the assignment again, as a further judge) could
    not score it: the sheet is closed and there is no sheet to reopen; the results could then not be published
    again until the assignment was undone. Refused, changing nothing, until the results are withdrawn."""
    world, head, a, _further, entry = _published()
    extra = judge_of(world.contest)
    other = scored_entry(world, [a, judge_of(world.contest)], [flat(40), flat(95)], code="EL-0002")
    before = db.session.scalar(select(func.count()).select_from(Assignment))
    refusals = [
        lambda: assignment.add(db.session, world.organiser, entry, extra.id),
        lambda: assignment.run(db.session, world.organiser, world.contest),
        lambda: reconciliation.assign_further_judge(db.session, head, other, extra.id, "Lệch nhiều"),
    ]
    for refused_call in refusals:
        with pytest.raises(InvalidInput) as refused:
            refused_call()
        assert "thu hồi kết quả" in str(refused.value.message)
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == before
    publication.withdraw(db.session, world.organiser, world.contest, "Bổ sung giám khảo")
    assignment.add(db.session, world.organiser, entry, extra.id)
    reconciliation.assign_further_judge(db.session, head, other, judge_of(world.contest).id, "Lệch nhiều")


def test_running_the_assignment_under_published_results_says_why_not(client: FlaskClient, auth: AuthActions) -> None:
    world, *_rest = _published()
    world.organiser.username = "btc"
    db.session.commit()
    auth.login("btc")
    url = f"/contests/{world.contest.id}/review/assignments/run"
    response = client.post(url, follow_redirects=True)
    assert response.status_code == 200
    assert "hãy thu hồi kết quả (Xếp hạng và giải thưởng)" in response.get_data(as_text=True)


def test_a_judge_who_moves_to_an_entrys_school_after_publication_leaves_the_results_standing(app: Flask) -> None:
    """A conflict by unit is computed from where the judge works now: a judge posted to the entry's school a year
    after the results were published did not judge in conflict, and the published results still stand."""
    world, _head, a, _further, entry = _published()
    a.unit_id = entry.unit_id
    db.session.commit()
    assert not publication.changed_since_publication(db.session, world.contest)
    publication.withdraw(db.session, world.organiser, world.contest, "Sửa tên tác giả")
    assert publication.blockers(publication.ranked_results(db.session, world.contest))  # while not published, it counts
