"""Teams of a Young Informatics contest (issue 15, item 5): registering them (size, unit, one team a person), their
shared submissions and submission spacing, who sees them, the scoreboard's team row and the members' certificates.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TypedDict

import pytest
from flask import Flask
from flask.testing import FlaskClient
from pypdf import PdfReader
from redis import Redis
from rq import Queue
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import (
    AwardLevel,
    Category,
    Contest,
    ContestKind,
    ContestProblem,
    Registration,
    Role,
    Submission,
    SubmissionStatus,
    User,
)
from app.queue import connection
from app.services.contests import organising, registrations
from app.services.errors import InvalidInput, TooSoon
from app.services.programming import awards as programming_awards
from app.services.programming import contestant, grading_admin, scoreboard
from app.services.results import awards
from tests.builders import present

from .. import builders
from .api.conftest import bearer, token_for
from .scoreboard.helpers import _submit as _submit_judged

GOOD = "a, b = map(int, input().split())\nprint(a + b)\n"


class TeamsWorld(TypedDict):
    contest: Contest
    C: Category
    problem: ContestProblem
    dp: User
    phong: User
    btc: User
    an: User
    binh: User
    chi: User
    dung: User


@pytest.fixture
def world(app: Flask) -> Iterator[TeamsWorld]:
    """A running Young Informatics contest of teams of two (Bảng C), a problem, a district office with two
    schools, each with a coordinator; three pupils of the first school and one of the second; the office's
    coordinator."""
    connection().flushdb()
    units = builders.unit_tree(name="Trường THPT Phan Đình Phùng")
    other_school = builders.unit_tree(units.department).school
    other_school.parent = units.office
    other_school.name = "Trường THPT Chu Văn An"
    contest = builders.contest(ContestKind.INFORMATICS, units.department, max_team_size=2)
    bang = builders.categories(contest, C="Bảng C – THPT")
    problem = builders.programming_problem(contest, "A", bang["C"])
    people = {
        "dp": builders.person("dp", units.school, Role.COORDINATOR),
        "phong": builders.person("phong", units.office, Role.COORDINATOR),
        "btc": builders.person("btc", units.department, Role.ORGANISER),
        "an": builders.person("an", units.school, full_name="Nguyễn Văn An"),
        "binh": builders.person("binh", units.school, full_name="Trần Thị Bình"),
        "chi": builders.person("chi", units.school, full_name="Lê Minh Chi"),
        "dung": builders.person("dung", other_school, full_name="Phạm Quốc Dũng"),
    }
    db.session.commit()
    yield TeamsWorld(
        contest=contest,
        C=bang["C"],
        problem=problem,
        dp=people["dp"],
        phong=people["phong"],
        btc=people["btc"],
        an=people["an"],
        binh=people["binh"],
        chi=people["chi"],
        dung=people["dung"],
    )
    connection().flushdb()


def _login(client: FlaskClient, username: str) -> None:
    assert client.post("/login", data={"username": username, "password": "password123"}).status_code == 302


def _register_form(client: FlaskClient, world: TeamsWorld, *members: str, name: str = "Đội Sao Mai") -> TestResponse:
    contest = world["contest"]
    people = {key: person for key, person in world.items() if isinstance(person, User)}
    data = {"category": world["C"].id, "members": [people[m].id for m in members], "team_name": name, "supervisor": 0}
    return client.post(f"/contests/{contest.id}/register-people", data=data, follow_redirects=True)


def test_a_coordinator_registers_teams_of_their_pupils_each_with_a_code(client: FlaskClient, world: TeamsWorld) -> None:
    _login(client, "dp")
    page = _register_form(client, world, "an", "binh").get_data(as_text=True)
    team = db.session.query(Registration).one()
    assert (team.team_name, team.team_code) == ("Đội Sao Mai", "C01")
    assert {m.user_id for m in team.members} == {world["an"].id, world["binh"].id}
    assert "C01" in page and "Đội Sao Mai" in page

    second = builders.person("em", world["an"].unit)
    db.session.commit()
    client.post(
        f"/contests/{world['contest'].id}/register-people",
        data={"category": world["C"].id, "members": [world["chi"].id, second.id], "team_name": "Đội Bình Minh"},
    )
    assert sorted(present(r.team_code) for r in db.session.query(Registration)) == ["C01", "C02"]


@pytest.mark.parametrize(
    ("who", "members", "message"),
    [
        ("dp", ("an",), "Trong hội thi này mỗi đội có đúng 2 thành viên"),
        ("dp", ("an", "binh", "chi"), "Trong hội thi này mỗi đội có đúng 2 thành viên"),
        ("phong", ("an", "dung"), "Các thành viên của một đội phải cùng một đơn vị: Phạm Quốc Dũng thuộc"),
        ("dp", ("an", "dung"), "Có người được chọn không thuộc đơn vị của bạn."),
    ],
)
def test_a_team_of_the_wrong_size_or_of_another_unit_is_refused_in_vietnamese(
    client: FlaskClient, world: TeamsWorld, who: str, members: tuple[str, ...], message: str
) -> None:
    _login(client, who)
    page = _register_form(client, world, *members).get_data(as_text=True)
    assert message in page
    assert db.session.query(Registration).count() == 0


def test_a_person_is_in_at_most_one_team_of_a_contest(client: FlaskClient, world: TeamsWorld) -> None:
    _login(client, "dp")
    _register_form(client, world, "an", "binh")
    page = _register_form(client, world, "chi", "binh", name="Đội Hai").get_data(as_text=True)
    assert "Trần Thị Bình đã đăng ký dự thi hội thi này." in page
    team = db.session.query(Registration).one()
    assert team.team_name == "Đội Sao Mai" and len(team.members) == 2


def test_a_pupil_cannot_register_alone_for_a_contest_of_teams(client: FlaskClient, world: TeamsWorld) -> None:
    contest = world["contest"]
    _login(client, "chi")
    page = client.get(f"/contests/{contest.id}").get_data(as_text=True)
    assert f'action="/contests/{contest.id}/register"' not in page
    assert "thi theo đội 2 người, do cán bộ phụ trách đơn vị đăng ký" in page
    with pytest.raises(InvalidInput):
        registrations.register(
            db.session, world["chi"], contest, member_ids=[world["chi"].id], category_id=world["C"].id
        )
    assert db.session.query(Registration).count() == 0


def _team(world: TeamsWorld) -> Registration:
    team = builders.team(
        world["contest"], world["dp"], world["an"], world["binh"], name="Đội Sao Mai", category=world["C"]
    )
    db.session.commit()
    return team


def _submit(client: FlaskClient, world: TeamsWorld) -> TestResponse:
    return client.post(
        f"/contests/{world['contest'].id}/problems/A/submit", data={"language": "python", "source": GOOD}
    )


def test_the_members_share_submissions_and_one_submission_slot(client: FlaskClient, world: TeamsWorld) -> None:
    _team(world)
    _login(client, "an")
    assert _submit(client, world).status_code == 302
    submission = db.session.query(Submission).one()
    client.post("/logout")

    _login(client, "binh")
    contest_id = world["contest"].id
    page = client.get(f"/contests/{contest_id}").get_data(as_text=True)
    assert "Bạn đã đăng ký dự thi hội thi này trong đội “Đội Sao Mai” (C01)." in page
    listed = client.get(f"/contests/{contest_id}/submissions").get_data(as_text=True)
    assert f'id="submission-{submission.id}"' in listed and "Nguyễn Văn An" in listed  # sent by the teammate
    assert client.get(f"/contests/{contest_id}/submissions/{submission.id}").status_code == 200
    assert client.get(f"/contests/{contest_id}/submissions/{submission.id}.json").status_code == 200
    refused = _submit(client, world)  # the team's slot on the problem is taken for 10 seconds
    assert refused.status_code == 400 and "10" in refused.get_data(as_text=True)
    assert db.session.query(Submission).count() == 1


def test_the_problem_list_shows_the_teams_best_score_of_any_member(client: FlaskClient, world: TeamsWorld) -> None:
    _team(world)
    em = builders.person("em", world["an"].unit, full_name="Đỗ Thu Em")
    builders.team(world["contest"], world["dp"], em, world["chi"], name="Đội Bình Minh", category=world["C"])
    problem = world["problem"].problem
    judged = {"status": SubmissionStatus.DONE, "verdict": "WA"}
    for user, graded in ((world["an"], {**judged, "score": 30.0}), (world["binh"], {**judged, "score": 70.0})):
        db.session.add(Submission(problem_id=problem.id, user_id=user.id, language="python", source=GOOD, **graded))
    db.session.add(Submission(problem_id=problem.id, user_id=world["an"].id, language="python", source=GOOD))
    db.session.commit()
    contest_id = world["contest"].id
    best = f"70 / {problem.max_score:g}"

    _login(client, "an")
    page = client.get(f"/contests/{contest_id}/problems").get_data(as_text=True)
    assert best in page and 'id="team"' in page and "Nguyễn Văn An" in page
    client.post("/logout")
    _login(client, "chi")  # another team: none of the first team's scores
    page = client.get(f"/contests/{contest_id}/problems").get_data(as_text=True)
    assert best not in page and "Đỗ Thu Em" in page and "/problems/A" in page


def test_other_contestants_see_none_of_a_teams_submissions(client: FlaskClient, world: TeamsWorld) -> None:
    _team(world)
    em = builders.person("em", world["an"].unit, full_name="Đỗ Thu Em")
    builders.team(world["contest"], world["dp"], em, world["chi"], name="Đội Bình Minh", category=world["C"])
    db.session.commit()
    _login(client, "an")
    _submit(client, world)
    submission = db.session.query(Submission).one()
    client.post("/logout")
    _login(client, "chi")
    contest_id = world["contest"].id
    assert f'id="submission-{submission.id}"' not in client.get(f"/contests/{contest_id}/submissions").get_data(
        as_text=True
    )
    assert client.get(f"/contests/{contest_id}/submissions/{submission.id}").status_code == 404
    assert client.get(f"/contests/{contest_id}/submissions/{submission.id}.json").status_code == 404


def test_the_scoreboard_has_one_row_per_team_and_each_member_a_certificate_naming_it(
    client: FlaskClient, world: TeamsWorld
) -> None:
    contest, problem = world["contest"], world["problem"].problem
    team = _team(world)
    em = builders.person("em", world["an"].unit, full_name="Đỗ Thu Em")
    builders.team(contest, world["dp"], em, world["chi"], name="Đội Bình Minh", category=world["C"])
    builders.close_submissions(contest)
    _submit_judged(world["an"], problem, 10, 40)  # each member's best counts for the team: 70 is the team's
    _submit_judged(world["binh"], problem, 20, 70)
    _submit_judged(world["chi"], problem, 30, 50)
    db.session.commit()

    rows = scoreboard.build(db.session, contest, viewer_is_staff=True).rows
    assert [(r.rank, r.name, r.members, r.total) for r in rows] == [
        (1, "Đội Sao Mai", ["Nguyễn Văn An", "Trần Thị Bình"], 70.0),
        (2, "Đội Bình Minh", ["Lê Minh Chi", "Đỗ Thu Em"], 50.0),  # by given name
    ]

    awards.set_rules(
        db.session, world["btc"], contest, world["C"].id, [awards.RuleSpec(AwardLevel.FIRST, quota_count=1)]
    )
    grading_admin.publish_results(db.session, world["btc"], contest)
    db.session.commit()
    award = programming_awards.own_award(db.session, contest, world["binh"])
    assert award is not None and award.registration_id == team.id and award.level is AwardLevel.FIRST
    for member in (world["an"], world["binh"]):
        text = _text(programming_awards.certificate(db.session, member, contest, team.id, member.id))
        for words in (member.full_name, "Thành viên đội “Đội Sao Mai” (C01)", "đã đạt Giải Nhất"):
            assert words in text, words
    _login(client, "btc")
    row = client.get(f"/contests/{contest.id}/awards").get_data(as_text=True).split(f'id="award-{team.id}"')[1]
    row = row.split("</tr>")[0]
    assert "C01" in row and "Đội Sao Mai" in row and row.count('class="certificate"') == 2
    every = PdfReader(io.BytesIO(programming_awards.all_certificates(db.session, world["btc"], contest)))
    assert [("Nguyễn Văn An" in p.extract_text(), "Trần Thị Bình" in p.extract_text()) for p in every.pages] == [
        (True, False),
        (False, True),
    ]


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_team_size_cannot_change_once_teams_are_registered(world: TeamsWorld) -> None:
    contest = world["contest"]
    details = organising.ContestDetails(
        title=contest.title,
        kind=contest.kind,
        round=contest.round,
        school_year=contest.school_year,
        registration_opens=contest.registration_opens,
        registration_closes=contest.registration_closes,
        submission_opens=contest.submission_opens,
        submission_closes=contest.submission_closes,
        max_team_size=3,
        categories=[organising.CategoryLine("C", "Bảng C – THPT")],
    )
    _team(world)
    with pytest.raises(InvalidInput) as refused:
        organising.update_contest(db.session, world["btc"], contest, details)
    assert str(refused.value.message) == "Không thể đổi số người mỗi đội khi đã có người đăng ký."
    assert contest.max_team_size == 2


def test_without_redis_the_team_spacing_is_checked_in_the_database(world: TeamsWorld) -> None:
    """A Redis that does not answer (nothing listens on its port): the slot falls back to the team's recent
    submissions in the database."""
    _team(world)
    dead = Queue("judge", connection=Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2))
    contest = world["contest"]
    contestant.submit(db.session, dead, contest, world["an"], "A", GOOD.encode(), "python")
    with pytest.raises(TooSoon):
        contestant.submit(db.session, dead, contest, world["binh"], "A", GOOD.encode(), "python")
    assert db.session.query(Submission).count() == 1


def test_the_api_tells_a_member_their_team(client: FlaskClient, world: TeamsWorld) -> None:
    _team(world)
    contest_id = world["contest"].id
    detail = client.get(f"/api/v1/contests/{contest_id}", headers=bearer(token_for(world["binh"]))).get_json()
    assert detail["team"] == {"name": "Đội Sao Mai", "code": "C01", "members": ["Nguyễn Văn An", "Trần Thị Bình"]}
    alone = client.get(f"/api/v1/contests/{contest_id}", headers=bearer(token_for(world["chi"]))).get_json()
    assert alone["registered"] is False and alone["team"] is None


def test_a_team_name_of_invisible_characters_is_no_name(client: FlaskClient, world: TeamsWorld) -> None:
    """The scoreboard, the certificates and the hand-off show a team's name to the public: one made only of
    zero-width spaces or a byte order mark was taken and shown as nothing."""
    _login(client, "dp")
    page = _register_form(client, world, "an", "binh", name="\u200b\ufeff\u2060").get_data(as_text=True)
    assert "Vui lòng đặt tên cho đội." in page
    assert db.session.query(Registration).count() == 0


def test_a_team_name_is_stored_as_it_reads(client: FlaskClient, world: TeamsWorld) -> None:
    """Typed in Unikey's decomposed mode, with a zero-width space pasted from a web page and doubled spaces, the
    name is stored composed and tidy, as a person's is (``accounts.tidy``), so that it sorts and is found as read."""
    _login(client, "dp")
    _register_form(client, world, "an", "binh", name="  Đo\u0302\u0323i\u200b  Sao   Mai ")
    assert db.session.query(Registration).one().team_name == "Đội Sao Mai"
