"""The scoreboard's cost in SQL: the number of statements does not grow with the number of contestants."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import Connection, event

from app.extensions import db
from app.models import Contest, Problem, ScoreboardMode
from app.queue import connection
from app.services.programming import scoreboard

from ...factories import SchoolFactory
from .helpers import _contestant, _problem, _settings, _submit


@contextmanager
def _counting() -> Iterator[list[str]]:
    statements: list[str] = []

    def count(conn: Connection, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def _add_contestants(contest: Contest, problems: list[Problem], n: int) -> None:
    school = SchoolFactory()
    for i in range(n):
        user = _contestant(contest, f"Thí sinh {i}", school)
        for j, problem in enumerate(problems):
            tests = (("secret/g1", "AC", 10.0), ("secret/g2", "WA", 0.0))
            _submit(user, problem, 10 + i + j, 10, "WA", tests=tests)
            _submit(user, problem, 20 + i + j, verdict="CE")
    db.session.commit()


@pytest.mark.parametrize("settings", [{}, {"best_per_subtask": True}, {"scoreboard_mode": ScoreboardMode.ICPC}])
def test_sql_statements_do_not_grow_with_contestants(
    client: FlaskClient, contest: Contest, settings: dict[str, object]
) -> None:
    _settings(contest, freeze_minutes=60, **settings)
    problems = [_problem(contest, label) for label in "ABC"]
    _add_contestants(contest, problems, 2)

    def statements() -> int:
        scoreboard.forget(connection(), contest.id)
        with _counting() as seen:
            assert client.get(f"/contests/{contest.id}/scoreboard").status_code == 200
        return len(seen)

    few = statements()
    _add_contestants(contest, problems, 25)
    assert statements() == few <= 8
