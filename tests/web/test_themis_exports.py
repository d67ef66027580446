"""Themis contest folders exported (issue 16, item 4): the results sheet, and a folder that imports again."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook
from sqlalchemy import select

from app.extensions import db
from app.models import Contest, ScoreboardMode, Submission, SubmissionStatus, User
from app.services.programming import scoreboard
from app.services.programming.judging_settings import settings_for
from tests.builders import present
from tests.conftest import AuthActions
from tests.responses import sheet

from .. import builders
from . import themis_helpers
from .themis_cli_helpers import _hoithi, _submissions
from .themis_helpers import CPP, PAS, PY, ThemisWorld, graded

world = themis_helpers.world


def test_an_icpc_results_sheet_shows_the_penalty_that_ranks_equal_totals(
    app: Flask, world: ThemisWorld, tmp_path: Path
) -> None:
    """Both solved one task, Bình after a rejected try: equal totals on ranks 1 and 2, told apart by the penalty
    minutes the scoreboard shows; the sheet gave no reason for the order."""
    settings = settings_for(db.session, db.session.get_one(Contest, world["contest"]))
    settings.scoreboard_mode = ScoreboardMode.ICPC
    db.session.add(settings)
    db.session.commit()
    graded(world["SUM"], world["alice"], PY, "python", 100)
    graded(world["SUM"], world["bob"], PAS, "pascal", 70)
    graded(world["SUM"], world["bob"], PY, "python", 100)
    board = scoreboard.build(db.session, db.session.get_one(Contest, world["contest"]), viewer_is_staff=True)
    first, second = (present(r.penalty) for r in board.rows)
    assert second >= first + 20  # Bình's rejected try
    assert _hoithi(app, "themis", "export", world["contest"], tmp_path / "kq.xlsx").exit_code == 0
    rows = [[c.value for c in row] for row in sheet(load_workbook(tmp_path / "kq.xlsx")).iter_rows()]
    assert rows[0][-3:] == ["Số bài giải được", "Thời gian phạt", "Hạng"]
    assert [r[-3:] for r in rows[1:]] == [[1, first, 1], [1, second, 2]]


def _graded_contest(world: ThemisWorld) -> None:
    graded(world["SUM"], world["alice"], PY, "python", 100)
    graded(world["SUM"], world["alice"], b"print(0)\n", "python", 30)  # later, worse: the best is exported
    graded(world["TONG"], world["alice"], CPP, "cpp", 40)
    graded(world["SUM"], world["bob"], PAS, "pascal", 70)


def test_the_results_sheet_cell_by_cell(app: Flask, client: FlaskClient, auth: AuthActions, world: ThemisWorld) -> None:
    _graded_contest(world)
    auth.login("org")
    response = client.get(f"/contests/{world['contest']}/manage/themis/results.xlsx")
    assert response.status_code == 200
    assert [[c.value for c in row] for row in sheet(load_workbook(io.BytesIO(response.data))).iter_rows()] == [
        ["STT", "Thí sinh", "Họ và tên", "Đơn vị", "SUM", "TONG", "Tổng điểm", "Hạng"],
        [1, "alice", "Nguyễn Thị An", world["unit"], 100, 40, 140, 1],
        [2, "bob", "Trần Văn Bình", world["unit"], 70, 0, 70, 2],
    ]


def test_a_submission_being_rejudged_is_exported_with_its_standing_result(
    client: FlaskClient, auth: AuthActions, world: ThemisWorld
) -> None:
    """Rejudging keeps a submission's previous result counting on the board: the folder took only finished
    submissions for judged, so a best source queued again gave way to a worse one (30 for 100 on the board)."""
    _graded_contest(world)
    best = db.session.scalars(select(Submission).where(Submission.score == 100)).one()
    best.status = SubmissionStatus.QUEUED  # queued again by a rejudge: verdict and score kept
    db.session.commit()
    auth.login("org")
    response = client.get(f"/contests/{world['contest']}/manage/themis/folder.zip")
    with zipfile.ZipFile(io.BytesIO(response.data)) as zf:
        assert zf.read("alice/SUM.py") == PY
    results = client.get(f"/contests/{world['contest']}/manage/themis/results.xlsx")
    assert [c.value for c in list(sheet(load_workbook(io.BytesIO(results.data))).iter_rows())[1]][4:7] == [100, 40, 140]


def test_the_command_line_writes_the_results_sheet(app: Flask, world: ThemisWorld, tmp_path: Path) -> None:
    _graded_contest(world)
    out = tmp_path / "ketqua.xlsx"
    result = _hoithi(app, "themis", "export", world["contest"], out)
    assert result.exit_code == 0, result.output + result.stderr
    rows = [[c.value for c in row] for row in sheet(load_workbook(out)).iter_rows()]
    assert rows[1][1:] == ["alice", "Nguyễn Thị An", world["unit"], 100, 40, 140, 1]


def _second_round(world: ThemisWorld) -> Contest:
    """Another contest with the same problem codes and the same two students registered."""
    other = builders.contest(organiser_unit=db.session.get_one(User, world["org"]).unit)
    builders.programming_problem(other, "A", code="SUM")
    builders.programming_problem(other, "B", code="TONG")
    builders.register(other, db.session.get_one(User, world["alice"]), db.session.get_one(User, world["bob"]))
    db.session.commit()
    return other


def test_the_exported_folder_holds_each_best_source_and_imports_again(
    app: Flask, client: FlaskClient, auth: AuthActions, world: ThemisWorld
) -> None:
    _graded_contest(world)
    auth.login("org")
    response = client.get(f"/contests/{world['contest']}/manage/themis/folder.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.data)) as zf:
        assert {n: zf.read(n) for n in zf.namelist()} == {"alice/SUM.py": PY, "alice/TONG.cpp": CPP, "bob/SUM.pas": PAS}

    other = _second_round(world)
    response = client.post(
        f"/contests/{other.id}/manage/themis",
        data={"folder": (io.BytesIO(response.data), "folder.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    again = [s for s in _submissions() if s.origin == "themis"]
    assert {(s.user_id, s.problem.code, s.language, s.source) for s in again} == {
        (world["alice"], "SUM", "python", PY.decode()),
        (world["alice"], "TONG", "cpp", CPP.decode()),
        (world["bob"], "SUM", "pascal", PAS.decode()),
    }
    assert {s.problem_id for s in again}.isdisjoint({world["SUM"], world["TONG"]})


def test_a_folder_exported_on_the_command_line_imports_again(app: Flask, world: ThemisWorld, tmp_path: Path) -> None:
    _graded_contest(world)
    out = tmp_path / "Contest"
    assert _hoithi(app, "themis", "export", world["contest"], out).exit_code == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*.*")) == [
        "alice/SUM.py",
        "alice/TONG.cpp",
        "bob/SUM.pas",
    ]
    other = _second_round(world)
    result = _hoithi(app, "themis", "import", other.id, out)
    assert result.exit_code == 0, result.output + result.stderr
    assert "3 submissions imported" in result.output


def test_exporting_into_a_folder_that_holds_files_is_refused(app: Flask, world: ThemisWorld, tmp_path: Path) -> None:
    out = tmp_path / "Contest"
    out.mkdir()
    (out / "old.txt").write_text("keep me")
    result = _hoithi(app, "themis", "export", world["contest"], out)
    assert result.exit_code == 1 and "not an empty folder" in result.stderr
    assert [p.name for p in out.iterdir()] == ["old.txt"]


def test_an_icpc_contest_exports_solved_tasks_and_the_source_that_solved_each(
    app: Flask, world: ThemisWorld, tmp_path: Path
) -> None:
    """The folder held each contestant's last source: alice's wrong try after her AC, so the folder, imported again
    (which it promises), gave a board where alice had solved nothing, beside a sheet saying she had. It now holds
    the first AC, the submission the board counts, or the last source of an unsolved task."""
    settings = settings_for(db.session, db.session.get_one(Contest, world["contest"]))
    settings.scoreboard_mode = ScoreboardMode.ICPC
    db.session.add(settings)
    db.session.commit()
    _graded_contest(world)  # alice: SUM accepted, then a worse one last; TONG wrong; bob: SUM wrong
    board = scoreboard.build(db.session, db.session.get_one(Contest, world["contest"]), viewer_is_staff=True)
    minutes = board.rows[0].penalty  # from the opening to alice's AC

    assert _hoithi(app, "themis", "export", world["contest"], tmp_path / "kq.xlsx").exit_code == 0
    rows = [[c.value for c in row] for row in sheet(load_workbook(tmp_path / "kq.xlsx")).iter_rows(min_row=2)]
    assert [r[1:] for r in rows] == [
        ["alice", "Nguyễn Thị An", world["unit"], 1, 0, 1, minutes, 1],
        ["bob", "Trần Văn Bình", world["unit"], 0, 0, 0, 0, 2],
    ]
    assert _hoithi(app, "themis", "export", world["contest"], tmp_path / "kq.zip").exit_code == 0
    with zipfile.ZipFile(tmp_path / "kq.zip") as zf:
        assert zf.read("alice/SUM.py") == PY  # the AC, not the wrong try after it
        assert zf.read("alice/TONG.cpp") == CPP and zf.read("bob/SUM.pas") == PAS  # unsolved: the last


def test_a_code_stored_before_codes_were_plain_names_stays_inside_its_contestants_folder(
    app: Flask, world: ThemisWorld, tmp_path: Path
) -> None:
    """A code is a plain name since problem_codes; one stored before, holding a path, names a file inside the
    contestant's folder in the exported zip, never outside it."""
    graded(world["SUM"], world["alice"], PY, "python", 100)
    problem = db.session.get_one(Submission, _submissions()[0].id).problem
    problem.code = "../../Bài 1"
    db.session.commit()
    assert _hoithi(app, "themis", "export", world["contest"], tmp_path / "kq.zip").exit_code == 0
    with zipfile.ZipFile(tmp_path / "kq.zip") as zf:
        assert zf.namelist() == ["alice/Bai1.py"]
