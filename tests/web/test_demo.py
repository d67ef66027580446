"""``hoithi demo`` loads the demo data, loading it twice changes nothing, and every role finds the demo at work:
entries with their files, sheets in every state, published awards, a programming contest with judged
submissions, a scoreboard, a test run and clarifications, and its Bảng A with judged Scratch projects, a theory
test and the board's combined result."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AuditEntry,
    Award,
    Clarification,
    Contest,
    ContestKind,
    Entry,
    EntryFile,
    PanelMember,
    Problem,
    Proposal,
    ProposalStatus,
    Quiz,
    Registration,
    Rubric,
    ScoreSheet,
    Sheet,
    Submission,
    SubmissionTest,
    TestRun,
    Unit,
    UnitKind,
    User,
)
from app.services.demo import primary, proposals, theory
from app.services.demo.contests import (
    CREATIVITY_PUBLISHED,
    ELEARNING,
    ELEARNING_SCORING,
    INFORMATICS,
    TEAMS,
    contest_of,
)
from app.services.records import audit
from app.services.results.aggregation import Agreement
from app.services.results.ranking import ranked_results
from app.timeutil import format_date, to_local
from judge.package import load_problem
from submissions.store import LocalStore
from submissions.validate import check_file

COUNTED = (
    Unit,
    User,
    Contest,
    AuditEntry,
    Entry,
    EntryFile,
    ScoreSheet,
    Award,
    Problem,
    Quiz,
    Registration,
    Submission,
    SubmissionTest,
    TestRun,
    Clarification,
)


def _counts(app: Flask) -> dict[str, int]:
    counts = {m.__name__: db.session.scalar(select(func.count()).select_from(m)) or 0 for m in COUNTED}
    counts["stored files"] = sum(1 for p in Path(app.config["STORAGE_DIR"]).rglob("*") if p.is_file())
    return counts


def _demo(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output


def _log_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    assert client.post("/login", data={"username": username, "password": "hoithi-demo"}).status_code == 302
    return client


def _text(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_demo_twice(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo"])
    assert first.exit_code == 0, first.output
    assert "hocsinh" in first.output and "hoithi-demo" in first.output
    counts = _counts(app)
    assert all(counts.values()), counts
    second = runner.invoke(args=["demo"])
    assert second.exit_code == 0
    assert "(0 new accounts)" in second.output
    assert _counts(app) == counts
    districts = db.session.scalars(select(Unit).where(Unit.kind == UnitKind.DISTRICT_OFFICE)).all()
    assert len(districts) == 12
    assert any("Tứ Kỳ" in d.name for d in districts)
    assert {c.kind.value for c in db.session.scalars(select(Contest))} == {"elearning", "informatics", "creativity"}
    roles = set().union(*(u.roles for u in db.session.scalars(select(User))))
    assert {r.value for r in roles} == {"student", "teacher", "coordinator", "judge", "organiser", "reviewer", "admin"}
    assert audit.verify(db.session) == []
    for contest in db.session.scalars(select(Contest).where(Contest.kind != ContestKind.INFORMATICS)):
        rubric = db.session.scalars(select(Rubric).where(Rubric.contest_id == contest.id)).one()
        assert len(rubric.criteria) == 4  # from the contest's template
        head = db.session.scalars(
            select(PanelMember).where(PanelMember.contest_id == contest.id, PanelMember.is_head)
        ).one()
        assert head.user.username == "giamkhao"


def test_demo_accounts_can_log_in_and_contests_are_open(app: Flask) -> None:
    _demo(app)
    page = _text(_log_in(app, "hocsinh"), "/")
    assert page.count("Đang mở đăng ký") == 4  # Tin học trẻ (and its round of teams), e-Learning, creativity


def test_entries_files_are_valid_and_kept_in_the_store(app: Flask) -> None:
    _demo(app)
    store = LocalStore(app.config["STORAGE_DIR"])
    files = db.session.scalars(select(EntryFile)).all()
    assert {f.kind.value for f in files} == {"html5", "document", "image"}
    for file in files:
        report = check_file(store.verify(file.sha256), declared_name=file.original_name)
        assert report.ok and report.kind == file.kind.value, (file.original_name, report.problems)
    teacher = _log_in(app, "giaovien")
    entry = db.session.scalars(select(Entry).where(Entry.contest_id == contest_of(db.session, ELEARNING).id)).one()
    page = teacher.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "bai-giang.zip" in page and "ke-hoach-bai-day.pdf" in page
    preview = re.search(r'href="(/preview/[^"]+)"', page)
    assert preview is not None
    lecture = teacher.get(preview.group(1))
    assert lecture.status_code == 200 and "Bảo vệ nguồn nước ở địa phương em" in lecture.get_data(as_text=True)
    lecture.close()


def test_the_judge_finds_sheets_in_every_state_and_a_discrepancy(app: Flask) -> None:
    _demo(app)
    queue = _text(_log_in(app, "giamkhao"), "/review/")
    assert all(state in queue for state in ("đã nộp", "bản nháp", "chưa chấm")), queue
    scoring = contest_of(db.session, ELEARNING_SCORING)
    results = _text(_log_in(app, "btc"), f"/contests/{scoring.id}/results/manage")
    assert "Kết quả chưa được công bố" in results
    (flagged,) = [
        r.entry.code for g in ranked_results(db.session, scoring) for r in g.entries if r.agreement is Agreement.FLAGGED
    ]
    assert f"{flagged}: chờ xử lý chênh lệch điểm" in results and "mới nộp 1/2 phiếu chấm" in results


def test_the_published_contest_shows_awards_and_certificates(app: Flask) -> None:
    _demo(app)
    contest = contest_of(db.session, CREATIVITY_PUBLISHED)
    student = _log_in(app, "hocsinh")
    results = student.get(f"/contests/{contest.id}/results").get_data(as_text=True)
    for level in ("Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích"):
        assert level in results
    published = format_date(to_local(contest.submission_closes + timedelta(days=14)).date())
    assert f"Công bố lúc {published}" in results  # two weeks after the deadline, not the day the demo was loaded
    certificate = re.search(r'href="([^"]+/certificates/[^"]+\.pdf)"', results)
    assert certificate is not None
    response = student.get(certificate.group(1))
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")


def test_the_programming_contest_has_a_problem_verdicts_a_scoreboard_and_questions(app: Flask) -> None:
    _demo(app)
    contest = contest_of(db.session, INFORMATICS)
    problem = db.session.scalars(select(Problem).where(Problem.contest_id == contest.id, Problem.code == "TONG")).one()
    loaded = load_problem(LocalStore(app.config["STORAGE_DIR"]).verify(problem.package_hash))
    assert (loaded.format, len(loaded.tests)) == ("themis", problem.test_count) == ("themis", 10)
    verdicts = set(db.session.scalars(select(Submission.verdict)))
    assert verdicts == {"AC", "WA", "TLE", "CE"}
    student = _log_in(app, "hocsinh")
    mine = _text(student, f"/contests/{contest.id}/submissions")
    assert "AC · Đúng" in mine and "WA · Sai kết quả" in mine and "CE · Lỗi biên dịch" in mine
    board = _text(student, f"/contests/{contest.id}/scoreboard")
    for name in ("Vũ Minh Đức", "Trịnh Gia Bảo", "Mai Phương Anh", "Phan Quốc Việt", "Cao Thùy Linh"):
        assert name in board
    page = _text(student, f"/contests/{contest.id}/problems/A")
    assert "Tính tổng" in page and "Chạy xong bình thường" in page  # the statement, and the test run
    questions = _text(student, f"/contests/{contest.id}/clarifications")
    assert "Hai số a và b có thể là số âm không ạ?" in questions and "Trả lời" in questions
    report = _text(_log_in(app, "btc"), f"/contests/{contest.id}/manage/problems/A")
    assert "Định dạng Themis" in report and "Đề bài Markdown" in report


def test_bang_a_has_judged_scratch_projects_a_theory_test_and_a_combined_result(app: Flask) -> None:
    _demo(app)
    contest = contest_of(db.session, INFORMATICS)
    board = next(c for c in contest.categories if c.code == "A")
    problem = db.session.scalars(select(Problem).where(Problem.code == primary.TASK)).one()
    loaded = load_problem(LocalStore(app.config["STORAGE_DIR"]).verify(problem.package_hash))
    assert (loaded.format, len(loaded.tests)) == ("themis", 10)
    projects = db.session.scalars(select(Submission).where(Submission.problem_id == problem.id)).all()
    assert {(s.language, s.verdict) for s in projects} == {("scratch", "AC"), ("scratch", "WA")}
    assert {s.score for s in projects} == {100.0, 30.0}  # the perimeter is right on 3 tests of 10
    quiz = db.session.scalars(select(Quiz).where(Quiz.category_id == board.id)).one()
    counts = [line["count"] for line in quiz.plan]
    assert all(isinstance(count, int) for count in counts)
    assert sum(count for count in counts if isinstance(count, int)) == 20 and quiz.theory_weight == theory.THEORY_WEIGHT
    sheets = db.session.scalars(select(Sheet).where(Sheet.quiz_id == quiz.id)).all()
    assert sorted((s.user.username, s.submitted, s.score) for s in sheets) == [
        ("hs.an", True, 16.0),  # every fifth question answered wrongly
        ("hs.chi", False, 14.0),  # every third; closed at the end of its time
    ]

    pupil = _text(_log_in(app, "hs.an"), f"/contests/{contest.id}/problems")
    assert "Diện tích hình chữ nhật" in pupil and "Tính tổng" not in pupil  # Bảng A sees its own task
    mine = _log_in(app, "hs.an")
    accepted = next(s for s in projects if s.verdict == "AC")
    page = _text(mine, f"/contests/{contest.id}/submissions/{accepted.id}")
    assert "Dự án em đã nộp" in page and "Mèo tính diện tích" in page
    result = _text(_log_in(app, "btc"), f"/contests/{contest.id}/manage/quiz/result")
    # hs.an: 40 × 16/20 + 60 × 100/100 = 92; hs.chi: 40 × 14/20 + 60 × 30/100 = 46
    assert re.search(r"1 Nguyễn Bình An .* 80% 100% 92 ", result), result
    assert re.search(r"2 Lê Minh Chi .* 70% 30% 46 ", result), result
    assert "Đinh Gia Khang" not in result  # registered, has taken no part yet


def test_the_round_of_teams_ranks_teams_on_its_scoreboard(app: Flask) -> None:
    _demo(app)
    contest = contest_of(db.session, TEAMS)
    teams = db.session.scalars(select(Registration).where(Registration.contest_id == contest.id)).all()
    assert sorted((t.team_name, t.team_code, len(t.members)) for t in teams) == [
        ("Đội Bình Minh", "C02", 2),
        ("Đội Sao Mai", "C01", 2),
    ]
    member = _log_in(app, "hs.trang")
    board = _text(member, f"/contests/{contest.id}/scoreboard")
    assert re.search(r"1 Đội Sao Mai .*Nguyễn Đức Duy.* 100 ", board), board
    assert re.search(r"1 Đội Bình Minh .*Vũ Ngọc Mai.* 100 ", board), board
    mine = _text(member, f"/contests/{contest.id}/submissions")  # the team's, with who sent each
    assert "Nguyễn Đức Duy" in mine and "Trần Thu Trang" in mine and "Hoàng Nhật Nam" not in mine


def test_the_reviewer_finds_a_flagged_proposal_and_the_school_an_approved_one(app: Flask) -> None:
    _demo(app)
    by_title = {p.title: p for p in db.session.scalars(select(Proposal))}
    school = by_title[proposals.SCHOOL_CONTEST["title"]]
    sponsored = by_title[proposals.SPONSORED_CONTEST["title"]]
    assert school.status is ProposalStatus.APPROVED and school.flags == []
    assert sponsored.status is ProposalStatus.IN_REVIEW and sponsored.flags
    reviewer = _log_in(app, "so.reviewer")
    assert "1 đề xuất đang chờ Sở quyết định" in _text(reviewer, "/home")
    queue = _text(reviewer, "/admin/proposals")
    assert f"{sponsored.title} Trường THCS Hải Dương" in queue and "đang chờ Sở xem xét S8-BUSINESS" in queue
    assert sponsored.title in _text(_log_in(app, "dieuphoi"), "/proposals/")
