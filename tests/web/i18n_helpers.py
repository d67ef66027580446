"""Activity on top of the demo data, so that the pages of judging, proposals and the audit log have rows to show
when every page is checked for English."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Contest,
    ContestKind,
    ContestProblem,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    User,
)
from app.services import audit, judging, proposals, registrations
from submissions.store import ContentStore

SUM = Path(__file__).resolve().parents[1] / "judge" / "data" / "themis" / "SUM"
SCHOOL_PROPOSAL = {
    "title": "Hội thi Tin học trẻ cấp trường",
    "summary": "Học sinh lập trình Scratch và Python.",
    "rules": "Thi cá nhân, 90 phút.",
    "proposer": {"name": "Trường THCS Hải Dương", "kind": "school"},
    "organisers": [{"name": "Trường THCS Hải Dương", "kind": "school"}],
    "prizes": [{"kind": "certificates", "description": "Giấy khen của Hiệu trưởng"}],
}
COMPANY = {"name": "Công ty TNHH Phần mềm Sao Việt", "kind": "business"}
COMPANY_PROPOSAL = {
    **SCHOOL_PROPOSAL,
    "title": "Cuộc thi Lập trình sáng tạo",
    "organisers": [SCHOOL_PROPOSAL["proposer"], COMPANY],
    "sponsors": [{**COMPANY, "contribution": "money", "details": "Tài trợ 50 triệu đồng"}],
}


def _user(username: str) -> User:
    return db.session.scalars(select(User).where(User.username == username)).one()


def add_activity(app: Flask) -> None:
    """The demo student registered in the programming contest, a problem with submissions in every state, a
    proposal approved by screening and one flagged for the Sở, and the settings of the programming contest
    changed: rows whose values the pages must show in words."""
    student, organiser, coordinator = _user("hocsinh"), _user("btc"), _user("dieuphoi")
    contest = db.session.scalars(select(Contest).where(Contest.kind == ContestKind.INFORMATICS)).one()
    category = next(c for c in contest.categories if c.code == "B")
    registrations.register(db.session, student, contest, member_ids=[student.id], category_id=category.id)
    store = ContentStore(app.config["STORAGE_DIR"])
    problem = judging.import_problem(db.session, store, SUM, code="SUM", contest_id=contest.id)
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label="A", position=1))
    states = [
        (SubmissionStatus.QUEUED, None, 0, 0),
        (SubmissionStatus.COMPILING, None, 0, 0),
        (SubmissionStatus.RUNNING, None, 2, 5),
        (SubmissionStatus.DONE, "WA", 5, 5),
        (SubmissionStatus.DONE, "CE", 0, 0),
        (SubmissionStatus.ERROR, "JE", 0, 5),
    ]
    for status, verdict, done, total in states:
        submission = Submission(
            problem_id=problem.id,
            user_id=student.id,
            language="python",
            source="print(sum(map(int, input().split())))\n",
            status=status,
            verdict=verdict,
            progress_done=done,
            progress_total=total,
            score=0.0 if status is SubmissionStatus.DONE else None,
            max_score=problem.max_score,
            worker="hoithi-worker-host1-1234" if status is not SubmissionStatus.QUEUED else None,
        )
        if verdict == "WA":
            submission.tests = [
                SubmissionTest(position=1, name="Test01", verdict="AC", time_ms=12, memory_kb=9000, score=10.0),
                SubmissionTest(position=2, name="Test02", verdict="WA", time_ms=11, memory_kb=9000, score=0.0),
            ]
        db.session.add(submission)
    audit.record(
        db.session,
        "programming.settings",
        actor_id=organiser.id,
        object_type="contest",
        object_id=contest.id,
        data={"scoreboard_mode": "ioi"},
    )
    with app.test_request_context():
        for content in (SCHOOL_PROPOSAL, COMPANY_PROPOSAL):
            proposal = proposals.create_draft(db.session, coordinator, dict(content), None, None)
            proposals.submit(db.session, coordinator, proposal)
    db.session.flush()
