"""The theory test's pages: a pupil starts, ticks (each answer posted with its CSRF token), reloads, is refused
after the end; organisers import a bank (bad rows listed, nothing imported), write a question, set a test and
read the combined result."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Answer, Question, Quiz, Registration, Sheet
from app.services.quizzes import bank, bank_xlsx, scoring, sheets
from app.storage import content_store
from app.timeutil import utcnow
from tests.builders import row_of
from tests.conftest import AuthActions

from ..submissions.crafting import PNG
from .quiz_helpers import board_world, quiz, sheet_bytes


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"', page)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _login(client: FlaskClient, username: str) -> None:
    token = _token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": username, "password": "password123", "csrf_token": token})
    assert response.status_code == 302


def test_a_pupil_ticks_answers_reloads_and_is_refused_after_the_end(csrf_app: Flask) -> None:
    world = board_world()
    contest = world["contest"]
    made = quiz(world["organiser"], contest, world["board"], [("Tin học", 1, 2), ("Tin học", 3, 1)])
    db.session.commit()
    client = csrf_app.test_client()
    _login(client, "an")
    url = f"/contests/{contest.id}/quiz"
    page = client.get(url).get_data(as_text=True)
    assert 'id="start-quiz"' in page
    assert client.post(url + "/start", data={"csrf_token": _token(page)}).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert page.count('class="quiz-item"') == 3 and 'id="quiz-timer"' in page
    token = _token(page)
    sheet = db.session.query(Sheet).filter_by(quiz_id=made.id).one()
    first = scoring.item_ids(sheet)[0]

    refused = client.post(url + "/answer", data={"question": first, "option": 0})  # no token
    assert refused.status_code == 400 and "Biểu mẫu đã hết hạn" in refused.get_data(as_text=True)
    saved = client.post(url + "/answer", data={"csrf_token": token, "question": first, "option": 0})
    assert saved.status_code == 200 and saved.get_json() == {"saved": True}
    page = client.get(url).get_data(as_text=True)  # the reload shows the saved answer
    assert re.search(rf'name="q{first}" value="0" checked', page)

    db.session.expire_all()
    sheet = row_of(Sheet, sheet.id)
    sheet.ends_at = utcnow() - timedelta(seconds=sheets.GRACE_SECONDS + 1)
    db.session.commit()
    late = client.post(url + "/answer", data={"csrf_token": token, "question": first, "option": 1})
    assert late.status_code == 409 and "Đã hết giờ" in late.get_json()["error"]
    db.session.expire_all()
    assert db.session.query(Answer).filter_by(sheet_id=sheet.id).one().chosen == [0]
    page = client.get(url).get_data(as_text=True)
    assert 'id="quiz-score"' in page and "đóng khi hết giờ" in page
    printed = client.get(url + "/print").get_data(as_text=True)
    assert "Phiếu trả lời" in printed and "☒" in printed
    assert 'id="key-hidden"' in printed and not re.search(r'<li class="(chosen)? correct">', printed)
    made = row_of(Quiz, made.id)
    made.closes_at = utcnow() - timedelta(seconds=sheets.GRACE_SECONDS - 5)  # others' last answers still count
    db.session.commit()
    assert 'id="key-hidden"' in client.get(url + "/print").get_data(as_text=True)
    made.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    printed = client.get(url + "/print").get_data(as_text=True)
    assert 'id="key-hidden"' not in printed and re.search(r'<li class="(chosen)? correct">', printed)


def test_an_organiser_imports_writes_and_sets_a_test(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    world = board_world()
    contest, board = world["contest"], world["board"]
    db.session.commit()
    auth.login("btc")
    base = f"/contests/{contest.id}/manage/quiz"
    before = db.session.query(Question).count()
    bad = sheet_bytes([[1, "Tin học", "Dễ", "?", "a", "b", "", "", "", "", "", "", ""]])
    page = client.post(base + "/import", data={"file": (io.BytesIO(bad), "cau-hoi.xlsx")}).get_data(as_text=True)
    assert 'id="import-errors"' in page and "Câu hỏi không có đáp án đúng." in page
    assert db.session.query(Question).count() == before
    good = bank_xlsx.template()
    assert client.post(base + "/import", data={"file": (io.BytesIO(good), "mau.xlsx")}).status_code == 302
    assert db.session.query(Question).count() == before + 2

    form = {
        "topic": "Hình học",
        "difficulty": "2",
        "text": "Diện tích hình vuông cạnh $a$?",
        "option_a": "$a^2$",
        "option_b": "$2a$",
        "correct": "0",
        "points": "2",
    }
    assert client.post(base + "/questions/new", data=form).status_code == 302
    written = db.session.query(Question).filter_by(topic="Hình học").one()
    assert (written.options, written.correct, written.points) == (["$a^2$", "$2a$"], [0], 2.0)
    assert "$a^2$" in client.get(base).get_data(as_text=True)  # kept for KaTeX

    settings = {
        "opens_at": "2026-12-01T08:00",
        "closes_at": "2026-12-01T10:00",
        "duration_minutes": "30",
        "plan": "Hình học | 2 | 5",
        "theory_weight": "30",
    }
    page = client.post(f"{base}/boards/{board.id}", data=settings).get_data(as_text=True)
    assert "Ngân hàng có 1 câu hỏi chủ đề Hình học ở mức độ 2" in page
    settings["plan"] = "Hình học | 2 | 1\nTin học | 1 | 2"
    assert client.post(f"{base}/boards/{board.id}", data=settings).status_code == 302
    page = client.get(f"{base}/result").get_data(as_text=True)
    assert "Lý thuyết 30%, thực hành 70%" in page


def test_a_question_takes_an_image_checked_by_its_content(client: FlaskClient, auth: AuthActions, app: Flask) -> None:
    world = board_world()
    contest, first = world["contest"], world["easy"][0]
    db.session.commit()
    auth.login("btc")
    url = f"/contests/{contest.id}/manage/quiz/questions/{first.id}"
    form = {"topic": first.topic, "difficulty": "1", "text": first.text, "correct": "0", "points": "1"}
    form.update({f"option_{letter}": text for letter, text in zip("abcd", first.options, strict=True)})
    page = client.post(url, data={**form, "image": (io.BytesIO(b"MZ not an image"), "hinh.png")})
    assert page.status_code == 200 and "Tệp không phải là hình PNG, JPEG, GIF hoặc WebP." in page.get_data(as_text=True)
    db.session.expire_all()
    assert row_of(Question, first.id).image_hash is None
    assert client.post(url, data={**form, "image": (io.BytesIO(PNG), "hinh.png")}).status_code == 302
    db.session.expire_all()
    assert row_of(Question, first.id).image_format == "png"
    image = client.get(f"/contests/{contest.id}/quiz/questions/{first.id}/image")
    assert image.status_code == 200 and image.data == PNG and image.mimetype == "image/png"
    auth.logout()
    auth.login("an")  # a pupil whose sheet does not hold it may not know the question exists
    assert client.get(f"/contests/{contest.id}/quiz/questions/{first.id}/image").status_code == 404


def test_a_disqualified_pupil_may_not_open_start_or_answer_the_test(csrf_app: Flask) -> None:
    """The combined result leaves a disqualified pupil out, so the test refuses them as the problems page does,
    with the organisers' reason; one disqualified mid-test can save no more answers."""
    world = board_world()
    contest = world["contest"]
    made = quiz(world["organiser"], contest, world["board"], [("Tin học", 1, 2)])
    db.session.commit()
    client = csrf_app.test_client()
    _login(client, "an")
    url = f"/contests/{contest.id}/quiz"
    token = _token(client.get(url).get_data(as_text=True))
    assert client.post(url + "/start", data={"csrf_token": token}).status_code == 302
    sheet = db.session.query(Sheet).filter_by(quiz_id=made.id).one()
    first = scoring.item_ids(sheet)[0]
    for registration in db.session.query(Registration).filter_by(contest_id=contest.id):
        registration.disqualified_reason = "Chép bài"  # both pupils: "an" mid-test, "binh" before starting
    db.session.commit()

    page = client.get(url)
    said = "Bạn đã bị loại khỏi cuộc thi này: Chép bài"
    assert page.status_code == 403 and said in page.get_data(as_text=True)
    assert 'id="start-quiz"' not in page.get_data(as_text=True)
    late = client.post(url + "/answer", data={"csrf_token": token, "question": first, "option": 0})
    assert late.status_code == 409 and said in late.get_json()["error"]
    assert db.session.query(Answer).filter_by(sheet_id=sheet.id).count() == 0

    client.post("/logout", data={"csrf_token": token})
    _login(client, "binh")
    page = client.get(url)
    assert page.status_code == 403 and said in page.get_data(as_text=True)
    started = client.post(url + "/start", data={"csrf_token": _token(client.get("/login").get_data(as_text=True))})
    assert started.status_code == 302  # back to the page, which says why
    assert db.session.query(Sheet).filter_by(quiz_id=made.id).count() == 1  # binh was given no sheet


def test_quiz_pages_write_scores_as_the_scoreboard_does(client: FlaskClient, auth: AuthActions) -> None:
    """The theory test's pages wrote numbers with %g (12.75 with a point, in Vietnamese too): they are written
    as the scoreboard writes them (number_text: 12,75 in Vietnamese, 12.75 in English)."""
    world = board_world()
    contest = world["contest"]
    row_of(Question, world["easy"][0].id).points = 2.5
    made = quiz(world["organiser"], contest, world["board"], [("Tin học", 1, 2)])
    db.session.commit()
    assert auth.login("an").status_code == 302
    client.get("/lang/vi")
    url = f"/contests/{contest.id}/quiz"
    assert client.post(url + "/start").status_code == 302
    sheet = db.session.query(Sheet).filter_by(quiz_id=made.id).one()
    sheet.score, sheet.max_score, sheet.closed_at = 12.75, 20.5, utcnow()
    db.session.commit()
    assert "12,75 / 20,5" in client.get(url).get_data(as_text=True)
    assert "12,75 / 20,5" in client.get(url + "/print").get_data(as_text=True)
    client.get("/logout")
    assert auth.login("btc").status_code == 302
    client.get("/lang/vi")
    sheets_page = client.get(f"/contests/{contest.id}/manage/quiz/boards/{world['board'].id}/sheets")
    assert "12,75 / 20,5" in sheets_page.get_data(as_text=True)
    assert "<td>2,5</td>" in client.get(f"/contests/{contest.id}/manage/quiz").get_data(as_text=True)
    client.get("/lang/en")
    assert "12.75 / 20.5" in client.get(
        f"/contests/{contest.id}/manage/quiz/boards/{world['board'].id}/sheets"
    ).get_data(as_text=True)


def test_a_question_image_damaged_in_this_hosts_cache_is_fetched_again_not_served(
    client: FlaskClient,
    auth: AuthActions,
    app: Flask,
    s3_endpoint: str,
    s3_bucket: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With the store in a bucket, an image whose copy on this host was damaged after it was fetched is fetched
    again: the pupil's browser gets the image, never the damaged bytes (as a problem statement's image)."""
    settings = {"STORAGE_URL": f"s3://{s3_bucket}/app", "S3_ENDPOINT": s3_endpoint, "STORAGE_DIR": str(tmp_path)}
    for key, value in settings.items():
        monkeypatch.setitem(app.config, key, value)
    world = board_world()
    contest, first = world["contest"], world["easy"][0]
    store = content_store()
    bank.attach_image(db.session, store, world["organiser"], contest, first, io.BytesIO(PNG))
    db.session.commit()
    cached = store.verify(first.image_hash or "")
    cached.chmod(0o644)
    cached.write_bytes(PNG[:20] + bytes(len(PNG) - 20))  # the same size, its pixels gone
    auth.login("btc")
    image = client.get(f"/contests/{contest.id}/quiz/questions/{first.id}/image")
    assert image.status_code == 200 and image.data == PNG
