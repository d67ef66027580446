"""A contest's data kept between requests (services.programming.kept_contests) never hides a change: whatever an
organiser changes of the contest, its problems or its settings, in whichever process (here: a session of its own,
on a connection of its own, as another process's would be), the next contestant's request sees it; Redis has no
part in it, so a Redis that is down changes nothing."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.extensions import db
from app.models import Contest, ContestProblem, Problem, ProblemImage, ProgrammingSettings, Quiz, Submission
from app.queue import connection
from app.redis_guard import guarded_client
from app.services.contests import data_versions
from app.timeutil import utcnow
from tests import builders
from tests.builders import row_of
from tests.conftest import AuthActions

from . import programming_helpers, quiz_helpers
from .programming_helpers import add_problem, login
from .test_query_counts import counting

world = programming_helpers.world  # a running contest, its organiser, two registered students, one not


@pytest.fixture(autouse=True)
def _no_submission_slots(app: Flask) -> None:
    """No submission slot left in Redis by another test's submissions (users' ids repeat from test to test)."""
    connection().flushdb()


@contextmanager
def elsewhere() -> Iterator[Session]:
    """A session of its own, committed at the end: what another process or host would change."""
    with Session(db.engine) as other:
        yield other
        other.commit()


def _version(contest_id: int) -> int:
    with Session(db.engine) as other:
        return other.scalars(select(Contest.data_version).where(Contest.id == contest_id)).one()


def _page(client: FlaskClient, world: dict[str, int], path: str = "/problems/A") -> tuple[int, str]:
    response = client.get(f"/contests/{world['contest']}{path}")
    return response.status_code, response.get_data(as_text=True)


def _submit(client: FlaskClient, world: dict[str, int], language: str = "python") -> int:
    url = f"/contests/{world['contest']}/problems/A/submit"
    return client.post(url, data={"language": language, "source": "print(1)\n"}).status_code


@pytest.fixture
def kept(app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]) -> int:
    """Problem A added, and alice's problem list and problem page read once: the process keeps the contest."""
    problem_id = add_problem(app, world)
    login(client, auth, "alice")
    assert _page(client, world, "/problems")[0] == 200
    assert _page(client, world)[0] == 200
    return problem_id


def test_a_problem_changed_elsewhere_shows_on_the_next_request(
    client: FlaskClient, world: dict[str, int], kept: int
) -> None:
    with elsewhere() as other:
        problem = other.get(Problem, kept)
        assert problem is not None
        problem.title, problem.time_limit_ms = "Tổng ba số", 2500
    status, page = _page(client, world)
    assert status == 200 and "Tổng ba số" in page and "2.5 s" in page
    assert "Tổng ba số" in _page(client, world, "/problems")[1]


def test_a_problem_moved_to_another_board_is_hidden_on_the_next_request(
    client: FlaskClient, world: dict[str, int], kept: int
) -> None:
    with elsewhere() as other:
        item = other.scalars(select(ContestProblem).where(ContestProblem.problem_id == kept)).one()
        item.category_id = world["C"]  # alice is on board B
    assert _page(client, world)[0] == 403
    assert _submit(client, world) == 403
    assert 'href="/contests/{}/problems/A"'.format(world["contest"]) not in _page(client, world, "/problems")[1]


def test_a_problem_added_or_removed_elsewhere_shows_on_the_next_request(
    app: Flask, client: FlaskClient, world: dict[str, int], kept: int
) -> None:
    add_problem(app, world, label="B")
    assert "/problems/B" in _page(client, world, "/problems")[1]
    assert _page(client, world, "/problems/B")[0] == 200
    with elsewhere() as other:
        other.delete(other.scalars(select(ContestProblem).where(ContestProblem.label == "B")).one())
    assert "/problems/B" not in _page(client, world, "/problems")[1]
    assert _page(client, world, "/problems/B")[0] == 403


def test_a_language_refused_elsewhere_is_refused_on_the_next_submission(
    client: FlaskClient, world: dict[str, int], kept: int
) -> None:
    with elsewhere() as other:
        settings = other.get(ProgrammingSettings, world["contest"]) or ProgrammingSettings(contest_id=world["contest"])
        settings.languages = "cpp"
        other.add(settings)
    assert 'value="python"' not in _page(client, world)[1]
    assert _submit(client, world, "python") == 400
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


def test_a_window_closed_elsewhere_refuses_the_next_submission(
    client: FlaskClient, world: dict[str, int], kept: int
) -> None:
    with elsewhere() as other:
        contest = other.get(Contest, world["contest"])
        assert contest is not None
        contest.submission_closes = utcnow() - timedelta(minutes=1)
    assert _submit(client, world) == 302  # back to the problem list, with the reason
    assert "Time is up" in _page(client, world, "/problems")[1]
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0


@pytest.mark.parametrize(
    "change",
    [
        lambda other, problem_id: setattr(other.get(Problem, problem_id), "statement_vi", "# Mới"),
        lambda other, problem_id: other.add(
            ProblemImage(problem_id=problem_id, name="h.png", content_hash="0" * 64, image_format="png", size=1)
        ),
        lambda other, problem_id: other.delete(other.get(Problem, problem_id)),
    ],
    ids=["statement", "image", "problem deleted"],
)
def test_every_change_of_a_contests_data_gives_it_a_new_version(
    world: dict[str, int], kept: int, change: Callable[[Session, int], None]
) -> None:
    before = _version(world["contest"])
    with elsewhere() as other:
        change(other, kept)
    assert _version(world["contest"]) != before


def test_a_submission_keeps_the_contests_version(client: FlaskClient, world: dict[str, int], kept: int) -> None:
    """Contestants' own rows are not the contest's data: what a process keeps stays current while they submit."""
    before = _version(world["contest"])
    assert _submit(client, world) == 302
    assert _version(world["contest"]) == before


def test_a_version_raised_by_hand_is_seen(client: FlaskClient, world: dict[str, int], kept: int) -> None:
    """A bulk or raw change passes the hook by, and says so with ``new_versions``."""
    with elsewhere() as other:
        other.connection().execute(update(Problem).where(Problem.id == kept).values(title="Đổi tay"))
        data_versions.new_versions(other, problem_ids=[kept])
    assert "Đổi tay" in _page(client, world)[1]


def test_with_redis_down_the_pages_are_right_and_fresh(
    app: Flask, client: FlaskClient, world: dict[str, int], kept: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(app.extensions, "hoithi_redis", guarded_client("redis://127.0.0.1:1/0"))
    with elsewhere() as other:
        problem = other.get(Problem, kept)
        assert problem is not None
        problem.title = "Khi Redis nghỉ"
    assert "Khi Redis nghỉ" in _page(client, world)[1]
    assert "Khi Redis nghỉ" in _page(client, world, "/problems")[1]
    assert _submit(client, world) == 302  # stored as queued, for the reconciler
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1


def test_a_boards_theory_test_is_kept_and_its_removal_seen(app: Flask, client: FlaskClient, auth: AuthActions) -> None:
    """A pupil of a board with a theory test is offered it on the problem list, with no query for it while the
    contest is kept; a test removed elsewhere is offered no more."""
    world = quiz_helpers.board_world()
    contest, board = world["contest"], world["board"]
    builders.programming_problem(contest, category=board)
    quiz_helpers.quiz(world["organiser"], contest, board, [("Tin học", 1, 2)])
    db.session.commit()
    login(client, auth, "an")
    problems = f"/contests/{contest.id}/problems"
    assert 'id="theory-test"' in client.get(problems).get_data(as_text=True)
    with counting() as statements:
        assert 'id="theory-test"' in client.get(problems).get_data(as_text=True)
    assert len(statements) <= 3, statements  # the user, the version with the registration, the best scores
    with elsewhere() as other:
        other.delete(other.scalars(select(Quiz).where(Quiz.contest_id == contest.id)).one())
    assert 'id="theory-test"' not in client.get(problems).get_data(as_text=True)


def test_a_problem_owned_by_no_contest_but_set_in_one_gives_it_a_new_version_when_deleted(
    world: dict[str, int],
) -> None:
    """Its contest is found before the deletion takes the row that names it with it (ON DELETE CASCADE)."""
    item = builders.programming_problem(row_of(Contest, world["contest"]), "B")  # imported with no owning contest
    db.session.commit()
    before = _version(world["contest"])
    with elsewhere() as other:
        other.delete(other.get(Problem, item.problem_id))
    assert _version(world["contest"]) != before
