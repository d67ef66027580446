"""A district round (cấp huyện) organised by a Phòng GD&ĐT: every entry comes from a school under it, and the
Phòng's own staff judge them. Their office is a conflict of interest only in a round above the office (the Sở's),
where they would favour their district's schools over the others'."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import Assignment, ContestKind, ContestRound, PanelMember, Role
from tests import builders
from tests.conftest import AuthActions

from ..factories import EntryFactory, RubricFactory, UserFactory


def test_the_phong_judges_its_own_district_round_but_not_the_provincial_one(
    client: FlaskClient, auth: AuthActions
) -> None:
    units = builders.unit_tree()
    district_round = builders.contest(ContestKind.CREATIVITY, units.office, closed=True, round=ContestRound.DISTRICT)
    province_round = builders.contest(ContestKind.CREATIVITY, units.department, closed=True)
    specialist = UserFactory(unit=units.office, roles={Role.JUDGE}, full_name="Hoàng Chuyên Viên")
    entries = {}
    for contest in (district_round, province_round):
        RubricFactory(contest=contest)
        db.session.add(PanelMember(contest_id=contest.id, user_id=specialist.id))
        entries[contest.id] = EntryFactory(contest=contest, unit=units.school)
    organisers = {
        district_round.id: builders.person("btc_phong", units.office, Role.ORGANISER),
        province_round.id: builders.person("btc_so", units.department, Role.ORGANISER),
    }
    db.session.commit()

    for contest in (district_round, province_round):
        assert auth.login(organisers[contest.id].username).status_code == 302
        client.get("/lang/en")
        response = client.post(
            f"/contests/{contest.id}/review/assignments/add",
            data={"entry": entries[contest.id].id, "judge": specialist.id},
            follow_redirects=True,
        )
        text = response.get_data(as_text=True)
        if contest is district_round:
            assert "cannot judge" not in text
        else:
            assert "Hoàng Chuyên Viên cannot judge" in text and "district office" in text
        auth.logout()
    assigned = set(db.session.scalars(select(Assignment.entry_id).where(Assignment.judge_id == specialist.id)))
    assert assigned == {entries[district_round.id].id}


def test_a_schools_teachers_judge_its_own_school_round_but_not_the_district_one(
    client: FlaskClient, auth: AuthActions
) -> None:
    units = builders.unit_tree()
    school_round = builders.contest(ContestKind.CREATIVITY, units.school, closed=True, round=ContestRound.SCHOOL)
    district_round = builders.contest(ContestKind.CREATIVITY, units.office, closed=True, round=ContestRound.DISTRICT)
    teacher = UserFactory(unit=units.school, roles={Role.JUDGE}, full_name="Lê Giáo Viên")
    entries = {}
    for contest in (school_round, district_round):
        RubricFactory(contest=contest)
        db.session.add(PanelMember(contest_id=contest.id, user_id=teacher.id))
        entries[contest.id] = EntryFactory(contest=contest, unit=units.school)
    organisers = {
        school_round.id: builders.person("btc_truong", units.school, Role.ORGANISER),
        district_round.id: builders.person("btc_phong", units.office, Role.ORGANISER),
    }
    db.session.commit()

    for contest in (school_round, district_round):
        assert auth.login(organisers[contest.id].username).status_code == 302
        client.get("/lang/en")
        response = client.post(
            f"/contests/{contest.id}/review/assignments/add",
            data={"entry": entries[contest.id].id, "judge": teacher.id},
            follow_redirects=True,
        )
        text = response.get_data(as_text=True)
        if contest is school_round:
            assert "cannot judge" not in text
        else:
            assert "Lê Giáo Viên cannot judge" in text and "own unit" in text
        auth.logout()
    assigned = set(db.session.scalars(select(Assignment.entry_id).where(Assignment.judge_id == teacher.id)))
    assert assigned == {entries[school_round.id].id}
