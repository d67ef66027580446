"""WebP photos (what phones and Zalo save) in an entry: accepted by content like JPEG and PNG, refused when their
header claims more pixels than a browser can show, when the header is malformed, or when the file is cut short."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image

from submissions.media import image_size, sniff
from submissions.validate import check_file

from . import authored
from .crafting import write


def _pillow(**options: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 60, 20)).save(out, "WEBP", **options)
    return out.getvalue()


def _riff(*chunks: bytes) -> bytes:
    body = b"WEBP" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body)) + body


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return kind + struct.pack("<I", len(payload)) + payload + bytes(len(payload) & 1)


def _vp8x(width: int, height: int) -> bytes:
    """An extended header (VP8X) of a ``width`` x ``height`` canvas: flags, reserved, then each size less one in 24
    bits."""
    return _chunk(b"VP8X", bytes(4) + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little"))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("anh.webp", _pillow(quality=80)),  # lossy: VP8
        ("anh.WEBP", _pillow(lossless=True)),  # lossless: VP8L
        ("zalo.webp", authored.webp("Nguyễn Văn An")),  # with EXIF, XMP and a colour profile: VP8X first
    ],
    ids=["lossy", "lossless", "extended"],
)
def test_a_webp_photo_is_accepted_as_an_image(tmp_path: Path, name: str, content: bytes) -> None:
    report = check_file(write(tmp_path / name, content))
    assert report.to_dict() == {"ok": True, "kind": "image", "launch": None, "errors": []}


@pytest.mark.parametrize("content", [_pillow(quality=80), _pillow(lossless=True)], ids=["lossy", "lossless"])
def test_a_webps_size_is_read_from_its_header(tmp_path: Path, content: bytes) -> None:
    with open(write(tmp_path / "anh.webp", content), "rb") as f:
        assert image_size(f, sniff(content) or "") == (40, 30)


def test_a_webp_of_more_pixels_than_a_browser_can_show_is_refused(tmp_path: Path) -> None:
    """The pixel flood: a few bytes whose extended header claims a 16384 x 16384 canvas (268 megapixels)."""
    content = _riff(_vp8x(16384, 16384), _chunk(b"VP8L", b"\x2f" + bytes(20)))
    report = check_file(write(tmp_path / "anh.webp", content))
    assert [p["code"] for p in report.problems] == ["file.image_too_large"]
    assert "16384 x 16384" in report.errors[0]


@pytest.mark.parametrize(
    "content",
    [
        _riff(_chunk(b"JUNK", bytes(32))),  # no picture chunk first
        _riff(_chunk(b"VP8 ", bytes(32))),  # a lossy frame without its start code
        _riff(_chunk(b"VP8L", b"\x00" + bytes(20))),  # a lossless stream without its signature
        _riff(_chunk(b"VP8X", bytes(4))),  # an extended header too short for its canvas
        b"RIFF\x04\x00\x00\x00WEBP",  # the container alone
        b"RIFF\x20\x00\x00\x00WEBPVP8 " + bytes(20) + b"<script>alert(1)</script>",  # a header, then text
    ],
    ids=["no-picture", "vp8-no-start-code", "vp8l-no-signature", "vp8x-short", "bare", "text"],
)
def test_a_webp_with_a_malformed_header_is_refused_as_damaged(tmp_path: Path, content: bytes) -> None:
    report = check_file(write(tmp_path / "anh.webp", content))
    assert [p["code"] for p in report.problems] == ["file.image_damaged"]


def test_a_webp_cut_short_is_refused_as_incomplete(tmp_path: Path) -> None:
    """An interrupted upload or copy: the container's size says more than the file holds."""
    whole = authored.webp("Nguyễn Văn An")
    report = check_file(write(tmp_path / "anh.webp", whole[: len(whole) - 40]))
    assert [p["code"] for p in report.problems] == ["file.incomplete"]


def test_a_webp_named_jpg_is_told_to_be_renamed(tmp_path: Path) -> None:
    report = check_file(write(tmp_path / "anh.jpg", _pillow(quality=80)))
    assert [(p["code"], p["detail"]) for p in report.problems] == [("file.extension_mismatch", "webp")]
