"""The demo's Bảng C round run as teams of two: an upper secondary school's coordinator registers two teams, the
contest has the demo's sum problem (the same Themis task as Bảng B's), and members of both teams have submitted,
judged already (stored as a judge worker stores its report), so that the scoreboard has one row per team."""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import exists, select

from submissions.store import ContentStore

from ...extensions import DbSession
from ...models import ContestProblem
from ..contests import registrations
from ..programming import problem_admin
from .contests import TEAMS, contest_of
from .informatics import TASK, DemoSubmission, judged, package
from .people import user

BOARD = "C"
COORDINATOR = "dp.hongquang"
# team name, its members
TEAM_MEMBERS = [("Đội Sao Mai", ["hs.duy", "hs.trang"]), ("Đội Bình Minh", ["hs.nam", "hs.ngocmai"])]
SUBMISSIONS = [
    DemoSubmission("hs.nam", "overflow", 140),
    DemoSubmission("hs.trang", "slow", 130),
    DemoSubmission("hs.duy", "accepted_cpp", 115),
    DemoSubmission("hs.ngocmai", "accepted", 60),
]


def load_teams(session: DbSession, store: ContentStore, now: datetime) -> None:
    """The teams, the problem and the members' judged submissions, unless the contest has a problem already (the
    contest and the people must be loaded)."""
    contest = contest_of(session, TEAMS)
    if session.scalar(select(exists().where(ContestProblem.contest_id == contest.id))):
        return
    board = next(c for c in contest.categories if c.code == BOARD)
    coordinator = user(session, COORDINATOR)
    for name, usernames in TEAM_MEMBERS:
        members = [user(session, username).id for username in usernames]
        registrations.register(session, coordinator, contest, member_ids=members, category_id=board.id, team_name=name)
    with tempfile.TemporaryDirectory() as folder:
        upload = problem_admin.ProblemUpload(
            label="A", filename=f"{TASK}.zip", code=TASK, title="Tính tổng", category_id=board.id
        )
        # the package has no reference solutions, so the sandbox named is never started
        problem = problem_admin.add_problem(
            session, store, "auto", contest, user(session, "btc"), package(Path(folder)), upload
        ).problem
    for item in SUBMISSIONS:
        session.add(judged(problem, user(session, item.username), item, now - timedelta(minutes=item.minutes_ago)))
    session.flush()
