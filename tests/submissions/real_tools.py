"""Files made at test time by the tools that teachers' files really come from: ffmpeg (videos, sound, pictures),
ExifTool (the tags cameras, phones and editors write), LibreOffice (documents, presentations, their PDFs), Info-ZIP
and 7-Zip (packages); and ExifTool and ffprobe to read what a judge's copy still says, as a curious judge would.

A test that needs a tool fails, naming the Debian package, when it is not installed: ``.ci/run`` installs them all.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

from .blind_helpers import AUTHOR, SCHOOL

PACKAGES = {
    "ffmpeg": "ffmpeg",
    "ffprobe": "ffmpeg",
    "exiftool": "libimage-exiftool-perl",  # and libarchive-zip-perl, to read Office files
    "soffice": "libreoffice-writer-nogui",
    "zip": "zip",
    "7z": "p7zip-full",
    "heif-enc": "libheif-examples",
    "heif-convert": "libheif-examples",
}
"""Each tool the tests run, and the Debian package that brings it (installed by ``.ci/run``)."""


def run(tool: str, *args: str | Path, cwd: Path | None = None) -> str:
    """Run ``tool`` with ``args`` (failing the test when it is missing or fails); its standard output."""
    found = shutil.which(tool)
    assert found is not None, f"{tool} is not installed: apt-get install {PACKAGES[tool]} (.ci/run installs it)"
    done = subprocess.run([found, *map(str, args)], cwd=cwd, capture_output=True, timeout=120)
    assert done.returncode == 0, f"{tool} failed: {done.stderr[-2000:]!r}"
    return done.stdout.decode("utf-8", errors="replace")  # binary tags are shown as they are


def tags(path: Path) -> str:
    """Everything ExifTool reads in ``path`` (every group, embedded documents too), one ``[group] tag: value`` a
    line: what a judge who looks at the file's properties could see."""
    return run("exiftool", "-a", "-G1", "-ee", "-u", "-s", "-charset", "utf8", path)


def probe(path: Path) -> dict[str, Any]:
    """ffprobe's view of the video or sound ``path``: its format, streams and chapters with their tags."""
    shown = run("ffprobe", "-v", "error", "-show_format", "-show_streams", "-show_chapters", "-of", "json", path)
    parsed: dict[str, Any] = json.loads(shown)
    return parsed


def video_tags() -> list[str]:
    """ffmpeg options that tag a video as editors do: its title, artist, comment, copyright, the place filmed."""
    return [
        *("-metadata", f"title=Bài giảng của {AUTHOR}"),
        *("-metadata", f"artist={AUTHOR}"),
        *("-metadata", f"comment=Giáo viên {AUTHOR}, {SCHOOL}"),
        *("-metadata", f"copyright=(c) {AUTHOR}"),
        *("-metadata", "location=+21.0285+105.8542/"),
        *("-metadata:s:v", f"handler_name=Video của {AUTHOR}"),
        *("-metadata:s:a", f"handler_name=Âm thanh của {AUTHOR}"),
    ]


def pattern(seconds: int = 2) -> list[str]:
    """ffmpeg inputs: a test picture and a tone of ``seconds``, the first two streams."""
    return [
        *("-f", "lavfi", "-i", f"testsrc=size=160x120:rate=10:duration={seconds}"),
        *("-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"),
    ]


def chapters(folder: Path, *titles: str) -> Path:
    """An ffmpeg metadata file listing chapters of one second each, named ``titles``."""
    lines = [";FFMETADATA1"]
    for n, title in enumerate(titles):
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={n * 1000}", f"END={(n + 1) * 1000}", f"title={title}"]
    path = folder / "chapters.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def ffmpeg(target: Path, *args: str | Path) -> Path:
    """Run ffmpeg quietly, writing ``target``."""
    run("ffmpeg", "-y", "-v", "error", *args, target)
    return target
