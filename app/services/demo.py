"""Demo data: the Sở GD&ĐT Hải Dương, its district offices and schools, one account per role, and one
contest of each kind. Loading it twice changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (
    Category,
    Contest,
    ContestKind,
    ContestRound,
    ContestStatus,
    Proposal,
    ProposalStatus,
    Role,
    SchoolLevel,
    Unit,
    UnitKind,
    User,
)
from ..timeutil import utcnow
from . import audit, panel, rubrics
from .contests import DEFAULT_CATEGORIES
from .passwords import hash_password
from .vnsort import sort_key

DEPARTMENT = ("SO-HD", "Sở GD&ĐT Hải Dương")
DISTRICTS = [
    ("HD-TP", "Phòng GD&ĐT thành phố Hải Dương", "Hải Dương"),
    ("HD-CL", "Phòng GD&ĐT thành phố Chí Linh", "Chí Linh"),
    ("HD-KM", "Phòng GD&ĐT thị xã Kinh Môn", "Kinh Môn"),
    ("HD-BG", "Phòng GD&ĐT huyện Bình Giang", "Bình Giang"),
    ("HD-CG", "Phòng GD&ĐT huyện Cẩm Giàng", "Cẩm Giàng"),
    ("HD-GL", "Phòng GD&ĐT huyện Gia Lộc", "Gia Lộc"),
    ("HD-KT", "Phòng GD&ĐT huyện Kim Thành", "Kim Thành"),
    ("HD-NS", "Phòng GD&ĐT huyện Nam Sách", "Nam Sách"),
    ("HD-NG", "Phòng GD&ĐT huyện Ninh Giang", "Ninh Giang"),
    ("HD-TH", "Phòng GD&ĐT huyện Thanh Hà", "Thanh Hà"),
    ("HD-TM", "Phòng GD&ĐT huyện Thanh Miện", "Thanh Miện"),
    ("HD-TK", "Phòng GD&ĐT huyện Tứ Kỳ", "Tứ Kỳ"),
]
UPPER_SECONDARY = [
    ("THPT-NT", "Trường THPT Chuyên Nguyễn Trãi"),
    ("THPT-HQ", "Trường THPT Hồng Quang"),
    ("THPT-NBK", "Trường THPT Nguyễn Bỉnh Khiêm"),
    ("THPT-CL", "Trường THPT Chí Linh"),
    ("GDTX-HD", "Trung tâm GDNN-GDTX thành phố Hải Dương"),
]
DEMO_PASSWORD = "hoithi-demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    roles: frozenset[Role]
    unit_code: str
    class_name: str | None = None


ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", frozenset({Role.ADMIN}), DEPARTMENT[0]),
    DemoAccount("so.reviewer", "Trần Thị Hương", frozenset({Role.REVIEWER}), DEPARTMENT[0]),
    DemoAccount("btc", "Lê Văn Minh", frozenset({Role.ORGANISER}), DEPARTMENT[0]),
    DemoAccount("giamkhao", "Phạm Thị Lan", frozenset({Role.JUDGE}), "THPT-HQ"),
    DemoAccount("dieuphoi", "Nguyễn Văn Hải", frozenset({Role.COORDINATOR}), "THCS-HD-TP"),
    DemoAccount("giaovien", "Đỗ Thị Thu", frozenset({Role.TEACHER}), "THCS-HD-TP"),
    DemoAccount("hocsinh", "Vũ Minh Đức", frozenset({Role.STUDENT}), "THCS-HD-TP", "8A1"),
]


def _unit(
    session: Session, code: str, name: str, kind: UnitKind, level: SchoolLevel | None, parent: Unit | None
) -> Unit:
    unit = session.scalars(select(Unit).where(Unit.code == code)).first()
    if unit is None:
        unit = Unit(code=code, name=name, kind=kind, level=level, parent=parent)
        session.add(unit)
    return unit


def _units(session: Session) -> None:
    so = _unit(session, DEPARTMENT[0], DEPARTMENT[1], UnitKind.DEPARTMENT, None, None)
    for code, name, place in DISTRICTS:
        office = _unit(session, code, name, UnitKind.DISTRICT_OFFICE, None, so)
        _unit(session, f"TH-{code}", f"Trường Tiểu học {place}", UnitKind.SCHOOL, SchoolLevel.PRIMARY, office)
        _unit(
            session,
            f"THCS-{code}",
            f"Trường THCS {place}",
            UnitKind.SCHOOL,
            SchoolLevel.LOWER_SECONDARY,
            office,
        )
    for code, name in UPPER_SECONDARY:
        kind, level = (
            (UnitKind.GDTX_CENTRE, SchoolLevel.GDTX)
            if code.startswith("GDTX")
            else (UnitKind.SCHOOL, SchoolLevel.UPPER_SECONDARY)
        )
        _unit(session, code, name, kind, level, so)
    session.flush()


def _accounts(session: Session) -> list[DemoAccount]:
    """Creates the demo accounts that are missing; returns the ones created."""
    created = []
    password_hash = hash_password(DEMO_PASSWORD)
    for account in ACCOUNTS:
        if session.scalars(select(User).where(User.username == account.username)).first():
            continue
        unit = session.scalars(select(Unit).where(Unit.code == account.unit_code)).one()
        user = User(
            username=account.username,
            full_name=account.full_name,
            sort_key=sort_key(account.full_name),
            unit_id=unit.id,
            password_hash=password_hash,
            class_name=account.class_name,
            date_of_birth=date(2012, 5, 19) if Role.STUDENT in account.roles else None,
        )
        user.set_roles(set(account.roles))
        session.add(user)
        created.append(account)
    session.flush()
    return created


RUBRIC_TEMPLATES = {ContestKind.ELEARNING: "elearning", ContestKind.CREATIVITY: "creativity"}


def _contests(session: Session) -> None:
    so = session.scalars(select(Unit).where(Unit.code == DEPARTMENT[0])).one()
    organiser = session.scalars(select(User).where(User.username == "btc")).one()
    reviewer = session.scalars(select(User).where(User.username == "so.reviewer")).one()
    now = utcnow().replace(minute=0, second=0, microsecond=0)
    specs = [
        (ContestKind.INFORMATICS, "Hội thi Tin học trẻ tỉnh Hải Dương năm 2026", 1, True, False),
        (ContestKind.ELEARNING, "Cuộc thi Thiết kế bài giảng e-Learning năm 2026", 2, False, True),
        (ContestKind.CREATIVITY, "Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng năm 2026", 5, True, False),
    ]
    for kind, title, team, students, teachers in specs:
        if session.scalars(select(Contest).where(Contest.title == title)).first():
            continue
        proposal = Proposal(
            title=title,
            summary=title,
            proposer_unit_id=so.id,
            status=ProposalStatus.APPROVED,
            decided_by_id=reviewer.id,
            decided_at=now,
            decision_reason="Dữ liệu mẫu",
        )
        contest = Contest(
            title=title,
            kind=kind,
            round=ContestRound.PROVINCE,
            school_year="2026-2027",
            status=ContestStatus.PUBLISHED,
            organiser_unit_id=so.id,
            proposal=proposal,
            description="Cuộc thi mẫu để thử hoithi.",
            registration_opens=now - timedelta(days=7),
            registration_closes=now + timedelta(days=30),
            submission_opens=now - timedelta(days=1),
            submission_closes=now + timedelta(days=45),
            max_team_size=team,
            allows_supervisor=students,
            open_to_students=students,
            open_to_teachers=teachers,
            created_by_id=organiser.id,
            categories=[Category(code=c, name=n) for c, n in DEFAULT_CATEGORIES[kind]],
        )
        session.add(contest)
        session.flush()
        audit.record(
            session,
            "contest.create",
            actor_id=organiser.id,
            object_type="contest",
            object_id=contest.id,
            reason="demo",
        )
        if kind in RUBRIC_TEMPLATES:
            _panel(session, organiser, contest, RUBRIC_TEMPLATES[kind])


def _panel(session: Session, organiser: User, contest: Contest, template: str) -> None:
    """A contest judged by people gets its rubric from the template and the demo judge as its head judge."""
    rubrics.apply_template(session, organiser, contest, None, template)
    judge = session.scalars(select(User).where(User.username == "giamkhao")).one()
    panel.set_head(session, organiser, panel.add_member(session, organiser, contest, judge.id), True)


def load_demo(session: Session) -> list[DemoAccount]:
    """Load whatever of the demo data is missing (in the caller's transaction); returns the accounts made."""
    _units(session)
    created = _accounts(session)
    _contests(session)
    return created
