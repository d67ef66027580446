"""The contest day's boards against the references: DOMjudge's ICPC rules for a team, a disqualified entrant and
an entrant given extra time under the freeze; IOI 2017+'s best of each subtask against the best single
submission."""

from __future__ import annotations

from datetime import timedelta

from app.extensions import db
from app.models import Contest, Role, ScoreboardMode, SubmissionStatus
from app.services.programming import disqualification, extra_time, scoreboard
from app.timeutil import utcnow

from ...factories import UserFactory
from .helpers import START, _board, _by_name, _contestant, _problem, _register, _settings, _submit


def test_icpc_a_teams_members_share_one_cell_and_tries_after_its_first_ac_count_for_no_one(contest: Contest) -> None:
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a = _problem(contest, "A")
    lan, minh = UserFactory(full_name="Lan"), UserFactory(full_name="Minh")
    _register(contest, lan, minh, team_name="Đội Sao Mai")
    _submit(lan, a, 5, verdict="WA")
    _submit(minh, a, 8, verdict="CE")  # no try (DOMjudge: compile_penalty off)
    _submit(minh, a, 12.9)  # the team's first AC, minute 12
    _submit(lan, a, 20, verdict="WA")  # after it: ignored
    row = _by_name(_board(contest))["Đội Sao Mai"]
    assert (row.total, row.penalty) == (1.0, 12 + 20)
    assert (row.cells[0].tries, row.cells[0].minutes) == (1, 12)


def test_a_disqualified_entrant_leaves_the_board_and_the_ranks_close_up(contest: Contest) -> None:
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a = _problem(contest, "A")
    an, binh, chi = (_contestant(contest, n) for n in ("An", "Bình", "Chi"))
    _submit(an, a, 10)
    _submit(binh, a, 20)
    _submit(chi, a, 30)
    organiser = UserFactory(roles={Role.ORGANISER}, unit=contest.organiser_unit)
    registration = next(r for r in extra_time.registrations(db.session, contest) if r.members[0].user_id == an.id)
    disqualification.disqualify(db.session, organiser.id, contest, registration, "Dùng điện thoại")
    db.session.flush()
    assert [(r.name, r.rank) for r in _board(contest).rows] == [("Bình", 1), ("Chi", 2)]


def test_icpc_extra_time_under_the_freeze_is_pending_to_the_public_and_counted_in_contest_time_for_staff(
    contest: Contest,
) -> None:
    """The contest closed a minute ago after a 60-minute freeze; An was given 30 minutes and solved A 10 minutes
    into them: the public sees a pending try, staff the AC at An's contest minute (the 30 minutes lost taken out)."""
    contest.submission_closes = utcnow().replace(microsecond=0) - timedelta(minutes=1)
    length = int((contest.submission_closes - START).total_seconds() // 60)
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC, freeze_minutes=60)
    a = _problem(contest, "A")
    an = _contestant(contest, "An")
    organiser = UserFactory(roles={Role.ORGANISER}, unit=contest.organiser_unit)
    extra_time.grant(db.session, organiser.id, contest, extra_time.registrations(db.session, contest), 30, "Mất điện")
    _submit(an, a, length + 10, verdict="WA")  # made 10 minutes after the contest's closing, in An's extra time
    _submit(an, a, length + 10.5)
    db.session.flush()
    public = _by_name(scoreboard.build(db.session, contest, viewer_is_staff=False))["An"].cells[0]
    assert (public.solved, public.tries, public.pending) == (False, 0, 2)
    staff = _by_name(_board(contest, staff=True))["An"]
    assert (staff.cells[0].solved, staff.cells[0].minutes) == (True, length - 30 + 10)
    assert staff.penalty == length - 30 + 10 + 20


def test_ioi_best_per_subtask_adds_each_subtasks_best_where_the_best_single_submission_scores_less(
    contest: Contest,
) -> None:
    """IOI 2017+ (CMS's subtask max): a problem's score is the sum over subtasks of the best any submission earned
    in it; without it, the best single submission."""
    a = _problem(contest, "A")
    settings = _settings(contest, best_per_subtask=True)
    an = _contestant(contest, "An")
    _submit(an, a, 10, 60, "WA", subtasks={"1": 20, "2": 40, "3": 0})
    _submit(an, a, 20, 50, "WA", subtasks={"1": 20, "2": 0, "3": 30})
    assert _by_name(_board(contest))["An"].total == 90
    settings.best_per_subtask = False
    db.session.flush()
    assert _by_name(_board(contest))["An"].total == 60


def test_a_submission_the_judge_gave_up_on_is_pending_as_domjudge_shows_an_internal_error(contest: Contest) -> None:
    """JE on a first judging is the judge's fault, and a rejudge may still give it a result: DOMjudge shows such a
    submission as pending (its judging has no result); it was left off the board, as if never sent."""
    _settings(contest, scoreboard_mode=ScoreboardMode.ICPC)
    a = _problem(contest, "A")
    an, binh = _contestant(contest, "An"), _contestant(contest, "Bình")
    _submit(an, a, 10, verdict="WA")
    _submit(an, a, 20, verdict="JE", status=SubmissionStatus.ERROR)
    _submit(binh, a, 5)
    _submit(binh, a, 30, verdict="JE", status=SubmissionStatus.ERROR)  # after Bình's AC: can change nothing
    for staff in (False, True):
        cells = {name: row.cells[0] for name, row in _by_name(_board(contest, staff)).items()}
        assert (cells["An"].solved, cells["An"].tries, cells["An"].pending) == (False, 1, 1)
        assert (cells["Bình"].solved, cells["Bình"].tries, cells["Bình"].pending) == (True, 0, 0)


def test_an_ioi_cell_with_a_submission_the_judge_gave_up_on_is_pending(contest: Contest) -> None:
    _settings(contest)
    a = _problem(contest, "A")
    an, binh = _contestant(contest, "An"), _contestant(contest, "Bình")
    _submit(an, a, 10, 40, "WA")
    _submit(an, a, 20, verdict="JE", status=SubmissionStatus.ERROR)
    _submit(binh, a, 20, verdict="JE", status=SubmissionStatus.ERROR)
    rows = _by_name(_board(contest))
    assert (rows["An"].cells[0].score, rows["An"].cells[0].pending, rows["An"].total) == (40, 1, 40)
    assert (rows["Bình"].cells[0].score, rows["Bình"].cells[0].pending, rows["Bình"].total) == (None, 1, 0)
