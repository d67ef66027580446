"""Shared builders of the programming-award tests: a closed contest, its award rules, scored contestants."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import (
    AwardLevel,
    Contest,
    Registration,
    Role,
    ScoreboardMode,
    User,
)
from app.services.programming import awards as programming_awards
from app.services.results import awards

from ..factories import CategoryFactory, ContestFactory, DepartmentFactory, SchoolFactory, UserFactory
from .scoreboard.helpers import START, _contestant, _problem, _settings, _submit

FIRST, SECOND, THIRD, CONSOLATION = AwardLevel.FIRST, AwardLevel.SECOND, AwardLevel.THIRD, AwardLevel.CONSOLATION


def _contest(mode: ScoreboardMode = ScoreboardMode.IOI) -> tuple[Contest, User]:
    """A programming contest that ran for three hours and closed an hour ago; an organiser of its unit."""
    department = DepartmentFactory(name="Sở Giáo dục và Đào tạo Điện Biên")
    contest = ContestFactory(
        title="Hội thi Tin học trẻ tỉnh Điện Biên",
        organiser_unit=department,
        submission_opens=START,
        submission_closes=START + timedelta(hours=3),
    )
    _settings(contest, scoreboard_mode=mode)
    organiser = UserFactory(username="btc", unit=department, roles={Role.ORGANISER})
    return contest, organiser


def _rules(contest: Contest, organiser: User, category_id: int | None = None, **quotas: int) -> None:
    awards.set_rules(
        db.session,
        organiser,
        contest,
        category_id,
        [awards.RuleSpec(AwardLevel(level), quota_count=n) for level, n in quotas.items()],
    )


def _levels(contest: Contest) -> dict[str, tuple[int, AwardLevel | None]]:
    return {
        p.row.name: (p.rank, p.level)
        for board in programming_awards.boards(db.session, contest)
        for p in board.placings
    }


def _scored(contest: Contest, points: dict[str, float]) -> dict[str, User]:
    problem = _problem(contest, "A", max_score=300)
    people = {}
    for name, score in points.items():
        people[name] = user = _contestant(contest, name)
        _submit(user, problem, 10, score, "AC" if score else "WA")
    return people


def contest_registrations(contest: Contest) -> list[Registration]:
    return db.session.query(Registration).filter_by(contest_id=contest.id).all()


def _published_world() -> tuple[Contest, User, User, User]:
    contest, organiser = _contest()
    board = CategoryFactory(contest=contest, code="B", name="Bảng B")
    school = SchoolFactory(name="Trường THCS Lê Quý Đôn")
    problem = _problem(contest, "A", max_score=300)
    nhung = _contestant(contest, "Nguyễn Thị Hồng Nhung", school)
    quang = _contestant(contest, "Đặng Quốc Quảng", school)
    for registration in contest_registrations(contest):
        registration.category_id = board.id
    _submit(nhung, problem, 20, 250)
    _submit(quang, problem, 25, 100)
    _rules(contest, organiser, first=1, second=1)
    db.session.commit()
    return contest, organiser, nhung, quang
