"""Themis contest folders imported (issue 16, item 4): from the command line and the web into queued submissions,
refused whole with every problem named."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEntry, Contest, Role, Submission, SubmissionStatus, User, job_id_for
from app.queue import judge_queue
from app.services.contests import registrations
from app.services.programming import grading
from app.services.programming.themis_folders import importing, reading
from app.timeutil import to_local, utcnow
from tests.conftest import AuthActions

from .. import builders
from . import themis_helpers
from .themis_cli_helpers import _count, _hoithi, _submissions
from .themis_helpers import CPP, PAS, PY, ThemisWorld, write_folder, zip_bytes

world = themis_helpers.world


def test_the_command_line_imports_a_folder_and_queues_every_source(
    app: Flask, world: ThemisWorld, tmp_path: Path
) -> None:
    saved = (utcnow() - timedelta(hours=2)).replace(microsecond=0)
    folder = write_folder(
        tmp_path / "Contest",
        {"alice/SUM.py": PY, "ALICE/tong.CPP": CPP, "bob/Sum.pas": PAS},
        saved_at=saved,
    )

    result = _hoithi(app, "themis", "import", world["contest"], folder)

    assert result.exit_code == 0, result.output + result.stderr
    assert "3 submissions imported" in result.output
    found = {(s.user_id, s.problem_id): s for s in _submissions()}
    assert {(k, s.language, s.status, s.origin) for k, s in found.items()} == {
        ((world["alice"], world["SUM"]), "python", SubmissionStatus.QUEUED, "themis"),
        ((world["alice"], world["TONG"]), "cpp", SubmissionStatus.QUEUED, "themis"),
        ((world["bob"], world["SUM"]), "pascal", SubmissionStatus.QUEUED, "themis"),
    }
    assert found[(world["alice"], world["TONG"])].source == CPP.decode()
    assert {(s.file_time, s.created_at) for s in found.values()} == {(saved, saved)}
    queued = set(judge_queue(app).job_ids)
    assert {job_id_for(s.id) for s in found.values()} <= queued
    assert db.session.scalars(
        select(AuditEntry.data).where(AuditEntry.action == "programming.themis_import")
    ).all() == [{"submissions": 3, "contestants": 2, "unchanged": 0}]


def test_importing_the_same_folder_again_changes_nothing_but_a_changed_file_is_new(
    app: Flask, world: ThemisWorld, tmp_path: Path
) -> None:
    saved = (utcnow() - timedelta(hours=2)).replace(microsecond=0)
    folder = write_folder(tmp_path / "Contest", {"alice/SUM.py": PY, "bob/SUM.pas": PAS}, saved_at=saved)
    assert "2 submissions imported" in _hoithi(app, "themis", "import", world["contest"], folder).output

    again = _hoithi(app, "themis", "import", world["contest"], folder)
    assert (
        again.exit_code == 0 and "0 submissions imported" in again.output and "2 files imported before" in again.output
    )
    write_folder(folder, {"bob/SUM.pas": PAS + b"{ corrected }\n"}, saved_at=saved + timedelta(minutes=5))
    assert "1 submissions imported" in _hoithi(app, "themis", "import", world["contest"], folder).output
    assert _count() == 3


def test_an_organiser_imports_a_zip_on_the_web(
    app: Flask, client: FlaskClient, auth: AuthActions, world: ThemisWorld
) -> None:
    # A zip of the contest folder itself, dated by the lab's clock (Asia/Ho_Chi_Minh) an hour ago.
    local = to_local(utcnow() - timedelta(hours=1)).replace(second=0, microsecond=0)  # zips keep even seconds
    data = zip_bytes(
        {"Phong1/alice/SUM.py": PY, "Phong1/bob/TONG.c": CPP.replace(b"iostream", b"stdio.h")},
        date_time=local.timetuple()[:6],
    )
    auth.login("org")

    response = client.post(
        f"/contests/{world['contest']}/manage/themis",
        data={"folder": (io.BytesIO(data), "phong1.zip")},
        content_type="multipart/form-data",
    )

    assert response.status_code == 302 and response.headers["Location"].endswith("/manage/judging")
    found = _submissions()
    assert [(s.user_id, s.problem_id, s.language) for s in found] == [
        (world["alice"], world["SUM"], "python"),
        (world["bob"], world["TONG"], "c"),
    ]
    assert all(s.file_time is not None and to_local(s.file_time) == local for s in found)
    page = client.get(f"/contests/{world['contest']}/manage/judging").get_data(as_text=True)
    assert "2 bài nộp đã được nhập từ thư mục Themis" in page
    assert page.count('title="Nhập từ thư mục bài thi Themis">(Themis)</span>') == 2
    assert "Mã các bài của cuộc thi: SUM, TONG" in client.get(f"/contests/{world['contest']}/manage/themis").get_data(
        as_text=True
    )


def test_a_file_time_outside_the_window_is_brought_into_it(app: Flask, world: ThemisWorld, tmp_path: Path) -> None:
    contest = db.session.get_one(Contest, world["contest"])
    early = (contest.submission_opens - timedelta(days=3)).replace(microsecond=0)
    listing = reading.read_directory(write_folder(tmp_path / "c", {"alice/SUM.py": PY}, saved_at=early))
    (submission_id,) = importing.import_listing(db.session, None, contest, listing).submission_ids
    submission = db.session.get_one(Submission, submission_id)
    assert (submission.file_time, submission.created_at) == (early, contest.submission_opens)


TOO_LARGE = b"# " + b"x" * grading.MAX_SOURCE_BYTES + b"\n"
BAD_FOLDERS = {
    "unknown contestant": ({"alice/SUM.py": PY, "dave/SUM.py": PY}, "dave/SUM.py"),
    "unregistered contestant": ({"carol/SUM.py": PY}, "carol/SUM.py"),
    "file for no problem": ({"alice/BAI9.py": PY}, "alice/BAI9.py"),
    "unknown extension": ({"alice/SUM.rb": PY}, "alice/SUM.rb"),
    "two sources for one task": ({"alice/SUM.py": PY, "alice/sum.cpp": CPP}, "alice/sum.cpp"),
    "file over the size cap": ({"alice/SUM.py": TOO_LARGE}, "alice/SUM.py"),
    "nested folder": ({"alice/src/SUM.py": PY, "bob/SUM.py": PY}, "alice/src/SUM.py"),
    "file outside the contestants' folders": ({"SUM.py": PY, "bob/SUM.py": PY}, "SUM.py"),
    "binary file": ({"alice/SUM.cpp": b"\x7fELF\x00\x01"}, "alice/SUM.cpp"),
}


@pytest.mark.parametrize("case", sorted(BAD_FOLDERS))
def test_a_folder_with_stray_files_is_refused_whole(app: Flask, world: ThemisWorld, tmp_path: Path, case: str) -> None:
    files, culprit = BAD_FOLDERS[case]
    contest = db.session.get_one(Contest, world["contest"])
    good = {"bob/TONG.py": PY}  # a good file beside: not imported either
    for listing in (
        reading.read_directory(write_folder(tmp_path / "c", {**files, **good})),
        reading.read_zip(io.BytesIO(zip_bytes({**files, **good}))),
    ):
        with pytest.raises(importing.FolderRefused) as refused:
            importing.import_listing(db.session, None, contest, listing)
        db.session.rollback()
        assert len(refused.value.problems) == 1, refused.value.problems
        assert refused.value.problems[0].startswith(culprit), refused.value.problems
        assert _count() == 0


def test_a_zip_escaping_its_folder_is_refused(app: Flask, world: ThemisWorld) -> None:
    contest = db.session.get_one(Contest, world["contest"])
    listing = reading.read_zip(io.BytesIO(zip_bytes({"alice/SUM.py": PY, "../bob/SUM.py": PY})))
    with pytest.raises(importing.FolderRefused) as refused:
        importing.import_listing(db.session, None, contest, listing)
    assert any("../bob/SUM.py" in p for p in refused.value.problems), refused.value.problems
    assert _count() == 0


def test_a_link_in_a_folder_is_refused_never_followed(app: Flask, world: ThemisWorld, tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "c", {"alice/SUM.py": PY})
    (folder / "bob").mkdir()
    (folder / "bob" / "SUM.py").symlink_to("/etc/passwd")
    result = _hoithi(app, "themis", "import", world["contest"], folder)
    assert result.exit_code == 1
    assert "bob/SUM.py: không được dùng liên kết (link)." in result.stderr
    assert _count() == 0


def test_the_web_report_names_every_problem_in_vietnamese_and_imports_nothing(
    app: Flask, client: FlaskClient, auth: AuthActions, world: ThemisWorld
) -> None:
    data = zip_bytes({"alice/SUM.py": PY, "dave/SUM.py": PY, "bob/BAI9.py": PY, "bob/SUM.rb": PY, "bob/x/SUM.py": PY})
    auth.login("org")
    response = client.post(
        f"/contests/{world['contest']}/manage/themis",
        data={"folder": (io.BytesIO(data), "lab.zip")},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Không nhập gì cả" in page
    for culprit in ("dave/SUM.py", "bob/BAI9.py", "bob/SUM.rb", "bob/x/SUM.py"):
        assert culprit in page
    assert _count() == 0


def test_an_upload_that_is_no_zip_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, world: ThemisWorld
) -> None:
    auth.login("org")
    response = client.post(
        f"/contests/{world['contest']}/manage/themis",
        data={"folder": (io.BytesIO(b"not a zip at all"), "lab.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200 and "zip" in response.get_data(as_text=True)
    assert _count() == 0


def test_a_teams_folders_are_its_members_and_one_task_takes_one_source(
    app: Flask, world: ThemisWorld, tmp_path: Path
) -> None:
    contest = db.session.get_one(Contest, world["contest"])
    contest.max_team_size = 2
    school = db.session.get_one(User, world["alice"]).unit
    coordinator = builders.person("coord", school, Role.COORDINATOR)
    dan, eve = builders.person("dan", school), builders.person("eve", school)
    registrations.register(db.session, coordinator, contest, member_ids=[dan.id, eve.id], team_name="Đội 1")
    db.session.commit()

    both = reading.read_directory(write_folder(tmp_path / "a", {"dan/SUM.py": PY, "eve/sum.cpp": CPP}))
    with pytest.raises(importing.FolderRefused) as refused:
        importing.import_listing(db.session, None, contest, both)
    db.session.rollback()
    assert [p.split(":")[0] for p in refused.value.problems] == ["eve/sum.cpp"]

    split = reading.read_directory(write_folder(tmp_path / "b", {"dan/SUM.py": PY, "eve/TONG.cpp": CPP}))
    importing.import_listing(db.session, None, contest, split)
    db.session.commit()
    assert {(s.user_id, s.problem_id) for s in _submissions()} == {(dan.id, world["SUM"]), (eve.id, world["TONG"])}


def test_an_import_without_the_forms_token_is_refused(
    app: Flask, client: FlaskClient, auth: AuthActions, world: ThemisWorld
) -> None:
    auth.login("org")
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            f"/contests/{world['contest']}/manage/themis",
            data={"folder": (io.BytesIO(zip_bytes({"alice/SUM.py": PY})), "lab.zip")},
            content_type="multipart/form-data",
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200
    assert "Biểu mẫu đã hết hạn" in response.get_data(as_text=True)
    assert _count() == 0
