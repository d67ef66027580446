"""The IOI scoreboard: each problem's best submission in the window, best per subtask, and shared ranks."""

from __future__ import annotations

from app.extensions import db
from app.models import Contest, SubmissionStatus
from app.services.programming import problem_lists

from ...factories import ContestFactory, SchoolFactory, UserFactory
from .helpers import _board, _by_name, _contestant, _problem, _register, _settings, _submit


def test_ioi_counts_each_problems_best_submission_in_the_window(contest: Contest) -> None:
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
    _submit(binh, a, 5, 100, "JE")  # the judge's fault: not counted, pending (a rejudge may still score it)
    _submit(binh, a, 6, verdict="AC", status=SubmissionStatus.ERROR)
    waiting = _submit(binh, a, 7, status=SubmissionStatus.RUNNING)
    waiting.verdict = waiting.score = None  # graded for the first time: pending, not counted
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
    assert (_by_name(board)["Bình"].cells[0].score, _by_name(board)["Bình"].cells[0].pending) == (None, 3)


def test_ioi_best_per_subtask_across_submissions(contest: Contest) -> None:
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


def test_best_per_subtask_of_a_team_and_all_or_nothing_subtasks(contest: Contest) -> None:
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


def test_best_per_subtask_never_scores_a_problem_above_its_maximum(contest: Contest) -> None:
    """A submission graded before subtask scores were kept counts as one subtask of its whole score: beside a later
    one that earned every subtask, the bests added up to 80 + 40 + 60 = 180 points out of 100."""
    a = _problem(contest, "A")
    _settings(contest, best_per_subtask=True)
    early = _contestant(contest, "Sớm")
    _submit(early, a, 10, 80, "WA")
    _submit(early, a, 20, 100, "AC", subtasks={"secret/g1": 40.0, "secret/g2": 60.0})
    row = _board(contest).rows[0]
    assert (row.cells[0].score, row.total) == (100.0, 100.0)


def test_equal_totals_share_a_rank(contest: Contest) -> None:
    a = _problem(contest, "A")
    for name, score in (("An", 100), ("Bình", 50), ("Chi", 50), ("Dũng", 10)):
        _submit(_contestant(contest, name), a, 10, score, "WA" if score < 100 else "AC")
    _contestant(contest, "Giang")  # registered, never submitted
    board = _board(contest)
    assert [(r.rank, r.name) for r in board.rows] == [(1, "An"), (2, "Bình"), (2, "Chi"), (4, "Dũng"), (5, "Giang")]


def test_a_contestants_best_score_on_their_problem_list_is_what_the_board_gives_them(contest: Contest) -> None:
    """The problem list's "My best score" took the highest score of any of the team's submissions: with best per
    subtask it said 60 where the board and the awards give 100, and it counted a submission the board does not
    (before the window, after the entrant's end, a judge error's score)."""
    a, b, c = _problem(contest, "A"), _problem(contest, "B"), _problem(contest, "C")
    _settings(contest, best_per_subtask=True)
    an, binh = UserFactory(full_name="An"), UserFactory(full_name="Bình")
    team = _register(contest, an, binh, team_name="Đội Sao Mai")
    team.extra_minutes = 10  # a power cut: the team's window closes at minute 310
    _submit(an, a, 10, 40, "WA", subtasks={"1": 40.0, "2": 0.0})
    _submit(binh, a, 20, 60, "WA", subtasks={"1": 0.0, "2": 60.0})
    _submit(an, b, -5, 100)  # before the window
    _submit(an, b, 30, 100, "JE")  # the judge's fault
    _submit(binh, b, 305, 30, "WA")  # in the extra time: counts
    _submit(binh, c, 311, 100)  # after the team's end
    board = _by_name(_board(contest, staff=True))["Đội Sao Mai"]
    assert [cell.score for cell in board.cells] == [100.0, 30.0, None]
    page = problem_lists.problem_list_page(db.session, contest, an)
    assert page.best == {a.id: 100.0, b.id: 30.0}
