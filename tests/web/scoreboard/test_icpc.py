"""The ICPC scoreboard: problems solved, penalty minutes for rejected tries, and shared ranks."""

from __future__ import annotations

from app.models import Contest, ScoreboardMode

from .helpers import _board, _by_name, _contestant, _problem, _settings, _submit


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
