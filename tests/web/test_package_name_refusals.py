"""A package whose names no computer can unpack (a part over 255 bytes, a file named as a folder), that Windows
cannot (``?`` in a name, ``con.html``), or that climbs out of its folder for the
extractors that ignore its Unicode Path field is refused through the upload form in Vietnamese, naming the entry,
and nothing is stored."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from app.models import Entry, EntryFile

from ..submissions.test_archive import INDEX, unicode_path_entry
from . import entries_helpers
from .entries_helpers import World

world = entries_helpers.world
entry = entries_helpers.entry


def refusal(client: FlaskClient, entry: Entry, data: bytes) -> list[str]:
    entries_helpers.log_in(client, "gv1")
    form = {"slot": "package", "file": (io.BytesIO(data), "Bài giảng.zip")}
    headers = {"X-Requested-With": "XMLHttpRequest", "Accept": "application/json"}
    response = client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data", headers=headers)
    assert response.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(EntryFile)) == 0
    errors: list[str] = response.get_json()["errors"]
    return errors


def test_a_name_too_long_to_unpack_is_refused_in_vietnamese(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    name = "hình ảnh/" + "ả" * 90 + ".png"
    with zipfile.ZipFile(tmp_path / "p.zip", "w") as zf:
        zf.writestr("index.html", INDEX)
        zf.writestr(name, b"x")
    errors = refusal(client, entry, (tmp_path / "p.zip").read_bytes())
    assert errors == [
        "Tệp không được chấp nhận:",
        f"{name}: tên tệp hoặc thư mục dài hơn 255 byte, không máy tính nào giải nén được. Hãy đặt tên ngắn hơn "
        "rồi nén lại thư mục.",
    ]


def test_a_header_name_climbing_out_is_refused_in_vietnamese(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    with zipfile.ZipFile(tmp_path / "p.zip", "w") as zf:
        zf.writestr("index.html", INDEX)
        zf.writestr(unicode_path_entry("../../autorun.html", "media/bai.html"), INDEX)
    errors = refusal(client, entry, (tmp_path / "p.zip").read_bytes())
    assert errors == ["Tệp không được chấp nhận:", "../../autorun.html: '..' dẫn ra ngoài gói bài giảng."]


def test_a_name_windows_cannot_unpack_is_refused_in_vietnamese(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    with zipfile.ZipFile(tmp_path / "p.zip", "w") as zf:
        zf.writestr("index.html", INDEX)
        zf.writestr("video/Phân số là gì?.mp4", b"x")
    errors = refusal(client, entry, (tmp_path / "p.zip").read_bytes())
    assert errors == [
        "Tệp không được chấp nhận:",
        "video/Phân số là gì?.mp4: Windows không giải nén được tệp hay thư mục mang tên này (tên có một trong các ký "
        'tự < > : " | ? *, hoặc là tên Windows dành riêng: CON, PRN, AUX, NUL, COM1, LPT1...), nên giám khảo không '
        "mở được gói bài giảng. Hãy đổi tên nó và sửa các liên kết tới nó, rồi nén lại thư mục.",
    ]


def test_a_file_named_as_a_folder_is_refused_in_vietnamese(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    with zipfile.ZipFile(tmp_path / "p.zip", "w") as zf:
        zf.writestr("index.html", INDEX)
        zf.writestr("media", b"x")
        zf.writestr("media/a.png", b"x")
    errors = refusal(client, entry, (tmp_path / "p.zip").read_bytes())
    assert errors == [
        "Tệp không được chấp nhận:",
        "media: một tệp trùng tên với một thư mục trong gói, nên một trong hai không giải nén được. Hãy đổi tên một "
        "trong hai rồi nén lại thư mục.",
    ]
