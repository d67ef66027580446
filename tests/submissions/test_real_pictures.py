"""Pictures in a lecture package as the real tools write them, tagged by ExifTool as cameras, phones and editors tag
them (EXIF with the owner and GPS, XMP, IPTC): an iPhone's HEIC and an AVIF (libheif's heif-enc), a scanner's TIFF,
an animated GIF and WebP (ffmpeg). In the judge's copy ExifTool reads no author, and each picture still decodes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PIL import Image

from submissions.blind import make_judge_copy
from submissions.validate import check_file

from .blind_helpers import AUTHOR, SCHOOL, spot
from .real_tools import ffmpeg, run, tags

TAGGED = (
    f"-Artist={AUTHOR}",
    f"-XPAuthor={AUTHOR}",
    f"-OwnerName={AUTHOR}",
    f"-ImageDescription={SCHOOL}",
    "-GPSLatitude=21.0285",
    "-GPSLatitudeRef=N",
    f"-XMP-dc:Creator={AUTHOR}",
    f"-XMP-dc:Rights=(c) {SCHOOL}",
)


def tagged(path: Path, *more: str) -> Path:
    run("exiftool", "-q", "-overwrite_original", "-codedcharacterset=utf8", *TAGGED, *more, path)
    assert AUTHOR in tags(path)
    return path


@pytest.fixture
def pictures(tmp_path: Path) -> dict[str, Path]:
    """Each picture by its name in the package."""
    source = ffmpeg(tmp_path / "nguon.png", "-f", "lavfi", "-i", "testsrc=size=128x96", "-frames:v", "1")
    heic, avif = tmp_path / "IMG_0001.HEIC", tmp_path / "anh.avif"
    run("heif-enc", "-q", "50", source, "-o", heic)
    run("heif-enc", "-A", "-q", "50", source, "-o", avif)
    moving = ("-f", "lavfi", "-i", "testsrc=size=64x48:rate=5:duration=1")
    scan = ffmpeg(tmp_path / "quet.tif", "-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1")
    return {
        "media/IMG_0001.HEIC": tagged(heic),
        "media/anh.avif": tagged(avif),
        "media/quet.tif": tagged(scan),
        "media/chuyen-dong.gif": tagged(ffmpeg(tmp_path / "chuyen-dong.gif", *moving), f"-Comment={AUTHOR}"),
        "media/chuyen-dong.webp": tagged(ffmpeg(tmp_path / "chuyen-dong.webp", *moving, "-loop", "0")),
    }


def test_pictures_in_a_package_lose_their_tags_and_still_decode(tmp_path: Path, pictures: dict[str, Path]) -> None:
    package = tmp_path / "goi.zip"
    with zipfile.ZipFile(package, "w") as zf:
        zf.writestr("index.html", "".join(f"<img src='{name}'>" for name in pictures))
        for name, path in pictures.items():
            zf.write(path, name)
    assert check_file(package).ok
    report = make_judge_copy(package, tmp_path / "judge.zip", "zip", spot)
    assert report.kept == [] and report.sightings == []
    with zipfile.ZipFile(tmp_path / "judge.zip") as zf:
        zf.extractall(tmp_path / "copy")
    shown = tags(tmp_path / "copy" / "media")
    assert AUTHOR not in shown and SCHOOL not in shown and "21.0285" not in shown and "21 deg" not in shown
    for heif in ("IMG_0001.HEIC", "anh.avif"):
        run("heif-convert", tmp_path / "copy" / "media" / heif, tmp_path / f"{heif}.png")
        assert Image.open(tmp_path / f"{heif}.png").size == (128, 96)
    for name in ("quet.tif", "chuyen-dong.gif", "chuyen-dong.webp"):
        with Image.open(tmp_path / "copy" / "media" / name) as picture:
            picture.load()
            assert picture.size == (64, 48)
