"""The judge's entry page embeds the lecture's preview: a sandboxed frame whose address carries a token naming the
entry's current package and this judge, answered with a CSP sandbox; videos, documents and photos under blind names;
a package the bucket refuses to give is a clear page."""

from __future__ import annotations

import html
import io
import logging
import re
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import TypedDict

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Entry, EntryFile, FileKind, PreviewToken, Role, User
from app.services.entries.entry_preview import make_token, read_token
from app.services.reviews import assignment
from app.storage import content_store
from app.timeutil import utcnow
from submissions.store import LocalStore
from submissions.store_migration import migrate
from tests.conftest import AuthActions, GuardedBucket
from tests.responses import search

from .. import builders
from ..factories import EntryFactory
from ..submissions.crafting import MP4_HEAD, PDF, PNG
from .reviews_helpers import review_world

INDEX = "<!doctype html><title>Bài giảng</title><h1>Quang hợp</h1><script src='app.js'></script>"
FRAME = re.compile(r'<iframe id="preview"([^>]*)>')


def _zip(index: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("bai-giang/index.html", index)
        zf.writestr("bai-giang/app.js", "document.title = 'ok';")
    return buffer.getvalue()


class PreviewWorld(TypedDict):
    entry: Entry
    files: dict[str, EntryFile]
    judge: User
    teacher: User


@pytest.fixture
def world(app: Flask) -> PreviewWorld:
    """An entry by a teacher with an old and a current package, a video, a document and a photo (original names
    give the author away), assigned to the first judge only."""
    world = review_world(judges=2, entries=0)
    teacher = builders.person("gv_an", world.school, Role.TEACHER, full_name="Trần Thị Ẩn Danh")
    entry = EntryFactory(
        contest=world.contest, unit=world.school, code="EL-0007", authors=[teacher], created_by=teacher
    )
    files = {
        key: builders.entry_file(entry, kind, data, name, uploaded_by=teacher, launch=launch, superseded=key == "old")
        for key, kind, data, name, launch in (
            ("old", FileKind.HTML5, _zip("<p>bản cũ</p>"), "Tran Thi An Danh - ban cu.zip", "bai-giang/index.html"),
            ("package", FileKind.HTML5, _zip(INDEX), "Tran Thi An Danh.zip", "bai-giang/index.html"),
            ("video", FileKind.VIDEO, MP4_HEAD + bytes(2000), "Tran Thi An Danh.mp4", None),
            ("document", FileKind.DOCUMENT, PDF, "Thuyet minh Tran Thi An Danh.pdf", None),
            ("image", FileKind.IMAGE, PNG, "anh Tran Thi An Danh.png", None),
        )
    }
    assignment.add(db.session, world.organiser, entry, world.judges[1].id)
    db.session.commit()
    return {"entry": entry, "files": files, "judge": world.judges[1], "teacher": teacher}


def _judge_page(client: FlaskClient, auth: AuthActions, world: PreviewWorld) -> str:
    assert auth.login(world["judge"].username).status_code == 302
    response = client.get(f"/review/entries/{world['entry'].id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _frame_src(page: str) -> str:
    found = FRAME.search(page)
    assert found is not None, "no preview frame on the judge's page"
    source = re.search(r'src="([^"]+)"', found.group(1))
    assert source is not None
    return html.unescape(source.group(1))


def test_the_judge_page_embeds_the_current_package_in_a_sandboxed_frame(
    app: Flask, client: FlaskClient, auth: AuthActions, world: PreviewWorld
) -> None:
    page = _judge_page(client, auth, world)
    attributes = search(FRAME.pattern, page).group(1)
    assert 'sandbox="allow-scripts allow-forms allow-popups"' in attributes
    src = _frame_src(page)
    token = src.split("/preview/", 1)[1].split("/", 1)[0]
    assert read_token(db.session, token, None) == (world["files"]["package"].id, world["judge"].id)
    assert src.endswith("/bai-giang/index.html")
    assert client.get(src).status_code == 200  # the frame's own page, loaded with the judge's cookie
    frame = app.test_client()  # the sandboxed frame's requests send no cookies: the token alone must answer
    response = frame.get(src)
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"].startswith("sandbox allow-scripts allow-forms allow-popups;")
    assert response.headers["Content-Type"].startswith("text/html")
    assert response.get_data(as_text=True) == INDEX
    script = frame.get(src.replace("index.html", "app.js"))
    assert script.status_code == 200 and "sandbox" in script.headers["Content-Security-Policy"]


def test_the_judge_page_links_the_other_files_under_blind_names(
    client: FlaskClient, auth: AuthActions, world: PreviewWorld
) -> None:
    page = _judge_page(client, auth, world)
    code = world["entry"].code
    for name in (f"{code}-video.mp4", f"{code}-document.pdf", f"{code}-image.png"):
        assert name in page
    assert f'<video controls preload="metadata" src="/entries/{world["entry"].id}/files/' in page
    for secret in ("Trần Thị Ẩn Danh", "Tran Thi An Danh", world["teacher"].username, "bản cũ"):
        assert secret not in page
    for kind in ("video", "document", "image"):
        response = client.get(f"/entries/{world['entry'].id}/files/{world['files'][kind].id}")
        assert response.status_code == 200 and "Tran" not in response.headers["Content-Disposition"]


def test_a_judge_never_previews_an_earlier_version(
    app: Flask, client: FlaskClient, auth: AuthActions, world: PreviewWorld
) -> None:
    page = _judge_page(client, auth, world)
    assert len(FRAME.findall(page)) == 1
    old = make_token(db.session, world["files"]["old"].id, world["judge"].id, "a-session", 20)
    db.session.commit()
    assert app.test_client().get(f"/preview/{old}/bai-giang/index.html").status_code == 404


def _token_of(src: str) -> str:
    return src.split("/preview/", 1)[1].split("/", 1)[0]


def test_a_preview_token_is_opaque_and_kept_only_as_a_hash(
    app: Flask, client: FlaskClient, auth: AuthActions, world: PreviewWorld
) -> None:
    token = _token_of(_frame_src(_judge_page(client, auth, world)))
    assert len(token) >= 43 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    assert "." not in token  # no signed payload to decode: nothing but randomness
    (row,) = db.session.query(PreviewToken).all()
    assert row.token_hash != token and token not in row.token_hash
    assert (row.file_id, row.viewer_id) == (world["files"]["package"].id, world["judge"].id)


def test_another_users_session_cannot_use_a_judges_preview(
    app: Flask, client: FlaskClient, auth: AuthActions, world: PreviewWorld
) -> None:
    src = _frame_src(_judge_page(client, auth, world))
    other = app.test_client()
    assert other.post("/login", data={"username": "judge0", "password": "password123"}).status_code == 302
    assert other.get(src).status_code == 404
    assert client.get(src).status_code == 200  # still the judge's own


def test_a_preview_ends_with_its_session_and_after_its_minutes(
    app: Flask, client: FlaskClient, auth: AuthActions, world: PreviewWorld
) -> None:
    src = _frame_src(_judge_page(client, auth, world))
    frame = app.test_client()
    assert frame.get(src).status_code == 200
    auth.logout()
    assert frame.get(src).status_code == 404
    assert client.get(src).status_code == 404
    src = _frame_src(_judge_page(client, auth, world))
    assert frame.get(src).status_code == 200
    row = db.session.query(PreviewToken).one()
    expected = utcnow() + timedelta(minutes=app.config["PREVIEW_MINUTES"])
    assert abs((row.expires_at - expected).total_seconds()) < 60
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert frame.get(src).status_code == 404
    assert client.get(src).status_code == 404


def test_an_entry_without_a_package_has_no_frame(client: FlaskClient, auth: AuthActions, world: PreviewWorld) -> None:
    for key in ("package", "old"):
        db.session.delete(world["files"][key])
    db.session.commit()
    page = _judge_page(client, auth, world)
    assert FRAME.search(page) is None and "/preview/" not in page
    assert f"{world['entry'].code}-document.pdf" in page


def test_a_judge_not_assigned_to_the_entry_gets_no_page(
    client: FlaskClient, auth: AuthActions, world: PreviewWorld
) -> None:
    assert auth.login("judge0").status_code == 302  # the head judge, not assigned to this entry
    assert client.get(f"/review/entries/{world['entry'].id}").status_code == 403


def test_a_preview_the_bucket_refuses_to_read_is_a_clear_page_logged_once(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    world: PreviewWorld,
    guarded_bucket: GuardedBucket,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    src = _frame_src(_judge_page(client, auth, world))
    local = LocalStore(app.config["STORAGE_DIR"])
    guarded_bucket.use_in(app, "owner", tmp_path, monkeypatch)
    migrate(local, content_store())  # the files are in the bucket now
    guarded_bucket.use_in(app, "nobody", tmp_path, monkeypatch)  # and the web host's keys may not read it
    response = app.test_client().get(src)
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "Kho lưu trữ tệp đã từ chối yêu cầu này." in page and "AccessDenied" not in page
    logged = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(logged) == 1 and logged[0].startswith(f"GET {src.split('?')[0]}: the bucket s3://")
    # the judge's copy was made when the judge's page was shown (it says where the launch page is): the preview
    # then looks it up, and that is what the bucket refuses
    assert "refuses looking up" in logged[0]
