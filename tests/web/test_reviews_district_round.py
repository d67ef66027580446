"""A unit's own round is judged by its own staff: a district round (cấp huyện) organised by a Phòng GD&ĐT, whose
entries all come from schools under it, by the Phòng's staff; a school round (cấp trường) by the school's teachers.
Their unit is a conflict of interest only in a round above it, where they would favour their own entries over the
others'."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Assignment, ContestKind, ContestRound, PanelMember, Role, Unit
from tests import builders
from tests.conftest import AuthActions

from ..factories import EntryFactory, RubricFactory, UserFactory


@pytest.mark.parametrize(
    ("judges_unit", "own_round", "above", "refusal"),
    [
        ("office", ContestRound.DISTRICT, "department", "district office"),
        ("school", ContestRound.SCHOOL, "office", "own unit"),
    ],
)
def test_a_units_staff_judge_its_own_round_but_not_the_round_above(
    client: FlaskClient, auth: AuthActions, judges_unit: str, own_round: ContestRound, above: str, refusal: str
) -> None:
    units = builders.unit_tree()
    unit: Unit = getattr(units, judges_unit)
    their_round = builders.contest(ContestKind.CREATIVITY, unit, closed=True, round=own_round)
    round_above = builders.contest(ContestKind.CREATIVITY, getattr(units, above), closed=True)
    judge = UserFactory(unit=unit, roles={Role.JUDGE}, full_name="Hoàng Giám Khảo")
    entries = {}
    for contest in (their_round, round_above):
        RubricFactory(contest=contest)
        db.session.add(PanelMember(contest_id=contest.id, user_id=judge.id))
        entries[contest.id] = EntryFactory(contest=contest, unit=units.school)
    organisers = {
        their_round.id: builders.person("btc_own", unit, Role.ORGANISER),
        round_above.id: builders.person("btc_above", getattr(units, above), Role.ORGANISER),
    }
    db.session.commit()

    for contest in (their_round, round_above):
        assert auth.login(organisers[contest.id].username).status_code == 302
        client.get("/lang/en")
        response = client.post(
            f"/contests/{contest.id}/review/assignments/add",
            data={"entry": entries[contest.id].id, "judge": judge.id},
            follow_redirects=True,
        )
        text = response.get_data(as_text=True)
        if contest is their_round:
            assert "cannot judge" not in text
        else:
            assert "Hoàng Giám Khảo cannot judge" in text and refusal in text
        auth.logout()
    assigned = set(db.session.scalars(select(Assignment.entry_id).where(Assignment.judge_id == judge.id)))
    assert assigned == {entries[their_round.id].id}
