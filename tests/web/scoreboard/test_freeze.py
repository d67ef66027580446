"""The freeze and who sees which board: the public sees the frozen board until results are published, staff the
live one; draft contests and contests without programming have no public board."""

from __future__ import annotations

import io
from datetime import timedelta

from flask.testing import FlaskClient
from openpyxl import load_workbook

from app.extensions import db
from app.models import Contest, ContestKind, ContestStatus, Problem, ScoreboardMode, SubmissionStatus, User
from app.services.programming import problem_lists, scoreboard
from tests.conftest import AuthActions
from tests.responses import sheet as active_sheet
from tests.web.scoreboard.conftest import Running

from ...factories import ContestFactory
from .helpers import START, _board, _by_name, _contestant, _problem, _settings, _submit


def test_the_freeze_hides_late_submissions_from_the_public_but_not_from_staff(contest: Contest) -> None:
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


def test_the_icpc_freeze_shows_pending_tries(contest: Contest) -> None:
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


def test_the_public_page_shows_the_frozen_board(client: FlaskClient, running: Running) -> None:
    page = client.get(f"/contests/{running['contest'].id}/scoreboard").get_data(as_text=True)
    assert 'id="frozen-note"' in page
    assert page.index("Trần Thị Bình") < page.index("Nguyễn Văn An")
    assert "?1" in page
    assert "THCS Lê Quý Đôn" in page


def test_staff_see_the_live_board_with_a_note(client: FlaskClient, auth: AuthActions, running: Running) -> None:
    auth.login("btc")
    page = client.get(f"/contests/{running['contest'].id}/scoreboard").get_data(as_text=True)
    assert 'id="live-note"' in page and 'id="frozen-note"' not in page
    assert page.index("Nguyễn Văn An") < page.index("Trần Thị Bình")  # 140 before 100


def test_a_draft_contests_board_is_hidden_from_the_public(
    client: FlaskClient, auth: AuthActions, running: Running
) -> None:
    contest = running["contest"]
    contest.status = ContestStatus.DRAFT
    db.session.commit()
    assert client.get(f"/contests/{contest.id}/scoreboard").status_code == 404
    assert client.get(f"/contests/{contest.id}/scoreboard.xlsx").status_code == 404
    auth.login("btc")
    assert client.get(f"/contests/{contest.id}/scoreboard").status_code == 200


def test_only_programming_contests_have_a_board(client: FlaskClient) -> None:
    contest = ContestFactory(kind=ContestKind.ELEARNING)
    db.session.commit()
    assert client.get(f"/contests/{contest.id}/scoreboard").status_code == 404


def _waiting(user: User, problem: Problem, minute: float, status: SubmissionStatus) -> None:
    """A submission made ``minute`` minutes after the opening that waits for its first result."""
    submission = _submit(user, problem, minute, status=status)
    submission.verdict = submission.score = None


def test_a_submission_made_before_the_freeze_and_still_waiting_shows_as_pending(contest: Contest) -> None:
    """As DOMjudge's frozen cells show the tries it does not count yet: one made before the freeze but still in the
    queue was shown neither as pending nor as counted."""
    settings = _settings(contest, freeze_minutes=120)  # frozen from minute 180
    a, b = _problem(contest, "A"), _problem(contest, "B")
    an = _contestant(contest, "An")
    _submit(an, a, 100, 50, "WA")
    _waiting(an, a, 170, SubmissionStatus.QUEUED)
    _waiting(an, b, 175, SubmissionStatus.RUNNING)
    cells = _board(contest).rows[0].cells
    assert [(c.score, c.pending) for c in cells] == [(50.0, 1), (None, 1)]
    live = _board(contest, staff=True).rows[0].cells  # the live board shows them waiting too
    assert [(c.score, c.pending) for c in live] == [(50.0, 1), (None, 1)]

    settings.scoreboard_mode = ScoreboardMode.ICPC
    cells = _board(contest).rows[0].cells
    assert [(c.solved, c.tries, c.pending) for c in cells] == [(False, 1, 1), (False, 0, 1)]


def test_a_submission_being_rejudged_counts_with_its_previous_result(contest: Contest) -> None:
    """A rejudge keeps the old result until the new one is written: the board showed 0 (IOI) or an unsolved
    problem (ICPC) meanwhile."""
    settings = _settings(contest)
    a = _problem(contest, "A")
    an = _contestant(contest, "An")
    _submit(an, a, 30, 40, "WA")
    _submit(an, a, 60, status=SubmissionStatus.QUEUED)  # an AC queued again: its verdict and score kept
    assert [(r.total, r.cells[0].pending) for r in _board(contest).rows] == [(100.0, 0)]
    settings.scoreboard_mode = ScoreboardMode.ICPC
    row = _board(contest).rows[0]
    assert (row.total, row.penalty, row.cells[0].pending) == (1.0, 60 + 20, 0)


def test_pending_marks_only_what_may_still_change_a_cell_on_the_page_and_in_the_sheet_alike(
    client: FlaskClient, contest: Contest
) -> None:
    """One rule for both modes: ``?n`` counts the submissions whose results are not shown and may still change the
    cell. An IOI cell at full marks cannot rise (as an ICPC cell cannot change after its first AC, where DOMjudge
    stops counting; CMS's ranking shows no pending at all), so it shows none, after the freeze or waiting for the
    judge; a cell below full marks shows every one; the sheet writes what the page shows."""
    settings = _settings(contest, freeze_minutes=120)  # frozen from minute 180
    a, b = _problem(contest, "A"), _problem(contest, "B")
    an = _contestant(contest, "Nguyễn Văn An")
    _submit(an, a, 50)  # full marks before the freeze
    _waiting(an, a, 170, SubmissionStatus.QUEUED)  # still waiting for the judge
    _submit(an, a, 200, 30, "WA")  # after the freeze
    _submit(an, b, 60, 60, "WA")
    _waiting(an, b, 170, SubmissionStatus.RUNNING)
    _submit(an, b, 190, 70, "WA")
    db.session.commit()

    def seen() -> tuple[list[tuple[float | None, int]], list[str], list[object]]:  # cells, page, sheet
        cells = _board(contest).rows[0].cells
        page = client.get(f"/contests/{contest.id}/scoreboard").get_data(as_text=True)
        html = [f'<td class="{c}">' for c in ("num", "num pending")]
        row = page[page.index("Nguyễn Văn An") :]
        tds = [row[row.index(h) : row.index("</td>", row.index(h))] for h in html]
        data = client.get(f"/contests/{contest.id}/scoreboard.xlsx").data
        sheet = [list(r) for r in active_sheet(load_workbook(io.BytesIO(data))).iter_rows(values_only=True)]
        return [(c.score, c.pending) for c in cells], tds, list(sheet[3][5:7])

    cells, tds, sheet = seen()
    assert cells == [(100.0, 0), (60.0, 2)]
    assert tds == ['<td class="num">100', '<td class="num pending">60 ?2']
    assert sheet == [100, "60 ?2"]

    settings.scoreboard_mode = ScoreboardMode.ICPC
    db.session.commit()
    icpc = _board(contest).rows[0].cells
    assert [(c.solved, c.tries, c.pending) for c in icpc] == [(True, 0, 0), (False, 1, 2)]


def test_a_contestant_sees_their_own_results_on_their_problem_list_while_the_board_is_frozen(
    contest: Contest,
) -> None:
    """The public board keeps a submission made in the freeze as ``?``; its author's problem list shows its result
    (as their submissions list does), in either mode."""
    settings = _settings(contest, freeze_minutes=120)  # frozen from minute 180
    a = _problem(contest, "A")
    an = _contestant(contest, "An")
    _submit(an, a, 100, 40, "WA")
    _submit(an, a, 200)  # AC in the freeze
    assert [(c.score, c.pending) for c in _board(contest).rows[0].cells] == [(40.0, 1)]
    assert problem_lists.problem_list_page(db.session, contest, an).best == {a.id: 100.0}
    settings.scoreboard_mode = ScoreboardMode.ICPC
    cell = _board(contest).rows[0].cells[0]
    assert (cell.solved, cell.tries, cell.pending) == (False, 1, 1)
    listed = problem_lists.problem_list_page(db.session, contest, an).icpc or {}
    assert (listed[a.id].solved, listed[a.id].tries) == (True, 1)
