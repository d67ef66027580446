"""The lab round's pages: the organiser's kit and upload, the lab administrator's set-up, their refusals in plain
Vietnamese."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale
from sqlalchemy import func, select
from werkzeug.test import TestResponse

from app.extensions import db
from app.models import Contest, LabPackage, LabRound, Problem, Role, Submission, User
from app.services.people.passwords import hash_password
from app.services.programming.lab import lab_setup
from app.services.programming.lab.zips import Refused
from app.timeutil import utcnow
from tests.conftest import AuthActions
from tests.responses import search

from .. import builders
from .lab_helpers import _lab_app, judged, lab_app, province, rewritten

__all__ = ["_lab_app", "lab_app", "province"]


from .lab_helpers import _export, _import, _refusal, _store


def _kit(client: FlaskClient, contest_id: int, tmp_path: Path) -> Path:
    response = client.post(f"/contests/{contest_id}/manage/lab/export", data={"seats_per_room": "30"})
    assert response.status_code == 200 and response.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.data)) as kit:
        assert sorted(kit.namelist()) == [
            f"cards-{contest_id}.pdf",
            f"lab-package-{contest_id}.zip",
            f"rooms-{contest_id}.pdf",
        ]
        (tmp_path / "lab.zip").write_bytes(kit.read(f"lab-package-{contest_id}.zip"))
    return tmp_path / "lab.zip"


def _upload(client: FlaskClient, contest_id: int, bundle: Path) -> TestResponse:
    data = {"bundle": (io.BytesIO(bundle.read_bytes()), "results.zip")}
    return client.post(
        f"/contests/{contest_id}/manage/lab/results",
        data=data,
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_the_lab_round_page_exports_and_imports_back(
    app: Flask, lab_app: Flask, province: dict[str, int], client: FlaskClient, auth: AuthActions, tmp_path: Path
) -> None:
    auth.login("org")
    client.get("/lang/en")
    contest_id = province["contest"]
    lab_package = _kit(client, contest_id, tmp_path)
    page = client.get(f"/contests/{contest_id}/manage/lab").get_data(as_text=True)
    assert page.count("<code>") == 1 and "not imported yet" in page  # one package issued, no results yet

    with lab_app.app_context():
        contest = lab_setup.import_package(db.session, _store(lab_app), lab_package)
        problem = db.session.scalars(select(Problem)).one()
        an = db.session.scalars(select(User).where(User.username == "an")).one()
        an.set_roles({Role.ADMIN})  # the lab's technician, for this test: the lab page is for staff
        judged(problem, an, b"print(3)\n", "AC", 100.0)
        db.session.commit()
        lab_client = lab_app.test_client()
        card = {"username": "an", "password": "password123"}
        an.password_hash = hash_password(card["password"])
        db.session.commit()
        assert lab_client.post("/login", data=card).status_code == 302
        lab_client.get("/lang/en")
        early = lab_client.post(f"/contests/{contest.id}/manage/lab/bundle", follow_redirects=True)
        assert "The round is not over yet" in early.get_data(as_text=True)
        contest.submission_closes = utcnow() - timedelta(seconds=1)
        db.session.commit()
        bundle = lab_client.post(f"/contests/{contest.id}/manage/lab/bundle")
        assert bundle.status_code == 200 and bundle.mimetype == "application/zip"
        (tmp_path / "results.zip").write_bytes(bundle.data)
        db.session.remove()

    changed = rewritten(tmp_path / "results.zip", tmp_path / "changed.zip", {"sources/1.py": b"print(4)\n"})
    refused = _upload(client, contest_id, changed).get_data(as_text=True)
    assert "The results bundle was refused; nothing was imported." in refused
    assert "The file sources/1.py was changed" in refused
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 0

    done = _upload(client, contest_id, tmp_path / "results.zip").get_data(as_text=True)
    assert "1 submissions of the lab round were imported." in done and "imported " in done
    assert db.session.scalar(select(func.count()).select_from(Submission)) == 1


def test_the_lab_page_says_in_vietnamese_that_a_packages_results_are_not_imported_yet(
    app: Flask, province: dict[str, int], client: FlaskClient, auth: AuthActions, tmp_path: Path
) -> None:
    """The packages' "Results" column, not the proposal report's "not dealt with yet" (its msgid was shared)."""
    auth.login("org")
    _kit(client, province["contest"], tmp_path)
    page = client.get(f"/contests/{province['contest']}/manage/lab").get_data(as_text=True)
    found = re.search(r'<table id="lab-packages">.*?</table>', page, re.S)
    assert found is not None
    assert "Kết quả" in found.group(0) and "chưa nhập" in found.group(0) and "chưa xử lý" not in found.group(0)


def test_an_upload_without_its_form_token_imports_nothing(
    csrf_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "org", "password": "password123", "csrf_token": token})
    client.get("/lang/en")
    (tmp_path / "any.zip").write_bytes(b"PK\x05\x06" + bytes(18))
    page = _upload(client, province["contest"], tmp_path / "any.zip").get_data(as_text=True)
    assert "The form has expired" in page
    exported = client.post(f"/contests/{province['contest']}/manage/lab/export", data={"seats_per_room": "30"})
    assert exported.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(LabPackage)) == 0


def test_the_labs_administrator_sets_the_round_up_from_its_page(
    app: Flask, lab_app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    with lab_app.app_context():
        builders.person("kythuat", None, Role.ADMIN)
        db.session.commit()
        client = lab_app.test_client()
        assert client.post("/login", data={"username": "kythuat", "password": "password123"}).status_code == 302
        client.get("/lang/en")

        def upload(path: Path) -> TestResponse:
            data = {"package": (io.BytesIO(path.read_bytes()), "lab.zip")}
            return client.post("/admin/lab", data=data, content_type="multipart/form-data", follow_redirects=True)

        broken = rewritten(tmp_path / "lab.zip", tmp_path / "broken.zip", {"extra.txt": b"?"})
        page = upload(broken).get_data(as_text=True)
        assert "The lab package is damaged; nothing was imported." in page
        assert "The file extra.txt is not in the manifest." in page
        assert db.session.scalar(select(func.count()).select_from(Contest)) == 0

        page = upload(tmp_path / "lab.zip").get_data(as_text=True)
        assert (
            "The lab round Tin học trẻ tỉnh is set up." in page and "This contest was set up from a lab package" in page
        )
        assert db.session.scalar(select(func.count()).select_from(LabRound)) == 1
        db.session.remove()


def test_a_file_that_is_not_a_zip_is_refused_in_plain_words(
    app: Flask, province: dict[str, int], tmp_path: Path
) -> None:
    _export(app, province, tmp_path / "lab.zip")
    (tmp_path / "results.zip").write_bytes(b"a photo of the minutes, not a bundle")
    assert _refusal(province, tmp_path / "results.zip") == ["The file is not a readable zip archive."]
    with force_locale("vi"), pytest.raises(Refused) as refused:
        _import(province, tmp_path / "results.zip")
    db.session.rollback()
    with force_locale("vi"):
        assert str(refused.value.message) == "Gói kết quả không phải tệp zip đọc được; chưa nhập gì."
