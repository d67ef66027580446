"""What an edit of a contest's settings may not change once work exists: its kind, a programming contest's
submission window (that is the judging settings' to change, with the organiser's confirmation of what it does to the
scores), and a category something refers to. Each check raises ``InvalidInput`` on the form's field, before
anything is changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select

from ...extensions import DbSession
from ...models import (
    Category,
    Contest,
    ContestKind,
    ContestProblem,
    PanelMember,
    Registration,
    Rubric,
    Submission,
)
from ..errors import InvalidInput
from .contest_kinds import is_programming


def check_kind_change(session: DbSession, contest: Contest, kind: ContestKind) -> None:
    """A contest's kind changes only while nobody is registered and it has no problems, rubrics or panel: its
    entries, submissions and results are reached through pages of its kind, and would be lost to view."""
    if kind is contest.kind:
        return
    for model in (Registration, ContestProblem, Rubric, PanelMember):
        if session.scalar(select(exists().where(model.contest_id == contest.id))):
            raise InvalidInput(
                _l(
                    "The contest's kind cannot change once people have registered or its problems, rubrics or panel "
                    "are set: its work and results belong to its kind."
                ),
                "kind",
            )


def check_window_change(session: DbSession, contest: Contest, opens: datetime, closes: datetime) -> None:
    """A programming contest's submission window moves here only while it has no submissions; once it has, on the
    judging settings page, which says how many would stop or start counting and asks the organiser to confirm."""
    if not is_programming(contest) or (opens, closes) == (contest.submission_opens, contest.submission_closes):
        return
    problem_ids = select(ContestProblem.problem_id).where(ContestProblem.contest_id == contest.id)
    total = session.scalar(select(func.count()).where(Submission.problem_id.in_(problem_ids))) or 0
    if total:
        raise InvalidInput(
            _l(
                "The contest already has %(total)d submissions: change its submission window on the judging settings "
                "page, which shows what the change does to the scores.",
                total=total,
            ),
            "submission_opens",
        )


def removed_categories(session: DbSession, contest: Contest, kept_codes: Iterable[str]) -> list[Category]:
    """The contest's categories whose codes are not in ``kept_codes``: each may go only while nothing refers to it
    (a registration, an entry, a problem, a rubric, a theory test...: every table with a key to it is asked)."""
    kept = set(kept_codes)
    removed = [c for c in contest.categories if c.code not in kept]
    for category in removed:
        if _referred_to(session, category):
            raise InvalidInput(
                _l(
                    "The category %(code)s cannot be removed: people are registered in it, or problems, rubrics or "
                    "tests are set for it.",
                    code=category.code,
                ),
                "categories",
            )
    return removed


def _referred_to(session: DbSession, category: Category) -> bool:
    key = Category.__table__.c.id
    columns = [f.parent for table in Category.metadata.sorted_tables for f in table.foreign_keys if f.column is key]
    return any(session.scalar(select(exists().where(column == category.id))) for column in columns)
