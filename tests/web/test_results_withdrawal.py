"""Withdrawing published results of a contest judged by people: the organisers take back results published by
mistake (the wrong award rules, an entry that should have been disqualified), with a reason; the public page and
the certificates go until the results are published again, and an award that stands then keeps its certificate.
Refused, changing nothing, for anyone else, for results not published, and once nominees have moved on."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Award, AwardLevel, Entry, Nomination, NominationMethod, User
from app.services.errors import InvalidInput, NotAllowed
from app.services.results import awards, certificates, publication
from app.services.results.awards import RuleSpec
from tests.conftest import AuthActions

from ..factories import SchoolFactory, UserFactory
from .results_helpers import Judged, flat, judge_of, judged_contest, scored_entry


def _world() -> tuple[Judged, User, User, Entry]:
    world = judged_contest()
    world.organiser.username = "btc"
    head = judge_of(world.contest, head=True, username="truongban")
    a, b = judge_of(world.contest), judge_of(world.contest)
    author = UserFactory(username="tacgia", full_name="Đỗ Thị Ánh Tuyết", unit=SchoolFactory())
    best = scored_entry(world, [a, b], [flat(90), flat(94)], code="EL-0001", authors=[author], unit=author.unit)
    scored_entry(world, [a, b], [flat(60), flat(62)], code="EL-0002")
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_count=1)])
    db.session.commit()
    return world, head, author, best


def test_withdrawn_results_leave_the_public_page_and_come_back_with_their_certificates(app: Flask) -> None:
    world, _head, author, best = _world()
    publication.publish(db.session, world.organiser, world.contest)
    code = db.session.scalars(select(Award.certificate_code).where(Award.entry_id == best.id)).one()
    publication.withdraw(db.session, world.organiser, world.contest, "Nhầm cơ cấu giải")
    assert publication.published_at(db.session, world.contest) is None
    with pytest.raises(LookupError):
        certificates.certificate(db.session, author, world.contest, best.id, author.id)
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "results.withdraw")).one()
    assert entry.actor_id == world.organiser.id and entry.reason == "Nhầm cơ cấu giải"
    publication.publish(db.session, world.organiser, world.contest)
    assert db.session.scalars(select(Award.certificate_code).where(Award.entry_id == best.id)).one() == code
    assert certificates.certificate(db.session, author, world.contest, best.id, author.id).startswith(b"%PDF")


def test_withdrawing_is_refused_and_changes_nothing(app: Flask) -> None:
    world, head, author, _best = _world()
    with pytest.raises(InvalidInput) as refused:
        publication.withdraw(db.session, world.organiser, world.contest, "Nhầm")
    assert "chưa được công bố" in str(refused.value.message)
    publication.publish(db.session, world.organiser, world.contest)
    for actor in (head, author, UserFactory()):
        with pytest.raises(NotAllowed):
            publication.withdraw(db.session, actor, world.contest, "Nhầm")
    with pytest.raises(InvalidInput) as refused:
        publication.withdraw(db.session, world.organiser, world.contest, "   ")
    assert "lý do" in str(refused.value.message)
    with pytest.raises(InvalidInput):
        publication.withdraw(db.session, world.organiser, world.contest, "x" * 2001)
    assert publication.published_at(db.session, world.contest) is not None


def test_the_organiser_withdraws_from_the_ranking_page(client: FlaskClient, auth: AuthActions) -> None:
    world, _head, author, _best = _world()
    publication.publish(db.session, world.organiser, world.contest)
    db.session.commit()
    public = f"/contests/{world.contest.id}/results"
    assert author.full_name in client.get(public).get_data(as_text=True)
    auth.login("truongban")
    url = f"/contests/{world.contest.id}/results/withdraw"
    assert client.post(url, data={"reason": "Nhầm", "confirm": "y"}).status_code == 403
    auth.logout()
    auth.login("btc")
    manage = client.get(f"/contests/{world.contest.id}/results/manage").get_data(as_text=True)
    assert 'id="withdraw-form"' in manage and "Thu hồi kết quả" in manage
    text = client.post(url, data={"reason": "Nhầm cơ cấu giải"}).get_data(as_text=True)  # not confirmed
    assert "Hãy đánh dấu ô xác nhận để thu hồi kết quả. Chưa có gì thay đổi." in text
    assert publication.published_at(db.session, world.contest) is not None
    text = client.post(url, data={"reason": "Nhầm cơ cấu giải", "confirm": "y"}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Đã thu hồi kết quả" in text
    db.session.expire_all()
    assert publication.published_at(db.session, world.contest) is None
    page = client.get(public).get_data(as_text=True)
    assert author.full_name not in page and "Kết quả chưa được công bố." in page


def test_withdrawing_waits_for_the_nominees_who_moved_on_to_be_withdrawn(app: Flask) -> None:
    """Nominees chosen from the published results stay in the next round whatever this one's page says: the
    results are not taken back under them."""
    world, _head, _author, best = _world()
    publication.publish(db.session, world.organiser, world.contest)
    db.session.add(
        Nomination(
            from_contest_id=world.contest.id,
            entry_id=best.id,
            method=NominationMethod.RANK,
            nominated_by_id=world.organiser.id,
        )
    )
    db.session.flush()
    with pytest.raises(InvalidInput) as refused:
        publication.withdraw(db.session, world.organiser, world.contest, "Nhầm")
    assert "EL-0001" in str(refused.value.message)
    assert publication.published_at(db.session, world.contest) is not None
