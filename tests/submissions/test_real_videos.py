"""Videos and sound as ffmpeg writes them (the tool under HandBrake, OBS's remux, Shotcut, and what teachers run
themselves), tagged with the author's name the ways editors tag them: the upload check accepts what browsers play,
and in the judge's copy ExifTool and ffprobe find no author in any tag, the pictures still decode, and names left
in the work itself (chapter names, subtitles) are reported to the author."""

from __future__ import annotations

import zipfile
from pathlib import Path

from submissions.blind import make_judge_copy
from submissions.validate import check_file

from . import real_tools
from .blind_helpers import AUTHOR, SCHOOL, spot
from .real_tools import chapters, ffmpeg, pattern, probe, tags, video_tags


def judged(path: Path, file_format: str) -> tuple[Path, list[tuple[str, tuple[str, ...]]]]:
    """The judge's copy of ``path`` (checked first) and its sightings, (where, names)."""
    assert check_file(path).ok, check_file(path).problems
    copy = path.with_name(f"judge-{path.name}")
    report = make_judge_copy(path, copy, file_format, spot)
    assert report.kept == []
    return copy, [(s.where, s.names) for s in report.sightings]


def named(text: str) -> bool:
    return AUTHOR in text or SCHOOL in text


def test_a_webm_keeps_its_chapters_whose_names_are_reported_and_loses_its_tags(tmp_path: Path) -> None:
    outline = chapters(tmp_path, f"Phần 1 - {AUTHOR}", "Phần 2 - Luyện tập")
    video = ffmpeg(
        tmp_path / "bai-giang.webm",
        *pattern(),
        *("-i", outline, "-map", "0", "-map", "1", "-map_chapters", "2"),
        *("-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus"),
        *video_tags(),
    )
    assert named(tags(video))
    copy, sightings = judged(video, "webm")
    shown = probe(copy)
    assert [c["tags"]["title"] for c in shown["chapters"]] == [f"Phần 1 - {AUTHOR}", "Phần 2 - Luyện tập"]
    assert not named(str(shown["format"])) and not named(str(shown["streams"]))
    assert sightings == [("", (AUTHOR,))]
    real_tools.run("ffmpeg", "-v", "error", "-i", copy, "-f", "null", "-")  # every frame decodes


def test_an_mkv_in_a_package_has_its_chapters_read_and_its_attachment_blanked(tmp_path: Path) -> None:
    outline = chapters(tmp_path, "Khởi động", f"Cô {AUTHOR} hướng dẫn")
    cover = ffmpeg(tmp_path / "bia.jpg", "-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1")
    video = ffmpeg(
        tmp_path / "tiet-hoc.mkv",
        *pattern(),
        *("-i", outline, "-map", "0", "-map", "1", "-map_chapters", "2"),
        *("-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus"),
        *video_tags(),
        *("-attach", cover, "-metadata:s:t", "mimetype=image/jpeg", "-metadata:s:t", f"filename=ảnh {AUTHOR}.jpg"),
    )
    package = tmp_path / "goi.zip"
    with zipfile.ZipFile(package, "w") as zf:
        zf.writestr("index.html", "<!doctype html><video src='media/tiet-hoc.mkv'></video>")
        zf.write(video, "media/tiet-hoc.mkv")
    copy, sightings = judged(package, "zip")
    with zipfile.ZipFile(copy) as zf:
        cleaned = zf.extract("media/tiet-hoc.mkv", tmp_path / "copy")
    assert not named(str(probe(Path(cleaned))["format"])) and not named(str(probe(Path(cleaned))["streams"]))
    assert f"ảnh {AUTHOR}" not in tags(Path(cleaned))
    assert sightings == [("media/tiet-hoc.mkv", (AUTHOR,))]


def test_a_movies_compressor_name_is_blanked(tmp_path: Path) -> None:
    """A visual sample entry names its compressor in 32 bytes of free text, which ffmpeg fills from the video
    stream's encoder tag (kept from the source when remuxing) and ExifTool shows as CompressorName."""
    for name in ("tiet-hoc.mp4", "tiet-hoc.mov"):
        video = ffmpeg(
            tmp_path / name,
            *pattern(),
            *("-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac"),
            *("-metadata:s:v", "encoder=Cô Bích Ngọc dựng"),
        )
        assert "Bích Ngọc" in tags(video)
        copy, _ = judged(video, "mp4")
        assert "Bích Ngọc" not in tags(copy)
        assert probe(copy)["streams"][0]["codec_name"] == "h264"
        real_tools.run("ffmpeg", "-v", "error", "-i", copy, "-f", "null", "-")
