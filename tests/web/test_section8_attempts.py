"""What Section 8 stops after approval reaches the Sở: a published text refused for advertising, a contest used
before its proposal was approved (registering, moving nominees into it) are kept for the Sở's reviewers, with who,
when, which contest and what was found, audited, whatever the refused request rolled back; texts published before
the published-text screening existed are screened again on the reviewers' page or by ``hoithi proposals
rescreen-published``, and each that now fails is listed, nothing published changed. Until 7 Dec 2026 a refusal
left no trace and nothing published earlier was ever screened."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Announcement,
    AttemptKind,
    AuditEntry,
    ProposalStatus,
    Question,
    Registration,
    Role,
    Section8Attempt,
    User,
)
from app.services.contests import registrations
from app.services.programming import clarifications
from app.services.proposals.rescreening_cli import rescreen_published_command
from tests.builders import person, present, row_of
from tests.conftest import AuthActions

from .programming_helpers import world
from .published_helpers import ADVERT, contest_of, count, organiser_of, refused_in_vietnamese, run_screening_worker

__all__ = ["world"]  # the fixture, from programming_helpers


def _attempts() -> list[Section8Attempt]:
    db.session.expire_all()
    return list(db.session.scalars(select(Section8Attempt).order_by(Section8Attempt.id)))


def _audited(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def _token(client: FlaskClient, url: str) -> str:
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', client.get(url).get_data(as_text=True))
    assert found is not None
    return found[1]


def _reviewer() -> User:
    reviewer = person("so_reviewer", None, Role.REVIEWER)
    db.session.commit()
    return reviewer


def test_a_refused_announcement_is_kept_for_the_so_with_who_when_which_contest_and_what_was_found(
    app: Flask, world: dict[str, int]
) -> None:
    refused_in_vietnamese(lambda: clarifications.announce(db.session, organiser_of(world), contest_of(world), ADVERT))
    assert count(Announcement) == 0  # the request rolled back: nothing published
    [attempt] = _attempts()
    assert attempt.kind is AttemptKind.REFUSED_TEXT
    assert (attempt.actor_id, attempt.contest_id, attempt.what) == (
        world["organiser"],
        world["contest"],
        "The announcement",
    )
    assert attempt.text == ADVERT
    assert {f["code"] for f in attempt.found} == {"S8-BUSINESS", "S8-PRODUCT"}
    [entry] = _audited("section8.refused_text")
    assert (entry.actor_id, entry.object_id, entry.data["attempt"]) == (
        world["organiser"],
        world["contest"],
        attempt.id,
    )


def test_an_announcement_refused_on_the_organisers_page_is_kept_too(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    auth.login("org")
    client.post(f"/contests/{world['contest']}/manage/announcements", data={"body": ADVERT})
    assert count(Announcement) == 0
    [attempt] = _attempts()
    assert (attempt.kind, attempt.actor_id, attempt.text) == (AttemptKind.REFUSED_TEXT, world["organiser"], ADVERT)


def test_a_clean_announcement_keeps_nothing(app: Flask, world: dict[str, int]) -> None:
    clarifications.announce(db.session, organiser_of(world), contest_of(world), "Thi lúc 8h00 ngày 14/12/2026.")
    db.session.commit()
    assert count(Announcement) == 1 and _attempts() == []


def test_registering_for_a_contest_whose_proposal_is_not_approved_is_kept_for_the_so(
    app: Flask, world: dict[str, int]
) -> None:
    present(contest_of(world).proposal).status = ProposalStatus.IN_REVIEW
    db.session.commit()
    outsider = row_of(User, world["outsider"])
    refused_in_vietnamese(
        lambda: registrations.register(db.session, outsider, contest_of(world), member_ids=[outsider.id])
    )
    [attempt] = _attempts()
    assert attempt.kind is AttemptKind.UNAPPROVED
    assert (attempt.actor_id, attempt.contest_id, attempt.what) == (world["outsider"], world["contest"], "Registration")
    assert attempt.proposal_status == "in_review"
    assert len(_audited("section8.unapproved")) == 1


def test_only_the_sos_reviewers_see_the_list_in_vietnamese_with_local_dates(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    refused_in_vietnamese(lambda: clarifications.announce(db.session, organiser_of(world), contest_of(world), ADVERT))
    present(contest_of(world).proposal).status = ProposalStatus.CHANGES_REQUESTED
    db.session.commit()
    outsider = row_of(User, world["outsider"])
    refused_in_vietnamese(
        lambda: registrations.register(db.session, outsider, contest_of(world), member_ids=[outsider.id])
    )
    person("admin1", None, Role.ADMIN)
    _reviewer()
    for who in ("org", "admin1"):
        auth.login(who)
        assert client.get("/admin/section8-attempts").status_code == 403
        assert client.post("/admin/section8-attempts/rescreen").status_code == 403
        auth.logout()
    auth.login("so_reviewer")
    client.get("/lang/vi")
    page = client.get("/admin/section8-attempts").get_data(as_text=True)
    assert "Bị từ chối khi đăng" in page and "Thông báo" in page and "Samsung" in page
    assert "Dùng khi đề xuất chưa được duyệt" in page and "chưa được Sở phê duyệt" in page and "outsider" in page
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", page)
    assert "Nội dung bị từ chối và rà soát lại" in client.get("/admin/proposals").get_data(as_text=True)


def test_a_reviewer_marks_an_attempt_dealt_with_audited_and_only_with_a_csrf_token(
    csrf_app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    refused_in_vietnamese(lambda: clarifications.announce(db.session, organiser_of(world), contest_of(world), ADVERT))
    reviewer = _reviewer()
    [attempt] = _attempts()
    login = {"username": "so_reviewer", "password": "password123", "csrf_token": _token(client, "/login")}
    client.post("/login", data=login)
    url = f"/admin/section8-attempts/{attempt.id}/dealt"
    assert client.post(url, data={"note": "Đã nhắc ban tổ chức."}).status_code == 400  # no token
    assert _attempts()[0].dealt_at is None
    client.post(url, data={"note": "Đã nhắc ban tổ chức.", "csrf_token": _token(client, "/admin/section8-attempts")})
    [dealt] = _attempts()
    assert (dealt.dealt_by_id, dealt.note) == (reviewer.id, "Đã nhắc ban tổ chức.")
    assert len(_audited("section8.dealt")) == 1


def test_texts_published_before_the_screening_are_screened_again_and_listed_nothing_changed(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    # published before the screening existed: written straight into the table
    old = Announcement(contest_id=world["contest"], body=ADVERT, author_id=world["organiser"])
    clean = Announcement(contest_id=world["contest"], body="Thi lúc 8h00.", author_id=world["organiser"])
    story = Question(
        contest_id=world["contest"],
        topic="Tin học",
        difficulty=1,
        text="Cửa hàng Thế Giới Di Động bán n chiếc điện thoại Samsung. Có bao nhiêu cách chọn 2 chiếc?",
        options=["n", "n(n-1)/2"],
        correct=[1],
    )
    team = db.session.scalars(select(Registration).where(Registration.contest_id == world["contest"])).first()
    assert team is not None
    team.team_name = "Đội Samsung Galaxy"
    db.session.add_all([old, clean, story])
    db.session.commit()
    result = app.test_cli_runner().invoke(rescreen_published_command, [])
    assert result.exit_code == 0, result.output
    assert "2 texts now fail" in result.output  # the advert and the team's name; the exercise's story is free
    kept = {(a.object_type, a.object_id): a for a in _attempts()}
    assert set(kept) == {("announcement", old.id), ("registration", team.id)}
    assert kept["announcement", old.id].kind is AttemptKind.PUBLISHED_BEFORE
    assert kept["announcement", old.id].actor_id == world["organiser"]
    assert row_of(Announcement, old.id).body == ADVERT  # nothing published is changed
    assert row_of(Registration, team.id).team_name == "Đội Samsung Galaxy"
    # again: nothing new, on the command line or the reviewers' page
    assert "0 texts now fail" in app.test_cli_runner().invoke(rescreen_published_command, []).output
    _reviewer()
    auth.login("so_reviewer")
    client.post("/admin/section8-attempts/rescreen")  # a worker's job (test_section8_rescreen_job)
    run_screening_worker(app)
    assert len(_attempts()) == 2
    assert len(_audited("section8.rescreen")) == 3
