"""Categories that take only some grades (Bảng A: grades 1 to 5, Bảng B: 6 to 9, Bảng C: 10 to 12): the organiser
writes them on the contest's form, registration refuses a pupil of another grade (or of no known class) whoever
registers them, and the grades cannot be narrowed past someone already registered."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Category, Contest, ContestKind, Entry, Registration, Role
from app.services.contests import grade_rules, organising, registrations
from app.services.entries import entering
from app.services.errors import InvalidInput
from tests import builders
from tests.conftest import AuthActions

from ..factories import CategoryFactory, ContestFactory, SchoolFactory, UserFactory
from .entries_helpers import lecture
from .test_contests import _contest_form


@pytest.mark.parametrize(
    ("class_name", "grade"),
    [
        ("9A", 9),
        ("10A1", 10),
        ("Lớp 12 Toán", 12),
        ("lop 5b", 5),
        ("  6", 6),
        ("K10", None),
        ("13A", None),
        ("0A", None),
        ("", None),
        (None, None),
        ("A9", None),
        ("123", None),
    ],
)
def test_the_grade_of_a_class_is_the_number_it_begins_with(class_name: str | None, grade: int | None) -> None:
    assert grade_rules.grade_of(class_name) == grade


@pytest.mark.parametrize(
    ("text", "grades"),
    [("6-9", (6, 9)), ("6 – 9", (6, 9)), ("lớp 10 đến 12", (10, 12)), ("5", (5, 5)), ("1—5", (1, 5)), ("", None)],
)
def test_grades_are_read_as_the_organiser_writes_them(text: str, grades: tuple[int, int] | None) -> None:
    parsed = grade_rules.parse(text, "B")
    assert ((parsed.low, parsed.high) if parsed else None) == grades


@pytest.mark.parametrize("text", ["9-6", "0-5", "10-13", "THCS", "6,7,8", "69", "6-9-12"])
def test_grades_that_are_no_range_of_1_to_12_are_refused_naming_the_category(app: object, text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        grade_rules.parse(text, "B")
    assert "B" in str(refused.value.message) and text.strip() in str(refused.value.message)


def _contest_with_boards() -> tuple[Contest, Category, Category]:
    contest = ContestFactory()
    primary = CategoryFactory(contest=contest, code="A", name="Bảng A", grades_from=1, grades_to=5)
    lower = CategoryFactory(contest=contest, code="B", name="Bảng B", grades_from=6, grades_to=9)
    return contest, primary, lower


def test_a_pupil_enters_only_a_category_of_their_grade(app: object) -> None:
    contest, primary, lower = _contest_with_boards()
    eighth = builders.person("hs8", class_name="8A2")
    fifth = builders.person("hs5", class_name="Lớp 5C")
    unknown = builders.person("hsx", class_name=None)
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        builders.register(contest, eighth, category=primary)
    assert "8A2" in str(refused.value.message) and "1-5" in str(refused.value.message)
    with pytest.raises(InvalidInput) as refused:
        builders.register(contest, unknown, category=lower)
    assert unknown.full_name in str(refused.value.message)
    builders.register(contest, eighth, category=lower)
    builders.register(contest, fifth, category=primary)
    assert {r.category_id for r in db.session.query(Registration)} == {primary.id, lower.id}


def test_a_team_is_refused_when_one_member_is_of_another_grade(app: object) -> None:
    school = SchoolFactory()
    coordinator = builders.person("dp", school, Role.COORDINATOR)
    contest, _primary, lower = _contest_with_boards()
    contest.max_team_size = 2
    ninth = builders.person("hs9", school, class_name="9A")
    tenth = builders.person("hs10", school, class_name="10A")
    db.session.commit()
    with pytest.raises(InvalidInput) as refused:
        builders.team(contest, coordinator, ninth, tenth, category=lower)
    assert tenth.full_name in str(refused.value.message)
    assert db.session.query(Registration).count() == 0


def test_a_class_registered_at_once_lists_each_pupil_of_another_grade_and_registers_nobody(
    client: FlaskClient, auth: AuthActions
) -> None:
    school = SchoolFactory()
    UserFactory(username="dp", unit=school, roles={Role.COORDINATOR})
    nine = UserFactory(full_name="Nguyễn Văn Chín", class_name="9A", unit=school)
    ten = UserFactory(full_name="Trần Thị Mười", class_name="10A", unit=school)
    contest, _primary, lower = _contest_with_boards()
    db.session.commit()
    auth.login("dp")
    response = client.post(
        f"/contests/{contest.id}/register-people/bulk",
        data={"category": lower.id, "people": [nine.id, ten.id]},
        headers={"Accept-Language": "vi"},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "Trần Thị Mười" in page and "học lớp 10A" in page
    assert db.session.query(Registration).count() == 0


def test_the_organiser_writes_grades_on_the_form_and_sees_them(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="btc", roles={Role.ORGANISER})
    db.session.commit()
    auth.login("btc")
    categories = "A | Bảng A | 1-5\nB | Bảng B | lớp 6 – 9\nD | Bảng D"
    assert client.post("/contests/new", data=_contest_form(categories=categories)).status_code == 302
    contest = db.session.query(Contest).one()
    assert [(c.code, c.grades_from, c.grades_to) for c in contest.categories] == [
        ("A", 1, 5),
        ("B", 6, 9),
        ("D", None, None),
    ]
    edit = client.get(f"/contests/{contest.id}/edit").get_data(as_text=True)
    field = edit.split('name="categories"')[1].split("</textarea>")[0]
    assert field.split(">", 1)[1].strip().splitlines() == ["A | Bảng A | 1-5", "B | Bảng B | 6-9", "D | Bảng D"]
    detail = client.get(f"/contests/{contest.id}", headers={"Accept-Language": "vi"}).get_data(as_text=True)
    assert "Bảng B (khối 6-9)" in detail
    new = client.get("/contests/new?kind=informatics").get_data(as_text=True)
    assert "B | Bảng B – Trung học cơ sở | 6-9" in new


def test_a_form_with_grades_that_are_no_range_changes_nothing(client: FlaskClient, auth: AuthActions) -> None:
    UserFactory(username="btc", roles={Role.ORGANISER})
    db.session.commit()
    auth.login("btc")
    page = client.post(
        "/contests/new", data=_contest_form(categories="B | Bảng B | 9-6"), headers={"Accept-Language": "vi"}
    )
    assert page.status_code == 200 and "“9-6” không phải là một khoảng" in page.get_data(as_text=True)
    assert db.session.query(Contest).count() == 0


def test_grades_cannot_be_narrowed_past_someone_registered(app: object) -> None:
    organiser = builders.person("btc", None, Role.ORGANISER)
    contest = builders.contest(organiser_unit=organiser.unit)
    lower = CategoryFactory(contest=contest, code="B", name="Bảng B")
    ninth = builders.person("hs9", class_name="9A")
    db.session.commit()
    builders.register(contest, ninth, category=lower)
    db.session.commit()

    def details(grades: str) -> organising.ContestDetails:
        return organising.ContestDetails(
            title=contest.title,
            kind=contest.kind,
            round=contest.round,
            school_year=contest.school_year,
            registration_opens=contest.registration_opens,
            registration_closes=contest.registration_closes,
            submission_opens=contest.submission_opens,
            submission_closes=contest.submission_closes,
            categories=[organising.CategoryLine("B", "Bảng B", grades)],
        )

    with pytest.raises(InvalidInput) as refused:
        organising.update_contest(db.session, organiser, contest, details("6-8"))
    assert ninth.full_name in str(refused.value.message) and "9A" in str(refused.value.message)
    db.session.rollback()
    assert (lower.grades_from, lower.grades_to) == (None, None)
    organising.update_contest(db.session, organiser, contest, details("6-9"))
    assert (lower.grades_from, lower.grades_to) == (6, 9)
    assert registrations.is_registered(db.session, contest, ninth)


def test_an_entry_in_a_category_of_some_grades_takes_authors_of_those_grades(app: object) -> None:
    """A creativity contest's categories have grades (Tiểu học 1-5, THCS 6-9, THPT 10-12): a pupil of grade 11
    entered a project in THCS, where registering them was refused, and THCS could then be narrowed to 6-7 past a
    grade-8 author."""
    school = SchoolFactory()
    contest = builders.contest(ContestKind.CREATIVITY, open_to_students=True)
    lower = CategoryFactory(contest=contest, code="THCS", name="Trung học cơ sở", grades_from=6, grades_to=9)
    eleventh = builders.person("hs11", school, class_name="11A2")
    eighth = builders.person("hs8", school, class_name="8C")
    db.session.commit()
    project = lecture(licence=None, category_id=lower.id)
    with pytest.raises(InvalidInput) as refused:
        entering.create_entry(db.session, eleventh, contest, project)
    assert "11A2" in str(refused.value.message) and "6-9" in str(refused.value.message)
    entry = entering.create_entry(db.session, eighth, contest, project)
    assert entry.category_id == lower.id
    assert db.session.query(Entry).count() == 1
    # nor are the grades narrowed past an entry's author (was: only registrations were asked)
    with pytest.raises(InvalidInput, match=f"là tác giả của bài dự thi {entry.code}"):
        grade_rules.check_change(db.session, lower, grade_rules.Grades(6, 7))
