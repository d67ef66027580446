"""The demo's contests, one in each state a school meets: the three contests of this school year open for
registration and entries (the Young Informatics contest twice: one pupil per entry, and its Bảng C round run as
teams of two), an e-Learning contest of last year whose entries are being scored, and a creativity
contest of last year with its results and awards published. Windows are set from the day the demo is loaded."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from ...extensions import DbSession
from ...models import (
    Contest,
    ContestKind,
    ContestRound,
    ContestStatus,
    Proposal,
    ProposalStatus,
    Unit,
    User,
)
from ..contests import organising
from ..contests.contest_kinds import KINDS
from ..contests.organising import CategoryLine
from ..records import audit
from ..reviews import panel, rubrics
from .people import DEPARTMENT, user


class Phase(enum.Enum):
    """Where a demo contest stands on the day the demo is loaded."""

    OPEN = "open"  # registration and the submission window open
    SCORING = "scoring"  # the submission window closed a few days ago: judges are scoring
    PUBLISHED = "published"  # closed months ago, its results published

    def windows(self, now: datetime) -> dict[str, datetime]:
        """The contest's registration and submission windows (UTC)."""
        days = {
            Phase.OPEN: (-7, 30, -1, 45),
            Phase.SCORING: (-60, -40, -45, -5),
            Phase.PUBLISHED: (-150, -130, -135, -100),
        }[self]
        names = ("registration_opens", "registration_closes", "submission_opens", "submission_closes")
        return {name: now + timedelta(days=d) for name, d in zip(names, days, strict=True)}


@dataclass(frozen=True)
class DemoContest:
    kind: ContestKind
    title: str
    school_year: str
    phase: Phase
    max_team_size: int
    open_to_students: bool

    @property
    def open_to_teachers(self) -> bool:
        return not self.open_to_students


INFORMATICS = DemoContest(
    ContestKind.INFORMATICS, "Hội thi Tin học trẻ tỉnh Hải Dương năm 2026", "2026-2027", Phase.OPEN, 1, True
)
TEAMS = DemoContest(
    ContestKind.INFORMATICS,
    "Hội thi Tin học trẻ tỉnh Hải Dương năm 2026 – Bảng C thi đội",
    "2026-2027",
    Phase.OPEN,
    2,
    True,
)
ELEARNING = DemoContest(
    ContestKind.ELEARNING, "Cuộc thi Thiết kế bài giảng e-Learning năm 2026", "2026-2027", Phase.OPEN, 2, False
)
CREATIVITY = DemoContest(
    ContestKind.CREATIVITY,
    "Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng năm 2026",
    "2026-2027",
    Phase.OPEN,
    5,
    True,
)
ELEARNING_SCORING = DemoContest(
    ContestKind.ELEARNING, "Cuộc thi Thiết kế bài giảng e-Learning năm 2025", "2025-2026", Phase.SCORING, 2, False
)
CREATIVITY_PUBLISHED = DemoContest(
    ContestKind.CREATIVITY,
    "Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng năm 2025",
    "2025-2026",
    Phase.PUBLISHED,
    5,
    True,
)
CONTESTS = [INFORMATICS, TEAMS, ELEARNING, CREATIVITY, ELEARNING_SCORING, CREATIVITY_PUBLISHED]
HEAD_JUDGE = "giamkhao"
JUDGES = [HEAD_JUDGE, "gk.tung", "gk.mai"]


def contest_of(session: DbSession, spec: DemoContest) -> Contest:
    """The demo contest ``spec`` (loaded already)."""
    return session.scalars(select(Contest).where(Contest.title == spec.title)).one()


def load_contests(session: DbSession, now: datetime) -> None:
    """Creates the contests of ``CONTESTS`` that are missing, each from an approved proposal of the Sở, with the
    default categories of its kind and, when people judge it, the rubric of its template and the demo's panel."""
    so = session.scalars(select(Unit).where(Unit.code == DEPARTMENT[0])).one()
    organiser, reviewer = user(session, "btc"), user(session, "so.reviewer")
    for spec in CONTESTS:
        if session.scalars(select(Contest).where(Contest.title == spec.title)).first():
            continue
        windows = spec.phase.windows(now)
        proposal = Proposal(
            title=spec.title,
            summary=spec.title,
            proposer_unit_id=so.id,
            status=ProposalStatus.APPROVED,
            decided_by_id=reviewer.id,
            decided_at=windows["registration_opens"] - timedelta(days=7),
            decision_reason="Dữ liệu mẫu",
        )
        contest = Contest(
            title=spec.title,
            kind=spec.kind,
            round=ContestRound.PROVINCE,
            school_year=spec.school_year,
            status=ContestStatus.PUBLISHED,
            organiser_unit_id=so.id,
            proposal=proposal,
            description="Cuộc thi mẫu để thử hoithi.",
            max_team_size=spec.max_team_size,
            allows_supervisor=spec.open_to_students,
            open_to_students=spec.open_to_students,
            open_to_teachers=spec.open_to_teachers,
            created_by_id=organiser.id,
            categories=[organising.new_category(CategoryLine(*line)) for line in KINDS[spec.kind].categories],
            **windows,
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
        if template := KINDS[spec.kind].rubric_template:
            _panel(session, organiser, contest, template)


def _panel(session: DbSession, organiser: User, contest: Contest, template: str) -> None:
    """A contest judged by people gets its rubric from the template and the demo's judges on its panel, the demo
    judge as its head judge."""
    rubrics.apply_template(session, organiser, contest, None, template)
    for username in JUDGES:
        member = panel.add_member(session, organiser, contest, user(session, username).id)
        if username == HEAD_JUDGE:
            panel.set_head(session, organiser, member, True)
