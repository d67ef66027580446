"""The landing page: after login each role sees what waits for it, as counts and links, in Vietnamese, in a fixed
number of SQL statements."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import (
    AccountStatus,
    Assignment,
    ContestKind,
    ContestProblem,
    ProposalStatus,
    Role,
    ScoreSheet,
    SheetStatus,
)
from app.services.contests import registrations
from app.services.programming import grading
from app.timeutil import format_datetime, utcnow
from submissions.store import LocalStore

from ..factories import (
    ContestFactory,
    DepartmentFactory,
    DistrictFactory,
    EntryFactory,
    ProposalFactory,
    SchoolFactory,
    UserFactory,
)
from .test_query_counts import counting

SUM = Path(__file__).resolve().parents[1] / "judge" / "data" / "themis" / "SUM"


def _page(client: FlaskClient, username: str) -> str:
    response = client.post("/login", data={"username": username, "password": "password123"})
    assert response.headers["Location"] == "/home"
    page = client.get("/home")
    assert page.status_code == 200
    return page.get_data(as_text=True)


def test_anonymous_is_sent_to_log_in(client: FlaskClient) -> None:
    response = client.get("/home")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_judge_sees_the_entries_left_to_score_and_when_scoring_opens(client: FlaskClient) -> None:
    judge = UserFactory(username="gk", roles={Role.JUDGE})
    closed = ContestFactory(title="Thiết kế bài giảng", kind=ContestKind.ELEARNING)
    closed.submission_opens, closed.submission_closes = utcnow() - timedelta(days=3), utcnow() - timedelta(days=1)
    later = ContestFactory(title="Sáng tạo trẻ", kind=ContestKind.CREATIVITY)
    done_contest = ContestFactory(title="Đã chấm xong", kind=ContestKind.ELEARNING)
    entries = [EntryFactory(contest=closed) for _ in range(3)] + [EntryFactory(contest=later)]
    finished = EntryFactory(contest=done_contest)
    for entry in [*entries, finished]:
        db.session.add(Assignment(contest_id=entry.contest_id, entry_id=entry.id, judge_id=judge.id))
    for entry in (entries[0], finished):
        db.session.add(
            ScoreSheet(contest_id=entry.contest_id, entry_id=entry.id, judge_id=judge.id, status=SheetStatus.SUBMITTED)
        )
    db.session.add(  # a draft still waits
        ScoreSheet(contest_id=closed.id, entry_id=entries[1].id, judge_id=judge.id, status=SheetStatus.DRAFT)
    )
    db.session.commit()

    html = _page(client, "gk")
    assert "Trang của tôi" in html
    assert "3 bài dự thi đang chờ phiếu chấm của bạn." in html
    assert "còn 2/3 bài cần chấm" in html
    assert f"đang chấm, từ {format_datetime(closed.submission_closes)}" in html
    assert "còn 1/1 bài cần chấm" in html
    assert f"phiếu chấm mở lúc {format_datetime(later.submission_closes)}" in html
    assert "Đã chấm xong" not in html
    assert 'href="/review/"' in html


def test_a_coordinator_sees_accounts_to_confirm_and_registrations_closing_soon(client: FlaskClient) -> None:
    department = DepartmentFactory()
    office = DistrictFactory(parent=department)
    school = SchoolFactory(parent=office)
    elsewhere = SchoolFactory(parent=DistrictFactory(parent=department))
    coordinator = UserFactory(username="dp", unit=office, roles={Role.COORDINATOR})
    for unit in (office, school, elsewhere):
        UserFactory(unit=unit, status=AccountStatus.PENDING)
    UserFactory(unit=school)  # active: nothing to confirm
    soon = ContestFactory(title="Tin học trẻ cấp tỉnh", registration_closes=utcnow() + timedelta(days=3))
    ContestFactory(title="Còn lâu mới hết hạn", registration_closes=utcnow() + timedelta(days=40))
    ContestFactory(
        title="Chưa được duyệt",
        registration_closes=utcnow() + timedelta(days=2),
        proposal=ProposalFactory(status=ProposalStatus.IN_REVIEW),
    )
    ours = UserFactory(unit=school)
    registrations.register(db.session, coordinator, soon, member_ids=[ours.id])
    stranger = UserFactory(unit=elsewhere)  # another district's: not counted
    registrations.register(db.session, stranger, soon, member_ids=[stranger.id])
    db.session.commit()

    html = _page(client, "dp")
    assert "2 người đã đăng ký và đang chờ bạn xác nhận." in html
    assert 'href="/people/?status=pending"' in html
    assert "Sắp hết hạn đăng ký" in html
    assert "Tin học trẻ cấp tỉnh" in html and f"hết hạn lúc {format_datetime(soon.registration_closes)}" in html
    assert "đơn vị của bạn đã có 1 lượt đăng ký" in html
    assert f"/contests/{soon.id}/register-people" in html
    assert "Còn lâu mới hết hạn" not in html and "Chưa được duyệt" not in html


def test_a_reviewer_sees_the_proposals_waiting_for_the_department(client: FlaskClient) -> None:
    UserFactory(username="sr", unit=DepartmentFactory(), roles={Role.REVIEWER})
    waiting = [ProposalFactory(status=ProposalStatus.IN_REVIEW) for _ in range(2)]
    ProposalFactory(status=ProposalStatus.APPROVED)
    db.session.commit()

    html = _page(client, "sr")
    assert "2 đề xuất đang chờ Sở quyết định." in html
    assert f"Đề xuất cũ nhất được tạo lúc {format_datetime(min(p.created_at for p in waiting))}." in html
    assert 'href="/admin/proposals"' in html


def test_an_organiser_sees_submissions_waiting_for_the_judge_and_results_to_publish(
    app: Flask, client: FlaskClient
) -> None:
    department = DepartmentFactory()
    organiser = UserFactory(username="btc", unit=department, roles={Role.ORGANISER})
    running = ContestFactory(title="Lập trình THCS", organiser_unit=department)
    problem = grading.import_problem(db.session, LocalStore(app.config["STORAGE_DIR"]), SUM, code="SUM")
    db.session.add(ContestProblem(contest_id=running.id, problem_id=problem.id, label="A"))
    for _ in range(2):
        grading.create_submission(db.session, problem, b"print(3)\n", "python", organiser.id)
    ended = ContestFactory(title="Bài giảng E-Learning", organiser_unit=department, kind=ContestKind.ELEARNING)
    ended.submission_opens, ended.submission_closes = utcnow() - timedelta(days=9), utcnow() - timedelta(days=2)
    ContestFactory(title="Của đơn vị khác")
    db.session.commit()

    html = _page(client, "btc")
    assert "Hội thi đơn vị bạn tổ chức" in html
    assert "2 bài nộp đang chờ trình chấm" in html
    assert f'href="/contests/{running.id}/manage/judging"' in html
    assert f"Kết quả chờ công bố (hạn nộp bài đã kết thúc lúc {format_datetime(ended.submission_closes)})" in html
    assert f'href="/contests/{ended.id}/results/manage"' in html
    assert "Của đơn vị khác" not in html


def test_a_student_sees_their_contests_and_those_open_for_registration(client: FlaskClient) -> None:
    student = UserFactory(username="hs")
    entered = ContestFactory(title="Tin học trẻ Bảng B")
    ahead = ContestFactory(title="Vòng tỉnh", submission_opens=utcnow() + timedelta(days=5))
    ContestFactory(title="Sáng tạo thanh thiếu niên", registration_closes=utcnow() + timedelta(days=6))
    ContestFactory(title="Chỉ dành cho giáo viên", open_to_students=False, open_to_teachers=True)
    for contest in (entered, ahead):
        registrations.register(db.session, student, contest, member_ids=[student.id])
    db.session.commit()

    html = _page(client, "hs")
    assert "Hội thi của tôi" in html
    assert f"đang nhận bài đến {format_datetime(entered.submission_closes)}" in html
    assert f'href="/contests/{entered.id}/problems"' in html
    assert f"bắt đầu nhận bài lúc {format_datetime(ahead.submission_opens)}" in html
    assert "Đang mở đăng ký" in html and "Sáng tạo thanh thiếu niên" in html
    assert "Chỉ dành cho giáo viên" not in html


def test_the_page_makes_a_fixed_number_of_statements_whatever_the_data(app: Flask, client: FlaskClient) -> None:
    department = DepartmentFactory()
    everyone = UserFactory(
        username="all",
        unit=department,
        roles={Role.STUDENT, Role.TEACHER, Role.COORDINATOR, Role.JUDGE, Role.ORGANISER, Role.REVIEWER},
    )
    store = LocalStore(app.config["STORAGE_DIR"])

    def add_world() -> None:
        problem = grading.import_problem(db.session, store, SUM, code="SUM")  # a problem belongs to one contest
        contest = ContestFactory(organiser_unit=department, registration_closes=utcnow() + timedelta(days=2))
        db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A"))
        grading.create_submission(db.session, problem, b"print(3)\n", "python", everyone.id)
        registrations.register(db.session, everyone, contest, member_ids=[everyone.id])
        entry = EntryFactory(contest=ContestFactory(organiser_unit=department, kind=ContestKind.ELEARNING))
        db.session.add(Assignment(contest_id=entry.contest_id, entry_id=entry.id, judge_id=everyone.id))
        ProposalFactory(status=ProposalStatus.IN_REVIEW)
        UserFactory(unit=department, status=AccountStatus.PENDING)
        ContestFactory()  # open for registration, not entered

    add_world()
    db.session.commit()
    client.post("/login", data={"username": "all", "password": "password123"})
    with counting() as statements:
        assert client.get("/home").status_code == 200
    few = len(statements)
    for _ in range(25):
        add_world()
    db.session.commit()
    with counting() as statements:
        page = client.get("/home")
    assert page.status_code == 200
    assert len(statements) == few
    assert few <= 10
    assert "26 bài dự thi đang chờ phiếu chấm của bạn." in page.get_data(as_text=True)
