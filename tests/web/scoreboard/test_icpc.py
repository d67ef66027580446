"""The ICPC scoreboard: problems solved, penalty minutes for rejected tries, and shared ranks."""

from __future__ import annotations

from flask.testing import FlaskClient

from app.extensions import db
from app.models import Contest, Role, ScoreboardMode, SubmissionStatus, Unit
from app.services.programming import problem_lists
from tests.conftest import AuthActions

from ...factories import UserFactory
from .helpers import _board, _by_name, _contestant, _problem, _register, _settings, _submit


def test_icpc_penalty_counts_rejected_tries_before_the_first_ac_but_not_ce(contest: Contest) -> None:
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


def test_icpc_ties_on_solved_and_penalty_share_a_rank(contest: Contest) -> None:
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a = _problem(contest, "A")
    for name in ("An", "Bình"):
        _submit(_contestant(contest, name), a, 42)
    assert [r.rank for r in _board(contest).rows] == [1, 1]


def test_icpc_equal_solved_and_penalty_go_by_the_earlier_last_ac_as_domjudge_ranks(contest: Contest) -> None:
    """DOMjudge and the ICPC rules: solved, then penalty, then the earlier last AC; equal on all three: one rank."""
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a, b = _problem(contest, "A"), _problem(contest, "B")
    an, binh, chi, dung = (_contestant(contest, n) for n in ("An", "Bình", "Chi", "Dũng"))
    _submit(an, a, 10)
    _submit(an, b, 50)  # 60 minutes, last AC at 50
    _submit(binh, a, 20)
    _submit(binh, b, 40)  # 60 minutes, last AC at 40: ahead of An
    _submit(chi, a, 15)
    _submit(chi, b, 45)  # 60 minutes, last AC at 45
    _submit(dung, a, 25)
    _submit(dung, b, 35.9)  # 60 minutes (35), last AC at 35
    board = _board(contest)
    assert [(r.name, r.rank, r.penalty) for r in board.rows] == [
        ("Dũng", 1, 60),
        ("Bình", 2, 60),
        ("Chi", 3, 60),
        ("An", 4, 60),
    ]


def test_icpc_ties_on_everything_share_a_rank_and_the_next_skips(contest: Contest) -> None:
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a = _problem(contest, "A")
    for name, minute in (("An", 42), ("Bình", 42.7), ("Chi", 50)):
        _submit(_contestant(contest, name), a, minute)
    assert [(r.name, r.rank) for r in _board(contest).rows] == [("An", 1), ("Bình", 1), ("Chi", 3)]


def test_icpc_penalty_of_an_entrant_given_extra_time_leaves_out_the_minutes_they_lost(contest: Contest) -> None:
    """The contest runs 300 minutes; Chi's school lost 15 of them and got them back after the end. An AC in the
    extra minutes is charged the contest time Chi had used (wall minute 310 is minute 295); one before the
    closing never more than Chi had at the closing (285), nor anyone's more than the wall clock."""
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a, b = _problem(contest, "A"), _problem(contest, "B")
    an = _contestant(contest, "An")
    chi = UserFactory(full_name="Chi")
    _register(contest, chi).extra_minutes = 15
    _submit(an, a, 100)
    _submit(an, b, 290)
    _submit(chi, a, 100)  # before any lost minute could matter: the wall clock
    _submit(chi, b, 299, verdict="WA")
    _submit(chi, b, 310)  # in the extra time
    rows = _by_name(_board(contest))
    assert [c.minutes for c in rows["Chi"].cells] == [100, 295]
    assert rows["Chi"].penalty == 100 + 295 + 20
    assert [c.minutes for c in rows["An"].cells] == [100, 290]

    _submit(chi, b, 290)  # an earlier AC, before the closing: at most the 285 minutes Chi had at the closing
    assert [c.minutes for c in _by_name(_board(contest, staff=True))["Chi"].cells] == [100, 285]


def test_icpc_a_try_still_waiting_before_the_first_ac_is_pending_and_its_penalty_counts_once_judged(
    contest: Contest,
) -> None:
    """DOMjudge: a submission before the first AC that waits for its result is pending on the solved cell ("1 + 1"
    tries), everywhere (live, frozen, the contestant's); once judged it is a try like any (20 minutes when
    rejected, nothing as a compile error, by DOMjudge's compile_penalty default). hoithi showed the cell solved
    with nothing pending, and the rank then moved with no sign that it could. Nothing after the first AC is
    pending (DOMjudge stops counting there)."""
    settings = _settings(contest, scoreboard_mode=ScoreboardMode.ICPC, freeze_minutes=120)  # frozen from minute 180
    a = _problem(contest, "A")
    an, binh = _contestant(contest, "An"), _contestant(contest, "Bình")
    _submit(an, a, 10, verdict="WA")
    waiting = _submit(an, a, 20, status=SubmissionStatus.QUEUED)
    waiting.verdict = waiting.score = None
    _submit(an, a, 30)
    after = _submit(an, a, 40, status=SubmissionStatus.RUNNING)
    after.verdict = after.score = None
    _submit(binh, a, 5, verdict="WA")
    _submit(binh, a, 30)  # 30 + 20: tied with An until An's waiting try is judged

    def an_now(staff: bool) -> tuple[object, ...]:
        rows = _by_name(_board(contest, staff))
        cell = rows["An"].cells[0]
        return cell.solved, cell.tries, cell.pending, cell.minutes, rows["An"].penalty, rows["An"].rank

    for staff in (False, True):  # the public's frozen board (what the contestant sees) and the staff's live one
        assert an_now(staff) == (True, 1, 1, 30, 50, 1)
    waiting.status, waiting.verdict, waiting.score = SubmissionStatus.DONE, "TLE", 0.0
    for staff in (False, True):
        assert an_now(staff) == (True, 2, 0, 30, 70, 2)
    waiting.verdict = "CE"  # a compile error is no try
    assert an_now(True) == (True, 1, 0, 30, 50, 1)
    settings.results_published = True  # the published board: the same
    assert an_now(False) == (True, 1, 0, 30, 50, 1)


def test_an_icpc_contestants_problem_list_says_solved_or_not_with_the_tries_as_the_board_does(
    contest: Contest, client: FlaskClient, auth: AuthActions
) -> None:
    """ICPC has no partial scores: the problem list said "My best score 40 / 100" for a WA that passed some tests.
    It now says what the board's cell says: solved, with the rejected tries before the first AC (CE and JE are no
    tries), or not solved with its tries."""
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a, b, c = _problem(contest, "A"), _problem(contest, "B"), _problem(contest, "C")
    an = _contestant(contest, "An")
    _submit(an, a, 10, 40, "WA")
    _submit(an, a, 12, 0, "CE")
    _submit(an, a, 20)  # solved after one rejected try
    _submit(an, a, 30, 10, "WA")  # after the AC: no try
    _submit(an, b, 40, 60, "WA")
    _submit(an, b, 45, 70, "TLE")
    row = _by_name(_board(contest))["An"]
    assert [(cell.solved, cell.tries) for cell in row.cells] == [(True, 1), (False, 2), (False, 0)]
    db.session.commit()
    auth.login(an.username)
    page = client.get(f"/contests/{contest.id}/problems").get_data(as_text=True)
    table = page[page.index('id="problems"') :]
    rows = table.split("<tr>")[2:]
    assert "/ 100" not in table and "40" not in rows[0] and "70" not in rows[1]
    assert "Đã giải (1 lần sai)" in rows[0]
    assert "Chưa giải (2 lần sai)" in rows[1]
    assert "Đã giải" not in rows[2] and "Chưa giải" not in rows[2]
    listed = problem_lists.problem_list_page(db.session, contest, an).icpc or {}
    assert {pid: (cell.solved, cell.tries) for pid, cell in listed.items()} == {a.id: (True, 1), b.id: (False, 2)}
    assert c.id not in listed


def test_staff_trying_an_icpc_contests_problems_see_their_own_tries_the_same_way(
    contest: Contest, department: Unit
) -> None:
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a, b = _problem(contest, "A"), _problem(contest, "B")
    organiser = UserFactory(unit=department, roles={Role.ORGANISER})
    _submit(organiser, a, 10, 30, "WA")
    _submit(organiser, a, 20)
    _submit(organiser, b, 30, 50, "WA")
    page = problem_lists.problem_list_page(db.session, contest, organiser)
    assert page.registration is None and page.best == {}
    assert {pid: (cell.solved, cell.tries) for pid, cell in (page.icpc or {}).items()} == {
        a.id: (True, 1),
        b.id: (False, 1),
    }
