"""Entries through HTTP: creating one, uploading (plain form and XMLHttpRequest), refusals, opening files,
blind pages for judges, and the sandboxed preview of a package."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder, TestResponse

from app.entries.uploads import UploadTooLarge, receive
from app.extensions import db
from app.models import Assignment, Entry, EntryFile, EntrySettings
from app.services.entries import entering
from app.timeutil import utcnow
from tests.builders import row_of, table_of
from tests.responses import search

from ..submissions.crafting import JPEG, MP4_HEAD, PDF, PNG, RawEntry, make_zip, write_raw_zip
from . import entries_helpers
from .entries_helpers import World, lecture

INDEX = b"<!doctype html><title>Bai giang</title><script src='app.js'></script>"
XHR = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"}


world = entries_helpers.world


entry = entries_helpers.entry


def login(client: FlaskClient, username: str) -> None:
    assert client.post("/login", data={"username": username, "password": "password123"}).status_code == 302
    client.get("/lang/en")


def zip_bytes(tmp_path: Path, files: dict[str, bytes]) -> bytes:
    return make_zip(tmp_path / "p.zip", files).read_bytes()


def upload(client: FlaskClient, entry: Entry, data: bytes, name: str, slot: str = "package", **kw: Any) -> TestResponse:
    form = {"slot": slot, "file": (io.BytesIO(data), name), **kw.pop("fields", {})}
    return client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data", **kw)


def file_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(EntryFile)) or 0


def test_a_teacher_creates_an_entry_through_the_form(client: FlaskClient, world: World) -> None:
    login(client, "gv1")
    page = client.get(f"/contests/{world.elearning.id}/entries").get_data(as_text=True)
    assert f"/contests/{world.elearning.id}/entries/new" in page
    response = client.post(
        f"/contests/{world.elearning.id}/entries/new",
        data={
            "title": "Bài giảng Hình học",
            "subject": "Toán",
            "level": "Lớp 7",
            "licence": "cc_by_sa",
            "supervisor": 0,
        },
    )
    assert response.status_code == 302
    entry = db.session.scalars(select(Entry)).one()
    assert entry.code.startswith("EL-") and entry.title == "Bài giảng Hình học"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert entry.code in page and "CC BY-SA 4.0" in page and world.teacher.full_name in page


def test_the_form_says_what_is_wrong_and_creates_nothing(client: FlaskClient, world: World) -> None:
    login(client, "gv1")
    response = client.post(
        f"/contests/{world.elearning.id}/entries/new",
        data={
            "title": "Bài giảng",
            "licence": "",
            "coauthors": [world.teacher2.id, world.teacher3.id],
            "supervisor": 0,
        },
    )
    assert response.status_code == 200
    assert "at most 2 authors" in response.get_data(as_text=True)
    response = client.post(
        f"/contests/{world.elearning.id}/entries/new", data={"title": "Bài giảng", "licence": "", "supervisor": 0}
    )
    assert "Choose a licence" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Entry)) == 0


def test_a_coauthor_edits_the_details_but_not_the_authors(client: FlaskClient, world: World) -> None:
    entry = entering.create_entry(db.session, world.teacher, world.elearning, lecture(coauthor_ids=[world.teacher2.id]))
    db.session.commit()
    login(client, "gv2")
    page = client.get(f"/entries/{entry.id}/edit").get_data(as_text=True)
    assert 'name="coauthors"' not in page and "Only the author who created the entry" in page
    assert world.teacher.full_name in page
    data = {"title": "Tên mới", "licence": "cc_by", "supervisor": 0, "coauthors": []}  # a crafted post drops nobody
    assert client.post(f"/entries/{entry.id}/edit", data=data).status_code == 302
    db.session.expire_all()
    entry = row_of(Entry, entry.id)
    assert entry.title == "Tên mới" and [a.user_id for a in entry.authors] == [world.teacher.id, world.teacher2.id]
    login(client, "gv1")  # the creator still chooses them
    page = client.get(f"/entries/{entry.id}/edit").get_data(as_text=True)
    assert 'name="coauthors"' in page


def test_upload_as_a_plain_form_and_by_xhr(client: FlaskClient, world: World, entry: Entry, tmp_path: Path) -> None:
    login(client, "gv1")
    response = upload(client, entry, zip_bytes(tmp_path, {"index.html": INDEX}), "bài giảng.zip")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/entries/{entry.id}")
    assert "has been uploaded" in client.get(f"/entries/{entry.id}").get_data(as_text=True)
    response = upload(client, entry, MP4_HEAD, "video.mp4", "video", headers=XHR)
    assert response.status_code == 200
    assert response.get_json() == {"ok": True, "errors": [], "redirect": f"/entries/{entry.id}"}
    db.session.expire_all()
    assert sorted(f.kind.value for f in row_of(Entry, entry.id).current_files) == ["html5", "video"]
    assert not list((Path(client.application.config["STORAGE_DIR"]) / "tmp").glob("upload-*"))


def test_refusals_are_explained_and_store_nothing(client: FlaskClient, world: World, entry: Entry) -> None:
    login(client, "gv1")
    response = upload(client, entry, PNG, "anh.pdf", "document", headers=XHR)
    assert response.status_code == 400
    errors = response.get_json()["errors"]
    assert errors[0] == "The file was refused:" and "it is really a PNG image" in errors[1]
    bad = write_raw_zip(Path(client.application.instance_path) / "bad.zip", [RawEntry(b"../x.html", INDEX)])
    response = upload(client, entry, bad.read_bytes(), "p.zip", headers=XHR)
    assert any("'..'" in e for e in response.get_json()["errors"])
    response = upload(client, entry, PDF, "a.pdf", "document")  # without JavaScript: flashed on the entry's page
    assert response.status_code == 302
    response = upload(client, entry, PDF, "b.pdf", "video")
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "not a file of the kind chosen" in page
    assert file_rows() == 1


def test_a_large_file_streams_through(client: FlaskClient, world: World, entry: Entry) -> None:
    login(client, "gv1")
    response = upload(client, entry, MP4_HEAD + bytes(3 * 1024 * 1024), "video.mp4", "video", headers=XHR)
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    assert row_of(Entry, entry.id).current_files[0].size == len(MP4_HEAD) + 3 * 1024 * 1024


def test_over_the_cap_is_413_and_stops_reading(client: FlaskClient, world: World, entry: Entry) -> None:
    db.session.add(EntrySettings(contest_id=world.elearning.id, upload_cap_mb=1, licence_required=True))
    db.session.commit()
    login(client, "gv1")
    big = MP4_HEAD + bytes(1024 * 1024)
    assert upload(client, entry, big[: 1024 * 1024], "video.mp4", "video", headers=XHR).status_code == 200
    response = upload(client, entry, big, "video.mp4", "video", headers=XHR)
    assert response.status_code == 413
    assert response.get_json()["errors"] == ["video.mp4 is larger than this contest's limit of 1 MB."]
    assert file_rows() == 1
    assert not list((Path(client.application.config["STORAGE_DIR"]) / "tmp").glob("upload-*"))


def test_a_body_declared_too_large_is_refused_unread_and_the_page_names_the_file_it_checks(
    client: FlaskClient, world: World, entry: Entry
) -> None:
    """A body whose declared length is over the cap is refused before a byte is read (its file's name is not known
    then); the upload form's own check, in the browser, names the file and its size (``upload.js`` fills them in)."""
    db.session.add(EntrySettings(contest_id=world.elearning.id, upload_cap_mb=1, licence_required=True))
    db.session.commit()
    login(client, "gv1")
    with client.session_transaction() as session:
        session["lang"] = "vi"
    body, content_type = _multipart(MP4_HEAD + bytes(2 * 1024 * 1024))
    response = client.post(f"/entries/{entry.id}/files", data=body, content_type=content_type, headers=XHR)
    assert response.status_code == 413
    assert response.get_json()["errors"] == ["Tệp vượt quá giới hạn 1 MB của hội thi này."]
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert 'data-msg-too-large="Tệp {name} nặng {size} MB, vượt quá giới hạn 1 MB của hội thi này."' in page


def _multipart(data: bytes) -> tuple[bytes, str]:
    boundary = "xYzZy"
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="slot"\r\n\r\nvideo\r\n'
    head += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="v.mp4"\r\n\r\n'
    return head.encode() + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _undeclared_length(body: bytes, content_type: str) -> dict:
    environ = EnvironBuilder(method="POST", input_stream=io.BytesIO(body), content_type=content_type).get_environ()
    del environ["CONTENT_LENGTH"]
    environ["wsgi.input_terminated"] = True  # as gunicorn says of a chunked body
    return environ


def test_a_body_of_undeclared_length_is_counted_as_it_streams(tmp_path: Path) -> None:
    data = MP4_HEAD + bytes(200 * 1024)
    with (
        pytest.raises(UploadTooLarge),
        receive(_undeclared_length(*_multipart(data)), tmp_path, cap=100 * 1024),
    ):
        pass
    assert list(tmp_path.iterdir()) == []
    with receive(_undeclared_length(*_multipart(data)), tmp_path, cap=300 * 1024) as got:
        assert got.form["slot"] == "video" and got.filename == "v.mp4" and got.size == len(data)
        assert got.path is not None and got.path.parent == tmp_path and got.path.read_bytes() == data
    assert list(tmp_path.iterdir()) == []


def test_an_upload_cut_off_midway_stores_nothing_and_leaves_no_temporary_file(
    client: FlaskClient, world: World, entry: Entry
) -> None:
    """The body ends before the length it declared (the connection dropped): nothing is checked or stored."""
    login(client, "gv1")
    body, content_type = _multipart(MP4_HEAD + bytes(200 * 1024))
    response = client.post(
        f"/entries/{entry.id}/files",
        input_stream=io.BytesIO(body[: len(body) // 2]),
        content_length=len(body),
        content_type=content_type,
        headers=XHR,
    )
    assert response.status_code == 400
    assert file_rows() == 0
    assert not list((Path(client.application.config["STORAGE_DIR"]) / "tmp").glob("upload-*"))


def test_a_photo_that_is_also_a_page_is_served_as_a_photo_never_as_a_page(
    client: FlaskClient, world: World, entry: Entry
) -> None:
    """A JPEG/HTML polyglot passes the check by content (it starts as a JPEG): it must never be taken for HTML."""
    login(client, "gv1")
    polyglot = JPEG + b"<html><script>fetch('/people/export.xlsx')</script></html>"
    assert upload(client, entry, polyglot, "anh.jpg", "image", headers=XHR).status_code == 200
    photo = db.session.scalars(select(EntryFile)).one()
    response = client.get(f"/entries/{entry.id}/files/{photo.id}")
    assert response.status_code == 200 and response.data == polyglot
    assert response.headers["Content-Type"] == "image/jpeg"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # opened as a page all the same, it would run in an opaque origin: no cookies, no calls with the session
    assert response.headers["Content-Security-Policy"].startswith("sandbox; ")


def test_after_the_deadline_nothing_changes(client: FlaskClient, world: World, entry: Entry) -> None:
    world.elearning.submission_closes = utcnow() - timedelta(minutes=1)
    db.session.commit()
    login(client, "gv1")
    response = upload(client, entry, PDF, "a.pdf", "document", headers=XHR)
    assert response.status_code == 409 and "deadline" in response.get_json()["errors"][0]
    response = client.post(f"/entries/{entry.id}/edit", data={"title": "Đổi tên", "licence": "cc_by", "supervisor": 0})
    assert "deadline" in response.get_data(as_text=True)
    db.session.expire_all()
    assert row_of(Entry, entry.id).title == lecture().title and file_rows() == 0
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "data-upload" not in page and "edit-entry" not in page


def test_a_replaced_file_that_is_no_id_replaces_nothing(client: FlaskClient, world: World, entry: Entry) -> None:
    """The hidden field naming the file an upload replaces: "²" (which ``str.isdigit`` passes and ``int`` refuses)
    or a number no column holds names no file, as any text that is no id does."""
    login(client, "gv1")
    for raw in ("²", "99999999999999999999"):
        response = upload(client, entry, PDF, "a.pdf", "document", headers=XHR, fields={"replaces": raw})
        assert response.status_code == 200, response.get_json()
    assert file_rows() == 2


def test_csrf_is_checked_on_the_streamed_form(csrf_app: Flask, world: World, entry: Entry) -> None:
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "gv1", "password": "password123", "csrf_token": token})
    client.get("/lang/en")
    response = upload(client, entry, PDF, "a.pdf", "document", headers=XHR)
    assert response.status_code == 400 and "form has expired" in response.get_json()["errors"][0]
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    token = search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = upload(client, entry, PDF, "a.pdf", "document", headers=XHR, fields={"csrf_token": token})
    assert response.status_code == 200, response.get_json()


def _add_files(client: FlaskClient, entry: Entry, tmp_path: Path) -> dict[str, EntryFile]:
    login(client, "gv1")
    upload(client, entry, zip_bytes(tmp_path, {"lesson/index.html": INDEX, "lesson/app.js": b"var x;"}), "Gv1.zip")
    upload(client, entry, MP4_HEAD + bytes(5000), "Nguyễn Văn A.mp4", "video")
    upload(client, entry, PDF, "Nguyễn Văn A - thuyết minh.pdf", "document")
    client.post("/logout")
    db.session.expire_all()
    return {f.kind.value: f for f in row_of(Entry, entry.id).current_files}


def test_judges_see_the_entry_blind(client: FlaskClient, world: World, entry: Entry, tmp_path: Path) -> None:
    files = _add_files(client, entry, tmp_path)
    login(client, "gk")
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert entry.code in page
    for secret in (world.teacher.full_name, world.school.name, "Nguyễn Văn A", "Gv1.zip"):
        assert secret not in page
    assert 'sandbox="allow-scripts allow-forms allow-popups"' in page
    video = client.get(f"/entries/{entry.id}/files/{files['video'].id}", headers={"Range": "bytes=0-99"})
    assert video.status_code == 206 and len(video.data) == 100
    assert video.headers["Content-Range"].startswith("bytes 0-99/")
    assert video.headers["Content-Type"] == "video/mp4"
    assert video.headers["Content-Security-Policy"].startswith("sandbox; ")
    assert f"{entry.code}-video.mp4" in video.headers["Content-Disposition"]
    assert "Nguy" not in video.headers["Content-Disposition"]
    pdf = client.get(f"/entries/{entry.id}/files/{files['document'].id}")
    assert pdf.headers["Content-Type"] == "application/pdf" and pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" not in pdf.headers["Content-Security-Policy"]  # browsers' PDF viewers refuse a sandbox
    assert pdf.headers["Content-Disposition"].startswith("inline")
    listing = client.get(f"/contests/{world.elearning.id}/entries").get_data(as_text=True)
    assert entry.code in listing and world.teacher.full_name not in listing


def test_authors_and_coordinators_see_names_and_versions(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    files = _add_files(client, entry, tmp_path)
    login(client, "gv1")
    client.post(f"/entries/{entry.id}/files/{files['document'].id}/remove")
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert "Earlier versions" in page and "Nguyễn Văn A - thuyết minh.pdf" in page
    old = client.get(f"/entries/{entry.id}/files/{files['document'].id}")
    assert old.status_code == 200 and "filename*=UTF-8''Nguy" in old.headers["Content-Disposition"]
    client.post("/logout")
    login(client, "gk")  # judges get the final version only
    assert client.get(f"/entries/{entry.id}/files/{files['document'].id}").status_code == 404
    client.post("/logout")
    login(client, "dp")
    assert world.teacher.full_name in client.get(f"/entries/{entry.id}").get_data(as_text=True)
    client.post("/logout")
    login(client, "dpkhac")
    assert client.get(f"/entries/{entry.id}").status_code == 403


def _preview_url(client: FlaskClient, entry: Entry) -> str:
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    return search(r'<iframe id="preview"[^>]* src="([^"]+)"', page).group(1)


def test_the_preview_is_sandboxed_and_stays_inside_the_package(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    _add_files(client, entry, tmp_path)
    login(client, "gk")
    url = _preview_url(client, entry)
    assert url.endswith("/bai-giang/index.html")  # the folder holding the package, renamed for judges
    frame = client.application.test_client()  # a sandboxed frame sends no cookies: the token is what counts
    response = frame.get(url)
    assert response.status_code == 200 and response.data == INDEX
    assert response.headers["Content-Security-Policy"].startswith("sandbox allow-scripts allow-forms allow-popups;")
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    script = frame.get(url.replace("index.html", "app.js"))
    assert script.status_code == 200 and script.data == b"var x;"
    assert "sandbox" in script.headers["Content-Security-Policy"]
    assert frame.get(url.replace("bai-giang/index.html", "bai-giang/")).data == INDEX
    base = url.rsplit("/bai-giang/", 1)[0]
    for outside in ("/bai-giang/missing.html", "/../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/index.html"):
        assert frame.get(base + outside).status_code == 404, outside
    token = base.rsplit("/", 1)[1]
    assert frame.get(base.replace(token, token[:-2] + "xx") + "/bai-giang/index.html").status_code == 404


def test_a_preview_token_stops_working_when_the_right_goes(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    _add_files(client, entry, tmp_path)
    login(client, "gk")
    url = _preview_url(client, entry)
    db.session.execute(table_of(Assignment).delete())
    db.session.commit()
    assert client.get(url).status_code == 404
