"""A programming contest nobody but its staff and the Sở's reviewers may see (its proposal not approved: flagged and
waiting, sent back, rejected; or a draft again) is hidden from its registered contestants on every page of theirs,
not only on the contest's own page: its problems, a statement's PDF, submitting, test runs, their submissions and
questions answer 404 and store nothing (``policies.contests.may_see``). Until 6 Dec 2026 only the contest's page,
results, scoreboard, awards and quizzes did; the problems and the submit form went on working. Its proposal's
decision changes the contest's data version, so that a kept contest (``kept_contests``) is read again at once."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Clarification, Contest, ContestStatus, ProposalStatus, Submission, TestRun
from tests.builders import present, row_of
from tests.conftest import AuthActions

from .programming_helpers import add_problem, login, world

__all__ = ["world"]  # the fixture, from programming_helpers

PAGES = ("/problems", "/problems/A", "/problems/A/statement.pdf", "/submissions", "/clarifications")


def _stored() -> tuple[int, int, int]:
    return tuple(  # type: ignore[return-value]
        db.session.scalar(select(func.count()).select_from(model)) or 0
        for model in (Submission, TestRun, Clarification)
    )


def _hide(contest_id: int, status: ProposalStatus | None) -> None:
    """The contest's proposal given ``status``, or (None) the contest made a draft again, through the ORM."""
    contest = row_of(Contest, contest_id)
    if status is None:
        contest.status = ContestStatus.DRAFT
    else:
        present(contest.proposal).status = status
    db.session.commit()


@pytest.mark.parametrize("status", [ProposalStatus.IN_REVIEW, ProposalStatus.REJECTED, None])
def test_a_contest_nobody_may_see_is_hidden_from_its_contestants(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int], status: ProposalStatus | None
) -> None:
    add_problem(app, world)
    base = f"/contests/{world['contest']}"
    login(client, auth, "alice")
    assert client.get(base + "/problems").status_code == 200  # kept by this process from now on
    _hide(world["contest"], status)
    for page in PAGES:
        assert client.get(base + page).status_code == 404, page
    program = {"source": "print(1)", "language": "python"}
    assert client.post(base + "/problems/A/submit", data=program).status_code == 404
    assert client.post(base + "/problems/A/test-runs", data={**program, "run_input": "1 2"}).status_code == 404
    assert client.post(base + "/clarifications", data={"question": "Đề bài A có sai không?"}).status_code == 404
    assert _stored() == (0, 0, 0)


def test_its_staff_still_see_it_and_its_contestants_again_once_approved(
    app: Flask, client: FlaskClient, auth: AuthActions, world: dict[str, int]
) -> None:
    add_problem(app, world)
    base = f"/contests/{world['contest']}"
    _hide(world["contest"], ProposalStatus.IN_REVIEW)
    login(client, auth, "org")
    assert client.get(base + "/problems").status_code == 200
    assert client.get(base + "/problems/A").status_code == 200
    client.post("/logout")
    login(client, auth, "alice")
    assert client.get(base + "/problems/A").status_code == 404
    _hide(world["contest"], ProposalStatus.APPROVED)
    assert client.get(base + "/problems/A").status_code == 200
