"""Blind review of files made by the real tools, through HTTP: a teacher uploads a DOCX and a PDF that LibreOffice
exported (author, comments, tracked changes, user-defined properties), an MP4 that ffmpeg wrote (tags, subtitles,
chapters, a cover picture, two sound tracks), photos ExifTool tagged as a camera and a phone do (EXIF with GPS and a
thumbnail, XMP, IPTC, PNG text) and a lecture package that Info-ZIP zipped (LibreOffice's presentations, a tagged TIFF
and MP3, macOS's litter). What the judge downloads, and every file of the package the judge previews, is read with
ExifTool as a curious judge would: no author's name, no school; the preview opens; the organiser receives the
originals byte for byte."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.extensions import db
from app.models import Entry
from tests.builders import row_of
from tests.responses import search

from ..submissions import authored
from ..submissions.blind_helpers import AUTHOR, SCHOOL
from ..submissions.real_tools import ffmpeg, pattern, run, tags, video_tags
from . import entries_helpers
from .entries_helpers import World

pytestmark = pytest.mark.slow  # LibreOffice starts four times: some seconds

ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:officeooo="http://openoffice.org/2009/office" office:version="1.3"'
)
META = (
    f"<office:meta><meta:initial-creator>{AUTHOR}</meta:initial-creator><dc:creator>{AUTHOR}</dc:creator>"
    f"<dc:title>Quang hợp</dc:title><meta:user-defined meta:name='Đơn vị'>{SCHOOL}</meta:user-defined></office:meta>"
)
LESSON = (
    f'<?xml version="1.0" encoding="UTF-8"?><office:document {ODF} '
    'office:mimetype="application/vnd.oasis.opendocument.text">'
    f"{META}<office:body><office:text><text:tracked-changes><text:changed-region text:id='c1'><text:insertion>"
    f"<office:change-info><dc:creator>{AUTHOR}</dc:creator><dc:date>2026-01-02T10:00:00</dc:date>"
    "</office:change-info></text:insertion></text:changed-region></text:tracked-changes>"
    "<text:h text:outline-level='1'>Bài 1: Quang hợp</text:h><text:p>Lá cây hấp thụ ánh sáng"
    f"<office:annotation><dc:creator>{AUTHOR}</dc:creator><dc:date>2026-01-02T10:00:00</dc:date>"
    "<meta:creator-initials>NTBN</meta:creator-initials><text:p>Thêm hình minh hoạ</text:p></office:annotation>"
    " và <text:change-start text:change-id='c1'/>tạo ra chất hữu cơ<text:change-end text:change-id='c1'/>."
    "</text:p></office:text></office:body></office:document>"
)
SLIDES = (
    f'<?xml version="1.0" encoding="UTF-8"?><office:document {ODF} '
    'office:mimetype="application/vnd.oasis.opendocument.presentation">'
    f"{META}<office:body><office:presentation><draw:page draw:name='p1'>"
    "<draw:frame svg:x='2cm' svg:y='2cm' svg:width='20cm' svg:height='3cm'><draw:text-box>"
    "<text:p>Bài 1: Quang hợp</text:p></draw:text-box></draw:frame>"
    "<officeooo:annotation svg:x='1cm' svg:y='1cm' svg:width='1cm' svg:height='1cm'>"
    f"<dc:creator>{AUTHOR}</dc:creator><dc:date>2026-01-02T10:00:00</dc:date><text:p>Sửa hình</text:p>"
    "</officeooo:annotation></draw:page></office:presentation></office:body></office:document>"
)
PHOTO_TAGS = (
    f"-Artist={AUTHOR}",
    f"-Copyright=(c) {AUTHOR}",
    f"-XPAuthor={AUTHOR}",
    f"-OwnerName={AUTHOR}",
    f"-ImageDescription=Ảnh lớp của {SCHOOL}",
    "-GPSLatitude=21.0285",
    "-GPSLatitudeRef=N",
    "-GPSLongitude=105.8542",
    "-GPSLongitudeRef=E",
    f"-XMP-dc:Creator={AUTHOR}",
    f"-XMP-photoshop:Credit={SCHOOL}",
    f"-Comment={AUTHOR}",
    "-Orientation#=6",
)
PAGE = (
    "<!doctype html><html lang='vi'><head><meta charset='utf-8'><title>Quang hợp</title></head><body>"
    "<h1>Bài 1: Quang hợp</h1><img src='media/la cây.tif' alt='Lá'><audio src='media/nhac.mp3'></audio>"
    "<a href='tài liệu/trình chiếu.pptx'>Trình chiếu</a></body></html>"
)


def libreoffice(source: Path, to: str) -> Path:
    """``source`` converted by LibreOffice (a profile of its own under the source's folder) to ``to``."""
    profile = (source.parent / "lo-profile").as_uri()
    options = ("--headless", "--convert-to", to, "--outdir", source.parent)
    run("soffice", f"-env:UserInstallation={profile}", *options, source)
    return source.with_suffix("." + to.split(":")[0])


def photo(folder: Path, name: str) -> Path:
    """A photo ffmpeg draws and ExifTool tags as a camera and a phone do (a thumbnail with EXIF of its own for a
    JPEG); PNG gets its text chunks too."""
    path = ffmpeg(folder / name, "-f", "lavfi", "-i", "testsrc=size=96x64", "-frames:v", "1")
    extra: tuple[str, ...] = ()
    if name.endswith(".jpg"):
        thumb = ffmpeg(folder / "thumb.jpg", "-f", "lavfi", "-i", "testsrc=size=32x24", "-frames:v", "1")
        run("exiftool", "-q", "-overwrite_original", f"-Artist={AUTHOR}", thumb)
        extra = (f"-ThumbnailImage<={thumb}",)
    elif name.endswith(".png"):
        extra = (f"-PNG:Author={AUTHOR}", f"-PNG:Comment={SCHOOL}")
    run("exiftool", "-q", "-overwrite_original", "-codedcharacterset=utf8", *PHOTO_TAGS, *extra, path)
    return path


@pytest.fixture
def made(tmp_path: Path) -> dict[str, tuple[str, Path]]:
    """The teacher's files, by the name uploaded: (slot, path)."""
    (tmp_path / "bai.fodt").write_text(LESSON, encoding="utf-8")
    (tmp_path / "trinh-chieu.fodp").write_text(SLIDES, encoding="utf-8")
    docx = libreoffice(tmp_path / "bai.fodt", "docx")
    pdf = libreoffice(tmp_path / "bai.fodt", 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}')
    pptx = libreoffice(tmp_path / "trinh-chieu.fodp", "pptx")
    odp = libreoffice(tmp_path / "trinh-chieu.fodp", "odp")
    subtitles = tmp_path / "phu-de.srt"
    subtitles.write_text("1\n00:00:00,000 --> 00:00:01,000\nXin chào các em\n", encoding="utf-8")
    cover = photo(tmp_path, "bia.jpg")
    video = ffmpeg(
        tmp_path / "tiet-hoc.mp4",
        *pattern(),
        *("-i", subtitles, "-i", cover),
        *("-map", "0", "-map", "1", "-map", "1", "-map", "2", "-map", "3"),
        *("-c:v:0", "libx264", "-pix_fmt", "yuv420p", "-c:a:0", "aac", "-c:a:1", "libmp3lame", "-c:s", "mov_text"),
        *("-c:v:1", "copy", "-disposition:v:1", "attached_pic", "-movflags", "+faststart"),
        *video_tags(),
        *("-metadata:s:s", f"title=Phụ đề của {AUTHOR}"),
    )
    lesson = tmp_path / "Bài giảng của cô Ngọc"
    (lesson / "media").mkdir(parents=True)
    (lesson / "tài liệu").mkdir()
    (lesson / "index.html").write_text(PAGE, encoding="utf-8")
    tiff = ffmpeg(lesson / "media" / "la cây.tif", "-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1")
    run("exiftool", "-q", "-overwrite_original", *PHOTO_TAGS, tiff)
    ffmpeg(lesson / "media" / "nhac.mp3", *pattern()[4:], "-c:a", "libmp3lame", *video_tags()[:10])
    pptx.rename(lesson / "tài liệu" / "trình chiếu.pptx")
    odp.rename(lesson / "tài liệu" / "trình chiếu.odp")
    (lesson / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + AUTHOR.encode("utf-16-be"))
    package = tmp_path / "goi.zip"
    run("zip", "-qr", package, lesson.name, cwd=tmp_path)
    return {
        "giao-an.docx": ("document", docx),
        "thuyet-minh.pdf": ("document", pdf),
        "tiet-hoc.mp4": ("video", video),
        "anh-lop.jpg": ("image", photo(tmp_path, "anh-lop.jpg")),
        "so-do.png": ("image", photo(tmp_path, "so-do.png")),
        "anh-zalo.webp": ("image", photo(tmp_path, "anh-zalo.webp")),
        "bai-giang.zip": ("package", package),
    }


@pytest.fixture
def world(app: Flask) -> World:
    return entries_helpers.authored_world()


entry = entries_helpers.entry


login = entries_helpers.log_in


def names_in(folder: Path) -> list[str]:
    """The lines of what ExifTool reads in every file under ``folder`` that name the author or the school."""
    shown = run("exiftool", "-r", "-a", "-G1", "-ee", "-u", "-s", "-charset", "utf8", folder)
    forms = (AUTHOR, authored.ascii_of(AUTHOR), "Bích Ngọc", SCHOOL, "Lê Quý Đôn")
    return [line for line in shown.splitlines() if any(form in line for form in forms)]


def test_what_judges_receive_of_real_tools_files_names_nobody(
    app: Flask, client: FlaskClient, world: World, entry: Entry, made: dict[str, tuple[str, Path]], tmp_path: Path
) -> None:
    for name, (_slot, path) in made.items():
        if name != "bai-giang.zip":
            assert AUTHOR in tags(path), name  # the tools did write the author
    with zipfile.ZipFile(made["bai-giang.zip"][1]) as package:
        package.extractall(tmp_path / "original")
    assert len(names_in(tmp_path / "original")) > 10  # the TIFF's, the MP3's, the presentations' authors
    login(client, "gv1")
    for name, (slot, path) in made.items():
        form = {"slot": slot, "file": (io.BytesIO(path.read_bytes()), name)}
        response = client.post(f"/entries/{entry.id}/files", data=form, content_type="multipart/form-data")
        assert response.status_code == 302, name
        assert "flash error" not in client.get(f"/entries/{entry.id}").get_data(as_text=True), name
    db.session.expire_all()
    files = {f.original_name: f for f in row_of(Entry, entry.id).current_files}
    assert sorted(files) == sorted(made)

    login(client, "gk")
    received = tmp_path / "judge"
    received.mkdir()
    for name, found in files.items():
        response = client.get(f"/entries/{entry.id}/files/{found.id}")
        assert response.status_code == 200, name
        assert not authored.shows(response.data, AUTHOR) and not authored.shows(response.data, SCHOOL), name
        (received / name).write_bytes(response.data)
    with zipfile.ZipFile(received / "bai-giang.zip") as package:
        assert ".DS_Store" not in " ".join(package.namelist())
        package.extractall(received / "unpacked")
    assert names_in(received) == []
    run("ffmpeg", "-v", "error", "-i", received / "tiet-hoc.mp4", "-f", "null", "-")  # it still plays
    page = client.get(f"/review/entries/{entry.id}").data.decode()
    preview = search(r'<iframe id="preview"[^>]* src="([^"]+)"', page).group(1)
    assert "Bài 1: Quang hợp" in client.get(preview).get_data(as_text=True)
    base = preview.rsplit("/", 1)[0]
    assert client.get(f"{base}/media/la%20c%C3%A2y.tif").status_code == 200

    login(client, "btc")
    for name, found in files.items():
        assert client.get(f"/entries/{entry.id}/files/{found.id}").data == made[name][1].read_bytes(), name
