"""TIFF, HEIC and AVIF pictures in a package lose their EXIF, GPS and XMP in the judge's copy, in place: the picture
itself is unchanged (Pillow reads the same pixels), its size too."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image, TiffImagePlugin

from . import authored
from .blind_helpers import AUTHOR, cleaned_in_package, judge_copy, scan_data
from .crafting import make_zip

OWNER = authored.ascii_of(AUTHOR)
XMP = f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>{OWNER}</dc:creator></x:xmpmeta>'.encode()


def picture() -> Image.Image:
    return Image.new("RGB", (24, 16), (200, 40, 40))


def test_a_tiff_in_a_package_loses_its_authors_gps_and_xmp(tmp_path: Path) -> None:
    info = TiffImagePlugin.ImageFileDirectory_v2()
    info[315] = OWNER  # Artist
    info[33432] = f"(c) {OWNER}"  # Copyright
    info[700] = XMP
    info[34853] = {1: "N", 2: (21.0, 1.0, 30.0)}  # GPS: where it was taken
    info[34665] = {0xA430: OWNER}  # EXIF: the camera's owner
    out = io.BytesIO()
    picture().save(out, "TIFF", tiffinfo=info)
    original = out.getvalue()
    assert authored.shows(original, AUTHOR)
    _packed, copy, report = cleaned_in_package(tmp_path, "so-do.tif", original)
    assert not authored.shows(copy, AUTHOR) and report.kept == []
    assert len(copy) == len(original)
    with Image.open(io.BytesIO(copy)) as cleaned:
        exif = cleaned.getexif()
        assert cleaned.tobytes() == picture().tobytes()
        assert exif.get_ifd(0x8825) == {} and exif.get_ifd(0x8769) == {}


def test_an_avif_in_a_package_loses_its_exif_and_xmp(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[315] = OWNER
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0)}
    out = io.BytesIO()
    picture().save(out, "AVIF", exif=exif.tobytes(), xmp=XMP)
    original = out.getvalue()
    assert authored.shows(original, AUTHOR)
    _packed, copy, report = cleaned_in_package(tmp_path, "anh.avif", original)
    assert not authored.shows(copy, AUTHOR) and report.kept == []
    with Image.open(io.BytesIO(copy)) as cleaned, Image.open(io.BytesIO(original)) as before:
        assert cleaned.size == (24, 16) and cleaned.tobytes() == before.tobytes()


def test_a_damaged_tiff_is_kept_and_listed(tmp_path: Path) -> None:
    damaged = b"II*\x00\xff\xff\xff\x00" + OWNER.encode()
    _packed, copy, report = cleaned_in_package(tmp_path, "hong.tiff", damaged)
    assert copy == damaged and report.kept == ["hong.tiff"]


def test_pictures_named_as_no_picture_are_cleaned_by_their_content(tmp_path: Path) -> None:
    """Some exporters name their pictures without an extension or as ``.dat``: they are cleaned all the same."""
    photo, diagram = authored.jpeg(AUTHOR), authored.png(AUTHOR)
    members = {"index.html": b"<img src='data/img001.dat'><img src='data/slide'>", "data/img001.dat": photo}
    members["data/slide"] = diagram
    package = make_zip(tmp_path / "p.zip", members)
    packed, report = judge_copy(tmp_path, "p.zip", package.read_bytes(), "zip")
    assert not authored.shows(packed, AUTHOR) and report.kept == []
    with zipfile.ZipFile(io.BytesIO(packed)) as after:
        assert scan_data(after.read("data/img001.dat")) == scan_data(photo)  # not a pixel changed
