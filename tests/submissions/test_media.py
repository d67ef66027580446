"""Videos, documents and images are recognised by their content, and their extension must agree."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from submissions.validate import check_file

from .crafting import JPEG, MOOV, MOV_HEAD, MP4_HEAD, PDF, PNG, PNG_END, box, ebml_head, make_docx, write


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    """An ISO media file: its ``ftyp`` box (major brand, version, compatible brands), a movie with a video track,
    then ``mdat``."""
    return box(b"ftyp", major, bytes(4), *compatible) + MOOV + box(b"mdat")


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bai-giang.mp4", MP4_HEAD, "video"),
        ("bai-giang.webm", ebml_head(b"webm"), "video"),
        ("giao-an.pdf", PDF, "document"),
        ("anh.png", PNG, "image"),
        ("anh.jpg", JPEG, "image"),
        ("anh.JPEG", JPEG, "image"),
        # what phones and editors write: Android (isom, mp42), iPhone exports and iTunes (M4V), Windows (MSNV)
        ("quay.MP4", ftyp(b"mp42", b"isommp42"), "video"),
        ("quay.mp4", ftyp(b"M4V ", b"M4V M4A mp42isom"), "video"),
        ("quay.mp4", ftyp(b"MSNV", b"MSNVmp42isom"), "video"),
        # an iPhone's or a Mac's QuickTime movie of H.264, under either name; an MP4 named .mov; a MOV from before
        # QuickTime wrote ftyp boxes
        ("IMG_0001.MOV", MOV_HEAD, "video"),
        ("IMG_0001.mp4", MOV_HEAD, "video"),
        ("video.mov", MP4_HEAD, "video"),
        ("cu.mov", box(b"wide") + MOOV + box(b"mdat", bytes(8)), "video"),
    ],
)
def test_media_accepted_by_content(tmp_path: Path, name: str, content: bytes, kind: str) -> None:
    report = check_file(write(tmp_path / name, content))
    assert report.to_dict() == {"ok": True, "kind": kind, "launch": None, "errors": []}


def test_docx_accepted(tmp_path: Path) -> None:
    report = check_file(make_docx(tmp_path / "giao-an.docx"))
    assert (report.ok, report.kind) == (True, "document")


def test_extension_must_agree_with_content(tmp_path: Path) -> None:
    report = check_file(write(tmp_path / "video.mp4", PDF))
    assert report.errors == ["the file is not what its extension says: .mp4 but content is PDF"]
    assert report.problems[0]["code"] == "file.extension_mismatch"
    assert report.kind == "document"  # what the content is, although refused


def test_declared_name_is_the_one_that_counts(tmp_path: Path) -> None:
    stored = write(tmp_path / "3f2a9c", PNG)  # as in the content store: no extension
    assert check_file(stored, declared_name="anh.png").ok
    assert check_file(stored, declared_name="anh.jpg").errors == [
        "the file is not what its extension says: .jpg but content is PNG image"
    ]


@pytest.mark.parametrize(
    ("name", "content", "label"),
    [
        ("clip.mp4", ftyp(b"3gp4", b"3gp4"), "ISO media other than MP4"),
        ("clip.webm", ebml_head(b"matroska"), "Matroska video (MKV)"),
        ("giao-an.docx", PDF, "PDF"),
        # accepted under its own name (.webp), not as a PNG
        ("anh.png", b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0e\x00\x00\x00\x2f" + bytes(13), "WebP image"),
    ],
)
def test_near_misses_are_named(tmp_path: Path, name: str, content: bytes, label: str) -> None:
    report = check_file(write(tmp_path / name, content))
    assert report.errors == [f"the file is not what its extension says: .{name.split('.')[1]} but content is {label}"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.heic", JPEG),
    ],
)
def test_an_accepted_format_under_a_convertible_extension_is_named_to_rename(
    tmp_path: Path, name: str, content: bytes
) -> None:
    report = check_file(write(tmp_path / name, content))
    assert [p["code"] for p in report.problems] == ["file.extension_mismatch"]


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("phim.m4v", ftyp(b"M4V ", b"M4V mp42isom"), "video"), ("anh.jfif", JPEG, "image"), ("anh.JPE", JPEG, "image")],
)
def test_the_other_standard_extensions_of_mp4_and_jpeg_are_accepted(
    tmp_path: Path, name: str, content: bytes, kind: str
) -> None:
    """HandBrake and iTunes write .m4v; Windows saves a browser's image as .jfif."""
    report = check_file(write(tmp_path / name, content))
    assert (report.ok, report.kind) == (True, kind)


def test_a_mismatch_names_the_real_format_in_its_detail(tmp_path: Path) -> None:
    report = check_file(write(tmp_path / "ghi-hinh.mp4", ebml_head(b"matroska")))
    assert [(p["code"], p["detail"]) for p in report.problems] == [("file.extension_mismatch", "matroska")]


def test_docx_content_with_zip_extension(tmp_path: Path) -> None:
    report = check_file(make_docx(tmp_path / "x.docx"), declared_name="goi.zip")
    assert report.errors == ["the file is not what its extension says: .zip but content is Word document (DOCX)"]


def test_unknown_content(tmp_path: Path) -> None:
    report = check_file(write(tmp_path / "video.mp4", b"<html>not a video</html>"))
    assert [p["code"] for p in report.problems] == ["file.unknown_content"]
    assert report.kind is None


def test_unsupported_extension(tmp_path: Path) -> None:
    report = check_file(write(tmp_path / "setup.exe", b"MZ\x90\x00"))
    assert [p["code"] for p in report.problems] == ["file.unsupported_extension"]
    assert "files of type .exe are not accepted" in report.errors[0]


def test_empty_file(tmp_path: Path) -> None:
    report = check_file(write(tmp_path / "anh.png", b""))
    assert [p["code"] for p in report.problems] == ["file.empty"]


def test_truncated_headers_are_not_recognised(tmp_path: Path) -> None:
    assert not check_file(write(tmp_path / "a.mp4", MP4_HEAD[:12])).ok
    assert not check_file(write(tmp_path / "a.webm", ebml_head(b"webm")[:9])).ok


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("IMG_0002.HEIC", ftyp(b"heic", b"mif1heic"), "file.heif"),
        ("IMG_0002.jpg", ftyp(b"heic", b"mif1heic"), "file.heif"),
        ("IMG_0003.heif", ftyp(b"mif1", b"mif1"), "file.heif"),
    ],
)
def test_iphone_photos_are_refused_saying_what_they_are(tmp_path: Path, name: str, content: bytes, code: str) -> None:
    """Browsers other than Safari cannot show HEIC: refused, by a reason of their own (the interface tells how to
    convert them) rather than as an unknown type or a wrong extension."""
    report = check_file(write(tmp_path / name, content))
    assert (report.ok, [p["code"] for p in report.problems]) == (False, [code])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("bai-giang.rar", b"Rar!\x1a\x07\x01\x00" + bytes(20)),
        ("bai-giang.zip", b"Rar!\x1a\x07\x00" + bytes(20)),  # WinRAR's own format, named .zip
        ("bai-giang.7z", b"7z\xbc\xaf\x27\x1c\x00\x04" + bytes(20)),
    ],
)
def test_rar_and_7z_archives_are_refused_saying_to_make_a_zip(tmp_path: Path, name: str, content: bytes) -> None:
    report = check_file(write(tmp_path / name, content))
    assert (report.ok, [p["code"] for p in report.problems]) == (False, ["file.other_archive"])


def _png_head(width: int, height: int, depth: int = 8, colour: int = 2, length: int = 13) -> bytes:
    header = struct.pack(">I4sIIBBBBB", length, b"IHDR", width, height, depth, colour, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + header + bytes(4) + PNG_END


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n",  # the signature alone
        _png_head(0, 10),  # no pixels
        _png_head(10, 2**31),  # a height past the format's own limit
        _png_head(10, 10, depth=3),  # a bit depth no colour type has
        _png_head(10, 10, length=12),
        b"\x89PNG\r\n\x1a\n<script>alert(1)</script>" + bytes(64),  # a page behind a PNG's signature
    ],
)
def test_a_png_needs_a_well_formed_header(tmp_path: Path, content: bytes) -> None:
    report = check_file(write(tmp_path / "anh.png", content))
    assert [p["code"] for p in report.problems] == ["file.unknown_content"]


def test_a_png_of_any_valid_header_is_an_image(tmp_path: Path) -> None:
    for colour, depth in [(0, 1), (3, 8), (4, 16), (6, 8)]:
        assert check_file(write(tmp_path / "anh.png", _png_head(4000, 3000, depth, colour))).ok


def _jpeg(width: int, height: int, before: bytes = b"") -> bytes:
    """A JPEG's head: SOI, the segments ``before``, then a baseline frame header of ``width`` x ``height``."""
    frame = struct.pack(">BHHB", 8, height, width, 3) + bytes(9)
    return b"\xff\xd8" + before + b"\xff\xc0" + struct.pack(">H", 2 + len(frame)) + frame + b"\xff\xda\x00\x02\xff\xd9"


def test_an_image_of_more_pixels_than_a_browser_can_show_is_refused(tmp_path: Path) -> None:
    """The pixel flood: a small file whose header claims billions of pixels, a JPEG's frame header found past a
    large EXIF segment and fill bytes."""
    exif = b"\xff\xe1" + struct.pack(">H", 60_002) + b"Exif\0\0" + bytes(59_994) + b"\xff\xff"
    for name, content in [("anh.png", _png_head(100_000, 100_000)), ("anh.jpg", _jpeg(65_000, 65_000, exif))]:
        report = check_file(write(tmp_path / name, content))
        assert [p["code"] for p in report.problems] == ["file.image_too_large"], name
        assert "65000 x 65000" in report.errors[0] or "100000 x 100000" in report.errors[0]


def test_the_pixel_flood_cannot_hide_behind_many_segments(tmp_path: Path) -> None:
    """Hundreds of tiny comments before the frame header used to make the size check give up and accept."""
    comments = b"\xff\xfe\x00\x04ab" * 300
    report = check_file(write(tmp_path / "anh.jpg", _jpeg(60_000, 60_000, comments)))
    assert [p["code"] for p in report.problems] == ["file.image_too_large"]


def test_a_photo_with_hundreds_of_app_segments_is_accepted(tmp_path: Path) -> None:
    """As Photoshop writes bloated extended XMP: 300 APP1 segments of 60 KB before the frame header."""
    xmp = b"\xff\xe1" + struct.pack(">H", 60_002) + b"http://ns.adobe.com/xmp/extension/\0" + bytes(59_965)
    report = check_file(write(tmp_path / "anh.jpg", _jpeg(4000, 3000, xmp * 300)))
    assert report.ok, report.errors


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xd8\xff" + bytes(range(256)) * 20,  # a JPEG's first bytes, then anything
        JPEG[:20] + b"<?php system($_GET['c']); ?><script>alert(1)</script>",  # a JFIF header, then text
        JPEG[:22],  # cut short before its frame header
        b"\xff\xd8\xff\xda\x00\x02" + bytes(64),  # a scan before any frame header
        _jpeg(100, 0),  # a frame header without pixels
        _jpeg(100, 100)[:4] + b"\x00\x0e" + _jpeg(100, 100)[6:],  # its length does not fit its components
    ],
    ids=["random", "text", "cut", "scan-first", "no-pixels", "bad-length"],
)
def test_a_jpeg_without_a_frame_header_is_refused_as_damaged(tmp_path: Path, content: bytes) -> None:
    report = check_file(write(tmp_path / "anh.jpg", content))
    assert [p["code"] for p in report.problems] == ["file.image_damaged"]


def test_a_jpeg_cut_short_after_its_frame_header_is_left_to_the_browser(tmp_path: Path) -> None:
    """A photo whose scan data was cut (an interrupted copy) still shows its top part; the check reads headers."""
    assert check_file(write(tmp_path / "anh.jpg", _jpeg(4000, 3000)[:-4])).ok


def test_a_large_photo_within_the_limit_is_accepted(tmp_path: Path) -> None:
    from PIL import Image

    photo = tmp_path / "anh.jpg"
    Image.new("RGB", (12_000, 9_000), (0, 90, 0)).save(photo, "JPEG", exif=Image.Exif())  # 108 megapixels
    assert check_file(photo).ok
    assert check_file(write(tmp_path / "a.jpg", _jpeg(4000, 3000, b"\xff\xe0\x00\x10JFIF\0\1\1\0\0\1\0\1\0\0"))).ok
