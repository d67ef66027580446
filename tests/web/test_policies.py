"""The rules of app/policies that many pages share: a contest's staff, and the draft rule and the Section 8 rule (a
contest whose proposal is not approved) on every page of it."""

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Contest, ContestKind, ContestStatus, ProposalStatus, Role, User
from app.policies import contests
from tests.conftest import AuthActions

from ..factories import ContestFactory, DepartmentFactory, UserFactory


@pytest.fixture
def draft(app: Flask) -> Contest:
    """A draft programming contest of the Sở, with its organiser, an organiser of another unit, a student."""
    department = DepartmentFactory()
    contest = ContestFactory(status=ContestStatus.DRAFT, kind=ContestKind.INFORMATICS, organiser_unit=department)
    UserFactory(username="btc", unit=department, roles={Role.ORGANISER})
    UserFactory(username="btc.khac", roles={Role.ORGANISER})
    UserFactory(username="quantri", roles={Role.ADMIN})
    UserFactory(username="hocsinh", unit=department, roles={Role.STUDENT})
    db.session.commit()
    return contest


def _user(username: str) -> User:
    return db.session.query(User).filter_by(username=username).one()


def test_the_staff_of_a_contest_are_the_administrators_and_the_organisers_of_its_unit(draft: Contest) -> None:
    assert contests.is_staff(_user("btc"), draft) and contests.is_staff(_user("quantri"), draft)
    assert not contests.is_staff(_user("btc.khac"), draft)  # an organiser, of another unit
    assert not contests.is_staff(_user("hocsinh"), draft)  # of the unit, not an organiser


def test_a_draft_is_seen_by_its_staff_only_and_a_published_contest_by_everyone(draft: Contest) -> None:
    assert contests.may_see(_user("btc"), draft) and contests.may_see(_user("quantri"), draft)
    for outsider in (None, _user("hocsinh"), _user("btc.khac")):
        assert not contests.may_see(outsider, draft)
    draft.status = ContestStatus.PUBLISHED
    assert contests.may_see(None, draft) and contests.may_see(_user("hocsinh"), draft)


PUBLIC_PAGES = ["/contests/{id}", "/contests/{id}/results", "/contests/{id}/scoreboard", "/contests/{id}/awards"]


@pytest.mark.parametrize("username", [None, "hocsinh", "btc.khac"])
def test_every_public_page_of_a_draft_answers_404_to_anyone_but_its_staff(
    client: FlaskClient, auth: AuthActions, draft: Contest, username: str | None
) -> None:
    if username:
        auth.login(username)
    for page in PUBLIC_PAGES:
        assert client.get(page.format(id=draft.id)).status_code == 404, page


def test_the_staff_of_a_draft_see_its_public_pages(client: FlaskClient, auth: AuthActions, draft: Contest) -> None:
    auth.login("btc")
    for page in PUBLIC_PAGES:
        assert client.get(page.format(id=draft.id)).status_code == 200, page


@pytest.mark.parametrize(
    "status", [ProposalStatus.IN_REVIEW, ProposalStatus.CHANGES_REQUESTED, ProposalStatus.REJECTED]
)
def test_a_contest_whose_proposal_is_not_approved_is_seen_by_its_staff_and_the_reviewers_only(
    client: FlaskClient, auth: AuthActions, draft: Contest, status: ProposalStatus
) -> None:
    draft.status = ContestStatus.PUBLISHED
    assert draft.proposal is not None
    draft.proposal.status = status
    UserFactory(username="sogd", roles={Role.REVIEWER})
    db.session.commit()
    for insider in ("btc", "quantri", "sogd"):
        assert contests.may_see(_user(insider), draft), insider
    for outsider in (None, _user("hocsinh"), _user("btc.khac")):
        assert not contests.may_see(outsider, draft)
        if outsider is not None:
            auth.login(outsider.username)
        for page in PUBLIC_PAGES:
            assert client.get(page.format(id=draft.id)).status_code == 404, (outsider, page)
        auth.logout()
    auth.login("sogd")
    assert client.get(f"/contests/{draft.id}").status_code == 200

    draft.proposal.status = ProposalStatus.APPROVED
    db.session.commit()
    assert contests.may_see(None, draft) and client.get(f"/contests/{draft.id}").status_code == 200
