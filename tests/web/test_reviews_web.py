"""The reviews pages through HTTP: organisers' rubric, panel and assignment pages; a judge's queue, entry page and
score sheet; the head judge's reopening. Messages are read in English (the msgids)."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assignment, Criterion, PanelMember, ReviewSettings, Role, ScoreSheet, SheetStatus
from app.services.reviews import assignment
from tests.builders import row_of
from tests.conftest import AuthActions
from tests.responses import search

from ..factories import UserFactory
from .reviews_helpers import ReviewWorld, review_world


def login(client: FlaskClient, auth: AuthActions, username: str) -> None:
    assert auth.login(username).status_code == 302
    client.get("/lang/en")


@pytest.fixture
def world(app: Flask) -> ReviewWorld:
    world = review_world(judges=2, entries=2)
    assignment.add(db.session, world.organiser, world.entries[0], world.judges[1].id)
    db.session.commit()
    return world


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_organiser_adds_edits_and_removes_criteria(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> None:
    login(client, auth, "org")
    base = f"/contests/{world.contest.id}/review"
    response = client.post(
        f"{base}/rubric",
        data={"name": "Ứng dụng", "max_points": "10", "step": "0,5", "weight": "2", "guidance": "Thực tế"},
        follow_redirects=True,
    )
    text = response.get_data(as_text=True)
    assert "The criterion has been added." in text and "Ứng dụng" in text
    criterion = db.session.scalars(select(Criterion).where(Criterion.name == "Ứng dụng")).one()
    assert (criterion.step, criterion.weight) == (Decimal("0.5"), Decimal(2))
    form = page(client, f"{base}/criteria/{criterion.id}")
    assert 'value="0.5"' in form and 'value="10"' in form
    response = client.post(
        f"{base}/criteria/{criterion.id}",
        data={"name": "Ứng dụng", "max_points": "10", "step": "3", "weight": "1"},
    )
    assert "The maximum must be a whole number of steps." in response.get_data(as_text=True)
    client.post(f"{base}/criteria/{criterion.id}/move/up")
    db.session.expire_all()
    assert criterion.position == 3
    response = client.post(f"{base}/criteria/{criterion.id}/remove", follow_redirects=True)
    assert "The criterion has been removed." in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == 4


def test_points_are_written_as_each_language_writes_decimals(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld
) -> None:
    login(client, auth, "org")
    base = f"/contests/{world.contest.id}/review"
    client.post(f"{base}/rubric", data={"name": "Ứng dụng", "max_points": "10", "step": "0,5", "weight": "1,25"})
    row = re.compile(r"Ứng dụng.*?</tr>", re.S)
    english = row.search(page(client, f"{base}/rubric"))
    assert english is not None and "0.5" in english.group() and "1.25" in english.group()
    client.get("/lang/vi")
    vietnamese = row.search(page(client, f"{base}/rubric"))
    assert vietnamese is not None and "0,5" in vietnamese.group() and "1,25" in vietnamese.group()
    assert "0.5" not in vietnamese.group()


def test_bad_numbers_in_a_criterion_get_a_message(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> None:
    login(client, auth, "org")
    response = client.post(
        f"/contests/{world.contest.id}/review/rubric",
        data={"name": "X", "max_points": "mười", "step": "1", "weight": "1"},
    )
    assert response.status_code == 200 and "is not a number" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == 4


def test_templates_and_the_locked_rubric(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> None:
    login(client, auth, "org")
    base = f"/contests/{world.contest.id}/review"
    response = client.post(f"{base}/rubric/template", data={"template": "creativity"}, follow_redirects=True)
    assert "Tính mới và tính sáng tạo" in response.get_data(as_text=True)
    sheet = ScoreSheet(
        contest_id=world.contest.id,
        entry_id=world.entries[0].id,
        judge_id=world.judges[1].id,
        status=SheetStatus.SUBMITTED,
    )
    db.session.add(sheet)
    db.session.commit()
    text = page(client, f"{base}/rubric")
    assert 'id="locked"' in text and 'id="criterion-form"' not in text
    response = client.post(f"{base}/rubric/template", data={"template": "elearning"}, follow_redirects=True)
    assert "it can no longer be changed" in response.get_data(as_text=True)


def test_panel_head_settings_and_assignment_pages(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> None:
    login(client, auth, "org")
    base = f"/contests/{world.contest.id}/review"
    newcomer = UserFactory(username="newjudge", unit=world.department, roles={Role.JUDGE}, full_name="Lê Mới")
    db.session.commit()
    assert "Lê Mới" in page(client, f"{base}/panel")
    response = client.post(f"{base}/panel", data={"judge": newcomer.id}, follow_redirects=True)
    assert "The judge has joined the panel." in response.get_data(as_text=True)
    member = db.session.scalars(select(PanelMember).where(PanelMember.user_id == newcomer.id)).one()
    client.post(f"{base}/panel/{member.id}/head")
    db.session.expire_all()
    assert member.is_head and not world.members[0].is_head
    response = client.post(f"{base}/settings", data={"judges_per_entry": "11"}, follow_redirects=True)
    assert "Each entry has from 1 to 10 judges." in response.get_data(as_text=True)
    client.post(f"{base}/settings", data={"judges_per_entry": "3"})
    assert row_of(ReviewSettings, world.contest.id).judges_per_entry == 3
    response = client.post(f"{base}/assignments/run", follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Assignment done: 5 added" in text
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 6
    assert 'id="loads"' in text and "Lê Mới" in text


def test_manual_assignment_refuses_a_conflict_with_a_clear_message(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld
) -> None:
    local = UserFactory(username="local", unit=world.school, roles={Role.JUDGE}, full_name="Phạm Địa Phương")
    db.session.add(PanelMember(contest_id=world.contest.id, user_id=local.id))
    db.session.commit()
    login(client, auth, "org")
    base = f"/contests/{world.contest.id}/review/assignments"
    response = client.post(f"{base}/add", data={"entry": world.entries[0].id, "judge": local.id}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Phạm Địa Phương cannot judge" in text and "own unit" in text
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 1
    held = db.session.scalars(select(Assignment)).one()
    response = client.post(f"{base}/{held.id}/remove", follow_redirects=True)
    assert "no longer scores" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_a_judge_scores_saves_a_draft_and_submits(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> None:
    judge, entry = world.judges[1], world.entries[0]
    ids = [c.id for c in world.rubric.criteria]
    login(client, auth, judge.username)
    queue = page(client, "/review/")
    assert entry.code in queue and "not started" in queue and world.entries[1].code not in queue
    assert "opens on" not in queue
    assert "Nội dung" in page(client, f"/review/entries/{entry.id}")
    url = f"/review/entries/{entry.id}/sheet"
    response = client.post(url, data={f"points_{ids[0]}": "12.5", f"comment_{ids[0]}": "Khá", "save": "1"})
    assert response.status_code == 302
    assert 'value="12.5"' in page(client, url)
    confirmed = {"submit": "1", "confirm_lock": "y"}
    response = client.post(url, data={f"points_{ids[0]}": "12.5", **confirmed})
    assert "Score every criterion before submitting" in response.get_data(as_text=True)
    response = client.post(url, data={f"points_{ids[0]}": "30", **confirmed})
    assert "the score must be between 0 and 25" in response.get_data(as_text=True)
    full = {f"points_{i}": "20" for i in ids}
    response = client.post(url, data={**full, "overall_comment": "Tốt", **confirmed}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "The sheet has been submitted." in text and 'id="total"' in text and "80 / 100" in text
    response = client.post(url, data={**{f"points_{i}": "25" for i in ids}, "overall_comment": "Rất tốt", **confirmed})
    text = response.get_data(as_text=True)
    assert "submitted and is locked" in text
    # the locked sheet as it stands, and what was typed on the refused save, kept (read-only) rather than lost
    assert "80 / 100" in text and "it has not been saved" in text
    assert text.count('value="25"') == 4 and "Rất tốt" in text and "<fieldset disabled>" in text
    sheet = db.session.scalars(select(ScoreSheet)).one()
    assert sheet.total == Decimal(80) and sheet.status is SheetStatus.SUBMITTED
    assert "submitted" in page(client, "/review/")


def test_submitting_locks_the_sheet_only_with_the_confirmation_ticked(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld
) -> None:
    judge, entry = world.judges[1], world.entries[0]
    ids = [c.id for c in world.rubric.criteria]
    login(client, auth, judge.username)
    url = f"/review/entries/{entry.id}/sheet"
    form = page(client, url)
    assert 'name="confirm_lock"' in form and "lock the sheet when I submit it" in form
    typed = {**{f"points_{i}": "17.5" for i in ids}, "overall_comment": "Bài tốt"}
    response = client.post(url, data={**typed, "submit": "1"})  # not ticked
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    refusal = "Tick the confirmation to submit: a submitted sheet is locked. Nothing has been saved."
    assert text.count(refusal) == 2  # flashed, and beside the box
    assert text.count('value="17.5"') == 4 and "Bài tốt" in text and "<fieldset>" in text  # still editable
    assert db.session.scalar(select(func.count()).select_from(ScoreSheet)) == 0  # not even a draft
    response = client.post(url, data={**typed, "save": "1"})  # a draft needs no confirmation
    assert response.status_code == 302
    response = client.post(url, data={**typed, "submit": "1", "confirm_lock": "y"}, follow_redirects=True)
    assert "The sheet has been submitted." in response.get_data(as_text=True)
    sheet = db.session.scalars(select(ScoreSheet)).one()
    assert sheet.status is SheetStatus.SUBMITTED and sheet.total == Decimal(70)


def test_before_the_deadline_the_sheet_is_read_only_and_says_when_it_opens(
    client: FlaskClient, auth: AuthActions, world: ReviewWorld
) -> None:
    judge, entry = world.judges[1], world.entries[0]
    world.contest.submission_closes = datetime(2099, 3, 9, 2, 30)  # UTC: 09:30 in Vietnam
    db.session.commit()
    ids = [c.id for c in world.rubric.criteria]
    login(client, auth, judge.username)
    assert "opens on 09/03/2099 09:30" in page(client, "/review/")
    assert "opens on 09/03/2099 09:30" in page(client, f"/review/entries/{entry.id}")
    url = f"/review/entries/{entry.id}/sheet"
    text = page(client, url)
    assert "This score sheet opens on 09/03/2099 09:30" in text
    assert "<fieldset disabled>" in text and 'id="sheet-form"' in text and "Nội dung" in text  # the criteria
    # a save posted anyway (a page opened earlier, a deadline moved since) is refused and keeps what was typed
    typed = {f"points_{ids[0]}": "12.5", f"comment_{ids[0]}": "Trình bày rõ", "overall_comment": "Khá"}
    response = client.post(url, data={**typed, "save": "1"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Entries can still be changed until 09/03/2099 09:30" in text
    assert 'value="12.5"' in text and "Trình bày rõ" in text and "Khá" in text and "<fieldset disabled>" in text
    assert db.session.scalar(select(func.count()).select_from(ScoreSheet)) == 0


def test_judges_reach_only_their_entries(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> None:
    login(client, auth, world.judges[0].username)  # on the panel, not assigned
    for url in (f"/review/entries/{world.entries[0].id}", f"/review/entries/{world.entries[0].id}/sheet"):
        assert client.get(url).status_code == 403
    assert client.post(f"/review/entries/{world.entries[0].id}/sheet", data={"save": "1"}).status_code == 403
    assert client.get("/review/entries/999999").status_code == 404
    assert db.session.scalar(select(func.count()).select_from(ScoreSheet)) == 0


def test_declaring_a_conflict_on_the_entry_page(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> None:
    login(client, auth, world.judges[1].username)
    url = f"/review/entries/{world.entries[0].id}/conflict"
    response = client.post(url, data={"reason": ""}, follow_redirects=True)
    assert "Say briefly why" in response.get_data(as_text=True)
    response = client.post(url, data={"reason": "Học sinh trường tôi từng dạy"}, follow_redirects=True)
    assert "is no longer yours to score" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 0


def test_the_head_judge_reopens_a_sheet(client: FlaskClient, auth: AuthActions, world: ReviewWorld) -> None:
    judge, entry = world.judges[1], world.entries[0]
    login(client, auth, judge.username)
    ids = [c.id for c in world.rubric.criteria]
    client.post(
        f"/review/entries/{entry.id}/sheet",
        data={**{f"points_{i}": "5" for i in ids}, "submit": "1", "confirm_lock": "y"},
    )
    sheet = db.session.scalars(select(ScoreSheet)).one()
    assert client.post(f"/review/sheets/{sheet.id}/reopen", data={"reason": "x"}).status_code == 403
    assert client.get(f"/contests/{world.contest.id}/review/sheets").status_code == 403
    auth.logout()
    login(client, auth, world.judges[0].username)
    assert f"/contests/{world.contest.id}/review/sheets" in page(client, "/review/")
    text = page(client, f"/contests/{world.contest.id}/review/sheets")
    assert entry.code in text and "20" in text
    response = client.post(f"/review/sheets/{sheet.id}/reopen", data={"reason": ""}, follow_redirects=True)
    assert "Give the reason for reopening the sheet." in response.get_data(as_text=True)
    response = client.post(
        f"/review/sheets/{sheet.id}/reopen", data={"reason": "Nhầm điểm tiêu chí 3"}, follow_redirects=True
    )
    assert "The sheet has been reopened" in response.get_data(as_text=True)
    db.session.expire_all()
    assert sheet.status is SheetStatus.DRAFT
    auth.logout()
    login(client, auth, judge.username)
    text = page(client, f"/review/entries/{entry.id}/sheet")
    assert "Nhầm điểm tiêu chí 3" in text and 'id="sheet-form"' in text


def token_in(html: str) -> str:
    return search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def test_buttons_carry_their_csrf_token_and_posts_without_one_change_nothing(
    csrf_app: Flask, world: ReviewWorld
) -> None:
    client = csrf_app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    client.post("/login", data={"username": "org", "password": "password123", "csrf_token": token_in(login_page)})
    base = f"/contests/{world.contest.id}/review"
    criterion = world.rubric.criteria[0]
    assert client.post(f"{base}/criteria/{criterion.id}/remove").status_code == 400
    assert client.post(f"{base}/assignments/run").status_code == 400
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == 4
    page_html = client.get(f"{base}/rubric").get_data(as_text=True)
    response = client.post(f"{base}/criteria/{criterion.id}/remove", data={"csrf_token": token_in(page_html)})
    assert response.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Criterion)) == 3
