"""Blind review through HTTP: judges download and preview only judge's copies, in which no author's name is left
(looked for in the response bytes, in UTF-8 and UTF-16, and inside zips); organisers download the originals byte for
byte; authors are warned, in Vietnamese, of the names that judges will still see."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Entry, EntryFile
from app.services.entries.judge_copies import name_spotter
from tests.builders import row_of
from tests.responses import search

from ..submissions import authored
from ..submissions.blind_helpers import AUTHOR, SCHOOL
from ..submissions.compound import old_document
from ..submissions.crafting import make_zip, pdf_saying
from . import entries_helpers
from .entries_helpers import World


@pytest.fixture
def world(app: Flask) -> World:
    return entries_helpers.authored_world()


entry = entries_helpers.entry


login = entries_helpers.log_in


def in_bytes(data: bytes, text: str) -> bool:
    """Whether ``text`` is in ``data`` as it stands, in UTF-8 or UTF-16 (as Office and PDF write it)."""
    return any(text.encode(codec) in data for codec in ("utf-8", "utf-16-le", "utf-16-be"))


def upload_all(client: FlaskClient, entry: Entry, tmp_path: Path) -> dict[str, tuple[EntryFile, bytes]]:
    """The teacher uploads a SCORM package, a DOCX and a PDF, a JPEG and a PNG (zips stored, not deflated, so
    that a name left in them would show in the response bytes themselves)."""
    uploads = {
        "goi-bai-giang.zip": (
            "package",
            authored.package(tmp_path / "p.zip", AUTHOR, SCHOOL, method=zipfile.ZIP_STORED).read_bytes(),
        ),
        "giao-an.docx": ("document", authored.docx(AUTHOR, method=zipfile.ZIP_STORED)),
        "thuyet-minh.pdf": ("document", authored.pdf(AUTHOR)),
        "anh-lop-hoc.jpg": ("image", authored.jpeg(AUTHOR)),
        "so-do.png": ("image", authored.png(AUTHOR)),
    }
    login(client, "gv1")
    for name, (slot, data) in uploads.items():
        form = {"slot": slot, "file": (io.BytesIO(data), name)}
        response = client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data")
        assert response.status_code == 302, name
        assert all(in_bytes(data, n) or authored.shows(data, n) for n in (AUTHOR,)), name
    db.session.expire_all()
    files = row_of(Entry, entry.id).current_files
    return {f.original_name: (f, uploads[f.original_name][1]) for f in files}


def test_judges_receive_no_author_anywhere_and_organisers_the_originals(
    app: Flask, client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    files = upload_all(client, entry, tmp_path)
    login(client, "gk")
    page = client.get(f"/review/entries/{entry.id}").data
    names = (AUTHOR, authored.ascii_of(AUTHOR), SCHOOL, world.teacher.username)
    assert not any(in_bytes(page, n) for n in names)
    for name, (found, _original) in files.items():
        response = client.get(f"/entries/{entry.id}/files/{found.id}")
        assert response.status_code == 200, name
        assert not in_bytes(response.data, AUTHOR) and not in_bytes(response.data, authored.ascii_of(AUTHOR)), name
        assert not authored.shows(response.data, AUTHOR), name
        assert AUTHOR not in response.headers.get("Content-Disposition", ""), name
    preview = search(r'<iframe id="preview"[^>]* src="([^"]+)"', page.decode()).group(1)
    base = preview.rsplit("/lesson/", 1)[0]
    for member in ("lesson/index.html", "imsmanifest.xml", "lesson/anh.jpg", "lesson/tai-lieu.docx"):
        response = client.get(f"{base}/{member}")
        assert response.status_code == 200, member
        assert not authored.shows(response.data, AUTHOR), member
    assert "Thuật toán sắp xếp" in client.get(preview).get_data(as_text=True)
    assert app.test_client().get(preview).status_code == 200  # the judge's frame, which sends no cookie
    login(client, "btc")
    for name, (found, original) in files.items():
        assert client.get(f"/entries/{entry.id}/files/{found.id}").data == original, name
    assert client.get(preview).status_code == 404  # the judge's token ended with the judge's browser session


def test_the_author_is_warned_of_the_names_judges_will_see(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    upload_all(client, entry, tmp_path)
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    warnings = re.findall(r'<p class="flash warning blind-warning">([^<]+)</p>', page)
    assert len(warnings) == 1, warnings
    (warning,) = warnings
    assert warning.startswith("Giám khảo không được biết ai là tác giả bài dự thi")
    assert f"“{SCHOOL}” trong tên lesson/Truong_Thcs_Le_Quy_Don/logo.png" in warning
    assert f"“{SCHOOL}” trong nội dung của lesson/index.html" in warning
    login(client, "gk")
    assert SCHOOL not in client.get(f"/entries/{entry.id}").get_data(as_text=True)


def test_the_author_is_told_which_files_attached_to_a_pdf_judges_do_not_receive(
    client: FlaskClient, world: World, entry: Entry
) -> None:
    original, attached = authored.pdf_with_attachments(AUTHOR)
    login(client, "gv1")
    form = {"slot": "document", "file": (io.BytesIO(original), "thuyet-minh.pdf")}
    assert client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data").status_code == 302
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    warnings = re.findall(r'<p class="flash warning blind-warning">([^<]+)</p>', page)
    assert [w[:60] for w in warnings] == ["Các tệp đính kèm bên trong thuyet-minh.pdf không có trong bả"]
    assert all(name in warnings[0] for name in attached)
    login(client, "gk")
    (found,) = row_of(Entry, entry.id).current_files
    assert not authored.shows(client.get(f"/entries/{entry.id}/files/{found.id}").data, AUTHOR)


def test_an_iphone_mov_is_accepted_and_judges_receive_it_as_mp4_without_its_author(
    client: FlaskClient, world: World, entry: Entry
) -> None:
    original = authored.iphone_mov(AUTHOR)
    login(client, "gv1")
    form = {"slot": "video", "file": (io.BytesIO(original), "IMG_0001.MOV")}
    assert client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data").status_code == 302
    (found,) = row_of(Entry, entry.id).current_files
    login(client, "gk")
    response = client.get(f"/entries/{entry.id}/files/{found.id}")
    assert response.status_code == 200 and response.mimetype == "video/mp4"  # Firefox refuses video/quicktime
    assert len(response.data) == len(original) and not authored.shows(response.data, AUTHOR)


def test_a_file_uploaded_before_gets_its_judge_copy_when_a_judge_first_opens_it(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    files = upload_all(client, entry, tmp_path)
    found, original = files["thuyet-minh.pdf"]
    found.judge_sha256 = found.judge_size = found.judge_notes = None
    db.session.commit()
    login(client, "gk")
    response = client.get(f"/entries/{entry.id}/files/{found.id}")
    assert response.status_code == 200 and response.data != original
    assert not authored.shows(response.data, AUTHOR)
    db.session.expire_all()
    made = row_of(EntryFile, found.id)
    assert made.judge_sha256 is not None and made.judge_size == len(response.data)


@pytest.mark.parametrize(
    "text, seen",
    [
        ("lesson/Bai giang - NGUYEN THI BICH NGOC.html", [AUTHOR]),
        ("media/nguyen_thi_bich_ngoc/anh.png", [AUTHOR]),
        ("media/NguyenThiBichNgoc.png", [AUTHOR]),
        ("Giáo viên: Nguyễn Thị Bích Ngọc, THCS Lê Quý Đôn", [AUTHOR, SCHOOL]),
        ("backup/gv1/index.html", ["gv1"]),
        ("backup/gv10/index.html", []),  # a short login only as a whole word
        ("Tiểu sử Lê Quý Đôn", []),  # a school's namesake alone is not the school
        ("Nguyễn Thị Bích", []),
    ],
)
def test_names_are_spotted_without_case_diacritics_or_separators(
    world: World, entry: Entry, text: str, seen: list[str]
) -> None:
    assert name_spotter(entry)(text) == seen


def test_the_author_is_warned_of_names_on_a_pdfs_pages(client: FlaskClient, world: World, entry: Entry) -> None:
    original = pdf_saying(f"Người thực hiện: {AUTHOR}")
    login(client, "gv1")
    form = {"slot": "document", "file": (io.BytesIO(original), "thuyet-minh.pdf")}
    assert client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data").status_code == 302
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    (warning,) = re.findall(r'<p class="flash warning blind-warning">([^<]+)</p>', page)
    assert f"“{AUTHOR}” trong nội dung của chính tệp này" in warning


def test_the_author_is_told_to_save_an_old_office_file_in_its_package_anew(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    old = old_document("WordDocument")
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<a href='bai-cu.doc'>Bai cu</a>", "bai-cu.doc": old})
    login(client, "gv1")
    form = {"slot": "package", "file": (io.BytesIO(package.read_bytes()), "goi.zip")}
    assert client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data").status_code == 302
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    (warning,) = re.findall(r'<p class="flash warning blind-warning">([^<]+)</p>', page)
    assert warning.startswith("bai-cu.doc trong goi.zip ở định dạng Office cũ (.doc, .xls, .ppt)")
    login(client, "gk")
    (found,) = row_of(Entry, entry.id).current_files
    with zipfile.ZipFile(io.BytesIO(client.get(f"/entries/{entry.id}/files/{found.id}").data)) as copy:
        assert not authored.shows(copy.read("bai-cu.doc"), AUTHOR)


def test_the_author_is_told_a_zip_nested_too_deep_reaches_judges_as_it_is(
    client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    deepest = make_zip(tmp_path / "c.zip", {"anh.jpg": authored.jpeg(AUTHOR)}).read_bytes()
    second = make_zip(tmp_path / "b.zip", {"c.zip": deepest}).read_bytes()
    first = make_zip(tmp_path / "a.zip", {"b.zip": second}).read_bytes()
    package = make_zip(tmp_path / "p.zip", {"index.html": b"<p>Bai 5</p>", "a.zip": first})
    login(client, "gv1")
    form = {"slot": "package", "file": (io.BytesIO(package.read_bytes()), "goi.zip")}
    assert client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data").status_code == 302
    page = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    (warning,) = re.findall(r'<p class="flash warning blind-warning">([^<]+)</p>', page)
    assert "a.zip/b.zip/c.zip trong goi.zip" in warning and "lồng trong quá nhiều lớp zip" in warning


def test_the_folder_named_after_the_author_is_renamed_for_judges_and_the_preview_opens(
    app: Flask, client: FlaskClient, world: World, entry: Entry, tmp_path: Path
) -> None:
    """Teachers zip the folder the tool exported, named after themselves: judges' preview addresses and download
    said "Bài giảng - <author>/index.html"; they now say "bai-giang/index.html", and the author's keep the original."""
    folder = f"Bài giảng - {AUTHOR}"
    package = make_zip(
        tmp_path / "p.zip",
        {f"{folder}/index.html": "<p>Phân số</p><img src='hinh/bia.png'>", f"{folder}/hinh/bia.png": b"\x89PNG"},
        method=zipfile.ZIP_STORED,
    )
    login(client, "gv1")
    form = {"slot": "package", "file": (io.BytesIO(package.read_bytes()), "bai-giang.zip")}
    assert client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data").status_code == 302
    own = client.get(f"/entries/{entry.id}").get_data(as_text=True)
    assert search(r'<iframe id="preview"[^>]* src="([^"]+)"', own).group(1).endswith("/index.html")
    assert "blind-warning" not in own  # nothing of the author's name left for judges to see
    (found,) = row_of(Entry, entry.id).current_files
    login(client, "gk")
    page = client.get(f"/review/entries/{entry.id}").get_data(as_text=True)
    preview = search(r'<iframe id="preview"[^>]* src="([^"]+)"', page).group(1)
    assert preview.endswith("/bai-giang/index.html") and not in_bytes(page.encode(), authored.ascii_of(AUTHOR))
    assert "Phân số" in client.get(preview).get_data(as_text=True)
    assert client.get(preview.replace("index.html", "hinh/bia.png")).status_code == 200
    download = client.get(f"/entries/{entry.id}/files/{found.id}").data
    assert not in_bytes(download, AUTHOR) and b"bai-giang/index.html" in download


def test_a_webp_photo_from_a_phone_is_accepted_and_judges_receive_it_without_its_metadata(
    client: FlaskClient, world: World, entry: Entry
) -> None:
    """Phones and Zalo save photos as WebP: the photo slot takes one, and the judge's copy has lost its EXIF
    (the orientation alone kept) and XMP, which name the author."""
    original = authored.webp(AUTHOR)
    assert authored.shows(original, AUTHOR)
    login(client, "gv1")
    form = {"slot": "image", "file": (io.BytesIO(original), "zalo_2024.webp")}
    assert client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data").status_code == 302
    (found,) = row_of(Entry, entry.id).current_files
    login(client, "gk")
    response = client.get(f"/entries/{entry.id}/files/{found.id}")
    assert response.status_code == 200 and response.mimetype == "image/webp"
    assert response.data[8:12] == b"WEBP" and b"XMP " not in response.data
    assert not authored.shows(response.data, AUTHOR) and not in_bytes(response.data, authored.ascii_of(AUTHOR))
    login(client, "btc")
    assert client.get(f"/entries/{entry.id}/files/{found.id}").data == original
