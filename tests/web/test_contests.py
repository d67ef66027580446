"""Contests: creation, the public pages, and registration with its windows and rules."""

from datetime import timedelta
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Contest, ProposalStatus, Registration, Role
from app.services.contests.organising import RegistrationState, registration_state
from app.timeutil import utcnow
from tests.builders import present
from tests.conftest import AuthActions

from ..factories import CategoryFactory, ContestFactory, ProposalFactory, SchoolFactory, UserFactory


def _contest_form(**changes: Any) -> dict[str, Any]:
    data = {
        "title": "Hội thi Tin học trẻ cấp huyện",
        "kind": "informatics",
        "round": "district",
        "school_year": "2026-2027",
        "registration_opens": "2026-12-01T08:00",
        "registration_closes": "2026-12-20T17:00",
        "submission_opens": "2027-01-05T08:00",
        "submission_closes": "2027-01-05T11:00",
        "max_team_size": 1,
        "open_to_students": "y",
        "categories": "B | Bảng B\nC | Bảng C",
        "description": "",
    }
    data.update(changes)
    return data


def test_organiser_creates_a_contest_whose_plain_proposal_is_approved_by_screening(
    client: FlaskClient, auth: AuthActions
) -> None:
    organiser = UserFactory(username="btc", roles={Role.ORGANISER})
    db.session.commit()
    auth.login("btc")
    response = client.post("/contests/new", data=_contest_form())
    assert response.status_code == 302
    contest = db.session.query(Contest).one()
    assert [c.code for c in contest.categories] == ["B", "C"]
    assert contest.organiser_unit_id == organiser.unit_id
    # 08:00 in Hà Nội is 01:00 UTC
    assert contest.registration_opens.hour == 1
    page = client.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert "01/12/2026 08:00" in page
    # Section 8 screening: an education unit's contest that names no brand is approved at once.
    proposal = present(contest.proposal)
    assert proposal.status is ProposalStatus.APPROVED
    assert proposal.content["proposer"] == {"name": organiser.unit.name, "kind": "education_unit"}
    assert registration_state(contest) is not RegistrationState.PROPOSAL_NOT_APPROVED


def test_a_contest_named_after_a_brand_waits_for_the_department(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="btc", roles={Role.ORGANISER})
    UserFactory(username="so", roles={Role.REVIEWER})
    db.session.commit()
    auth.login("btc")
    client.post("/contests/new", data=_contest_form(title="Hội thi Tin học văn phòng Microsoft Office"))
    contest = db.session.query(Contest).one()
    proposal = present(contest.proposal)
    assert proposal.status is ProposalStatus.IN_REVIEW
    assert [f["code"] for f in proposal.flags] == ["S8-PRODUCT"]
    assert registration_state(contest) is RegistrationState.PROPOSAL_NOT_APPROVED
    assert "phê duyệt" in client.get(f"/contests/{contest.id}").get_data(as_text=True)


def test_contest_form_bad_input(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="btc", roles={Role.ORGANISER})
    db.session.commit()
    auth.login("btc")
    refused: list[dict[str, object]] = [
        {"title": ""},
        {"registration_closes": "2026-11-01T08:00"},
        {"categories": "B | one\nB | two"},
        {"max_team_size": 50},
    ]
    for changes in refused:
        assert client.post("/contests/new", data=_contest_form(**changes)).status_code == 200, changes
    assert db.session.query(Contest).count() == 0


def test_reviewer_approves_the_proposal_and_registration_opens(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="reviewer", roles={Role.REVIEWER})
    contest = ContestFactory(proposal=ProposalFactory(status=ProposalStatus.SUBMITTED))
    db.session.commit()
    assert registration_state(contest) is RegistrationState.PROPOSAL_NOT_APPROVED
    auth.login("reviewer")
    decide = f"/proposals/{contest.proposal_id}/decide"  # the decision form of the proposal's page
    assert client.post(decide, data={"decision": "approved", "reason": ""}).status_code == 200
    proposal = present(contest.proposal)
    db.session.refresh(proposal)
    assert proposal.status is ProposalStatus.SUBMITTED  # no reason, no decision
    assert client.post(decide, data={"decision": "approved", "reason": "Đúng quy định"}).status_code == 302
    db.session.refresh(contest.proposal)
    assert registration_state(contest) is RegistrationState.OPEN


def test_page_says_why_registration_is_not_open(client: FlaskClient, auth: AuthActions) -> None:
    soon = ContestFactory(registration_opens=utcnow() + timedelta(days=2))
    over = ContestFactory(registration_closes=utcnow() - timedelta(minutes=1))
    pending = ContestFactory(proposal=ProposalFactory(status=ProposalStatus.IN_REVIEW))
    UserFactory(username="btc", unit=pending.organiser_unit, roles={Role.ORGANISER})
    db.session.commit()
    assert "chưa đến thời gian đăng ký" in client.get(f"/contests/{soon.id}").get_data(as_text=True).lower()
    assert "đã hết thời gian đăng ký" in client.get(f"/contests/{over.id}").get_data(as_text=True).lower()
    assert client.get(f"/contests/{pending.id}").status_code == 404  # shown to no one but its staff and the Sở
    auth.login("btc")
    assert "phê duyệt" in client.get(f"/contests/{pending.id}").get_data(as_text=True).lower()


def test_registration_closes_on_time_by_server_clock(app: Flask) -> None:
    contest = ContestFactory()
    closes = contest.registration_closes
    assert registration_state(contest, closes - timedelta(seconds=1)) is RegistrationState.OPEN
    assert registration_state(contest, closes) is RegistrationState.CLOSED


def test_student_registers_self_once(client: FlaskClient, auth: AuthActions) -> None:
    contest = ContestFactory()
    category = CategoryFactory(contest=contest)
    UserFactory(username="hs")
    db.session.commit()
    auth.login("hs")
    client.post(f"/contests/{contest.id}/register", data={"category": category.id})
    client.post(f"/contests/{contest.id}/register", data={"category": category.id})
    assert db.session.query(Registration).count() == 1
    assert "đã đăng ký" in client.get(f"/contests/{contest.id}").get_data(as_text=True).lower()


def test_registration_refused_when_closed_or_not_eligible(client: FlaskClient, auth: AuthActions) -> None:
    closed = ContestFactory(registration_closes=utcnow() - timedelta(seconds=1))
    teachers_only = ContestFactory(open_to_students=False, open_to_teachers=True)
    UserFactory(username="hs")
    db.session.commit()
    auth.login("hs")
    client.post(f"/contests/{closed.id}/register", data={})
    client.post(f"/contests/{teachers_only.id}/register", data={})
    assert db.session.query(Registration).count() == 0


def test_coordinator_registers_a_team_of_own_people_only(client: FlaskClient, auth: AuthActions) -> None:
    school = SchoolFactory()
    UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    a, b, c = (UserFactory(unit=school) for _ in range(3))
    teacher = UserFactory(unit=school, roles={Role.TEACHER})
    outsider = UserFactory()
    contest = ContestFactory(max_team_size=2, allows_supervisor=True)
    category = CategoryFactory(contest=contest)
    db.session.commit()
    auth.login("dp")
    url = f"/contests/{contest.id}/register-people"
    base = {"category": category.id, "team_name": "Đội 1", "supervisor": 0}
    client.post(url, data={**base, "members": [a.id, b.id, c.id]})  # too many
    client.post(url, data={**base, "members": [a.id, outsider.id]})  # not theirs
    assert db.session.query(Registration).count() == 0
    client.post(url, data={**base, "members": [a.id, b.id], "supervisor": teacher.id})
    registration = db.session.query(Registration).one()
    assert {m.user_id for m in registration.members} == {a.id, b.id}
    assert registration.supervisor_id == teacher.id
    client.post(url, data={**base, "members": [b.id], "team_name": ""})  # b already registered
    assert db.session.query(Registration).count() == 1


def test_draft_contests_are_hidden_from_the_public(client: FlaskClient) -> None:
    from app.models import ContestStatus

    draft = ContestFactory(status=ContestStatus.DRAFT)
    db.session.commit()
    assert client.get(f"/contests/{draft.id}").status_code == 404
    assert draft.title not in client.get("/").get_data(as_text=True)
