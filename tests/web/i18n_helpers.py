"""Activity on top of the demo data, so that the pages of judging, proposals and the audit log have rows in every
state when every page is checked for English."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import select

from app.extensions import db
from app.models import (
    ContestProblem,
    Problem,
    Submission,
    SubmissionStatus,
    User,
)
from app.services.demo.contests import INFORMATICS, contest_of
from app.services.proposals import workflow
from app.services.records import audit

SCHOOL_PROPOSAL: dict[str, Any] = {
    "title": "Hội thi Tin học trẻ cấp trường",
    "summary": "Học sinh lập trình Scratch và Python.",
    "rules": "Thi cá nhân, 90 phút.",
    "proposer": {"name": "Trường THCS Hải Dương", "kind": "school"},
    "organisers": [{"name": "Trường THCS Hải Dương", "kind": "school"}],
    "prizes": [{"kind": "certificates", "description": "Giấy khen của Hiệu trưởng"}],
}
COMPANY = {"name": "Công ty TNHH Phần mềm Sao Việt", "kind": "business"}
COMPANY_PROPOSAL: dict[str, Any] = {
    **SCHOOL_PROPOSAL,
    "title": "Cuộc thi Lập trình sáng tạo",
    "organisers": [SCHOOL_PROPOSAL["proposer"], COMPANY],
    "sponsors": [{**COMPANY, "contribution": "money", "details": "Tài trợ 50 triệu đồng"}],
}


def _user(username: str) -> User:
    return db.session.scalars(select(User).where(User.username == username)).one()


def add_activity(app: Flask) -> None:
    """What the demo data has no place for, on top of it: submissions of the demo student that are still waiting,
    being compiled or run, or that the judge gave up on (a demo's would be judged by the first worker started), a
    proposal approved by screening and one flagged for the Sở, and the settings of the programming contest changed:
    rows whose values the pages must show in words. The demo has the judged submissions, entries, sheets and
    awards."""
    student, organiser, coordinator = _user("hocsinh"), _user("btc"), _user("dieuphoi")
    contest = contest_of(db.session, INFORMATICS)
    problem = db.session.scalars(
        select(Problem).join(ContestProblem).where(ContestProblem.contest_id == contest.id, Problem.code == "TONG")
    ).one()
    states = [
        (SubmissionStatus.QUEUED, None, 0, 0),
        (SubmissionStatus.COMPILING, None, 0, 0),
        (SubmissionStatus.RUNNING, None, 2, 5),
        (SubmissionStatus.ERROR, "JE", 0, 5),
    ]
    for status, verdict, done, total in states:
        db.session.add(
            Submission(
                problem_id=problem.id,
                user_id=student.id,
                language="python",
                source="print(sum(map(int, input().split())))\n",
                status=status,
                verdict=verdict,
                progress_done=done,
                progress_total=total,
                max_score=problem.max_score,
                worker="hoithi-worker-host1-1234" if status is not SubmissionStatus.QUEUED else None,
            )
        )
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
            proposal = workflow.create_draft(db.session, coordinator, dict(content), None, None)
            workflow.submit(db.session, coordinator, proposal)
    db.session.flush()
