"""Disqualifying an entry of a judged contest: copied work found after the judging (an author's lecture taken from
another teacher's, a Creativity model bought ready-made). The organisers give the reason; the entry takes no place
and no award, holds publication back no longer, and the entries below move up. Refused while the results are
published: they withdraw them, disqualify, publish again, and the winner's certificate no longer verifies."""

from __future__ import annotations

import io

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from openpyxl import Workbook, load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Award, AwardLevel, Entry, User
from app.services.errors import InvalidInput, NotAllowed
from app.services.results import awards, certificates, disqualification, publication, score_export, verification
from app.services.results.awards import RuleSpec
from app.services.results.ranking import ranked_results
from tests.conftest import AuthActions
from tests.responses import sheet as active_sheet

from ..factories import SchoolFactory, UserFactory
from .results_helpers import Judged, flat, judge_of, judged_contest, scored_entry, sheet


def _world() -> tuple[Judged, User, User, list[Entry]]:
    world = judged_contest()
    world.organiser.username = "btc"
    a, b = judge_of(world.contest, username="giamkhao1"), judge_of(world.contest)
    author = UserFactory(username="tacgia", full_name="Đỗ Thị Ánh Tuyết", unit=SchoolFactory())
    entries = [
        scored_entry(world, [a, b], [flat(90), flat(94)], code="EL-0001", authors=[author], unit=author.unit),
        scored_entry(world, [a, b], [flat(80), flat(82)], code="EL-0002"),
        scored_entry(world, [a, b], [flat(70), flat(72)], code="EL-0003"),
        scored_entry(world, [a, b], [flat(60), flat(62)], code="EL-0004"),
    ]
    specs = [RuleSpec(AwardLevel.FIRST, quota_count=1), RuleSpec(AwardLevel.SECOND, quota_percent=50)]
    awards.set_rules(db.session, world.organiser, world.contest, None, specs)
    db.session.commit()
    return world, a, author, entries


def _ranks(world: Judged) -> dict[str, int | None]:
    return {r.entry.code: r.rank for g in ranked_results(db.session, world.contest) for r in g.entries}


def test_a_disqualified_entry_takes_no_place_and_no_award_and_the_others_move_up(app: Flask) -> None:
    world, _judge, _author, entries = _world()
    disqualification.disqualify(db.session, world.organiser, entries[0], "  Sao chép bài giảng của người khác ")
    assert entries[0].disqualified_reason == "Sao chép bài giảng của người khác"
    assert _ranks(world) == {"EL-0002": 1, "EL-0003": 2, "EL-0004": 3, "EL-0001": None}
    planned = publication.planned_awards(db.session, world.contest, ranked_results(db.session, world.contest))
    # the percentage counts the three entries ranked: 50 % of 3 is one
    assert planned == {entries[1].id: AwardLevel.FIRST, entries[2].id: AwardLevel.SECOND}
    logged = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "entry.disqualify")).one()
    assert logged.object_id == entries[0].id and logged.reason == "Sao chép bài giảng của người khác"
    disqualification.reinstate(db.session, world.organiser, entries[0])
    assert _ranks(world)["EL-0001"] == 1


def test_a_disqualified_entry_holds_publication_back_no_longer(app: Flask) -> None:
    world, judge, _author, _entries = _world()
    unscored = scored_entry(world, [judge], [flat(50)], code="EL-0005")  # one sheet of two
    sheet(unscored, judge_of(world.contest), flat(50), submitted=False)
    with pytest.raises(InvalidInput):
        publication.publish(db.session, world.organiser, world.contest)
    disqualification.disqualify(db.session, world.organiser, unscored, "Nộp bài của năm trước")
    publication.publish(db.session, world.organiser, world.contest)
    assert unscored.id not in publication.published_levels(db.session, world.contest)


def test_a_winner_disqualified_after_publication_loses_the_award_and_the_certificate(app: Flask) -> None:
    world, judge, author, entries = _world()
    publication.publish(db.session, world.organiser, world.contest)
    code = db.session.scalars(select(Award.certificate_code).where(Award.entry_id == entries[0].id)).one()
    assert verification.lookup(db.session, code) is not None
    with pytest.raises(InvalidInput) as refused:
        disqualification.disqualify(db.session, world.organiser, entries[0], "Sao chép")
    assert refused.value.message is disqualification.PUBLISHED and entries[0].disqualified_reason is None
    for actor in (judge, author, UserFactory()):
        with pytest.raises(NotAllowed):
            disqualification.disqualify(db.session, actor, entries[0], "Sao chép")
    publication.withdraw(db.session, world.organiser, world.contest, "Bài EL-0001 sao chép")
    disqualification.disqualify(db.session, world.organiser, entries[0], "Sao chép")
    publication.publish(db.session, world.organiser, world.contest)
    assert publication.published_levels(db.session, world.contest) == {
        entries[1].id: AwardLevel.FIRST,
        entries[2].id: AwardLevel.SECOND,
    }
    assert verification.lookup(db.session, code) is None
    with pytest.raises(LookupError):
        certificates.certificate(db.session, author, world.contest, entries[0].id, author.id)
    rows = list(active_sheet(_workbook(world)).iter_rows(values_only=True))
    (row,) = [r for r in rows if r[1] == "EL-0001"]
    assert row[11] is None and row[12] == "Disqualified"


def _workbook(world: Judged) -> Workbook:
    with force_locale("en"):
        data = score_export.export_scores(db.session, world.contest)
    return load_workbook(io.BytesIO(data))


def test_the_reason_is_required(app: Flask) -> None:
    world, _judge, _author, entries = _world()
    for reason in ("", "   ", "x" * 501):
        with pytest.raises(InvalidInput):
            disqualification.disqualify(db.session, world.organiser, entries[1], reason)
    assert entries[1].disqualified_reason is None
    with pytest.raises(InvalidInput):
        disqualification.reinstate(db.session, world.organiser, entries[1])


def test_the_organiser_disqualifies_and_reinstates_on_the_ranking_page(
    client: FlaskClient, auth: AuthActions, app: Flask
) -> None:
    world, _judge, _author, entries = _world()
    base = f"/contests/{world.contest.id}/results"
    assert auth.login("giamkhao1").status_code == 302
    assert (
        client.post(f"{base}/disqualify", data={"entry": entries[0].id, "reason": "x", "confirm": "y"}).status_code
        == 403
    )
    auth.logout()
    assert auth.login("btc").status_code == 302
    client.get("/lang/en")
    page = client.get(f"{base}/manage").get_data(as_text=True)
    assert 'id="disqualify-form"' in page and "EL-0001" in page
    response = client.post(f"{base}/disqualify", data={"entry": entries[0].id, "reason": "Sao chép"})
    assert "Tick the confirmation to disqualify the entry." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Entry, entries[0].id).disqualified_reason is None  # type: ignore[union-attr]
    data = {"entry": entries[0].id, "reason": "Sao chép bài giảng", "confirm": "y"}
    page = client.post(f"{base}/disqualify", data=data, follow_redirects=True).get_data(as_text=True)
    assert "EL-0001 is disqualified" in page and "Sao chép bài giảng" in page and "Disqualified" in page
    db.session.expire_all()
    assert db.session.get(Entry, entries[0].id).disqualified_reason == "Sao chép bài giảng"  # type: ignore[union-attr]
    assert _ranks(world)["EL-0002"] == 1
    page = client.post(f"{base}/reinstate/{entries[0].id}", follow_redirects=True).get_data(as_text=True)
    assert "EL-0001 is reinstated" in page
    db.session.expire_all()
    assert db.session.get(Entry, entries[0].id).disqualified_reason is None  # type: ignore[union-attr]
