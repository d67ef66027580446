"""The scoreboard: IOI and ICPC ranking, the freeze, filters, the Excel and print views, and its cost in SQL."""

from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from app.extensions import db
from app.models import (
    Contest,
    ContestKind,
    ContestProblem,
    ContestStatus,
    Problem,
    ProgrammingSettings,
    Registration,
    RegistrationMember,
    Role,
    ScoreboardMode,
    Submission,
    SubmissionStatus,
    SubmissionTest,
    Unit,
    User,
)
from app.queue import connection
from app.services import scoreboard
from app.timeutil import utcnow

from ..factories import ContestFactory, DepartmentFactory, DistrictFactory, SchoolFactory, UserFactory

# The contest ran for 5 hours and closes in one; a 120-minute freeze began an hour ago (minute 180).
START = utcnow().replace(microsecond=0) - timedelta(hours=4)


@pytest.fixture(autouse=True)
def _no_cached_boards(app):  # type: ignore[no-untyped-def]
    """Contest ids repeat from test to test: never let a board cached by another test answer."""
    for key in connection().scan_iter("hoithi:scoreboard:*"):
        connection().delete(key)
    yield


@pytest.fixture
def department():  # type: ignore[no-untyped-def]
    return DepartmentFactory()


@pytest.fixture
def contest(department):  # type: ignore[no-untyped-def]
    return ContestFactory(
        organiser_unit=department,
        submission_opens=START,
        submission_closes=START + timedelta(hours=5),
    )


def _settings(contest: Contest, **values: object) -> ProgrammingSettings:
    settings = ProgrammingSettings(contest_id=contest.id, **values)
    db.session.add(settings)
    db.session.flush()
    return settings


def _problem(contest: Contest, label: str, max_score: float = 100) -> Problem:
    problem = Problem(
        code=label,
        title=f"Bài {label}",
        package_format="kattis",
        package_hash=label.lower() * 64,
        time_limit_ms=1000,
        memory_limit_kb=262144,
        test_count=3,
        max_score=max_score,
        contest_id=contest.id,
    )
    db.session.add(problem)
    db.session.flush()
    db.session.add(ContestProblem(contest_id=contest.id, problem_id=problem.id, label=label, position=ord(label)))
    return problem


def _register(contest: Contest, *members: User, team_name: str | None = None) -> Registration:
    registration = Registration(
        contest_id=contest.id,
        unit_id=members[0].unit_id,
        registered_by_id=members[0].id,
        team_name=team_name,
        members=[RegistrationMember(contest_id=contest.id, user_id=m.id) for m in members],
    )
    db.session.add(registration)
    db.session.flush()
    return registration


def _contestant(contest: Contest, name: str, unit: Unit | None = None) -> User:
    user = UserFactory(full_name=name, **({"unit": unit} if unit else {}))
    _register(contest, user)
    return user


def _submit(
    user: User,
    problem: Problem,
    minute: float,
    score: float | None = None,
    verdict: str = "AC",
    status: SubmissionStatus = SubmissionStatus.DONE,
    tests: tuple[tuple[str, str, float], ...] = (),
    subtasks: dict[str, float] | None = None,
) -> Submission:
    """A judged submission made ``minute`` minutes after the contest opened; ``tests``: (group, verdict, score);
    ``subtasks``: what the judge found it earned in each subtask."""
    submission = Submission(
        problem_id=problem.id,
        user_id=user.id,
        language="python",
        source="print(1)",
        status=status,
        verdict=verdict,
        score=problem.max_score if score is None and verdict == "AC" else (score or 0.0),
        max_score=problem.max_score,
        created_at=START + timedelta(minutes=minute),
        subtask_scores=subtasks,
        tests=[
            SubmissionTest(position=i, name=f"t{i}", group=g, verdict=v, time_ms=1, memory_kb=1, score=s)
            for i, (g, v, s) in enumerate(tests, start=1)
        ],
    )
    db.session.add(submission)
    db.session.flush()
    return submission


def _board(contest: Contest, staff: bool = False, **filters: int) -> scoreboard.Scoreboard:
    return scoreboard.build(db.session, contest, viewer_is_staff=staff, **filters)


def _by_name(board: scoreboard.Scoreboard) -> dict[str, scoreboard.Row]:
    return {r.name: r for r in board.rows}


def test_ioi_counts_each_problems_best_submission_in_the_window(contest):
    a, b = _problem(contest, "A"), _problem(contest, "B", max_score=50)
    other = _problem(ContestFactory(), "A")
    an = _contestant(contest, "An")
    binh = _contestant(contest, "Bình")
    stranger = UserFactory(full_name="Người ngoài")
    _submit(an, a, 10, 30, "WA")
    _submit(an, a, 20, 70, "WA")
    _submit(an, a, 30, 50, "TLE")
    _submit(an, b, 40, 50)
    _submit(an, b, 41, 0, "CE")
    _submit(binh, a, 5, 100, "JE")  # the judge's fault: ignored
    _submit(binh, a, 6, verdict="AC", status=SubmissionStatus.ERROR)
    _submit(binh, a, 7, verdict="AC", status=SubmissionStatus.RUNNING)
    _submit(binh, a, -5)  # before the window
    _submit(binh, a, 301)  # after it
    _submit(binh, other, 10)  # another contest's problem
    _submit(binh, b, 12, 20, "WA")
    _submit(stranger, a, 10)  # not registered
    board = _board(contest)
    assert [p.label for p in board.problems] == ["A", "B"]
    assert [(r.name, r.rank, r.total) for r in board.rows] == [("An", 1, 120.0), ("Bình", 2, 20.0)]
    row = _by_name(board)["An"]
    assert [(c.score, c.tries) for c in row.cells] == [(70.0, 3), (50.0, 2)]
    assert _by_name(board)["Bình"].cells[0].score is None


def test_ioi_best_per_subtask_across_submissions(contest):
    a = _problem(contest, "A")
    an = _contestant(contest, "An")
    group1 = (("secret/group1", "AC", 20.0), ("secret/group1", "AC", 20.0))
    group1_failed = (("secret/group1", "WA", 0.0), ("secret/group1", "WA", 0.0))
    group2 = (("secret/group2/a", "AC", 30.0), ("secret/group2/b", "AC", 30.0))
    group2_failed = (("secret/group2/a", "WA", 0.0), ("secret/group2/b", "WA", 0.0))
    samples = (("sample", "AC", 0.0),)
    first = {"": 0.0, "secret/group1": 40.0, "secret/group2": 0.0}
    second = {"": 0.0, "secret/group1": 0.0, "secret/group2": 60.0}
    _submit(an, a, 10, 40, "WA", tests=samples + group1 + group2_failed, subtasks=first)
    _submit(an, a, 20, 60, "WA", tests=samples + group1_failed + group2, subtasks=second)
    settings = _settings(contest)
    assert _board(contest).rows[0].total == 60.0  # best submission
    settings.best_per_subtask = True
    assert _board(contest).rows[0].total == 100.0  # group1 of the first, group2 of the second


def test_best_per_subtask_of_a_team_and_all_or_nothing_subtasks(contest):
    a = _problem(contest, "A")
    _settings(contest, best_per_subtask=True)
    school = SchoolFactory()
    one, two = UserFactory(full_name="Một", unit=school), UserFactory(full_name="Hai", unit=school)
    _register(contest, one, two, team_name="Đội Sao Mai")
    _submit(one, a, 10, 40, "WA", subtasks={"secret/group1": 40.0, "secret/group2": 0.0})
    _submit(two, a, 20, 60, "WA", subtasks={"secret/group1": 0.0, "secret/group2": 60.0})
    lone = _contestant(contest, "Lẻ")
    # all-or-nothing subtasks: the judge gives a failed subtask nothing, whatever its passed tests were worth
    _submit(lone, a, 10, 0, "WA", tests=(("secret/g1/a", "AC", 20.0), ("secret/g1/b", "WA", 0.0)), subtasks={})
    _submit(lone, a, 20, 30, "WA", subtasks={"secret/g1": 0.0, "secret/g2": 30.0})
    early = _contestant(contest, "Sớm")
    # graded before subtask scores were kept: the whole score counts as one subtask
    _submit(early, a, 10, 45, "WA")
    _submit(early, a, 20, 30, "WA", subtasks={"secret/g1": 0.0, "secret/g2": 30.0})
    rows = _by_name(_board(contest))
    assert rows["Đội Sao Mai"].total == 100.0 and rows["Đội Sao Mai"].members == ["Hai", "Một"]
    assert rows["Lẻ"].total == 30.0
    assert rows["Sớm"].total == 75.0


def test_equal_totals_share_a_rank(contest):
    a = _problem(contest, "A")
    for name, score in (("An", 100), ("Bình", 50), ("Chi", 50), ("Dũng", 10)):
        _submit(_contestant(contest, name), a, 10, score, "WA" if score < 100 else "AC")
    _contestant(contest, "Giang")  # registered, never submitted
    board = _board(contest)
    assert [(r.rank, r.name) for r in board.rows] == [(1, "An"), (2, "Bình"), (2, "Chi"), (4, "Dũng"), (5, "Giang")]


def test_icpc_penalty_counts_rejected_tries_before_the_first_ac_but_not_ce(contest):
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a, b = _problem(contest, "A"), _problem(contest, "B")
    an, binh, chi = (_contestant(contest, n) for n in ("An", "Bình", "Chi"))
    _submit(an, a, 10, verdict="WA")
    _submit(an, a, 15, verdict="CE")
    _submit(an, a, 20, verdict="TLE")
    _submit(an, a, 25, 100, "JE")
    _submit(an, a, 30.5)  # AC at minute 30
    _submit(an, a, 40, verdict="WA")  # after the AC: no penalty
    _submit(an, b, 50)
    _submit(binh, a, 100)
    _submit(chi, b, 60, verdict="WA")
    _submit(chi, b, 70, verdict="RE")
    board = _board(contest)
    assert board.icpc
    assert [(r.name, r.rank, r.total, r.penalty) for r in board.rows] == [
        ("An", 1, 2.0, 30 + 2 * 20 + 50),
        ("Bình", 2, 1.0, 100),
        ("Chi", 3, 0.0, 0),
    ]
    a_cell = _by_name(board)["An"].cells[0]
    assert (a_cell.solved, a_cell.tries, a_cell.minutes) == (True, 2, 30)
    chi_cell = _by_name(board)["Chi"].cells[1]
    assert (chi_cell.solved, chi_cell.tries) == (False, 2)


def test_icpc_ties_on_solved_and_penalty_share_a_rank(contest):
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a = _problem(contest, "A")
    for name in ("An", "Bình"):
        _submit(_contestant(contest, name), a, 42)
    assert [r.rank for r in _board(contest).rows] == [1, 1]


def test_the_freeze_hides_late_submissions_from_the_public_but_not_from_staff(contest):
    settings = _settings(contest, freeze_minutes=120)  # frozen from minute 180, an hour ago
    a = _problem(contest, "A")
    an, binh = _contestant(contest, "An"), _contestant(contest, "Bình")
    _submit(an, a, 100, 50, "WA")
    _submit(an, a, 200, 100)
    _submit(binh, a, 150, 80, "WA")
    _submit(binh, a, 190, 90, "WA")
    _submit(binh, a, 195, 0, "CE")

    public = _board(contest)
    assert public.frozen and public.freeze_at == START + timedelta(minutes=180)
    rows = _by_name(public)
    assert [r.name for r in public.rows] == ["Bình", "An"]
    assert (rows["An"].cells[0].score, rows["An"].cells[0].pending) == (50.0, 1)
    assert (rows["Bình"].cells[0].score, rows["Bình"].cells[0].pending) == (80.0, 2)

    staff = _board(contest, staff=True)
    assert not staff.frozen
    assert [(r.name, r.total, r.cells[0].pending) for r in staff.rows] == [("An", 100.0, 0), ("Bình", 90.0, 0)]

    # before the freeze began, the public saw the live board
    assert not scoreboard.build(db.session, contest, viewer_is_staff=False, now=START + timedelta(minutes=179)).frozen

    settings.results_published = True
    published = _board(contest)
    assert not published.frozen and published.published
    assert [(r.name, r.total) for r in published.rows] == [("An", 100.0), ("Bình", 90.0)]


def test_the_icpc_freeze_shows_pending_tries(contest):
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC, freeze_minutes=120)
    a = _problem(contest, "A")
    an = _contestant(contest, "An")
    _submit(an, a, 100, verdict="WA")
    _submit(an, a, 200, verdict="WA")
    _submit(an, a, 210)
    cell = _board(contest).rows[0].cells[0]
    assert (cell.solved, cell.tries, cell.pending) == (False, 1, 2)
    live = _board(contest, staff=True).rows[0]
    assert (live.total, live.penalty) == (1.0, 210 + 2 * 20)


def test_filters_by_school_and_district_keep_overall_ranks(contest, department):
    north = DistrictFactory(name="Phòng GD&ĐT Bắc", parent=department)
    south = DistrictFactory(name="Phòng GD&ĐT Nam", parent=department)
    north_a = SchoolFactory(name="THCS Bắc A", parent=north)
    north_b = SchoolFactory(name="THCS Bắc B", parent=north)
    south_a = SchoolFactory(name="THCS Nam A", parent=south)
    high = SchoolFactory(name="THPT Chuyên", parent=department)  # directly under the Sở: no district
    a = _problem(contest, "A")
    for name, unit, score in (("An", high, 90), ("Bình", north_a, 80), ("Chi", south_a, 70), ("Dũng", north_b, 60)):
        _submit(_contestant(contest, name, unit), a, 10, score, "WA")

    board = _board(contest)
    assert board.units == [
        (north_a.id, "THCS Bắc A"),
        (north_b.id, "THCS Bắc B"),
        (south_a.id, "THCS Nam A"),
        (
            high.id,
            "THPT Chuyên",
        ),
    ]
    assert board.districts == [(north.id, "Phòng GD&ĐT Bắc"), (south.id, "Phòng GD&ĐT Nam")]
    assert _by_name(board)["An"].district_name is None
    assert [(r.name, r.rank) for r in _board(contest, unit_id=south_a.id).rows] == [("Chi", 3)]
    by_district = _board(contest, district_id=north.id)
    assert [(r.name, r.rank, r.district_name) for r in by_district.rows] == [
        ("Bình", 2, "Phòng GD&ĐT Bắc"),
        ("Dũng", 4, "Phòng GD&ĐT Bắc"),
    ]
    assert by_district.units == board.units  # the filter's choices stay whole


# -- the pages ------------------------------------------------------------------------------------------------


@pytest.fixture
def running(contest, department):  # type: ignore[no-untyped-def]
    """A frozen IOI contest with two schools' contestants; an organiser of the contest's unit."""
    _settings(contest, freeze_minutes=120)
    a, b = _problem(contest, "A"), _problem(contest, "B")
    district = DistrictFactory(parent=department)
    school_1 = SchoolFactory(name="THCS Lê Quý Đôn", parent=district)
    school_2 = SchoolFactory(name="THCS Chu Văn An", parent=district)
    an = _contestant(contest, "Nguyễn Văn An", school_1)
    binh = _contestant(contest, "Trần Thị Bình", school_2)
    _submit(an, a, 10, 40, "WA")
    _submit(an, b, 200, 100)  # after the freeze
    _submit(binh, a, 20, 100)
    UserFactory(username="btc", unit=department, roles={Role.ORGANISER})
    db.session.commit()
    return {"contest": contest, "school_1": school_1, "school_2": school_2, "district": district}


def test_the_public_page_shows_the_frozen_board(client, running):
    page = client.get(f"/contests/{running['contest'].id}/scoreboard").get_data(as_text=True)
    assert 'id="frozen-note"' in page
    assert page.index("Trần Thị Bình") < page.index("Nguyễn Văn An")
    assert "?1" in page
    assert "THCS Lê Quý Đôn" in page


def test_staff_see_the_live_board_with_a_note(client, auth, running):
    auth.login("btc")
    page = client.get(f"/contests/{running['contest'].id}/scoreboard").get_data(as_text=True)
    assert 'id="live-note"' in page and 'id="frozen-note"' not in page
    assert page.index("Nguyễn Văn An") < page.index("Trần Thị Bình")  # 140 before 100


def test_the_page_filters_by_unit(client, running):
    url = f"/contests/{running['contest'].id}/scoreboard?unit={running['school_2'].id}"
    page = client.get(url).get_data(as_text=True)
    assert "Trần Thị Bình" in page and "Nguyễn Văn An" not in page
    assert client.get(f"/contests/{running['contest'].id}/scoreboard?unit=abc").status_code == 200


def test_the_excel_export_has_the_rows(client, running):
    response = client.get(f"/contests/{running['contest'].id}/scoreboard.xlsx?district={running['district'].id}")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert len(rows[2]) == 8 and rows[2][5:7] == ["A", "B"]  # headings in the interface's language (vi)
    assert rows[2][3] == "Đơn vị"
    assert rows[3][:2] == [1, "Trần Thị Bình"] and rows[3][-1] == 100
    assert rows[4][:2] == [2, "Nguyễn Văn An"] and rows[4][5:] == [40, "?1", 40]


def test_the_excel_export_writes_names_as_text_never_as_formulas(client, running):
    contest = running["contest"]
    contest.title = "=1+1"
    _contestant(contest, '=HYPERLINK("http://evil.example","Bình")', running["school_1"])
    db.session.commit()
    sheet = load_workbook(io.BytesIO(client.get(f"/contests/{contest.id}/scoreboard.xlsx").data)).active
    assert sheet["A1"].data_type == "s" and sheet["A1"].value.startswith("=1+1")
    names = [row[1] for row in sheet.iter_rows(min_row=4)]
    typed = next(c for c in names if str(c.value).startswith("=HYPERLINK"))
    assert typed.data_type == "s"


def test_the_print_view_has_no_navigation_and_applies_the_filter(client, running):
    response = client.get(f"/contests/{running['contest'].id}/scoreboard/print?unit={running['school_1'].id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<nav" not in page and "print.css" in page
    assert running["contest"].title in page and "THCS Lê Quý Đôn" in page
    assert "Nguyễn Văn An" in page and "Trần Thị Bình" not in page


def test_a_draft_contests_board_is_hidden_from_the_public(client, auth, running):
    contest = running["contest"]
    contest.status = ContestStatus.DRAFT
    db.session.commit()
    assert client.get(f"/contests/{contest.id}/scoreboard").status_code == 404
    assert client.get(f"/contests/{contest.id}/scoreboard.xlsx").status_code == 404
    auth.login("btc")
    assert client.get(f"/contests/{contest.id}/scoreboard").status_code == 200


def test_only_programming_contests_have_a_board(client):
    contest = ContestFactory(kind=ContestKind.ELEARNING)
    db.session.commit()
    assert client.get(f"/contests/{contest.id}/scoreboard").status_code == 404


def test_the_board_is_cached_for_a_few_seconds(client, running):
    contest = running["contest"]
    url = f"/contests/{contest.id}/scoreboard"
    assert "Lê Văn Mới" not in client.get(url).get_data(as_text=True)
    _contestant(contest, "Lê Văn Mới")
    db.session.commit()
    assert "Lê Văn Mới" not in client.get(url).get_data(as_text=True)
    scoreboard.forget(connection(), contest.id)
    assert "Lê Văn Mới" in client.get(url).get_data(as_text=True)


def test_while_one_request_recomputes_others_get_the_previous_board(app, running):
    contest, cache = running["contest"], connection()
    first = scoreboard.build(db.session, contest, viewer_is_staff=False, cache=cache)
    _contestant(contest, "Lê Văn Mới")
    db.session.commit()
    key = next(k for k in cache.scan_iter(f"hoithi:scoreboard:{contest.id}:*") if not k.endswith(b":stale"))
    cache.delete(key)  # expired
    cache.set(key + b":lock", 1)  # and another request is computing it
    again = scoreboard.build(db.session, contest, viewer_is_staff=False, cache=cache)
    assert [r.name for r in again.rows] == [r.name for r in first.rows]
    cache.delete(key + b":lock")
    assert "Lê Văn Mới" in [
        r.name for r in scoreboard.build(db.session, contest, viewer_is_staff=False, cache=cache).rows
    ]


@contextmanager
def _counting():  # type: ignore[no-untyped-def]
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # type: ignore[no-untyped-def]
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
def test_sql_statements_do_not_grow_with_contestants(client, contest, settings):
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
