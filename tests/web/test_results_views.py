"""The results pages: ranking, award rules, reconciliation by the head judge, publication, the public page,
certificates and the export, as their users see them."""

import io
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Award, AwardLevel, AwardRule, Contest, DeclaredConflict, Entry, Reconciliation, User
from app.services.results import awards, publication, reconciliation
from app.services.results.awards import RuleSpec
from tests.conftest import AuthActions

from ..factories import SchoolFactory, UserFactory
from .results_helpers import Judged, flat, judge_of, judged_contest, scored_entry
from .test_query_counts import counting


def _queries(client: FlaskClient, url: str) -> int:
    with counting() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _world() -> tuple[Judged, User, User, User, Entry, Entry]:
    world = judged_contest()
    world.organiser.username = "btc"
    head = judge_of(world.contest, head=True, username="truongban")
    a = judge_of(world.contest, username="gk1", full_name="Lê Văn Giám")
    b = judge_of(world.contest, username="gk2")
    author = UserFactory(
        username="tacgia", full_name="Đỗ Thị Ánh Tuyết", unit=SchoolFactory(name="Trường THCS Chu Văn An")
    )
    agreed = scored_entry(
        world, [a, b], [flat(90), flat(94)], code="EL-0001", authors=[author], unit=author.unit, title="Phân số"
    )
    flagged = scored_entry(world, [a, b], [flat(50), flat(80)], code="EL-0002", title="Hình học không gian")
    db.session.commit()
    return world, head, a, author, agreed, flagged


def test_the_organiser_sees_the_ranking_with_flags_and_sheets(client: FlaskClient, auth: AuthActions) -> None:
    world, *_ = _world()
    auth.login("btc")
    page = client.get(f"/contests/{world.contest.id}/results/manage").get_data(as_text=True)
    assert "EL-0001" in page and "EL-0002" in page
    assert "Chênh lệch, cần xử lý" in page and "<td>2/2</td>" in page  # needs reconciliation; 2 of 2 sheets
    assert "EL-0002: chờ xử lý chênh lệch điểm" in page  # why publication waits
    assert f"/contests/{world.contest.id}/results/manage" in client.get(f"/contests/{world.contest.id}").get_data(
        as_text=True
    )


def test_scores_are_written_with_the_vietnamese_decimal_comma(client: FlaskClient, auth: AuthActions) -> None:
    """As the judges' sheets write them (0,5): in Vietnamese a point separates thousands, so "92.50" reads wrong."""
    world = judged_contest()
    world.organiser.username = "btc"
    judge_of(world.contest, head=True, username="truongban")
    a, b = judge_of(world.contest), judge_of(world.contest)
    scored_entry(world, [a, b], [flat(90), ["23.75", "23.75", "23.75", "23.75"]], code="EL-0001")
    flagged = scored_entry(world, [a, b], [flat(50), ["20.25", "20.25", "20.25", "20.25"]], code="EL-0002")
    first = RuleSpec(AwardLevel.FIRST, 1, min_score=Decimal("7.5"))
    awards.set_rules(db.session, world.organiser, world.contest, world.category.id, [first])
    db.session.commit()
    auth.login("btc")
    page = client.get(f"/contests/{world.contest.id}/results/manage").get_data(as_text=True)
    assert "<td>90 · 95</td>" in page and "<strong>92,5</strong>" in page  # the judges' totals, the score
    assert "<td>50 · 81</td>" in page and "<td>65,5</td>" in page  # the mean
    assert "≥ 7,5" in page and "100.00" not in page and "92.50" not in page
    auth.logout()
    auth.login("truongban")
    pages = [
        client.get(f"/contests/{world.contest.id}/results/reconcile").get_data(as_text=True),
        client.get(f"/contests/{world.contest.id}/results/reconcile/{flagged.id}").get_data(as_text=True),
    ]
    assert "<td>50 · 81</td>" in pages[0]
    assert "65,5" in pages[1] and "81.00" not in pages[1] and "65.50" not in pages[1]


def test_after_publication_the_ranking_shows_the_published_awards_as_the_export_does(
    client: FlaskClient, auth: AuthActions
) -> None:
    """The rules changed after publication (a First prize for two): the ranking showed the award the rules would give
    now, the export and the public page the published one. The ranking shows the published award, and what
    publishing again would change beside it."""
    world = judged_contest()
    world.organiser.username = "btc"
    a, b = judge_of(world.contest), judge_of(world.contest)
    scored_entry(world, [a, b], [flat(90), flat(90)], code="EL-0001")
    scored_entry(world, [a, b], [flat(80), flat(80)], code="EL-0002")
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_count=1)])
    publication.publish(db.session, world.organiser, world.contest)
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_count=2)])
    db.session.commit()
    auth.login("btc")
    page = client.get(f"/contests/{world.contest.id}/results/manage").get_data(as_text=True)
    second = page[page.index('id="entry-EL-0002"') :]
    second = second[: second.index("</tr>")]
    assert '<td class="award"> <small class="muted">Khi công bố lại: Giải Nhất</small></td>' in second
    first = page[page.index('id="entry-EL-0001"') :]
    assert '<td class="award">Giải Nhất</td>' in first[: first.index("</tr>")]
    exported = load_workbook(io.BytesIO(client.get(f"/contests/{world.contest.id}/results/scores.xlsx").data))
    summary = {row[1]: row[12] for row in exported.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert summary == {"EL-0001": "Giải Nhất", "EL-0002": None}


def test_publication_is_refused_with_the_entries_listed_then_done(client: FlaskClient, auth: AuthActions) -> None:
    world, _head, _a, _author, agreed, flagged = _world()
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_count=1)])
    db.session.commit()
    auth.login("btc")
    publish = f"/contests/{world.contest.id}/results/publish"
    response = client.post(publish, data={"confirm": "y"}, follow_redirects=True)
    assert "Chưa thể công bố kết quả: EL-0002: chờ xử lý chênh lệch điểm." in response.get_data(as_text=True)
    assert db.session.query(Award).count() == 0

    auth.logout()
    auth.login("truongban")
    url = f"/contests/{world.contest.id}/results/reconcile/{flagged.id}/decide"
    response = client.post(url, data={"score": "101", "reason": "Quá cao"}, follow_redirects=True)
    refusal = response.get_data(as_text=True)
    assert "Điểm phải từ 0 đến 100." in refusal and "100.00" not in refusal  # a point is no Vietnamese decimal mark
    response = client.post(url, data={"score": "abc", "reason": "Sai"}, follow_redirects=True)
    assert "“abc” không phải là số." in response.get_data(as_text=True)
    assert db.session.query(Reconciliation).count() == 0
    response = client.post(url, data={"score": "70,5", "reason": "Hội đồng thống nhất"})
    assert response.status_code == 302
    assert db.session.query(Reconciliation).one().score == Decimal("70.5")

    auth.logout()
    auth.login("btc")
    response = client.post(publish)  # the confirmation not ticked: refused beside the box, nothing published
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    refusal = "Hãy đánh dấu ô xác nhận để công bố kết quả. Chưa có gì được công bố."
    assert 'id="publish-form"' in text and text.count(refusal) == 2  # flashed, and beside the box
    assert db.session.query(Award).count() == 0 and publication.published_at(db.session, world.contest) is None
    assert not audit_actions(world.contest)
    response = client.post(publish, data={"confirm": "y"}, follow_redirects=True)
    assert "Đã công bố kết quả với 1 giải." in response.get_data(as_text=True)
    assert db.session.query(Award).one().entry_id == agreed.id
    assert audit_actions(world.contest) == ["results.publish"]


def audit_actions(contest: Contest) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.action)
            .where(AuditEntry.object_type == "contest", AuditEntry.object_id == contest.id)
            .where(AuditEntry.action.like("results.%publish"))
        )
    )


def test_the_head_judges_pages_never_name_authors(client: FlaskClient, auth: AuthActions) -> None:
    world, _head, _a, author, agreed, flagged = _world()
    auth.login("truongban")
    pages = [
        client.get(f"/contests/{world.contest.id}/results/reconcile"),
        client.get(f"/contests/{world.contest.id}/results/reconcile/{flagged.id}"),
        client.get(f"/contests/{world.contest.id}/results/reconcile/{agreed.id}"),
        client.get(f"/contests/{world.contest.id}/results"),
    ]
    for page in pages:
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert author.full_name not in text and "Chu Văn An" not in text
    assert "EL-0002" in pages[0].get_data(as_text=True) and "EL-0001" not in pages[0].get_data(as_text=True)
    assert "Quyết định điểm" in pages[1].get_data(as_text=True)  # decide the score
    assert f"/contests/{world.contest.id}/results/reconcile" in pages[3].get_data(as_text=True)


def test_the_head_judge_assigns_a_further_judge_and_others_may_not_reconcile(
    client: FlaskClient, auth: AuthActions
) -> None:
    world, _head, _a, _author, _agreed, flagged = _world()
    further = judge_of(world.contest, username="gk3")
    db.session.commit()
    further_url = f"/contests/{world.contest.id}/results/reconcile/{flagged.id}/further"
    auth.login("gk1")  # a judge, but not the head
    assert client.get(f"/contests/{world.contest.id}/results/reconcile/{flagged.id}").status_code == 403
    assert client.post(further_url, data={"judge": further.id}).status_code == 403
    assert client.post(further_url.replace("further", "decide"), data={"score": "60", "reason": "x"}).status_code == 403
    auth.logout()
    auth.login("btc")  # the organiser may add a further judge, not decide
    assert client.post(further_url.replace("further", "decide"), data={"score": "60", "reason": "x"}).status_code == 403
    auth.logout()
    auth.login("truongban")
    response = client.post(further_url, data={"judge": 999999}, follow_redirects=True)
    assert response.status_code == 200 and "Lựa chọn không hợp lệ." in response.get_data(as_text=True)
    assert client.post(further_url, data={"judge": further.id, "reason": "Lệch 30 điểm"}).status_code == 302
    assert db.session.query(Reconciliation).one().reason == "Lệch 30 điểm"


def test_a_head_judge_in_conflict_does_not_see_the_entry(client: FlaskClient, auth: AuthActions) -> None:
    world, head, _a, _author, _agreed, flagged = _world()
    db.session.add(DeclaredConflict(contest_id=world.contest.id, entry_id=flagged.id, judge_id=head.id, reason="x"))
    db.session.commit()
    base = f"/contests/{world.contest.id}/results/reconcile"
    auth.login("truongban")
    assert flagged.code not in client.get(base).get_data(as_text=True)
    assert client.get(f"{base}/{flagged.id}").status_code == 403
    assert client.post(f"{base}/{flagged.id}/decide", data={"score": "60", "reason": "x"}).status_code == 403
    assert client.get(f"/entries/{flagged.id}").status_code == 403
    sheets = client.get(f"/contests/{world.contest.id}/review/sheets").get_data(as_text=True)
    assert "EL-0001" in sheets and flagged.code not in sheets
    assert db.session.query(Reconciliation).count() == 0


def test_award_rules_are_set_in_the_form_and_bad_ones_refused(client: FlaskClient, auth: AuthActions) -> None:
    world, *_ = _world()
    auth.login("btc")
    url = f"/contests/{world.contest.id}/results/rules?category={world.category.id}"
    data = {
        "first-kind": "count",
        "first-quota": "1",
        "first-min_score": "80",
        "second-kind": "percent",
        "second-quota": "30",
        "second-min_score": "",
        "third-kind": "",
        "consolation-kind": "",
    }
    assert client.post(url, data=data).status_code == 302
    rules = {r.level: r for r in db.session.query(AwardRule)}
    assert rules[AwardLevel.FIRST].category_id == world.category.id
    assert (rules[AwardLevel.FIRST].quota_count, rules[AwardLevel.FIRST].min_score) == (1, Decimal(80))
    assert rules[AwardLevel.SECOND].quota_percent == 30 and AwardLevel.THIRD not in rules
    page = client.get(url).get_data(as_text=True)
    assert 'value="80"' in page

    for bad in ({"third-kind": "count", "third-quota": ""}, {"first-min_score": "tám"}, {"second-quota": "101"}):
        response = client.post(url, data={**data, **bad}, follow_redirects=True)
        assert response.status_code == 200
    assert {r.level for r in db.session.query(AwardRule)} == {AwardLevel.FIRST, AwardLevel.SECOND}
    assert client.get(f"/contests/{world.contest.id}/results/rules?category=999999").status_code == 404


def test_the_public_page_names_authors_only_once_published(client: FlaskClient, auth: AuthActions) -> None:
    world, head, _a, author, agreed, flagged = _world()
    public = f"/contests/{world.contest.id}/results"
    page = client.get(public).get_data(as_text=True)
    assert "Kết quả chưa được công bố." in page and author.full_name not in page
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_count=1)])
    reconciliation.decide(db.session, head, flagged, Decimal(60), "Thống nhất")
    publication.publish(db.session, world.organiser, world.contest)
    db.session.commit()
    page = client.get(public).get_data(as_text=True)
    assert "EL-0001" in page and "Phân số" in page and author.full_name in page and "Trường THCS Chu Văn An" in page
    assert "Giải Nhất" in page and "Giấy chứng nhận (PDF)" not in page  # anonymous: no certificate link

    certificate = f"/contests/{world.contest.id}/results/certificates/{agreed.id}/{author.id}.pdf"
    assert "/login" in client.get(certificate).headers["Location"]
    auth.login("tacgia")
    assert "Giấy chứng nhận (PDF)" in client.get(public).get_data(as_text=True)
    response = client.get(certificate)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert (
        client.get(f"/contests/{world.contest.id}/results/certificates/{flagged.id}/{author.id}.pdf").status_code == 404
    )
    auth.logout()
    auth.login("gk1")
    assert client.get(certificate).status_code == 403


def test_the_export_is_for_organisers_only(client: FlaskClient, auth: AuthActions) -> None:
    world, *_ = _world()
    url = f"/contests/{world.contest.id}/results/scores.xlsx"
    auth.login("gk1")
    assert client.get(url).status_code == 403
    auth.logout()
    auth.login("btc")
    response = client.get(url)
    assert response.status_code == 200
    summary = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert [row[1] for row in summary.iter_rows(min_row=2, values_only=True)] == ["EL-0001", "EL-0002"]


def test_forms_need_their_token(csrf_app: Flask, client: FlaskClient) -> None:
    world, *_ = _world()
    with client.session_transaction() as session:
        session["_user_id"] = world.organiser.get_id()
        session["_fresh"] = True
    assert client.post(f"/contests/{world.contest.id}/results/publish").status_code == 400


def test_the_results_pages_make_as_many_queries_for_many_entries_as_for_few(
    client: FlaskClient, auth: AuthActions
) -> None:
    world, head, a, _author, _agreed, flagged = _world()
    b = judge_of(world.contest)
    reconciliation.decide(db.session, head, flagged, Decimal(60), "Thống nhất")
    awards.set_rules(db.session, world.organiser, world.contest, None, [RuleSpec(AwardLevel.FIRST, quota_percent=50)])
    publication.publish(db.session, world.organiser, world.contest)
    db.session.commit()
    auth.login("btc")
    urls = [f"/contests/{world.contest.id}/results{tail}" for tail in ("", "/manage", "/scores.xlsx", "/reconcile")]
    few = [_queries(client, url) for url in urls]
    for i in range(12):
        scored_entry(world, [a, b], [flat(60 + 2 * i), flat(62 + 2 * i)], authors=[UserFactory()])
    publication.publish(db.session, world.organiser, world.contest)
    db.session.commit()
    assert [_queries(client, url) for url in urls] == few
